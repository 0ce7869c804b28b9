"""The center's reads: the board (counts, stages, urgency), slots, bag progress, packing view."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core import time as btime
from jangbogi.delivery import selectors as center
from jangbogi.orders import fulfilment
from jangbogi.orders import selectors as orders
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, Order
from tests.conftest import MORNING
from tests.factories import MarketFactory
from tests.web.center.builders import place_paid, ready_all, receive_all

DAY = MORNING.date()


def at(hour: int, minute: int = 0) -> dt.datetime:
    return btime.at(DAY, dt.time(hour, minute))


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def half_in(clock, paid_order, market):
    """The paid order with 상수네 채소's bag in and 바다 수산's bag ready."""
    bags = {p.store.name: p for p in ready_all(paid_order)}
    fulfilment.receive_bag(code=bags["상수네 채소"].bag_code, market=market)
    return paid_order


def test_board_counts_and_stages(half_in, market, two_stores):
    done = place_paid(market, two_stores, key="done")
    receive_all(done, market)
    fulfilment.mark_packed(order=done)
    board = center.center_board(market=market, slot_date=DAY, now=at(11))
    assert [(r.order, r.stage, r.received, r.live) for r in board.rows] == [
        (half_in, "waiting", 1, 2), (done, "packed", 2, 2)]
    assert (board.counts.orders, board.counts.bags_received, board.counts.bags_total, board.counts.packed) == (
        2, 3, 4, 1)
    assert board.counts.by_stage == {"waiting": 1, "to_pack": 0, "packed": 1, "canceled": 0}


def test_board_filter_keeps_day_counts(half_in, market):
    board = center.center_board(market=market, slot_date=DAY, show="to_pack", now=at(11))
    assert board.rows == [] and board.counts.orders == 1


@pytest.mark.parametrize(("now", "urgent"), [(at(14, 59), False), (at(15, 0), True), (at(17), True)])
def test_urgent_from_warning_window(half_in, market, now, urgent):
    board = center.center_board(market=market, slot_date=DAY, now=now)
    assert [(b.part.store.name, b.urgent) for b in board.rows[0].bags] == [
        ("바다 수산", urgent), ("상수네 채소", False)]
    assert [m.store.name for m in board.missing] == (["바다 수산"] if urgent else [])


def test_canceled_orders_are_never_urgent(clock, paid_order, market):
    ordering.cancel_order(order=paid_order)
    board = center.center_board(market=market, slot_date=DAY, now=at(18))
    assert board.missing == [] and [b.urgent for b in board.rows[0].bags] == [False, False]


def test_warning_minutes_setting(settings):
    assert center.warning_minutes() == 60
    settings.JANGBOGI_DISPATCH_WARNING_MINUTES = 90
    assert center.warning_minutes() == 90


def test_board_is_scoped_to_the_market(half_in, market):
    assert center.center_board(market=MarketFactory(), slot_date=DAY, now=at(15)).rows == []


def test_day_slots_include_the_market_default(half_in, market):
    assert center.day_slots(market=market, slot_date=DAY) == [(dt.time(16), dt.time(19))]
    Order.objects.filter(pk=half_in.pk).update(slot_start=dt.time(17), slot_end=dt.time(20))
    assert center.day_slots(market=market, slot_date=DAY) == [(dt.time(16), dt.time(19)),
                                                              (dt.time(17), dt.time(20))]
    assert center.center_board(market=market, slot_date=DAY, slot_start=dt.time(16), now=at(11)).rows == []


def test_bag_progress(half_in):
    assert center.bag_progress(half_in) == (1, 2, ["바다 수산"])


def test_packing_groups_and_chosen_temperatures(half_in, market):
    fish = MerchantOrder.objects.get(order=half_in, store__name="바다 수산")
    fulfilment.receive_bag(code=fish.bag_code, market=market)
    order = orders.order_for_market(market=market, number=half_in.number)
    packing = center.packing_for(order)
    assert (packing.can_pack, packing.received, packing.live, packing.blocked_reason) == (True, 2, 2, "")
    assert [(g.temperature, [pl.line.product_name for pl in g.lines]) for g in packing.groups] == [
        ("ambient", ["애호박"]), ("chilled", ["고등어"])]
    mackerel = packing.groups[1].lines[0].line
    chosen = center.packing_for(order, temperatures={mackerel.pk: "frozen"})
    assert [(g.label, [pl.temperature for pl in g.lines]) for g in chosen.groups] == [
        ("상온", ["ambient"]), ("냉동", ["frozen"])]
    # An unknown value keeps the line where it was.
    assert [g.temperature for g in center.packing_for(order, temperatures={mackerel.pk: "hot"}).groups] == [
        "ambient", "chilled"]


def test_packing_blocked_reasons(half_in, market):
    order = orders.order_for_market(market=market, number=half_in.number)
    packing = center.packing_for(order)
    assert (packing.can_pack, packing.blocked_reason) == (False, "가방 2개 중 1개 도착")
    assert [g.temperature for g in packing.groups] == ["ambient"]  # only the bag that arrived
