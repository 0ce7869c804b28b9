"""Checkout is idempotent on the Idempotency-Key header, which is required."""

import time_machine

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Cart, Order, OrderEvent
from jangbogi.payments.models import Payment
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING


@time_machine.travel(MORNING, tick=False)
def test_same_key_twice_returns_the_same_order(api, market, cart_two_stores):
    path, headers = f"/carts/{cart_two_stores.pk}/checkout", cart_headers(cart_two_stores, "9b2e-double-tap")

    first = api.post(path, checkout_body(market), headers=headers)
    second = api.post(path, checkout_body(market), headers=headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    order = Order.objects.get()
    assert first.json()["number"] == order.number
    assert Payment.objects.filter(order_ref=order.number).count() == 3  # two stores + the delivery fee
    assert OrderEvent.objects.filter(order=order).count() == 2
    assert Product.objects.get(name="애호박").stock == 8


@time_machine.travel(MORNING, tick=False)
def test_missing_key_is_400_and_changes_nothing(api, market, cart_two_stores):
    for headers in (cart_headers(cart_two_stores), cart_headers(cart_two_stores, key="  ")):
        response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market), headers=headers)

        assert response.status_code == 400
        assert response.json() == {
            "code": "idempotency_key_required",
            "message": "Idempotency-Key 헤더가 필요합니다. 주문 요청마다 새 UUID를 보내 주세요."}
    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)
    assert Product.objects.get(name="애호박").stock == 10
    assert Cart.objects.get(pk=cart_two_stores.pk).ordered_at is None


@time_machine.travel(MORNING, tick=False)
def test_overlong_key_is_400(api, market, cart_two_stores):
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
                        headers=cart_headers(cart_two_stores, key="k" * 101))

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"
    assert Order.objects.count() == 0


@time_machine.travel(MORNING, tick=False)
def test_same_key_for_another_cart_is_a_conflict(api, market, cart_two_stores):
    api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
             headers=cart_headers(cart_two_stores, "shared-key"))
    other = Cart.objects.create(market=market)

    response = api.post(f"/carts/{other.pk}/checkout", checkout_body(market), headers=cart_headers(other, "shared-key"))

    assert response.status_code == 409
    assert response.json() == {"code": "idempotency_mismatch", "message": "같은 요청 키로 다른 장바구니를 주문했습니다."}
    assert Order.objects.count() == 1


@time_machine.travel(MORNING, tick=False)
def test_wrong_cart_token_is_404_before_anything_else(api, market, cart_two_stores):
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", {"recipient_name": 1},
                        headers={"X-Cart-Token": "guess", "Idempotency-Key": "k"})

    assert response.status_code == 404
    assert response.json()["code"] == "cart_not_found"
    assert Order.objects.count() == 0
