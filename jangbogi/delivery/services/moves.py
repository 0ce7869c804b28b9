"""The center gives a stop to another rider of the same plan."""

from django.db import transaction

from jangbogi.core.errors import Conflict, InvalidTransition, ValidationFailed
from jangbogi.delivery import planning
from jangbogi.delivery.models import PlanStatus, Route, RoutePlan, RouteStatus, Stop, StopStatus
from jangbogi.delivery.services.dispatching import dispatch_stop
from jangbogi.delivery.services.inputs import (
    at_seconds,
    bundles_for,
    day_shifts,
    depot,
    planner_request,
    with_shift,
)
from jangbogi.integrations.routing import get_distances
from jangbogi.orders.models import Order


def _movable(route: Route) -> bool:
    return route.status == RouteStatus.ASSIGNED and not route.locked


def _insertion_order(plan: RoutePlan, target: list[Order], moved: Order) -> list[Order]:
    """`target` with `moved` where it adds the least distance (depot → stops → depot)."""
    points = [depot(plan.market)] + [(o.lat, o.lng) for o in target] + [(moved.lat, moved.lng)]
    distance, _ = get_distances().matrix(points)
    new = len(points) - 1
    path = [0] + list(range(1, new)) + [0]
    best = min(range(len(path) - 1), key=lambda k: (
        distance[path[k], new] + distance[new, path[k + 1]] - distance[path[k], path[k + 1]], k))
    return target[:best] + [moved] + target[best:]


def _reschedule(plan: RoutePlan, sequences: dict[Route, list[Order]]) -> dict[Route, planning.Route]:
    """ETAs for fixed sequences: the planner's own simulation of locked routes (no solving)."""
    orders_ = [o for seq in sequences.values() for o in seq]
    bundles = {b.order.pk: b for b in bundles_for(plan, Order.objects.filter(pk__in=[o.pk for o in orders_]))}
    shifts = day_shifts(plan.market_id, plan.date)
    riders = [with_shift(r.rider, shifts.get(r.rider.user_id)) for r in sequences]
    request = planner_request(plan, [bundles[o.pk] for o in orders_], riders, seconds=1.0,
                              locked={r.rider_id: [o.pk for o in seq] for r, seq in sequences.items() if seq})
    simulated = {p.vehicle_id: p for p in planning.plan_routes(request, get_distances()).routes}
    return {route: simulated.get(route.rider_id) for route in sequences}


def move_stop(*, stop: Stop, to_route: Route, actor=None) -> Stop:
    """Give a stop to another rider of the same plan (neither route started).  It goes where
    it adds the least distance; both routes get new ETAs.  Into a dispatched route it is
    dispatched at once; out of one, the plan waits for 배차하기 again."""
    stop = Stop.objects.select_related("route__rider", "route__plan__market", "order").get(pk=stop.pk)
    source, plan = stop.route, stop.route.plan
    to_route = Route.objects.select_related("rider").get(pk=to_route.pk)
    if to_route.plan_id != plan.pk:
        raise ValidationFailed("같은 배송 시간의 기사님에게만 옮길 수 있어요.", code="other_plan")
    if to_route.pk == source.pk:
        raise ValidationFailed("이미 이 기사님의 경로에 있어요.", code="same_route")
    if stop.status != StopStatus.PENDING or not (_movable(source) and _movable(to_route)):
        raise InvalidTransition("이미 출발한 경로의 꾸러미는 옮길 수 없어요.", code="route_under_way")
    pending = lambda route: [s.order for s in route.stops.select_related("order")  # noqa: E731
                             .filter(status=StopStatus.PENDING).order_by("sequence", "pk")]
    keep = [o for o in pending(source) if o.pk != stop.order_id]
    sequences = {source: keep, to_route: _insertion_order(plan, pending(to_route), stop.order)}
    schedule = _reschedule(plan, sequences)
    with transaction.atomic():
        if Stop.objects.filter(pk=stop.pk, route=source, status=StopStatus.PENDING).update(route=to_route) != 1:
            raise Conflict("그사이 이 꾸러미가 바뀌었어요. 화면을 새로 고쳐 주세요.", code="stop_changed")
        for route, seq in sequences.items():
            _apply_schedule(route, seq, schedule[route])
        if to_route.is_dispatched:
            dispatch_stop(Stop.objects.select_related("order", "route__rider").get(pk=stop.pk), actor=actor)
        _refresh_plan_status(plan)
    stop.refresh_from_db()
    return stop


def _apply_schedule(route: Route, sequence: list[Order], simulated: planning.Route | None) -> None:
    if not sequence:
        if not route.stops.exists():
            route.delete()
        return
    date = route.plan.date
    for number, (order, arrival) in enumerate(zip(sequence, simulated.arrival_s, strict=True), start=1):
        Stop.objects.filter(route=route, order=order, status=StopStatus.PENDING).update(
            sequence=number, eta=at_seconds(date, arrival))
    Route.objects.filter(pk=route.pk).update(distance_m=simulated.distance_m,
                                             leave_at=at_seconds(date, simulated.start_s),
                                             back_at=at_seconds(date, simulated.end_s))


def _refresh_plan_status(plan: RoutePlan) -> None:
    waiting = Route.objects.filter(plan=plan, dispatched_at__isnull=True, stops__status=StopStatus.PENDING).exists()
    RoutePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT if waiting else PlanStatus.DISPATCHED)
