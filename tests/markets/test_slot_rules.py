"""Delivery slot rules: capacity from riders and packing, and the Korean validation of
markets.services.save_slot_rule / set_slot_rule_active (window, cutoff 30 minutes before the
start, no overlap among running slots).  A refused rule changes nothing."""

import datetime as dt

import pytest
from django.db import IntegrityError

from jangbogi.core.errors import PermissionDenied, ValidationFailed
from jangbogi.markets import services as markets
from jangbogi.markets.models import DeliverySlotRule
from tests.factories import DeliverySlotRuleFactory, MarketFactory

pytestmark = pytest.mark.django_db
T = dt.time


def values(**changes) -> dict:
    """14:00–16:00, orders until 11:00, 3 riders × 8 bundles, the center packs 20."""
    return {"start": T(14), "end": T(16), "order_cutoff": T(11), "riders": 3, "bundles_per_rider": 8,
            "packing_capacity": 20, **changes}


def rows(market) -> list[tuple]:
    return list(DeliverySlotRule.objects.filter(market=market).order_by("start")
                .values_list("start", "end", "order_cutoff", "riders", "bundles_per_rider", "packing_capacity",
                             "is_active"))


def refused(market, **changes) -> dict[str, str]:
    before = rows(market)
    with pytest.raises(ValidationFailed) as exc:
        markets.save_slot_rule(market=market, **values(**changes))
    assert exc.value.message == "배송 시간을 확인해 주세요."
    assert rows(market) == before
    return exc.value.details["errors"]


@pytest.mark.parametrize(("riders", "per_rider", "packing", "capacity"), [
    (3, 8, 20, 20),    # the center packs fewer than the riders carry
    (2, 10, 30, 20),   # the riders carry fewer than the center packs
    (1, 1, 1, 1),
    (4, 5, 20, 20),    # both the same
])
def test_capacity_is_the_smaller_of_riders_and_packing(market, riders, per_rider, packing, capacity):
    rule = markets.save_slot_rule(market=market, **values(riders=riders, bundles_per_rider=per_rider,
                                                           packing_capacity=packing))
    assert rule.capacity == capacity
    assert rule.is_active


def test_a_valid_rule_is_saved(market):
    rule = markets.save_slot_rule(market=market, **values())
    assert rows(market) == [(T(14), T(16), T(11), 3, 8, 20, True)]
    assert rule.market == market


@pytest.mark.parametrize("end", [T(14), T(13, 59)])
def test_end_after_start(market, end):
    assert refused(market, end=end) == {"end": "배송 종료는 배송 시작보다 늦어야 합니다."}


@pytest.mark.parametrize(("cutoff", "ok"), [
    (T(13, 30), True),       # exactly 30 minutes before the start
    (T(13, 31), False),
    (T(14, 0), False),
    (T(15, 0), False),       # after the start
    (T(0, 0), True),
])
def test_cutoff_leaves_thirty_minutes_to_pack(market, cutoff, ok):
    if ok:
        assert markets.save_slot_rule(market=market, **values(order_cutoff=cutoff)).order_cutoff == cutoff
    else:
        assert refused(market, order_cutoff=cutoff) == {
            "order_cutoff": "주문 마감은 배송 시작 30분 전까지여야 합니다 (상품을 모으고 포장할 시간)."}


def test_a_slot_starting_before_half_past_midnight_has_no_room_for_a_cutoff(market):
    errors = refused(market, start=T(0, 20), end=T(2), order_cutoff=T(0, 0))
    assert list(errors) == ["order_cutoff"]


@pytest.mark.parametrize(("start", "end"), [
    (T(17), T(20)),     # starts inside 16–19
    (T(15), T(17)),     # ends inside
    (T(15), T(20)),     # contains it
    (T(16), T(19)),     # the same window
    (T(17), T(18)),     # inside it
])
def test_running_slots_do_not_overlap(market, start, end):
    DeliverySlotRuleFactory(market=market)  # 16:00–19:00
    cutoff = (dt.datetime.combine(dt.date(2026, 1, 1), start) - dt.timedelta(hours=1)).time()
    assert refused(market, start=start, end=end, order_cutoff=cutoff) == {
        "start": "16:00–19:00 배송 시간과 겹칩니다. 시간을 바꾸거나 그 배송 시간을 먼저 꺼 주세요."}


def test_touching_slots_and_stopped_slots_do_not_clash(market):
    DeliverySlotRuleFactory(market=market)                      # 16:00–19:00
    DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(16), is_active=False)
    markets.save_slot_rule(market=market, **values())           # 14:00–16:00 ends where 16:00 starts
    markets.save_slot_rule(market=market, **values(start=T(19), end=T(21), order_cutoff=T(17)))
    assert [r[:2] for r in rows(market)] == [(T(14), T(16)), (T(16), T(19)), (T(18), T(20)), (T(19), T(21))]


