"""reserve_stock / release_stock: counted stock moves all or nothing, uncounted stock is never
touched."""

import pytest
from django.db import transaction

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core.errors import OutOfStock
from tests.factories import ProductFactory, StoreFactory


@pytest.fixture
def products(market):
    store = StoreFactory(market=market)
    return (
        ProductFactory(store=store, name="애호박", stock=10),
        ProductFactory(store=store, name="무", stock=2),
        ProductFactory(store=store, name="두부", stock=None),
    )


def stocks(*products) -> list[int | None]:
    return [Product.objects.get(pk=p.pk).stock for p in products]


@pytest.mark.django_db
def test_reserve_decrements_exactly(products):
    zucchini, radish, tofu = products
    catalog.reserve_stock(quantities={zucchini.pk: 3, radish.pk: 2, tofu.pk: 50})
    assert stocks(*products) == [7, 0, None]


@pytest.mark.django_db
@pytest.mark.parametrize("short", ["first", "last"])
def test_one_short_product_reserves_nothing_when_the_caller_rolls_back(market, short):
    store = StoreFactory(market=market)
    first = ProductFactory(store=store, name="애호박", stock=2 if short == "first" else 10)
    last = ProductFactory(store=store, name="무", stock=2 if short == "last" else 10)
    short_product = first if short == "first" else last

    with pytest.raises(OutOfStock) as exc, transaction.atomic():
        catalog.reserve_stock(quantities={first.pk: 3, last.pk: 3})

    assert exc.value.code == "out_of_stock"
    assert exc.value.details == {"product_ids": [short_product.pk]}
    assert exc.value.message == f"재고가 부족합니다: {short_product.name}. 수량을 줄이거나 빼 주세요."
    assert stocks(first, last) == ([2, 10] if short == "first" else [10, 2])


@pytest.mark.django_db
def test_one_short_product_reserves_nothing_even_if_the_caller_carries_on(products):
    """The caller catches OutOfStock inside its own transaction (to show a message, say):
    the other product's decrement must not survive."""
    zucchini, radish, tofu = products
    with transaction.atomic():
        with pytest.raises(OutOfStock) as exc:
            catalog.reserve_stock(quantities={zucchini.pk: 3, radish.pk: 3, tofu.pk: 1})
        assert stocks(*products) == [10, 2, None]
    assert exc.value.details == {"product_ids": [radish.pk]}
    assert stocks(*products) == [10, 2, None]


@pytest.mark.django_db
def test_every_short_product_is_listed(market):
    store = StoreFactory(market=market)
    a = ProductFactory(store=store, name="애호박", stock=1)
    b = ProductFactory(store=store, name="무", stock=0)
    c = ProductFactory(store=store, name="대파", stock=5)
    with pytest.raises(OutOfStock) as exc, transaction.atomic():
        catalog.reserve_stock(quantities={c.pk: 5, b.pk: 1, a.pk: 2})
    assert exc.value.details == {"product_ids": [a.pk, b.pk]}
    assert exc.value.message == "재고가 부족합니다: 무, 애호박. 수량을 줄이거나 빼 주세요."  # by name
    assert stocks(a, b, c) == [1, 0, 5]


@pytest.mark.django_db
def test_exactly_all_remaining_stock_can_be_taken(products):
    zucchini, radish, _ = products
    catalog.reserve_stock(quantities={zucchini.pk: 10, radish.pk: 2})
    assert stocks(zucchini, radish) == [0, 0]
    with pytest.raises(OutOfStock), transaction.atomic():
        catalog.reserve_stock(quantities={zucchini.pk: 1})
    assert stocks(zucchini, radish) == [0, 0]


@pytest.mark.django_db
def test_uncounted_stock_is_untouched(products):
    *_, tofu = products
    catalog.reserve_stock(quantities={tofu.pk: 99})
    catalog.release_stock(quantities={tofu.pk: 99})
    assert stocks(tofu) == [None]


@pytest.mark.django_db(transaction=True)
def test_reserve_must_run_inside_a_transaction(products):
    zucchini, *_ = products
    with pytest.raises(RuntimeError, match="reserve_stock must run inside a transaction"):
        catalog.reserve_stock(quantities={zucchini.pk: 1})
    assert stocks(zucchini) == [10]


@pytest.mark.django_db
def test_release_gives_back_what_was_taken(products):
    zucchini, radish, tofu = products
    catalog.reserve_stock(quantities={zucchini.pk: 4, radish.pk: 1})
    catalog.release_stock(quantities={zucchini.pk: 4, radish.pk: 1, tofu.pk: 3})
    assert stocks(*products) == [10, 2, None]


@pytest.mark.django_db
def test_set_sold_out(products):
    zucchini, _, tofu = products
    catalog.set_sold_out(product=zucchini)
    catalog.set_sold_out(product=tofu)
    assert stocks(zucchini, tofu) == [0, 0]
