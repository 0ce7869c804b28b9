"""ETAs from the rider's real progress: when a stop is delivered or failed, the route's
remaining stops are re-estimated from that moment and that door, with the planner's travel
model (the distance port's durations, the same service time at each door, never before a
stop's window opens).  The customer's order page polls and shows the new ETA."""

import datetime as dt

from django.db import transaction

from jangbogi.core import time as btime
from jangbogi.delivery.models import Route, Stop, StopStatus
from jangbogi.delivery.services.inputs import at_seconds, depot, seconds_of, service_seconds
from jangbogi.integrations.routing import get_distances


def remaining_etas(*, here: tuple[float, float], now_s: int, stops: list[Stop], service_s: int,
                   depot: tuple[float, float]) -> tuple[list[int], int]:
    """Arrival seconds (of the day) at each of `stops` in order, leaving `here` at `now_s`, and
    the time back at `depot` after the last one: one distance matrix for the whole rest."""
    points = [here] + [(s.order.lat, s.order.lng) for s in stops] + [depot]
    _, duration = get_distances().matrix(points)
    t, prev, out = now_s, 0, []
    for i, stop in enumerate(stops, start=1):
        t = max(t + int(duration[prev, i]), seconds_of(stop.window_start))
        out.append(t)
        t, prev = t + service_s, i
    return out, t + int(duration[prev, len(points) - 1])


def reestimate_after(*, stop: Stop, at: dt.datetime | None = None) -> int:
    """New ETAs for the pending stops after `stop` (just delivered or failed) on its route, from
    `at` (now) at `stop`'s door; the route's return time too.  Returns how many stops changed."""
    at = (at or btime.now()).astimezone(btime.SEOUL)
    route = Route.objects.select_related("plan__market__center").get(pk=stop.route_id)
    if route.plan.date != at.date():
        return 0
    rest = list(Stop.objects.select_related("order").filter(route=route, status=StopStatus.PENDING)
                .order_by("sequence", "pk"))
    etas, back_s = remaining_etas(here=(stop.order.lat, stop.order.lng), now_s=seconds_of(at.time()), stops=rest,
                                  service_s=service_seconds(), depot=depot(route.plan.market))
    changed = 0
    with transaction.atomic():
        for pending, arrival in zip(rest, etas, strict=True):
            new = at_seconds(route.plan.date, arrival)
            if pending.eta != new:
                changed += Stop.objects.filter(pk=pending.pk, status=StopStatus.PENDING).update(eta=new)
        Route.objects.filter(pk=route.pk).update(back_at=at_seconds(route.plan.date, back_s))
    return changed
