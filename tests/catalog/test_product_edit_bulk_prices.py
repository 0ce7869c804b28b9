"""bulk_update_prices: the "오늘 시세" screen saves all rows or none, for one store only."""

import pytest
from django.db import transaction

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core.errors import ValidationFailed
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(market):
    return StoreFactory(market=market, name="상수네 채소")


@pytest.fixture
def products(store):
    return [
        ProductFactory(store=store, name="애호박", price=1500, stock=10),
        ProductFactory(store=store, name="대파", unit_label="1단", price=3000, stock=None),
        ProductFactory(store=store, name="감자", unit_label="1kg", price=4000, stock=3),
    ]


def table() -> dict[int, tuple]:
    return {pk: (price, stock, at) for pk, price, stock, at in Product.objects.values_list("pk", "price", "stock", "updated_at")}


def test_sets_prices_and_counts(store, products):
    squash, leek, potato = products
    changed = catalog.bulk_update_prices(store=store, rows=[
        {"product_id": squash.pk, "price": 1200, "stock": 20},
        {"product_id": leek.pk, "price": 3000, "stock": 5},        # price same, now counted
        {"product_id": potato.pk, "price": 4000, "stock": 3},       # nothing changes
    ])
    assert changed == 2
    assert {pk: v[:2] for pk, v in table().items()} == {
        squash.pk: (1200, 20), leek.pk: (3000, 5), potato.pk: (4000, 3),
    }


def test_stock_absent_or_none(store, products):
    squash, leek, _ = products
    catalog.bulk_update_prices(store=store, rows=[
        {"product_id": squash.pk, "price": 1300},                   # stock left alone
        {"product_id": leek.pk, "price": 2800, "stock": None},      # stays uncounted
    ])
    assert table()[squash.pk][:2] == (1300, 10)
    assert table()[leek.pk][:2] == (2800, None)


def test_one_bad_row_saves_nothing_and_errors_are_keyed_by_product(store, products):
    squash, leek, potato = products
    before = table()
    with pytest.raises(ValidationFailed) as exc:
        catalog.bulk_update_prices(store=store, rows=[
            {"product_id": squash.pk, "price": 1200, "stock": 20},
            {"product_id": leek.pk, "price": 0},
            {"product_id": potato.pk, "price": "4,000", "stock": -2},
        ])
    assert exc.value.message == "오늘 시세를 저장하지 못했습니다. 표시된 상품을 고쳐 주세요."
    assert exc.value.details["errors"] == {
        leek.pk: {"price": "가격은 1원 이상이어야 합니다."},
        potato.pk: {"price": "가격은 숫자로 적어 주세요.", "stock": "재고는 0 이상이어야 합니다."},
    }
    assert table() == before


def test_product_of_another_store_is_refused_and_nothing_saved(store, products, market):
    other = ProductFactory(store=StoreFactory(market=market, name="바다 수산"), price=9000, stock=4)
    before = table()
    with pytest.raises(ValidationFailed) as exc:
        catalog.bulk_update_prices(store=store, rows=[
            {"product_id": products[0].pk, "price": 1200},
            {"product_id": other.pk, "price": 1},
            {"product_id": 999_999, "price": 1000},
        ])
    assert exc.value.details["errors"] == {
        other.pk: {"product_id": "이 가게의 상품이 아닙니다."},
        999_999: {"product_id": "이 가게의 상품이 아닙니다."},
    }
    assert table() == before


def test_same_product_twice_is_refused(store, products):
    squash = products[0]
    with pytest.raises(ValidationFailed) as exc:
        catalog.bulk_update_prices(store=store, rows=[
            {"product_id": squash.pk, "price": 1200}, {"product_id": squash.pk, "price": 1100},
        ])
    assert exc.value.details["errors"] == {squash.pk: {"product_id": "같은 상품이 두 번 들어 있습니다."}}
    assert table()[squash.pk][0] == 1500


def test_untouched_stock_field_keeps_what_checkouts_took(store, products):
    """The screen showed 애호박 10 and 감자 3; then a checkout took 4 애호박.  Saving the new
    prices with stock fields untouched keeps 6; a count the merchant typed is set."""
    squash, _, potato = products
    with transaction.atomic():
        catalog.reserve_stock(quantities={squash.pk: 4})
    catalog.bulk_update_prices(store=store, rows=[
        {"product_id": squash.pk, "price": 1400, "stock": 10, "stock_seen": 10},
        {"product_id": potato.pk, "price": 3900, "stock": 12, "stock_seen": 3},
    ])
    assert table()[squash.pk][:2] == (1400, 6)
    assert table()[potato.pk][:2] == (3900, 12)


def test_updated_at_moves_only_for_changed_products(store, products):
    squash, leek, _ = products
    before = table()
    catalog.bulk_update_prices(store=store, rows=[
        {"product_id": squash.pk, "price": 1600}, {"product_id": leek.pk, "price": 3000},
    ])
    after = table()
    assert after[squash.pk][2] > before[squash.pk][2]
    assert after[leek.pk] == before[leek.pk]
