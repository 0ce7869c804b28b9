"""What planning reads: a slot's bundles (window, bags, kg, when packed) and its riders, as the
planner's request; and the small time helpers the services share."""

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from jangbogi.core import time as btime
from jangbogi.delivery import demand, planning
from jangbogi.delivery.models import Rider, RoutePlan
from jangbogi.markets.models import Market, RiderShift
from jangbogi.orders.models import MerchantOrder, Order, OrderEvent, OrderLine, OrderStatus

DEFAULT_SERVICE_SECONDS = 180
DEFAULT_PLAN_SECONDS = 2.0


def service_seconds() -> int:
    """Time at each door (parking, stairs, handing over)."""
    return int(getattr(settings, "JANGBOGI_STOP_SERVICE_SECONDS", DEFAULT_SERVICE_SECONDS))


def plan_seconds() -> float:
    """Wall-clock budget of one planner call from the center's button."""
    return float(getattr(settings, "JANGBOGI_PLAN_SECONDS", DEFAULT_PLAN_SECONDS))


def seconds_of(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def at_seconds(date: dt.date, seconds: int) -> dt.datetime:
    return btime.at(date, dt.time(0)) + dt.timedelta(seconds=int(seconds))


def clock(seconds: int) -> dt.time:
    seconds = max(0, min(int(seconds), 86_399))
    return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)


def new_code() -> str:
    return f"{secrets.randbelow(10_000):04d}"


@dataclass(frozen=True)
class Bundle:
    order: Order
    bags: int
    kg: float
    window: tuple[int, int]
    ready_s: int


def depot(market: Market) -> tuple[float, float]:
    center = getattr(market, "center", None)
    return (center.lat, center.lng) if center else (market.lat, market.lng)


def bundles_for(plan: RoutePlan, order_qs) -> list[Bundle]:
    live_lines = OrderLine.objects.filter(merchant_order__status="received").only(
        "temperature", "picked_quantity", "quantity", "actual_grams", "estimated_grams", "unit_label",
        "merchant_order_id")
    found = list(order_qs.prefetch_related(
        Prefetch("merchant_orders", queryset=MerchantOrder.objects.prefetch_related(
            Prefetch("lines", queryset=live_lines)).order_by("pk"))).order_by("pk"))
    packed_at = dict(OrderEvent.objects.filter(order__in=found, to_status=OrderStatus.PACKED)
                     .order_by("created_at", "pk").values_list("order_id", "created_at"))
    day_start = at_seconds(plan.date, 0)
    slot = (seconds_of(plan.slot_start), seconds_of(plan.slot_end))
    out = []
    for order in found:
        lines = [ln for part in order.merchant_orders.all() for ln in part.lines.all()]
        ready = packed_at.get(order.pk)
        ready_s = int((ready - day_start).total_seconds()) if ready else 0
        out.append(Bundle(order, demand.bundle_bags(lines), demand.bundle_kg(lines),
                          demand.note_window(order.delivery_note, *slot), max(0, min(ready_s, slot[1]))))
    return out


def day_shifts(market_id: int, date: dt.date) -> dict[int, RiderShift]:
    """The riders' shifts on `date`, by rider login (user id); {} = the day has none."""
    return {s.user_id: s for s in RiderShift.objects.filter(market_id=market_id, date=date)}


def planned_riders(plan: RoutePlan, exclude: set[int]) -> list[Rider]:
    """The riders a plan may use: on a day with shifts, the active riders who have one (with
    that shift's hours and load); otherwise every active rider with their usual hours."""
    riders = list(Rider.objects.filter(market_id=plan.market_id, is_active=True).exclude(pk__in=exclude)
                  .order_by("name", "pk"))
    shifts = day_shifts(plan.market_id, plan.date)
    if not shifts:
        return riders
    return [with_shift(r, shifts[r.user_id]) for r in riders if r.user_id in shifts]


def with_shift(rider: Rider, shift: RiderShift | None) -> Rider:
    """The rider (in memory only) with the day's shift hours and vehicle load."""
    if shift is not None:
        rider.shift_start, rider.shift_end = shift.start, shift.end
        rider.capacity_bags, rider.capacity_kg = shift.capacity_bags, shift.capacity_kg
    return rider


def _vehicle(rider: Rider, now_s: int | None) -> planning.Vehicle:
    """The rider as the planner sees them: the shift window and the vehicle load (the day's
    shift when `planned_riders` applied one)."""
    start = seconds_of(rider.shift_start)
    if now_s is not None:
        start = max(start, now_s)
    return planning.Vehicle(id=rider.pk, capacity_bags=rider.capacity_bags, capacity_kg=float(rider.capacity_kg),
                            shift_start_s=start, shift_end_s=max(start, seconds_of(rider.shift_end)))


def _stop(bundle: Bundle) -> planning.Stop:
    order = bundle.order
    return planning.Stop(id=order.pk, lat=order.lat, lng=order.lng, window_start_s=bundle.window[0],
                         window_end_s=bundle.window[1], service_s=service_seconds(), demand_bags=bundle.bags,
                         demand_kg=bundle.kg, ready_s=bundle.ready_s)


def _now_s(plan: RoutePlan) -> int | None:
    """Seconds of the plan's day now, when planning for today (nobody leaves in the past)."""
    now = btime.now()
    return seconds_of(now.time()) if now.date() == plan.date else None


def planner_request(plan: RoutePlan, bundles: Sequence[Bundle], riders: Sequence[Rider], *, seconds: float,
             locked: dict | None = None) -> planning.PlanRequest:
    lat, lng = depot(plan.market)
    now_s = _now_s(plan)
    return planning.PlanRequest(
        depot_lat=lat, depot_lng=lng, stops=[_stop(b) for b in bundles],
        vehicles=[_vehicle(r, now_s) for r in riders], locked=locked or {}, seconds=seconds,
        allow_unassigned=True,
    )
