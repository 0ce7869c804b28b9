"""A declined payment answers 402 with the failed order, gives the stock back and reopens
the cart; replays answer the same."""

import time_machine

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Cart, Order, OrderStatus
from jangbogi.payments.models import Payment, PaymentStatus
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING

DECLINED = "결제가 승인되지 않았습니다. 장바구니는 그대로 있으니 다른 결제 수단으로 다시 주문해 주세요."


@time_machine.travel(MORNING, tick=False)
def test_declined_payment_is_402_and_stock_restored(api, market, cart_two_stores):
    path, headers = f"/carts/{cart_two_stores.pk}/checkout", cart_headers(cart_two_stores, "k-decline")

    response = api.post(path, checkout_body(market, demo_outcome="decline"), headers=headers)

    assert response.status_code == 402
    body = response.json()
    order = Order.objects.get()
    assert (body["code"], body["message"]) == ("payment_declined", DECLINED)
    assert (body["order"]["number"], body["order"]["status"], body["order"]["status_label"]) == (
        order.number, "payment_failed", "결제 실패")
    assert body["order"]["access_token"] == order.access_token
    assert [p["status"] for p in body["order"]["parts"]] == ["canceled", "canceled"]
    assert [(e["to_status"], e["reason"]) for e in body["order"]["events"]] == [
        ("pending_payment", "주문서 작성"), ("payment_failed", "데모 결제: 카드사에서 승인을 거절했습니다.")]
    assert order.status == OrderStatus.PAYMENT_FAILED
    assert Product.objects.get(name="애호박").stock == 10
    assert Cart.objects.get(pk=cart_two_stores.pk).ordered_at is None
    # The last approval is refused; the ones approved before it are voided.
    assert list(Payment.objects.order_by("pk").values_list("status", flat=True))[-1] == PaymentStatus.DECLINED
    assert not Payment.objects.filter(status=PaymentStatus.APPROVED).exists()

    replay = api.post(path, checkout_body(market), headers=headers)

    assert replay.status_code == 402
    assert replay.json() == body
    assert (Order.objects.count(), Payment.objects.count()) == (1, 3)
    assert Product.objects.get(name="애호박").stock == 10


@time_machine.travel(MORNING, tick=False)
def test_a_new_key_after_a_decline_places_a_new_order(api, market, cart_two_stores):
    path = f"/carts/{cart_two_stores.pk}/checkout"
    api.post(path, checkout_body(market, demo_outcome="decline"), headers=cart_headers(cart_two_stores, "try-1"))

    retry = api.post(path, checkout_body(market, payment_method="onnuri"), headers=cart_headers(cart_two_stores, "try-2"))

    assert retry.status_code == 201
    assert retry.json()["status"] == "paid"
    assert list(Order.objects.order_by("pk").values_list("status", flat=True)) == ["payment_failed", "paid"]
    assert Product.objects.get(name="애호박").stock == 8
