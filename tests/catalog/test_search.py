"""search_products: every word must match a product's name, its store's name, its origin or
its category's label; only one market's active products in active stores."""

import pytest

from jangbogi.catalog.selectors import search_products
from tests.factories import MarketFactory, ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(market):
    veg = StoreFactory(market=market, name="상수네 채소")
    sea = StoreFactory(market=market, name="동해상회")   # a fish shop whose name says nothing of 수산
    meat = StoreFactory(market=market, name="이천 정육점")
    closed = StoreFactory(market=market, name="문 닫은 가게", is_active=False)
    p = {
        "zucchini": ProductFactory(store=veg, name="애호박", origin="국내산(경기 남양주)"),
        "radish": ProductFactory(store=veg, name="무", origin="국내산(제주)"),
        "mackerel": ProductFactory(store=sea, category="seafood", name="고등어", origin="국내산(부산)"),
        "norway": ProductFactory(store=sea, category="seafood", name="노르웨이 고등어", origin="노르웨이산"),
        "pork": ProductFactory(store=meat, category="meat", name="한돈 삼겹살", origin="국내산",
                               livestock="pork", traceability_no="002012345678"),
        "hairtail": ProductFactory(store=sea, category="seafood", name="갈치", origin="국내산(제주)",
                                   is_active=False),
        "squid": ProductFactory(store=closed, category="seafood", name="오징어", origin="국내산"),
    }
    other_market = MarketFactory()
    ProductFactory(store=StoreFactory(market=other_market, name="남의 수산"), category="seafood",
                   name="고등어", origin="국내산(부산)")
    return market, p


def names(qs) -> list[str]:
    return [product.name for product in qs]


def test_no_query_lists_every_active_product_of_the_market(shop):
    market, _ = shop
    # ordered by category code, then name
    assert names(search_products(market)) == ["한돈 삼겹살", "고등어", "노르웨이 고등어", "무", "애호박"]
    assert names(search_products(market, q="   ")) == names(search_products(market))


def test_one_word_matches_the_name(shop):
    market, _ = shop
    assert names(search_products(market, q="고등어")) == ["고등어", "노르웨이 고등어"]
    assert names(search_products(market, q="호박")) == ["애호박"]


def test_every_word_must_match(shop):
    market, _ = shop
    assert names(search_products(market, q="고등어 국내산")) == ["고등어"]
    assert names(search_products(market, q="국내산 고등어")) == ["고등어"]
    assert names(search_products(market, q="고등어 제주")) == []


def test_origin_and_store_name_match(shop):
    market, _ = shop
    assert names(search_products(market, q="제주")) == ["무"]           # 갈치 is inactive
    assert names(search_products(market, q="동해")) == ["고등어", "노르웨이 고등어"]
    assert names(search_products(market, q="정육점 국내산")) == ["한돈 삼겹살"]


def test_category_label_words_match(shop):
    market, _ = shop
    assert names(search_products(market, q="수산")) == ["고등어", "노르웨이 고등어"]
    assert names(search_products(market, q="과일")) == ["무", "애호박"]
    assert names(search_products(market, q="계란")) == ["한돈 삼겹살"]     # label "정육·계란"
    assert names(search_products(market, q="수산 노르웨이")) == ["노르웨이 고등어"]


def test_category_and_store_filters(shop):
    market, p = shop
    assert names(search_products(market, category="seafood")) == ["고등어", "노르웨이 고등어"]
    assert names(search_products(market, category="seafood", q="국내산")) == ["고등어"]
    assert names(search_products(market, store=p["zucchini"].store)) == ["무", "애호박"]
    assert names(search_products(market, store=p["zucchini"].store_id, q="애호")) == ["애호박"]
    assert names(search_products(market, category="kimchi")) == []


def test_inactive_products_and_stores_are_hidden(shop):
    market, p = shop
    assert names(search_products(market, q="갈치")) == []
    assert names(search_products(market, q="오징어")) == []
    assert names(search_products(market, store=p["squid"].store)) == []


def test_other_markets_are_not_searched(shop):
    market, _ = shop
    assert names(search_products(market, q="남의")) == []
    assert [p.store.market_id for p in search_products(market, q="고등어")] == [market.pk, market.pk]


def test_only_the_first_eight_words_count(shop):
    market, _ = shop
    assert names(search_products(market, q=" ".join(["고등어"] * 8 + ["없는단어"]))) == [
        "고등어", "노르웨이 고등어",
    ]
    assert names(search_products(market, q=" ".join(["고등어"] * 7 + ["없는단어"]))) == []
