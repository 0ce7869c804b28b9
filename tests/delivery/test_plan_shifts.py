"""Planning with the day's rider shifts: only riders on shift are used, each leaves no earlier
than their shift start and is back by its end, and carries at most the shift's vehicle load
(not the rider's usual one).  Without shifts, every active rider with their usual hours."""

import datetime as dt

from jangbogi.core import time as btime
from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import Route, Stop
from jangbogi.markets.models import RiderShift
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, packed_many, rider

DAY = MORNING.date()
T = dt.time


def at(t: dt.time) -> dt.datetime:
    return btime.at(DAY, t)


def plan(market):
    return delivery.plan_slot(market=market, date=DAY, slot_start=SLOT[0], slot_end=SLOT[1], seconds=0.5)


def on_shift(r, start, end, bags, kg=40):
    return RiderShift.objects.create(market=r.market, user=r.user, date=DAY, start=start, end=end,
                                     capacity_bags=bags, capacity_kg=kg)


def test_only_riders_on_shift_with_the_shift_window_and_load(market, day):
    orders = packed_many(market, 8, seed=3)
    a = rider(market, "가기사", username="ra", bags=20, phone="010-7000-0001")
    b = rider(market, "나기사", username="rb", bags=20, phone="010-7000-0002")
    off = rider(market, "쉬는기사", username="rc", bags=20, phone="010-7000-0003")
    shifts = {a.pk: on_shift(a, T(16, 30), T(19, 30), bags=4), b.pk: on_shift(b, T(15), T(19, 15), bags=5)}

    made = plan(market)

    routes = list(Route.objects.filter(plan=made).select_related("rider"))
    assert {r.rider_id for r in routes} <= set(shifts) and off.pk not in {r.rider_id for r in routes}
    stops = list(Stop.objects.filter(route__plan=made))
    assert sorted(s.order_id for s in stops) == sorted(o.pk for o in orders)  # 4 + 5 bags carry all 8
    for route in routes:
        shift = shifts[route.rider_id]
        mine = [s for s in stops if s.route_id == route.pk]
        assert sum(s.bags for s in mine) <= shift.capacity_bags  # the shift's load, not the rider's 20
        assert at(shift.start) <= route.leave_at and route.back_at <= at(shift.end)
        assert all(at(s.window_start) <= s.eta <= at(s.window_end) for s in mine)


def test_a_shift_too_small_leaves_bundles_waiting_with_a_reason(market, day):
    packed_many(market, 5, seed=4)
    a = rider(market, "가기사", username="ra", bags=20)
    on_shift(a, T(15), T(20), bags=2)

    made = plan(market)

    assert Stop.objects.filter(route__plan=made).count() == 2
    assert "the riders carry 2 bags in all; the stops need 5 bags" in made.reasons


def test_without_shifts_every_active_rider_with_usual_hours(market, day):
    packed_many(market, 4, seed=5)
    a = rider(market, "가기사", username="ra", bags=2)
    b = rider(market, "나기사", username="rb", bags=2, phone="010-7000-0002")

    made = plan(market)

    assert {r.rider_id for r in Route.objects.filter(plan=made)} == {a.pk, b.pk}
    assert Stop.objects.filter(route__plan=made).count() == 4
