"""Property: for any store parts, preferred method, date and card 시군, the plan has exactly one
tender per part (same store, same amount, same tax-free part, tax-free ≤ amount), and a
non-card tender only where accepted_methods says the store takes that method."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.markets.models import Sigun
from jangbogi.payments.eligibility import accepted_methods, tender_plan
from jangbogi.payments.models import LocalCurrencyCap, Method
from tests.factories import MarketFactory, StoreFactory, StorePaymentProfileFactory
from tests.payments.conftest import ensure_seeded_caps

SIGUNS = [Sigun.GURI, Sigun.SUWON, Sigun.SEONGNAM, Sigun.ICHEON]
REVENUES = [None, 900_000_000, 1_000_000_001, 1_200_000_000, 2_999_999_999, 3_000_000_001]

store_spec = st.tuples(
    st.sampled_from(SIGUNS),
    st.one_of(st.none(), st.tuples(st.booleans(), st.booleans(), st.sampled_from(REVENUES))),  # profile
    st.booleans(), st.booleans(),  # Store.accepts_local_currency, Store.accepts_onnuri
)
part = st.integers(1, 2_000_000).flatmap(lambda amount: st.tuples(st.just(amount), st.integers(0, amount)))


class TenderPlanPropertyTest(TestCase):
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        specs=st.lists(st.tuples(store_spec, part), max_size=6),
        preferred=st.sampled_from(list(Method)),
        on_date=st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31)),
        card_sigun=st.one_of(st.none(), st.sampled_from(SIGUNS)),
    )
    def test_one_tender_per_part_and_vouchers_only_where_accepted(self, specs, preferred, on_date, card_sigun):
        ensure_seeded_caps()
        LocalCurrencyCap.objects.create(sigun=Sigun.ICHEON, cap_won=3_000_000_000,
                                        effective_from=dt.date(2026, 1, 1))
        parts = []
        for (sigun, profile, flag_local, flag_onnuri), (amount, tax_free) in specs:
            store = StoreFactory(market=MarketFactory(sigun=sigun), accepts_local_currency=flag_local,
                                 accepts_onnuri=flag_onnuri)
            if profile is not None:
                StorePaymentProfileFactory(store=store, local_currency_registered=profile[0],
                                           onnuri_card_registered=profile[1], annual_revenue=profile[2])
            parts.append((store, amount, tax_free))

        plan = tender_plan(parts, preferred, on_date=on_date, card_sigun=card_sigun)

        assert len(plan) == len(parts)
        for tender, (store, amount, tax_free) in zip(plan, parts, strict=True):
            assert (tender.store_id, tender.amount, tender.tax_free_amount) == (store.pk, amount, tax_free)
            assert 0 <= tender.tax_free_amount <= tender.amount
            reason = accepted_methods(store, on_date=on_date, card_sigun=card_sigun)[preferred]
            if tender.method != Method.CARD:
                assert tender.method == preferred and reason is None
            assert tender.method == (Method.CARD if reason else preferred)
            assert tender.reason_if_fallback == reason
