"""Pricing: lines grouped per store, the delivery fee waived from the threshold, the tax-free
part of exempt lines."""

import pytest

from jangbogi.orders import carts
from jangbogi.orders.pricing import PricedLine, price_lines
from jangbogi.orders.selectors import cart_pricing
from tests.factories import MarketFactory, ProductFactory, StoreFactory


def market_(**kw):
    return MarketFactory.build(delivery_fee=3000, free_delivery_threshold=50000, **kw)


def line(store, price, quantity=1, vat_class="exempt") -> PricedLine:
    product = ProductFactory.build(store=store, price=price, vat_class=vat_class)
    return PricedLine(product=product, quantity=quantity, substitution="refund", note="")


@pytest.fixture
def built():
    """An unsaved market: the DB-free tests below need no database."""
    return market_()


@pytest.fixture
def stores(built):
    return (StoreFactory.build(pk=1, market=built, name="상수네 채소"),
            StoreFactory.build(pk=2, market=built, name="바다 수산"))


def test_groups_per_store_sorted_by_store_name(built, stores):
    veg, fish = stores
    pricing = price_lines(built, [line(veg, 1500, 2), line(fish, 8000), line(veg, 3000)])

    assert [(g.store.name, g.items_total, [ln.line_total for ln in g.lines]) for g in pricing.groups] == [
        ("바다 수산", 8000, [8000]),
        ("상수네 채소", 6000, [3000, 3000]),
    ]
    assert (pricing.items_total, pricing.delivery_fee, pricing.total, pricing.item_count) == (14000, 3000, 17000, 4)
    assert [ln.line_total for ln in pricing.lines] == [8000, 3000, 3000]


def test_stores_with_the_same_name_stay_apart(built):
    a = StoreFactory.build(pk=7, market=built, name="같은 이름")
    b = StoreFactory.build(pk=3, market=built, name="같은 이름")
    pricing = price_lines(built, [line(a, 1000), line(b, 2000)])
    assert [(g.store.pk, g.items_total) for g in pricing.groups] == [(3, 2000), (7, 1000)]


@pytest.mark.parametrize(("items", "fee", "left", "percent"), [
    (49_999, 3000, 1, 99),
    (50_000, 0, 0, 100),
    (50_001, 0, 0, 100),
    (1, 3000, 49_999, 0),
])
def test_delivery_fee_is_waived_from_the_threshold(built, stores, items, fee, left, percent):
    pricing = price_lines(built, [line(stores[0], items)])
    assert (pricing.items_total, pricing.delivery_fee, pricing.total) == (items, fee, items + fee)
    assert (pricing.left_for_free_delivery, pricing.free_delivery_percent) == (left, percent)


def test_empty_basket_costs_nothing(built):
    pricing = price_lines(built, [])
    assert (pricing.items_total, pricing.delivery_fee, pricing.total, pricing.tax_free_amount) == (0, 0, 0, 0)
    assert (pricing.groups, pricing.item_count, pricing.left_for_free_delivery) == ([], 0, 50000)


def test_market_own_fee_and_threshold():
    market = market_()
    market.delivery_fee, market.free_delivery_threshold = 2500, 30000
    store = StoreFactory.build(pk=1, market=market)
    assert price_lines(market, [line(store, 29_999)]).total == 32_499
    assert price_lines(market, [line(store, 30_000)]).total == 30_000


def test_tax_free_sums_only_exempt_lines(built, stores):
    veg, fish = stores
    pricing = price_lines(built, [
        line(veg, 1500, 2), line(veg, 5000, 1, vat_class="taxable"), line(fish, 8000), line(fish, 700, 3, "taxable"),
    ])
    assert [(g.store.name, g.items_total, g.tax_free_amount) for g in pricing.groups] == [
        ("바다 수산", 10100, 8000), ("상수네 채소", 8000, 3000),
    ]
    assert (pricing.items_total, pricing.tax_free_amount) == (18100, 11000)


@pytest.mark.django_db
def test_cart_pricing_reads_the_current_price(cart_two_stores):
    pricing = cart_pricing(cart_two_stores)
    assert [(g.store.name, g.items_total) for g in pricing.groups] == [("바다 수산", 8000), ("상수네 채소", 3000)]
    assert (pricing.items_total, pricing.delivery_fee, pricing.total, pricing.tax_free_amount) == (
        11000, 3000, 14000, 11000)
    assert [(ln.quantity, ln.substitution) for ln in pricing.lines] == [(1, "same_item_other_store"), (2, "refund")]
    assert all(ln.line_id for ln in pricing.lines)


@pytest.mark.django_db
def test_cart_pricing_follows_a_price_change(market):
    product = ProductFactory(store=StoreFactory(market=market), price=1500)
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=product.pk, quantity=2)
    product.price = 1800
    product.save()
    assert cart_pricing(cart).items_total == 3600
