"""GET /markets/{id}/slots (what a customer may pick, with places left) and checkout with a
chosen `slot_start`; a full slot is 409 `slot_full` naming the next slot."""

import datetime as dt

import pytest
import time_machine

from jangbogi.catalog.models import Product
from jangbogi.markets.models import SlotBooking
from jangbogi.orders.models import Order
from jangbogi.payments.models import Payment
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory, MarketFactory

T = dt.time
TODAY = MORNING.date()   # Thursday 2026-11-26


@pytest.fixture
def two_slots(market):
    """14:00–16:00 (orders until 11:00, 2 places) and 18:00–20:00 (until 15:00, 20 places)."""
    early = DeliverySlotRuleFactory(market=market, start=T(14), end=T(16), order_cutoff=T(11), riders=1,
                                    bundles_per_rider=2, packing_capacity=10)
    late = DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15))
    return early, late


@time_machine.travel(MORNING, tick=False)
def test_slots_with_places_left(api, market, two_slots, django_assert_max_num_queries):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=1)
    with django_assert_max_num_queries(5):  # ... and the day's rider shifts
        response = api.get(f"/markets/{market.pk}/slots", days=1)
    assert response.status_code == 200
    assert response.json() == {
        "market": {"id": market.pk, "name": market.name},
        "count": 2,
        "items": [
            {"date": "2026-11-26", "start": "14:00", "end": "16:00", "order_cutoff": "2026-11-26T11:00:00+09:00",
             "label": "오늘 11월 26일(목) 14:00–16:00", "remaining": 1},
            {"date": "2026-11-26", "start": "18:00", "end": "20:00", "order_cutoff": "2026-11-26T15:00:00+09:00",
             "label": "오늘 11월 26일(목) 18:00–20:00", "remaining": 20},
        ],
    }


@time_machine.travel(MORNING, tick=False)
def test_full_slots_are_left_out_unless_asked_for(api, market, two_slots):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=2)
    default = api.get(f"/markets/{market.pk}/slots").json()
    assert [(i["date"], i["start"], i["remaining"]) for i in default["items"]] == [
        ("2026-11-26", "18:00", 20), ("2026-11-27", "14:00", 2), ("2026-11-27", "18:00", 20),
        ("2026-11-28", "14:00", 2), ("2026-11-28", "18:00", 20)]
    every = api.get(f"/markets/{market.pk}/slots", days=1, include_full="true").json()
    assert [(i["start"], i["remaining"]) for i in every["items"]] == [("14:00", 0), ("18:00", 20)]


@time_machine.travel(MORNING.replace(month=9, day=25), tick=False)
def test_a_market_without_rules_on_chuseok(api, market):
    body = api.get(f"/markets/{market.pk}/slots", days=2).json()
    assert [(i["date"], i["start"], i["end"], i["remaining"]) for i in body["items"]] == [
        ("2026-09-27", "16:00", "19:00", None), ("2026-09-28", "16:00", "19:00", None)]


def test_unknown_or_inactive_market_and_bad_days(api, db):
    closed = MarketFactory(is_active=False)
    assert api.get(f"/markets/{closed.pk}/slots").json()["code"] == "market_not_found"
    response = api.get(f"/markets/{MarketFactory().pk}/slots", days=8)
    assert response.status_code == 422
    assert response.json()["errors"] == {"days": "7 이하여야 합니다."}


# --- checkout with a chosen slot ----------------------------------------------------------------

def _checkout(api, market, cart, key, **body):
    return api.post(f"/carts/{cart.pk}/checkout", checkout_body(market, **body), headers=cart_headers(cart, key))


@time_machine.travel(MORNING, tick=False)
def test_checkout_with_a_chosen_slot(api, market, cart_two_stores, two_slots):
    _, late = two_slots
    response = _checkout(api, market, cart_two_stores, "k-late-slot", slot_date="2026-11-26", slot_start="18:00")
    assert response.status_code == 201
    assert response.json()["slot"] == {"date": "2026-11-26", "start": "18:00", "end": "20:00"}
    assert Order.objects.get().slot_rule_id == late.pk
    assert SlotBooking.objects.get(rule=late).booked == 1


@time_machine.travel(MORNING, tick=False)
def test_without_a_date_the_start_applies_to_the_next_open_day(api, market, cart_two_stores, two_slots):
    response = _checkout(api, market, cart_two_stores, "k-start-only", slot_start="18:00")
    assert response.json()["slot"] == {"date": "2026-11-26", "start": "18:00", "end": "20:00"}


@time_machine.travel(MORNING, tick=False)
def test_a_full_slot_is_409_with_the_next_one_and_nothing_changes(api, market, cart_two_stores, two_slots):
    early, _ = two_slots
    SlotBooking.objects.create(market=market, date=TODAY, rule=early, booked=2)
    response = _checkout(api, market, cart_two_stores, "k-full", slot_date="2026-11-26", slot_start="14:00")
    assert response.status_code == 409
    assert response.json() == {
        "code": "slot_full", "next_slot_date": "2026-11-26", "next_slot_start": "18:00",
        "message": ("오늘 11월 26일(목) 14:00–16:00 배송은 자리가 모두 찼습니다. "
                    "오늘 11월 26일(목) 18:00–20:00 배송으로 주문할 수 있어요."),
    }
    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)
    assert Product.objects.get(name="애호박").stock == 10
    assert SlotBooking.objects.get(rule=early).booked == 2

    retry = _checkout(api, market, cart_two_stores, "k-full-retry", slot_date=response.json()["next_slot_date"],
                      slot_start=response.json()["next_slot_start"])
    assert retry.status_code == 201


@time_machine.travel(MORNING, tick=False)
def test_a_start_the_market_does_not_run_is_409_slot_closed(api, market, cart_two_stores, two_slots):
    response = _checkout(api, market, cart_two_stores, "k-odd", slot_date="2026-11-26", slot_start="16:00")
    assert response.status_code == 409
    assert response.json()["code"] == "slot_closed"
    assert response.json()["next_slot_start"] == "14:00"


@time_machine.travel(MORNING, tick=False)
def test_an_unreadable_start_is_422_in_korean(api, market, cart_two_stores):
    response = _checkout(api, market, cart_two_stores, "k-bad", slot_start="오후 네시")
    assert response.status_code == 422
    assert response.json()["errors"] == {"slot_start": "시각은 HH:MM 형식으로 적어 주세요."}
    assert Order.objects.count() == 0
