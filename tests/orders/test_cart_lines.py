"""Cart lines: add, update and remove, within the market and the stock."""

import pytest
from django.utils import timezone

from jangbogi.core.errors import Conflict, NotFound, ValidationFailed
from jangbogi.orders import carts
from jangbogi.orders.models import Cart, CartLine
from jangbogi.orders.selectors import cart_count
from tests.factories import MarketFactory, ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(market):
    return StoreFactory(market=market, name="상수네 채소")


@pytest.fixture
def cart(market):
    return carts.create_cart(market=market)


def lines(cart) -> list[tuple]:
    return list(CartLine.objects.filter(cart=cart).order_by("pk")
                .values_list("product__name", "quantity", "substitution", "note"))


def test_add_creates_a_line_with_defaults(cart, store):
    product = ProductFactory(store=store, name="애호박", stock=10)
    line = carts.set_line(cart=cart, product_id=product.pk, quantity=2)
    assert (line.cart, line.product, line.quantity) == (cart, product, 2)
    assert lines(cart) == [("애호박", 2, "refund", "")]


def test_update_changes_quantity_and_keeps_unset_choices(cart, store):
    product = ProductFactory(store=store, name="애호박", stock=10)
    carts.set_line(cart=cart, product_id=product.pk, quantity=2, substitution="similar_same_store",
                   note="  잘 익은 걸로 ")
    carts.set_line(cart=cart, product_id=product.pk, quantity=5)
    assert lines(cart) == [("애호박", 5, "similar_same_store", "잘 익은 걸로")]
    carts.set_line(cart=cart, product_id=product.pk, quantity=5, substitution="refund", note="")
    assert lines(cart) == [("애호박", 5, "refund", "")]


def test_note_is_cut_to_200_characters(cart, store):
    product = ProductFactory(store=store)
    carts.set_line(cart=cart, product_id=product.pk, quantity=1, note="가" * 250)
    assert CartLine.objects.get(cart=cart).note == "가" * 200


def test_zero_removes_the_line(cart, store):
    keep = ProductFactory(store=store, name="무")
    drop = ProductFactory(store=store, name="애호박")
    carts.set_line(cart=cart, product_id=keep.pk, quantity=1)
    carts.set_line(cart=cart, product_id=drop.pk, quantity=3)
    assert carts.set_line(cart=cart, product_id=drop.pk, quantity=0) is None
    assert lines(cart) == [("무", 1, "refund", "")]
    # removing a line that is not there is a no-op
    assert carts.set_line(cart=cart, product_id=drop.pk, quantity=0) is None
    assert lines(cart) == [("무", 1, "refund", "")]


@pytest.mark.parametrize("quantity", [-1, 100, 1000])
def test_quantity_out_of_bounds_is_refused(cart, store, quantity):
    product = ProductFactory(store=store, stock=None)
    carts.set_line(cart=cart, product_id=product.pk, quantity=3)
    with pytest.raises(ValidationFailed) as exc:
        carts.set_line(cart=cart, product_id=product.pk, quantity=quantity)
    assert exc.value.code == "invalid_quantity"
    assert exc.value.message == "수량은 0개에서 99개 사이로 정해 주세요."
    assert lines(cart) == [(product.name, 3, "refund", "")]


def test_ninety_nine_is_the_maximum(cart, store):
    product = ProductFactory(store=store, stock=None)
    carts.set_line(cart=cart, product_id=product.pk, quantity=99)
    assert lines(cart) == [(product.name, 99, "refund", "")]


def test_sold_out_is_refused(cart, store):
    product = ProductFactory(store=store, name="애호박", stock=0)
    with pytest.raises(Conflict) as exc:
        carts.set_line(cart=cart, product_id=product.pk, quantity=1)
    assert (exc.value.code, exc.value.message) == ("sold_out", "애호박은(는) 품절되었습니다.")
    assert lines(cart) == []


