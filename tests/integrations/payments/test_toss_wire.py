"""What the Toss adapter puts on the wire: Basic auth, documented field names, and an
Idempotency-Key on every money-moving POST but never on a GET."""

import pytest

from jangbogi.integrations.payments import ApprovalRequest, CancelRequest, PaymentNotFound
from jangbogi.integrations.payments.toss import TossPaymentsClient

from .conftest import ORDER, SECRET, basic_auth


def approval(metadata: dict, *, amount: int = 14_000, tax_free: int = 0, order_name: str = "") -> ApprovalRequest:
    return ApprovalRequest(order_ref=ORDER, amount=amount, tax_free_amount=tax_free, method="card",
                           idempotency_key="order:261126-000001:approve", metadata=metadata,
                           order_name=order_name)


def test_every_call_authenticates_with_basic_base64_of_secret_and_colon(fake, toss):
    payment_key = fake.authorize(ORDER, 14_000)
    toss.approve(approval({"payment_key": payment_key}))
    toss.lookup(payment_key)

    assert basic_auth(SECRET) == "Basic dGVzdF9za19jb250cmFjdDo="
    assert {r.headers["authorization"] for r in fake.requests} == {"Basic dGVzdF9za19jb250cmFjdDo="}


def test_confirm_sends_payment_key_order_id_amount_with_the_idempotency_key(fake, toss):
    payment_key = fake.authorize(ORDER, 14_000, tax_free_amount=4_000)

    toss.approve(approval({"payment_key": payment_key}, tax_free=4_000))

    (confirm,) = fake.requests
    assert (confirm.method, confirm.path) == ("POST", "/v1/payments/confirm")
    assert confirm.body == {"paymentKey": payment_key, "orderId": ORDER, "amount": 14_000}
    assert confirm.headers["idempotency-key"] == "order:261126-000001:approve"
    assert confirm.headers["content-type"] == "application/json"


@pytest.mark.parametrize(("order_name", "sent_name"), [("", "장보기 주문 261126-000001"), ("애호박 외 1건", "애호박 외 1건")])
def test_billing_charge_sends_the_documented_fields(fake, toss, order_name, sent_name):
    billing_key = fake.issue_billing_key("cust_7f3a9c1e-5b2d")

    toss.approve(approval({"billing_key": billing_key, "customer_key": "cust_7f3a9c1e-5b2d"}, tax_free=4_000,
                          order_name=order_name))

    (charge,) = fake.requests
    assert (charge.method, charge.path) == ("POST", f"/v1/billing/{billing_key}")
    assert charge.body == {"customerKey": "cust_7f3a9c1e-5b2d", "amount": 14_000, "orderId": ORDER,
                           "orderName": sent_name, "taxFreeAmount": 4_000}
    assert charge.headers["idempotency-key"] == "order:261126-000001:approve"


def test_cancel_sends_reason_amount_and_tax_free_amount_with_the_idempotency_key(fake, toss):
    ref = toss.approve(approval({"payment_key": fake.authorize(ORDER, 14_000, tax_free_amount=4_000)},
                                tax_free=4_000)).provider_ref

    toss.cancel(CancelRequest(provider_ref=ref, amount=5_000, tax_free_amount=1_000, reason="품절",
                              idempotency_key="k:cancel:1"))
    toss.cancel(CancelRequest(provider_ref=ref, amount=1_000, tax_free_amount=0, reason="품절",
                              idempotency_key="k:cancel:2", refundable_amount=9_000))

    first, second = fake.requests[1:]
    assert (first.method, first.path) == ("POST", f"/v1/payments/{ref}/cancel")
    assert first.body == {"cancelReason": "품절", "cancelAmount": 5_000, "taxFreeAmount": 1_000}
    assert first.headers["idempotency-key"] == "k:cancel:1"
    assert second.body == {"cancelReason": "품절", "cancelAmount": 1_000, "taxFreeAmount": 0,
                           "refundableAmount": 9_000}


def test_lookups_are_gets_without_an_idempotency_key(fake, toss):
    ref = toss.approve(approval({"payment_key": fake.authorize(ORDER, 14_000)})).provider_ref

    toss.lookup(ref)
    toss.lookup_by_order_id(ORDER)
    with pytest.raises(PaymentNotFound):
        toss.lookup_by_order_id("261126-999999")

    gets = fake.requests[1:]
    assert [(r.method, r.path) for r in gets] == [
        ("GET", f"/v1/payments/{ref}"), ("GET", f"/v1/payments/orders/{ORDER}"),
        ("GET", "/v1/payments/orders/261126-999999")]
    assert all("idempotency-key" not in r.headers and r.body is None for r in gets)


def test_path_parameters_are_percent_encoded(fake, toss):
    with pytest.raises(PaymentNotFound):
        toss.lookup("a/b c")

    assert fake.requests[-1].path == "/v1/payments/a%2Fb%20c"


def test_a_missing_payment_or_billing_key_is_a_programming_error_and_sends_nothing(fake, toss):
    with pytest.raises(ValueError, match="payment_key"):
        toss.approve(approval({}))
    with pytest.raises(ValueError, match="customer_key"):
        toss.approve(approval({"billing_key": "bk_x"}))

    assert fake.requests == []


def test_an_idempotency_key_over_300_characters_is_refused_before_sending(fake, toss):
    request = approval({"payment_key": fake.authorize(ORDER, 14_000)})

    with pytest.raises(ValueError, match="300"):
        toss.approve(ApprovalRequest(**{**request.__dict__, "idempotency_key": "k" * 301}))

    assert fake.requests == []


def test_timeouts_default_to_10_seconds_and_60_for_billing_charges():
    client = TossPaymentsClient(SECRET)

    assert (client.base_url, client.timeout, client.billing_timeout) == (
        "https://api.tosspayments.com", (3.05, 10), (3.05, 60))
