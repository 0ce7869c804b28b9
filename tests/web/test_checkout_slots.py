"""주문하기 with delivery slots: large radio buttons for the next open days with the places left,
full ones disabled ("마감"); the chosen slot is promised; a slot that fills up meanwhile brings
the page back with the next slot checked."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core import time as btime
from jangbogi.markets.models import MarketCalendar, SlotBooking
from jangbogi.orders.models import Order
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory
from tests.web.conftest import add, checkout_form, set_address

T = dt.time
TODAY = MORNING.date()   # Thursday 2026-11-26


@pytest.fixture
def two_slots(market):
    """14:00–16:00 (orders until 11:00, 3 places) and 18:00–20:00 (until 15:00, 20 places)."""
    early = DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=1,
                                    bundles_per_rider=3, packing_capacity=10)
    late = DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15))
    return early, late


def radios(response) -> list[tuple[str, bool]]:
    """(value, disabled) of each slot radio, in page order."""
    return [(value, slot.is_full) for value, slot in response.context["slot_options"]]


def test_slots_of_three_days_with_places_left(filled_cart, market, two_slots):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=1)
    response = filled_cart.get(f"/m/{market.slug}/checkout")
    html = response.content.decode()
    assert radios(response) == [
        ("2026-11-26T14:00", False), ("2026-11-26T18:00", False),
        ("2026-11-27T14:00", False), ("2026-11-27T18:00", False),
        ("2026-11-28T14:00", False), ("2026-11-28T18:00", False),
    ]
    assert response.context["selected_slot"] == "2026-11-26T14:00"
    assert 'name="slot" id="slot-1" value="2026-11-26T14:00" checked>' in html
    assert "오늘 11월 26일(목) 14:00–16:00" in html and "내일 11월 27일(금) 18:00–20:00" in html
    assert "11:00까지 주문 · <span class=\"slot-left\">2자리 남음</span>" in html
    assert "15:00까지 주문 · <span class=\"slot-left\">20자리 남음</span>" in html


def test_a_full_slot_is_shown_disabled_and_the_next_one_checked(filled_cart, market, two_slots):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=3)
    response = filled_cart.get(f"/m/{market.slug}/checkout")
    html = response.content.decode()
    assert radios(response)[:2] == [("2026-11-26T14:00", True), ("2026-11-26T18:00", False)]
    assert 'value="2026-11-26T14:00" disabled>' in html
    assert '<span class="slot-left full">마감</span> · 자리가 다 찼어요' in html
    assert 'value="2026-11-26T18:00" checked>' in html


def test_a_market_without_rules_shows_its_one_daily_slot_without_counts(filled_cart, market):
    response = filled_cart.get(f"/m/{market.slug}/checkout")
    assert [v for v, _ in radios(response)] == ["2026-11-26T16:00", "2026-11-27T16:00", "2026-11-28T16:00"]
    assert "자리 남음" not in response.content.decode()


def test_the_chosen_slot_is_promised(filled_cart, market, two_slots):
    _, late = two_slots
    data = {**checkout_form(filled_cart, market), "slot": "2026-11-27T18:00"}
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.number}/"
    assert (order.slot_date, order.slot_start, order.slot_end, order.slot_rule_id) == (
        dt.date(2026, 11, 27), T(18), T(20), late.pk)
    assert SlotBooking.objects.get(rule=late, date=dt.date(2026, 11, 27)).booked == 1


def test_a_slot_that_filled_up_meanwhile_offers_the_next_one(filled_cart, market, shop, two_slots):
    early, _ = two_slots
    data = {**checkout_form(filled_cart, market), "slot": "2026-11-26T14:00"}
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=3)   # others were faster
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert ("오늘 11월 26일(목) 14:00–16:00 배송은 자리가 모두 찼습니다. "
            "오늘 11월 26일(목) 18:00–20:00 배송으로 주문할 수 있어요.") in html
    assert response.context["selected_slot"] == "2026-11-26T18:00"
    assert 'value="2026-11-26T18:00" checked>' in html
    assert 'value="김순자"' in html   # what was typed is kept
    assert Order.objects.count() == 0
    assert Product.objects.get(pk=shop.zucchini.pk).stock == 10

    filled_cart.post(f"/m/{market.slug}/checkout", {**data, "slot": response.context["selected_slot"]})
    assert Order.objects.get().slot_start == T(18)


def test_after_the_cutoff_the_later_slot_of_today_is_offered(filled_cart, market, two_slots, morning):
    data = {**checkout_form(filled_cart, market), "slot": "2026-11-26T14:00"}
    morning.shift(3600)     # 11:00: 14:00's orders are closed
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    assert "선택한 배송 시간의 주문이 마감되었습니다. 오늘 11월 26일(목) 18:00–20:00 배송으로 주문할 수 있어요." in (
        response.content.decode())
    assert response.context["selected_slot"] == "2026-11-26T18:00"
    assert Order.objects.count() == 0


def test_an_unreadable_slot_is_refused_in_korean(filled_cart, market):
    data = {**checkout_form(filled_cart, market), "slot": "오늘 오후"}
    html = filled_cart.post(f"/m/{market.slug}/checkout", data).content.decode()
    assert "배달 시간을 다시 골라 주세요." in html
    assert Order.objects.count() == 0


def test_on_chuseok_the_first_offered_day_is_after_the_holidays(client, market, shop, time_machine):
    time_machine.move_to(btime.at(dt.date(2026, 9, 25), T(10)), tick=False)   # 추석; the 26th is closed too
    set_address(client)
    add(client, market, shop.zucchini)
    response = client.get(f"/m/{market.slug}/checkout")
    assert [v for v, _ in radios(response)] == ["2026-09-27T16:00", "2026-09-28T16:00", "2026-09-29T16:00"]
    assert response.context["form"]["slot_date"].value() == dt.date(2026, 9, 27)


def test_nothing_to_offer_says_so(filled_cart, market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="0123456")
    response = filled_cart.get(f"/m/{market.slug}/checkout")
    assert response.context["slot_options"] == []
    assert "가까운 날에는 배달할 수 있는 시간이 없어요." in response.content.decode()