def test_another_markets_slots_do_not_clash(market):
    DeliverySlotRuleFactory(market=MarketFactory(), start=T(14), end=T(16), order_cutoff=T(11))
    markets.save_slot_rule(market=market, **values())
    assert len(rows(market)) == 1


def test_editing_a_rule_checks_against_the_others_only(market):
    rule = DeliverySlotRuleFactory(market=market)
    DeliverySlotRuleFactory(market=market, start=T(10), end=T(12), order_cutoff=T(9))
    edited = markets.save_slot_rule(market=market, rule=rule, end=T(19, 30), riders=3)
    assert (edited.start, edited.end, edited.riders, edited.capacity) == (T(16), T(19, 30), 3, 30)
    with pytest.raises(ValidationFailed) as exc:
        markets.save_slot_rule(market=market, rule=rule, start=T(11), order_cutoff=T(10))
    assert exc.value.details["errors"] == {
        "start": "10:00–12:00 배송 시간과 겹칩니다. 시간을 바꾸거나 그 배송 시간을 먼저 꺼 주세요."}
    rule.refresh_from_db()
    assert (rule.start, rule.end) == (T(16), T(19, 30))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("riders", 0, "배송 기사는 1명에서 50명 사이로 적어 주세요."),
    ("riders", -1, "배송 기사는 1명에서 50명 사이로 적어 주세요."),
    ("bundles_per_rider", 0, "기사 1명당 꾸러미는 1개에서 100개 사이로 적어 주세요."),
    ("bundles_per_rider", 101, "기사 1명당 꾸러미는 1개에서 100개 사이로 적어 주세요."),
    ("packing_capacity", 0, "포장 가능 꾸러미는 1개에서 2,000개 사이로 적어 주세요."),
])
def test_capacity_inputs_in_range(market, field, value, message):
    assert refused(market, **{field: value}) == {field: message}


def test_every_error_at_once(market):
    assert refused(market, end=T(13), order_cutoff=T(14), riders=0) == {
        "end": "배송 종료는 배송 시작보다 늦어야 합니다.",
        "order_cutoff": "주문 마감은 배송 시작 30분 전까지여야 합니다 (상품을 모으고 포장할 시간).",
        "riders": "배송 기사는 1명에서 50명 사이로 적어 주세요.",
    }


def test_a_new_rule_needs_every_field(market):
    with pytest.raises(ValidationFailed) as exc:
        markets.save_slot_rule(market=market, start=T(14), end=T(16))
    assert exc.value.details["errors"] == {"order_cutoff": "꼭 적어 주세요.", "riders": "꼭 적어 주세요.",
                                           "bundles_per_rider": "꼭 적어 주세요.", "packing_capacity": "꼭 적어 주세요."}
    assert rows(market) == []


def test_stopping_and_restarting_a_slot(market):
    rule = DeliverySlotRuleFactory(market=market)
    assert markets.set_slot_rule_active(market=market, rule=rule, is_active=False).is_active is False
    # While it is stopped another slot takes part of its window ...
    markets.save_slot_rule(market=market, **values(start=T(18), end=T(20), order_cutoff=T(15)))
    # ... so it cannot run again until that one stops.
    with pytest.raises(ValidationFailed) as exc:
        markets.set_slot_rule_active(market=market, rule=rule, is_active=True)
    assert exc.value.details["errors"] == {
        "start": "18:00–20:00 배송 시간과 겹칩니다. 시간을 바꾸거나 그 배송 시간을 먼저 꺼 주세요."}
    rule.refresh_from_db()
    assert rule.is_active is False


def test_another_markets_rule_is_refused(market):
    foreign = DeliverySlotRuleFactory(market=MarketFactory())
    with pytest.raises(PermissionDenied):
        markets.save_slot_rule(market=market, rule=foreign, riders=9)
    with pytest.raises(PermissionDenied):
        markets.set_slot_rule_active(market=market, rule=foreign, is_active=False)
    foreign.refresh_from_db()
    assert (foreign.riders, foreign.is_active) == (2, True)


def test_unknown_fields_are_a_programming_error(market):
    with pytest.raises(ValueError, match="not slot rule fields"):
        markets.save_slot_rule(market=market, **values(is_active=False))


@pytest.mark.parametrize("changes", [
    {"end": T(15)},                       # end before start
    {"order_cutoff": T(16)},              # cutoff at the start
    {"riders": 0},
])
def test_the_database_refuses_what_validation_would(market, changes):
    with pytest.raises(IntegrityError):
        DeliverySlotRule.objects.create(market=market, **{**values(start=T(16), end=T(19), order_cutoff=T(13)),
                                                          **changes})
