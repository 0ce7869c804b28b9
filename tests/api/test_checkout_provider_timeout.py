"""The provider does not answer: the customer gets a clear 503, never a 500, and a retry with
the same key never charges twice."""

import time_machine

from jangbogi.orders.models import Order, OrderStatus
from jangbogi.payments.models import Payment, PaymentStatus
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING


@time_machine.travel(MORNING, tick=False)
def test_timeout_is_503_and_the_payment_waits_for_reconciliation(api, market, cart_two_stores):
    path, headers = f"/carts/{cart_two_stores.pk}/checkout", cart_headers(cart_two_stores, "slow-pg")
    first = api.post(path, checkout_body(market, demo_outcome="timeout"), headers=headers)

    assert first.status_code == 503
    assert first.json()["code"] == "payment_unknown"
    assert "두 번 되지는 않아요" in first.json()["message"]
    order = Order.objects.get()
    assert order.status == OrderStatus.PENDING_PAYMENT
    payment = Payment.objects.get()
    assert (payment.status, payment.failure_code) == (PaymentStatus.PENDING, "TIMEOUT")

    again = api.post(path, checkout_body(market), headers=headers)
    assert again.status_code == 409
    assert again.json()["code"] == "payment_in_progress"
    assert Payment.objects.count() == 1
