"""Plan a slot, and plan it again keeping the routes under way."""

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.core.errors import Conflict, ValidationFailed
from jangbogi.delivery import planning
from jangbogi.delivery.models import (
    PlanStatus,
    Rider,
    Route,
    RoutePlan,
    RouteStatus,
    Stop,
    StopStatus,
)
from jangbogi.delivery.services.inputs import (
    Bundle,
    at_seconds,
    bundles_for,
    clock,
    new_code,
    plan_seconds,
    planned_riders,
    planner_request,
)
from jangbogi.integrations.routing import get_distances
from jangbogi.markets.models import Market
from jangbogi.orders.models import Order, OrderStatus

log = logging.getLogger("jangbogi.delivery")

# Bundles at the center (packed) or dispatched to a route that has not left yet.
PLANNABLE = (OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY)


def _slot_orders(plan: RoutePlan):
    return Order.objects.filter(market_id=plan.market_id, slot_date=plan.date, slot_start=plan.slot_start,
                                slot_end=plan.slot_end)


def plan_slot(*, market: Market, date: dt.date, slot_start: dt.time, slot_end: dt.time, actor=None,
              seconds: float | None = None) -> RoutePlan:
    """Plan (or plan again) the routes of one slot from its packed bundles and the market's
    active riders.  Routes already started are kept (see `replan`)."""
    if date < btime.today():
        raise ValidationFailed("지난 날짜의 경로는 짤 수 없어요.", code="plan_in_past")
    try:
        with transaction.atomic():
            plan, _ = RoutePlan.objects.get_or_create(
                market=market, date=date, slot_start=slot_start, slot_end=slot_end,
                defaults={"created_by": actor if actor is not None and actor.is_authenticated else None})
    except IntegrityError:  # two first plans at once: use the other one's row
        plan = RoutePlan.objects.get(market=market, date=date, slot_start=slot_start, slot_end=slot_end)
    return replan(plan=plan, actor=actor, seconds=seconds)


def _kept(plan: RoutePlan) -> list[Route]:
    """Routes a re-plan must not touch: started (locked) or finished."""
    return [r for r in plan.routes.all() if r.locked or r.status != RouteStatus.ASSIGNED]


def replan(*, plan: RoutePlan, actor=None, drop_riders: Iterable[Rider] = (), seconds: float | None = None
           ) -> RoutePlan:
    """Plan the slot again, keeping started and finished routes (and their riders) exactly:
    every other route is dropped and its bundles, with the slot's packed bundles (late ones,
    and those back from a failed attempt), go to the free active riders.  `drop_riders` (a
    rider who dropped out) are left out of this plan from now on, re-plans included."""
    plan = RoutePlan.objects.select_related("market", "market__center").get(pk=plan.pk)
    kept = _kept(plan)
    new_drops = {r.pk for r in drop_riders}
    if any(r.rider_id in new_drops for r in kept):
        raise Conflict("이미 출발한 기사님은 뺄 수 없어요. 남은 꾸러미는 '전달 못 함'으로 센터에 돌려 주세요.",
                       code="rider_under_way")
    dropped = new_drops | set(plan.dropped.values_list("pk", flat=True))
    free = [r for r in plan.routes.all() if r not in kept]
    under_way = Stop.objects.filter(route__in=kept, status=StopStatus.PENDING).values("order_id")
    bundles = bundles_for(plan, _slot_orders(plan).filter(status__in=PLANNABLE).exclude(pk__in=under_way))
    riders = planned_riders(plan, {r.rider_id for r in kept} | dropped)
    result = None
    if bundles:
        request = planner_request(plan, bundles, riders, seconds=seconds or plan_seconds())
        result = planning.plan_routes(request, get_distances())
    return _store_plan(plan, free=free, kept=kept, bundles=bundles, riders=riders, result=result, actor=actor,
                       drops=new_drops)


@transaction.atomic
def _store_plan(plan: RoutePlan, *, free: list[Route], kept: list[Route], bundles: list[Bundle],
                riders: list[Rider], result: planning.Plan | None, actor, drops: set[int]) -> RoutePlan:
    plan = RoutePlan.objects.select_for_update().get(pk=plan.pk)
    current = {(r.pk, r.status, r.locked) for r in plan.routes.all()}
    if current != {(r.pk, r.status, r.locked) for r in free + kept}:
        raise Conflict("그사이 기사님이 출발했거나 다른 직원이 경로를 바꿨어요. 다시 짜 주세요.", code="plan_changed")
    codes = dict(Stop.objects.filter(route__in=free, status=StopStatus.PENDING).values_list("order_id", "handover_code"))
    Stop.objects.filter(route__in=free).delete()
    Route.objects.filter(pk__in=[r.pk for r in free]).delete()
    by_order = {b.order.pk: b for b in bundles}
    by_rider = {r.pk: r for r in riders}
    made = 0
    for planned in (result.routes if result else []):
        if not planned.stop_ids:
            continue
        route = Route.objects.create(
            plan=plan, rider=by_rider[planned.vehicle_id], distance_m=planned.distance_m,
            leave_at=at_seconds(plan.date, planned.start_s), back_at=at_seconds(plan.date, planned.end_s))
        Stop.objects.bulk_create([
            _new_stop(route, by_order[oid], seq, arrival, codes.get(oid))
            for seq, (oid, arrival) in enumerate(zip(planned.stop_ids, planned.arrival_s, strict=True), start=1)
        ])
        made += 1
    plan.dropped.add(*drops)
    plan.reasons = "\n".join(result.reasons if result else [])
    plan.planned_at = timezone.now()
    if made:
        plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["reasons", "planned_at", "status"])
    log.info("plan %s: %d bundles, %d routes, %d unassigned", plan.pk, len(bundles), made,
             len(result.unassigned) if result else 0)
    return plan


def _new_stop(route: Route, bundle: Bundle, sequence: int, arrival_s: int, code: str | None) -> Stop:
    return Stop(route=route, order=bundle.order, sequence=sequence, eta=at_seconds(route.plan.date, arrival_s),
                bags=bundle.bags, kg=bundle.kg, window_start=clock(bundle.window[0]),
                window_end=clock(bundle.window[1]), handover_code=code or new_code())