def test_more_than_the_stock_is_refused(cart, store):
    product = ProductFactory(store=store, name="애호박", stock=3)
    carts.set_line(cart=cart, product_id=product.pk, quantity=2)
    with pytest.raises(Conflict) as exc:
        carts.set_line(cart=cart, product_id=product.pk, quantity=4)
    assert (exc.value.code, exc.value.message) == ("insufficient_stock", "애호박은(는) 3개까지 살 수 있습니다.")
    assert lines(cart) == [("애호박", 2, "refund", "")]
    carts.set_line(cart=cart, product_id=product.pk, quantity=3)
    assert lines(cart) == [("애호박", 3, "refund", "")]


def test_product_of_another_market_is_not_found(cart):
    elsewhere = ProductFactory(store=StoreFactory(market=MarketFactory()))
    with pytest.raises(NotFound) as exc:
        carts.set_line(cart=cart, product_id=elsewhere.pk, quantity=1)
    assert (exc.value.code, exc.value.message) == ("product_not_found", "이 시장에서 파는 상품이 아닙니다.")
    assert lines(cart) == []


@pytest.mark.parametrize("hidden", ["inactive_product", "inactive_store", "missing"])
def test_hidden_products_are_not_found(cart, store, market, hidden):
    if hidden == "inactive_product":
        product_id = ProductFactory(store=store, is_active=False).pk
    elif hidden == "inactive_store":
        product_id = ProductFactory(store=StoreFactory(market=market, is_active=False)).pk
    else:
        product_id = 987654
    with pytest.raises(NotFound):
        carts.set_line(cart=cart, product_id=product_id, quantity=1)
    assert lines(cart) == []


def test_ordered_cart_is_refused(cart, store):
    product = ProductFactory(store=store, name="애호박")
    carts.set_line(cart=cart, product_id=product.pk, quantity=2)
    cart.ordered_at = timezone.now()
    Cart.objects.filter(pk=cart.pk).update(ordered_at=cart.ordered_at)
    for quantity in (1, 0):
        with pytest.raises(Conflict) as exc:
            carts.set_line(cart=cart, product_id=product.pk, quantity=quantity)
        assert exc.value.code == "cart_ordered"
    assert lines(cart) == [("애호박", 2, "refund", "")]


def test_invalid_substitution_is_refused(cart, store):
    product = ProductFactory(store=store, name="애호박")
    carts.set_line(cart=cart, product_id=product.pk, quantity=2, substitution="similar_same_store")
    with pytest.raises(ValidationFailed) as exc:
        carts.set_line(cart=cart, product_id=product.pk, quantity=3, substitution="anything")
    assert (exc.value.code, exc.value.message) == ("invalid_substitution", "품절 시 대체 방법을 다시 골라 주세요.")
    assert lines(cart) == [("애호박", 2, "similar_same_store", "")]


def test_add_to_cart_accumulates_and_caps_at_99(cart, store):
    product = ProductFactory(store=store, name="애호박", stock=None)
    carts.add_to_cart(cart=cart, product_id=product.pk)
    carts.add_to_cart(cart=cart, product_id=product.pk, quantity=3)
    assert lines(cart) == [("애호박", 4, "refund", "")]
    carts.add_to_cart(cart=cart, product_id=product.pk, quantity=200)
    assert lines(cart) == [("애호박", 99, "refund", "")]
    assert cart_count(cart) == 99


def test_cart_count(cart, store):
    a, b = ProductFactory(store=store), ProductFactory(store=store)
    assert cart_count(None) == 0
    assert cart_count(cart) == 0
    carts.set_line(cart=cart, product_id=a.pk, quantity=2)
    carts.set_line(cart=cart, product_id=b.pk, quantity=3)
    assert cart_count(cart) == 5


def test_cart_in_an_inactive_market_is_refused():
    market = MarketFactory(is_active=False)
    with pytest.raises(ValidationFailed) as exc:
        carts.create_cart(market=market)
    assert exc.value.code == "market_inactive"
    assert Cart.objects.count() == 0
