"""accepted_methods: per store, which of 지역화폐 / 온누리 / 카드 it can take on a day, and why not."""

import datetime as dt

import pytest

from jangbogi.markets.models import Sigun, Store
from jangbogi.payments.eligibility import accepted_methods, accepted_methods_by_store
from jangbogi.payments.models import LocalCurrencyCap, Method
from tests.factories import MarketFactory, StoreFactory, StorePaymentProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_caps")]

D = dt.date
TODAY = D(2026, 11, 26)  # cap 12억 원 everywhere (seeded)
ALL = {Method.LOCAL_CURRENCY: None, Method.ONNURI: None, Method.CARD: None}
NOT_ONNURI = "이 가게는 온누리상품권(카드형) 가맹점이 아니에요"
NOT_LOCAL = "이 가게는 경기지역화폐 가맹점이 아니에요"
MOBILE = "성남·시흥은 모바일형이라 카드형 결제가 안 돼요"


def store_in(sigun: str, **flags) -> Store:
    return StoreFactory(market=MarketFactory(sigun=sigun), **flags)


def local(store, on_date=TODAY, card_sigun=None):
    return accepted_methods(store, on_date=on_date, card_sigun=card_sigun)[Method.LOCAL_CURRENCY]


def test_without_a_profile_the_store_flags_decide():
    both = store_in(Sigun.GURI, accepts_local_currency=True, accepts_onnuri=True)
    neither = store_in(Sigun.GURI)

    assert accepted_methods(both, on_date=TODAY) == ALL
    assert accepted_methods(neither, on_date=TODAY) == {
        Method.LOCAL_CURRENCY: NOT_LOCAL, Method.ONNURI: NOT_ONNURI, Method.CARD: None}


def test_a_profile_overrides_the_store_flags():
    store = store_in(Sigun.GURI, accepts_local_currency=True, accepts_onnuri=True)
    StorePaymentProfileFactory(store=store, local_currency_registered=False, onnuri_card_registered=False)
    flags_off = store_in(Sigun.GURI)
    StorePaymentProfileFactory(store=flags_off)

    assert accepted_methods(store, on_date=TODAY) == {
        Method.LOCAL_CURRENCY: NOT_LOCAL, Method.ONNURI: NOT_ONNURI, Method.CARD: None}
    assert accepted_methods(flags_off, on_date=TODAY) == ALL


def test_revenue_at_the_cap_is_accepted_one_won_more_is_not():
    at_cap = StorePaymentProfileFactory(store=store_in(Sigun.GURI), annual_revenue=1_200_000_000).store
    over = StorePaymentProfileFactory(store=store_in(Sigun.GURI), annual_revenue=1_200_000_001).store

    assert local(at_cap) is None
    assert accepted_methods(over, on_date=TODAY) == {
        Method.LOCAL_CURRENCY: "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요", Method.ONNURI: None,
        Method.CARD: None}


@pytest.mark.parametrize(("revenue", "on_date", "reason"), [
    (1_100_000_000, D(2024, 7, 31), "지역화폐 가맹 매출 한도(10억 원)를 넘는 가게예요"),
    (1_100_000_000, D(2024, 8, 1), None),
    (2_500_000_000, D(2025, 7, 31), "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"),
    (2_500_000_000, D(2025, 8, 1), None),
    (2_500_000_000, D(2025, 11, 30), None),
    (2_500_000_000, D(2025, 12, 1), "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"),
    (3_000_000_001, D(2025, 9, 1), "지역화폐 가맹 매출 한도(30억 원)를 넘는 가게예요"),
])
def test_the_cap_in_force_on_the_day_decides(revenue, on_date, reason):
    store = StorePaymentProfileFactory(store=store_in(Sigun.GURI), annual_revenue=revenue).store
    assert local(store, on_date) == reason


def test_a_sigun_that_raised_its_cap_accepts_what_others_refuse():
    LocalCurrencyCap.objects.create(sigun=Sigun.ICHEON, cap_won=3_000_000_000, effective_from=D(2026, 1, 1))
    icheon = StorePaymentProfileFactory(store=store_in(Sigun.ICHEON), annual_revenue=2_000_000_000).store
    guri = StorePaymentProfileFactory(store=store_in(Sigun.GURI), annual_revenue=2_000_000_000).store

    assert local(icheon) is None
    assert local(icheon, D(2025, 12, 31)) == "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"
    assert local(guri) == "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"


def test_unknown_revenue_is_taken_as_under_the_cap():
    with_profile = StorePaymentProfileFactory(store=store_in(Sigun.GURI), annual_revenue=None).store
    flags_only = store_in(Sigun.GURI, accepts_local_currency=True)
    LocalCurrencyCap.objects.all().delete()  # no cap known at all: not needed without a revenue

    assert local(with_profile) is None
    assert local(flags_only) is None


def test_a_known_revenue_without_any_cap_row_is_refused():
    store = StorePaymentProfileFactory(store=store_in(Sigun.GURI), annual_revenue=100_000_000).store
    assert local(store, D(2019, 3, 31)) == "지금은 지역화폐 가맹 매출 한도를 확인할 수 없어요"


def test_a_card_from_another_sigun_is_refused():
    guri = StorePaymentProfileFactory(store=store_in(Sigun.GURI)).store

    assert local(guri, card_sigun=Sigun.SUWON) == "구리시 지역화폐만 쓸 수 있어요"
    assert local(guri, card_sigun=Sigun.GURI) is None
    assert local(guri) is None  # card unknown (the cart): the store's own 시군 is assumed


@pytest.mark.parametrize("sigun", [Sigun.SEONGNAM, Sigun.SIHEUNG])
def test_mobile_type_sigun_cannot_take_a_card_approval(sigun):
    store = StorePaymentProfileFactory(store=store_in(sigun)).store

    assert accepted_methods(store, on_date=TODAY, card_sigun=sigun) == {
        Method.LOCAL_CURRENCY: MOBILE, Method.ONNURI: None, Method.CARD: None}
    assert local(store) == MOBILE


def test_many_stores_in_three_queries_whatever_their_number(django_assert_num_queries):
    market = MarketFactory(sigun=Sigun.GURI)
    stores = [StoreFactory(market=market, accepts_onnuri=True) for _ in range(3)]
    for store, revenue in zip(stores, [None, 500_000_000, 1_500_000_000], strict=True):
        StorePaymentProfileFactory(store=store, annual_revenue=revenue)
    fresh = list(Store.objects.filter(pk__in=[s.pk for s in stores]))
    with_markets = list(Store.objects.select_related("market").filter(pk__in=[s.pk for s in stores]))

    with django_assert_num_queries(3):  # markets' 시군, profiles, caps
        result = accepted_methods_by_store(fresh, on_date=TODAY)
    with django_assert_num_queries(2):  # markets already loaded
        assert accepted_methods_by_store(with_markets, on_date=TODAY) == result
    assert [result[s.pk][Method.LOCAL_CURRENCY] for s in stores] == [
        None, None, "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"]
    assert accepted_methods_by_store([], on_date=TODAY) == {}
