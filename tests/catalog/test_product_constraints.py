"""The database backs the product rules: stock >= 0 (or uncounted), price > 0, grams for
sold-by-weight."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from jangbogi.catalog.models import Product
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(market):
    return ProductFactory(store=StoreFactory(market=market), stock=3)


def test_direct_negative_stock_update_is_rejected(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock=-1)
    product.refresh_from_db()
    assert product.stock == 3


def test_decrement_below_zero_is_rejected(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock=F("stock") - 4)
    product.refresh_from_db()
    assert product.stock == 3


def test_zero_and_uncounted_stock_are_allowed(product):
    Product.objects.filter(pk=product.pk).update(stock=0)
    product.refresh_from_db()
    assert product.stock == 0
    Product.objects.filter(pk=product.pk).update(stock=None)
    product.refresh_from_db()
    assert product.stock is None


def test_price_must_be_positive(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=0)
    product.refresh_from_db()
    assert product.price == 1500


def test_sold_by_weight_needs_grams(market):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(store=StoreFactory(market=market), sold_by_weight=True, estimated_grams=None)
    assert Product.objects.count() == 0


@pytest.mark.parametrize(("stock", "sold_out"), [(None, False), (0, True), (1, False)])
def test_is_sold_out(stock, sold_out):
    assert ProductFactory.build(stock=stock).is_sold_out is sold_out


@pytest.mark.parametrize(("livestock", "origin", "needs"), [
    ("beef", "한우", True), ("egg", "국내산", True), ("beef", "호주산", False), ("", "국내산", False),
])
def test_needs_traceability_no(livestock, origin, needs):
    assert ProductFactory.build(livestock=livestock, origin=origin).needs_traceability_no is needs
