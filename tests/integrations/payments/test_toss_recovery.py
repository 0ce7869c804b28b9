"""How the Toss adapter reads errors: what is retryable, what is a decline, and the answers it
recovers by looking the payment up."""

import socket
import time

import pytest

from jangbogi.integrations.payments import ApprovalRequest, ProviderError, ProviderTimeout
from jangbogi.integrations.payments.toss import TossPaymentProvider, TossPaymentsClient

from .conftest import FAKE_DELAY, ORDER, make_toss


def widget(fake, amount=14_000, *, key="order:261126-000001:approve") -> ApprovalRequest:
    return ApprovalRequest(order_ref=ORDER, amount=amount, tax_free_amount=0, method="card", idempotency_key=key,
                           metadata={"payment_key": fake.authorize(ORDER, amount)})


def billing(fake, amount=14_000, *, key="order:261126-000001:approve") -> ApprovalRequest:
    customer = "cust_7f3a9c1e-5b2d"
    return ApprovalRequest(order_ref=ORDER, amount=amount, tax_free_amount=0, method="card", idempotency_key=key,
                           metadata={"billing_key": fake.issue_billing_key(customer), "customer_key": customer})


def test_already_processed_confirm_with_a_new_key_is_recovered_from_the_existing_approval(fake, toss):
    request = widget(fake)
    first = toss.approve(request)

    again = toss.approve(ApprovalRequest(**{**request.__dict__, "idempotency_key": "another-key"}))

    assert again.approved and again.provider_ref == first.provider_ref
    assert fake.charge_count(ORDER) == 1
    assert [(r.method, r.path) for r in fake.requests[-2:]] == [
        ("POST", "/v1/payments/confirm"), ("GET", f"/v1/payments/{first.provider_ref}")]


def test_duplicated_order_id_billing_charge_with_a_new_key_is_recovered(fake, toss):
    request = billing(fake)
    first = toss.approve(request)

    again = toss.approve(ApprovalRequest(**{**request.__dict__, "idempotency_key": "another-key"}))

    assert again.approved and again.provider_ref == first.provider_ref
    assert fake.charge_count(ORDER) == 1
    assert fake.requests[-1].path == f"/v1/payments/orders/{ORDER}"


def test_already_processed_after_a_decline_stays_declined(fake, toss):
    fake.decline(14_000)
    request = widget(fake)
    toss.approve(request)

    again = toss.approve(ApprovalRequest(**{**request.__dict__, "idempotency_key": "another-key"}))

    assert (again.approved, again.failure_code) == (False, "ALREADY_PROCESSED_PAYMENT")
    assert fake.charge_count(ORDER) == 0


def test_a_retry_while_the_first_request_still_runs_gets_a_retryable_409_and_no_second_charge(fake, toss):
    request = widget(fake)
    fake.delay_next(FAKE_DELAY, before_processing=True)

    with pytest.raises(ProviderTimeout):
        toss.approve(request)
    with pytest.raises(ProviderError) as busy:
        toss.approve(request)
    in_flight = toss.lookup_by_order_id(ORDER)
    deadline = time.monotonic() + 5
    while not toss.lookup_by_order_id(ORDER).was_approved and time.monotonic() < deadline:
        time.sleep(0.05)
    done = toss.approve(request)

    assert (busy.value.code, busy.value.http_status, busy.value.retryable) == (
        "IDEMPOTENT_REQUEST_PROCESSING", 409, True)
    assert (in_flight.status, in_flight.was_approved) == ("IN_PROGRESS", False)
    assert done.approved
    assert fake.charge_count(ORDER) == 1


def test_provider_error_is_a_400_that_is_retryable(fake, toss):
    fake.fail_next(400, "PROVIDER_ERROR", "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.")

    with pytest.raises(ProviderError) as failed:
        toss.approve(widget(fake))

    assert (failed.value.code, failed.value.http_status, failed.value.retryable) == ("PROVIDER_ERROR", 400, True)


def test_a_500_after_the_charge_is_retryable_and_the_retry_replays_the_approval(fake, toss):
    request = billing(fake)
    fake.fail_next(500, after_processing=True)

    with pytest.raises(ProviderError) as failed:
        toss.approve(request)
    found = toss.lookup_by_order_id(ORDER)
    retried = toss.approve(request)

    assert (failed.value.http_status, failed.value.retryable) == (500, True)
    assert found.was_approved and retried.provider_ref == found.provider_ref
    assert fake.charge_count(ORDER) == 1


def test_an_unreachable_server_is_a_retryable_network_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    toss = make_toss(f"http://127.0.0.1:{port}")

    with pytest.raises(ProviderError) as failed:
        toss.lookup_by_order_id(ORDER)

    assert (failed.value.code, failed.value.retryable) == ("NETWORK_ERROR", True)


def test_a_wrong_secret_key_is_terminal(fake, toss_base_url, caplog):
    toss = make_toss(toss_base_url, secret="test_sk_wrong")

    with pytest.raises(ProviderError) as failed:
        toss.lookup_by_order_id(ORDER)
    declined = toss.approve(widget(fake))

    assert (failed.value.code, failed.value.http_status, failed.value.retryable) == ("UNAUTHORIZED_KEY", 401, False)
    assert (declined.approved, declined.failure_code) == (False, "UNAUTHORIZED_KEY")
    assert "연동 설정 확인 필요" in caplog.text
    assert fake.charge_count(ORDER) == 0


def test_confirming_another_amount_than_the_widget_authorized_is_declined(fake, toss):
    request = widget(fake, 14_000)

    result = toss.approve(ApprovalRequest(**{**request.__dict__, "amount": 1_400}))

    assert (result.approved, result.failure_code) == (False, "INVALID_REQUEST")
    assert fake.charge_count(ORDER) == 0


def test_a_billing_charge_for_another_customer_key_is_declined(fake, toss):
    request = billing(fake)

    result = toss.approve(ApprovalRequest(**{**request.__dict__,
                                             "metadata": {**request.metadata, "customer_key": "someone_else"}}))

    assert (result.approved, result.failure_code) == (False, "NOT_MATCHES_CUSTOMER_KEY")


def test_a_garbled_success_answer_is_an_unknown_outcome(monkeypatch):
    toss = TossPaymentProvider(TossPaymentsClient("test_sk_x", "http://127.0.0.1:1"))
    monkeypatch.setattr(toss.client, "_send", lambda *args: (200, b"<html>oops</html>"))

    with pytest.raises(ProviderError) as failed:
        toss.lookup(ORDER)

    assert (failed.value.code, failed.value.retryable) == ("INVALID_RESPONSE", True)
