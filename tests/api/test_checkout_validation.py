"""Checkout with bad details: 422 with a Korean message per field, and nothing changes."""

import pytest
import time_machine

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Cart, Order, OrderEvent
from jangbogi.payments.models import Payment
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING


def snapshot(cart):
    return {
        "stock": list(Product.objects.order_by("pk").values_list("stock", flat=True)),
        "orders": Order.objects.count(), "events": OrderEvent.objects.count(),
        "payments": Payment.objects.count(),
        "ordered_at": Cart.objects.get(pk=cart.pk).ordered_at,
    }


@pytest.fixture
def post_checkout(api, cart_two_stores):
    def post(body, key="k-validation"):
        return api.post(f"/carts/{cart_two_stores.pk}/checkout", body, headers=cart_headers(cart_two_stores, key))
    return post


@time_machine.travel(MORNING, tick=False)
def test_service_rules_name_phone_zone(post_checkout, market, cart_two_stores):
    before = snapshot(cart_two_stores)
    body = checkout_body(market, recipient_name="  ", phone="02-123", lat=market.lat + 0.1)

    response = post_checkout(body)

    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_failed", "message": "주문 정보를 확인해 주세요.",
        "errors": {
            "recipient_name": "받는 분 이름을 적어 주세요.",
            "phone": "휴대폰 번호를 확인해 주세요. 예: 010-1234-5678",
            "address": f"이 주소는 {market.name} 배송 지역 밖이에요. 이 주소로 배달하는 시장이 아직 없어요. "
                       "다른 주소를 골라 주세요.",
        },
    }
    assert snapshot(cart_two_stores) == before


@time_machine.travel(MORNING, tick=False)
def test_schema_rules_missing_and_malformed_fields(post_checkout, market, cart_two_stores):
    before = snapshot(cart_two_stores)
    body = checkout_body(market, payment_method="cash", slot_date="내일", lat="여기")
    del body["phone"]

    response = post_checkout(body)

    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_failed", "message": "입력값을 확인해 주세요.",
        "errors": {
            "phone": "꼭 입력해야 합니다.",
            "lat": "숫자로 적어 주세요.",
            "slot_date": "날짜는 YYYY-MM-DD 형식으로 적어 주세요.",
            "payment_method": "다음 중 하나를 골라 주세요: local_currency, onnuri, card",
        },
    }
    assert snapshot(cart_two_stores) == before


@time_machine.travel(MORNING, tick=False)
def test_empty_cart_is_refused(api, market):
    cart = Cart.objects.create(market=market)

    response = api.post(f"/carts/{cart.pk}/checkout", checkout_body(market), headers=cart_headers(cart, "k-empty"))

    assert response.status_code == 422
    assert response.json() == {"code": "cart_empty", "message": "장바구니가 비어 있습니다."}
    assert Order.objects.count() == 0


@time_machine.travel(MORNING, tick=False)
def test_stock_gone_since_adding_is_a_conflict(post_checkout, market, cart_two_stores):
    zucchini = Product.objects.get(name="애호박")
    Product.objects.filter(pk=zucchini.pk).update(stock=1)  # someone else bought 9
    before = snapshot(cart_two_stores)

    response = post_checkout(checkout_body(market))

    assert response.status_code == 409
    assert response.json() == {"code": "out_of_stock", "product_ids": [zucchini.pk],
                               "message": "재고가 부족합니다: 애호박. 수량을 줄이거나 빼 주세요."}
    assert snapshot(cart_two_stores) == before
