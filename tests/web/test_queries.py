"""The market page costs the same number of queries for 3 products or 30 (no N+1)."""

import pytest

from tests.factories import ProductFactory, StoreFactory
from tests.web.conftest import add, set_address

# session, market (with its calendar row), categories, page count, page of products, cart badge
# (cart + its lines), and for the status line: the market's slot rules and calendar exceptions
QUERIES = 9


@pytest.fixture
def browsing(client, market, shop, morning):
    set_address(client)
    add(client, market, shop.zucchini)
    client.get(f"/m/{market.slug}/")  # the session has remembered the market
    return client


def test_market_page_queries_do_not_grow_with_products(browsing, market, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        assert browsing.get(f"/m/{market.slug}/").status_code == 200

    for _ in range(6):
        ProductFactory.create_batch(5, store=StoreFactory(market=market))
    with django_assert_num_queries(QUERIES):
        response = browsing.get(f"/m/{market.slug}/")
    assert len(response.context["page_obj"]) == 30


def test_store_tab_and_category_stay_bounded(browsing, market, django_assert_max_num_queries):
    for _ in range(5):
        ProductFactory.create_batch(3, store=StoreFactory(market=market))
    with django_assert_max_num_queries(QUERIES):
        browsing.get(f"/m/{market.slug}/?tab=stores")
    with django_assert_max_num_queries(QUERIES):
        browsing.get(f"/m/{market.slug}/?c=veg_fruit")
