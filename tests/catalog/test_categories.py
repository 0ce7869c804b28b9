"""categories_for_market: category chips with counts of active products, in menu order."""

import pytest

from jangbogi.catalog.selectors import (
    CategoryCount,
    active_stores,
    categories_for_market,
    product_detail,
)
from tests.factories import MarketFactory, ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db


def test_counts_active_products_in_active_stores_in_category_order(market):
    veg = StoreFactory(market=market, name="상수네 채소")
    sea = StoreFactory(market=market, name="동해상회")
    closed = StoreFactory(market=market, is_active=False)
    ProductFactory.create_batch(3, store=veg)
    ProductFactory(store=veg, is_active=False)
    ProductFactory.create_batch(2, store=sea, category="seafood")
    ProductFactory(store=sea, category="side_dish", origin="")
    ProductFactory(store=closed, category="kimchi")
    ProductFactory(store=StoreFactory(market=MarketFactory()), category="grain")

    assert categories_for_market(market) == [
        CategoryCount("veg_fruit", "채소·과일", "🥬", 3),
        CategoryCount("seafood", "수산", "🐟", 2),
        CategoryCount("side_dish", "반찬", "🍱", 1),
    ]


def test_empty_market_has_no_categories(market):
    StoreFactory(market=market)
    assert categories_for_market(market) == []


def test_active_stores_count_only_active_products(market):
    veg = StoreFactory(market=market, name="상수네 채소")
    sea = StoreFactory(market=market, name="동해상회")
    StoreFactory(market=market, name="문 닫은 가게", is_active=False)
    ProductFactory.create_batch(2, store=veg)
    ProductFactory(store=veg, is_active=False)

    assert [(s.name, s.product_count) for s in active_stores(market)] == [("동해상회", 0), ("상수네 채소", 2)]
    assert sea.pk in {s.pk for s in active_stores(market)}


def test_product_detail_hides_inactive(market):
    store = StoreFactory(market=market)
    shown = ProductFactory(store=store)
    hidden = ProductFactory(store=store, is_active=False)
    in_closed_store = ProductFactory(store=StoreFactory(market=market, is_active=False))
    assert product_detail(shown.pk) == shown
    assert product_detail(hidden.pk) is None
    assert product_detail(in_closed_store.pk) is None
    assert product_detail(0) is None
