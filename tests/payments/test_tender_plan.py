"""tender_plan: one approval per store part, by the preferred method where the store takes it,
by card otherwise (each store is the merchant of record)."""

import datetime as dt

import pytest

from jangbogi.markets.models import Sigun
from jangbogi.payments.eligibility import Tender, tender_plan
from jangbogi.payments.models import Method
from tests.factories import MarketFactory, StoreFactory, StorePaymentProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_caps")]

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def stores():
    """구리: 채소 (both vouchers), 수산 (온누리 only, by its flags), 정육 (over the 지역화폐 cap)."""
    market = MarketFactory(sigun=Sigun.GURI)
    veg = StorePaymentProfileFactory(store=StoreFactory(market=market, name="채소")).store
    fish = StoreFactory(market=market, name="수산", accepts_onnuri=True)
    meat = StorePaymentProfileFactory(store=StoreFactory(market=market, name="정육"),
                                      annual_revenue=1_500_000_000).store
    return veg, fish, meat


def test_vouchers_where_accepted_card_for_the_rest(stores):
    veg, fish, meat = stores
    parts = [(veg, 3000, 3000), (fish, 8000, 8000), (meat, 15000, 15000)]

    assert tender_plan(parts, Method.LOCAL_CURRENCY, on_date=TODAY) == [
        Tender(veg.pk, Method.LOCAL_CURRENCY, 3000, 3000, None),
        Tender(fish.pk, Method.CARD, 8000, 8000, "이 가게는 경기지역화폐 가맹점이 아니에요"),
        Tender(meat.pk, Method.CARD, 15000, 15000, "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"),
    ]
    assert tender_plan(parts, "onnuri", on_date=TODAY) == [
        Tender(veg.pk, Method.ONNURI, 3000, 3000, None),
        Tender(fish.pk, Method.ONNURI, 8000, 8000, None),
        Tender(meat.pk, Method.ONNURI, 15000, 15000, None),
    ]


def test_a_card_from_another_sigun_falls_back_to_card_everywhere(stores):
    veg, fish, _ = stores

    plan = tender_plan([(veg, 3000, 0), (fish, 5000, 2000)], Method.LOCAL_CURRENCY, on_date=TODAY,
                       card_sigun=Sigun.SUWON)

    assert [(t.method, t.reason_if_fallback) for t in plan] == [
        (Method.CARD, "구리시 지역화폐만 쓸 수 있어요"), (Method.CARD, "이 가게는 경기지역화폐 가맹점이 아니에요")]


def test_card_is_still_one_approval_per_store_and_asks_nothing(stores, django_assert_num_queries):
    veg, fish, meat = stores
    with django_assert_num_queries(0):
        plan = tender_plan([(veg, 3000, 3000), (fish, 8000, 0), (meat, 1, 1)], Method.CARD, on_date=TODAY)
    assert plan == [Tender(veg.pk, Method.CARD, 3000, 3000), Tender(fish.pk, Method.CARD, 8000, 0),
                    Tender(meat.pk, Method.CARD, 1, 1)]


def test_no_parts_no_tenders():
    assert tender_plan([], Method.ONNURI, on_date=TODAY) == []


@pytest.mark.parametrize(("amount", "tax_free"), [(0, 0), (-100, 0), (1000, 1001), (1000, -1)])
def test_a_bad_part_is_a_programming_error(stores, amount, tax_free):
    with pytest.raises(ValueError, match="bad part"):
        tender_plan([(stores[0], amount, tax_free)], Method.ONNURI, on_date=TODAY)


def test_an_unknown_method_is_refused(stores):
    with pytest.raises(ValueError):
        tender_plan([(stores[0], 1000, 0)], "paper_onnuri", on_date=TODAY)
