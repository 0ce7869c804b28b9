"""Property: any sequence of reservations and releases keeps counted stock equal to a simple
model (all-or-nothing per reservation) and never below zero."""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core.errors import OutOfStock
from tests.factories import MarketFactory, ProductFactory, StoreFactory

N_PRODUCTS = 3
request = st.dictionaries(st.integers(0, N_PRODUCTS - 1), st.integers(1, 6), min_size=1, max_size=N_PRODUCTS)
operation = st.tuples(st.sampled_from(["reserve", "release"]), request)


class StockModelTest(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(initial=st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=N_PRODUCTS, max_size=N_PRODUCTS),
           operations=st.lists(operation, max_size=15))
    def test_reservations_match_the_model(self, initial, operations):
        store = StoreFactory(market=MarketFactory())
        products = [ProductFactory(store=store, stock=stock) for stock in initial]
        model = list(initial)
        taken = [0] * N_PRODUCTS   # what reservations hold, so releases never exceed it

        for kind, wanted in operations:
            quantities = {products[i].pk: q for i, q in wanted.items()}
            if kind == "reserve":
                fits = all(model[i] is None or model[i] >= q for i, q in wanted.items())
                try:
                    with transaction.atomic():
                        catalog.reserve_stock(quantities=quantities)
                except OutOfStock as exc:
                    assert not fits
                    assert exc.details["product_ids"] == sorted(
                        products[i].pk for i, q in wanted.items() if model[i] is not None and model[i] < q
                    )
                else:
                    assert fits
                    for i, q in wanted.items():
                        taken[i] += q
                        if model[i] is not None:
                            model[i] -= q
            else:
                back = {i: min(q, taken[i]) for i, q in wanted.items() if taken[i]}
                catalog.release_stock(quantities={products[i].pk: q for i, q in back.items()})
                for i, q in back.items():
                    taken[i] -= q
                    if model[i] is not None:
                        model[i] += q

            actual = [Product.objects.get(pk=p.pk).stock for p in products]
            assert actual == model
            assert all(s is None or s >= 0 for s in actual)
        for i, start in enumerate(initial):
            if start is not None:
                assert model[i] + taken[i] == start
