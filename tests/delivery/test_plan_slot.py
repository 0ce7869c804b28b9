"""plan_slot on ten generated bundles (no benchmark data): every bundle gets exactly one stop,
in its window (the slot, or the customer's "17시 이후"), riders within their bags, kg and
shift; when riders are short the rest wait, with the planner's reasons kept."""

import datetime as dt

from jangbogi.core import time as btime
from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import PlanStatus, Route, Stop, StopStatus
from jangbogi.orders.models import Order, OrderStatus
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, around, packed, rider
from tests.factories import StoreFactory

DAY = MORNING.date()


def at(t: dt.time) -> dt.datetime:
    return btime.at(DAY, t)


def ten_bundles(market) -> list[Order]:
    store = StoreFactory(market=market)
    notes = {2: "17시 이후에 와 주세요", 5: "after 18:00", 7: "문 앞에 두세요"}
    return [packed(market, key=f"t{i}", lat=lat, lng=lng, store=store, note=notes.get(i, ""),
                   phone=f"010-5550-{3000 + i:04d}")
            for i, (lat, lng) in enumerate(around(market, 10, seed=7, radius_m=2500))]


def plan(market):
    return delivery.plan_slot(market=market, date=DAY, slot_start=SLOT[0], slot_end=SLOT[1], seconds=0.5)


def test_ten_bundles_three_small_riders_every_constraint_holds(market, day):
    orders = ten_bundles(market)
    for k in range(3):
        rider(market, f"기사{k}", username=f"r{k}", bags=4, kg=20, phone=f"010-7000-00{k:02d}")

    made = plan(market)

    assert made.status == PlanStatus.DRAFT
    stops = list(Stop.objects.select_related("route__rider", "order"))
    assert sorted(s.order_id for s in stops) == sorted(o.pk for o in orders)  # each exactly once
    assert {s.status for s in stops} == {StopStatus.PENDING}
    routes = list(Route.objects.filter(plan=made))
    assert len(routes) == 3  # 10 bags do not fit on two riders of 4
    for route in routes:
        mine = sorted((s for s in stops if s.route_id == route.pk), key=lambda s: s.sequence)
        assert [s.sequence for s in mine] == list(range(1, len(mine) + 1))
        assert sum(s.bags for s in mine) <= route.rider.capacity_bags
        assert sum(s.kg for s in mine) <= route.rider.capacity_kg
        assert at(route.rider.shift_start) <= route.leave_at < route.back_at <= at(route.rider.shift_end)
        assert [s.eta for s in mine] == sorted(s.eta for s in mine)
        assert route.distance_m > 0
    for s in stops:
        assert at(s.window_start) <= s.eta <= at(s.window_end), s.order.delivery_note
    by_note = {s.order.delivery_note: (s.window_start, s.window_end) for s in stops}
    assert by_note["17시 이후에 와 주세요"] == (dt.time(17, 0), dt.time(19, 0))
    assert by_note["after 18:00"] == (dt.time(18, 0), dt.time(19, 0))
    assert by_note["문 앞에 두세요"] == SLOT
    assert all(len(s.handover_code) == 4 and s.handover_code.isdigit() and s.masked_phone == "" for s in stops)
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.PACKED}  # not dispatched yet
    assert made.reasons == ""


def test_too_few_riders_leave_bundles_waiting_with_reasons(market, day):
    ten_bundles(market)
    rider(market, "혼자", bags=4, kg=40)

    made = plan(market)

    assert Stop.objects.count() == 4
    assert Route.objects.filter(plan=made).count() == 1
    assert "the riders carry 4 bags in all; the stops need 10 bags" in made.reasons


def test_no_rider_at_all_plans_nothing(market, day):
    ten_bundles(market)

    made = plan(market)

    assert Stop.objects.count() == 0 and not made.routes.exists()
    assert "no rider is free" in made.reasons


def test_planning_again_before_dispatch_replaces_the_draft(market, day):
    ten_bundles(market)
    rider(market, "김배달", bags=12, kg=80)
    first = plan(market)
    old_stops = set(Stop.objects.values_list("pk", flat=True))

    again = plan(market)

    assert again.pk == first.pk  # one plan per slot
    assert Stop.objects.count() == 10
    assert not old_stops & set(Stop.objects.values_list("pk", flat=True))
