"""The fake's own behaviour, over raw HTTP (so the adapter cannot hide a fake bug)."""

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from .conftest import ORDER, SECRET, basic_auth

AUTH = basic_auth(SECRET)


def call(base_url, method, path, body=None, *, key=None, auth=AUTH):
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    if key is not None:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base_url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_reused_key_replays_the_first_answer_even_for_another_body(fake, toss_base_url):
    payment_key = fake.authorize(ORDER, 14_000)
    first = call(toss_base_url, "POST", "/v1/payments/confirm",
                 {"paymentKey": payment_key, "orderId": ORDER, "amount": 14_000}, key="k")

    replay = call(toss_base_url, "POST", "/v1/payments/confirm",
                  {"paymentKey": "other", "orderId": "261126-000002", "amount": 99_000}, key="k")

    assert first[0] == 200 and replay == first
    assert fake.charge_count(ORDER) == 1


def test_an_idempotency_key_over_300_characters_is_a_400(fake, toss_base_url):
    status, body = call(toss_base_url, "POST", "/v1/payments/confirm",
                        {"paymentKey": fake.authorize(ORDER, 14_000), "orderId": ORDER, "amount": 14_000},
                        key="k" * 301)

    assert (status, body["code"]) == (400, "INVALID_IDEMPOTENCY_KEY")
    assert fake.charge_count(ORDER) == 0


def test_a_5xx_is_not_remembered_for_the_key(fake, toss_base_url):
    body = {"paymentKey": fake.authorize(ORDER, 14_000), "orderId": ORDER, "amount": 14_000}
    fake.fail_next(500)

    failed = call(toss_base_url, "POST", "/v1/payments/confirm", body, key="k")
    retried = call(toss_base_url, "POST", "/v1/payments/confirm", body, key="k")

    assert failed == (500, {"code": "FAILED_INTERNAL_SYSTEM_PROCESSING",
                            "message": "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요."})
    assert retried[0] == 200 and retried[1]["status"] == "DONE"


def test_a_missing_or_wrong_secret_is_401_unauthorized_key(toss_base_url):
    for auth in (None, basic_auth("test_sk_wrong"), "Basic " + SECRET):
        status, body = call(toss_base_url, "GET", f"/v1/payments/orders/{ORDER}", auth=auth)
        assert (status, body["code"]) == (401, "UNAUTHORIZED_KEY")


def test_confirm_validates_the_order_id_format(fake, toss_base_url):
    status, body = call(toss_base_url, "POST", "/v1/payments/confirm",
                        {"paymentKey": fake.authorize("12345", 14_000), "orderId": "12345", "amount": 14_000})

    assert (status, body["code"]) == (400, "INVALID_ORDER_ID")


def test_a_full_cancel_without_cancel_amount_and_its_taxes(fake, toss_base_url):
    payment_key = fake.authorize(ORDER, 11_000, tax_free_amount=5_500)
    _, approved = call(toss_base_url, "POST", "/v1/payments/confirm",
                       {"paymentKey": payment_key, "orderId": ORDER, "amount": 11_000})

    status, canceled = call(toss_base_url, "POST", f"/v1/payments/{payment_key}/cancel", {"cancelReason": "품절"})

    assert (approved["vat"], approved["suppliedAmount"], approved["taxFreeAmount"]) == (500, 5_000, 5_500)
    assert status == 200 and canceled["status"] == "CANCELED"
    assert [(c["cancelAmount"], c["refundableAmount"]) for c in canceled["cancels"]] == [(11_000, 0)]


def test_the_control_endpoints_drive_the_fake_by_hand(toss_base_url):
    _, authorized = call(toss_base_url, "POST", "/_fake/authorize", {"orderId": ORDER, "amount": 12_000}, auth=None)
    call(toss_base_url, "POST", "/_fake/decline", {"amount": 12_000}, auth=None)
    declined = call(toss_base_url, "POST", "/v1/payments/confirm",
                    {"paymentKey": authorized["paymentKey"], "orderId": ORDER, "amount": 12_000})
    _, state = call(toss_base_url, "GET", "/_fake/state", auth=None)

    assert declined[0] == 403 and declined[1]["code"] == "REJECT_CARD_PAYMENT"
    assert [(p["orderId"], p["status"]) for p in state["payments"]] == [(ORDER, "ABORTED")]
    assert state["charges"] == []


@pytest.mark.slow
def test_it_runs_from_the_command_line():
    process = subprocess.Popen(
        [sys.executable, "-m", "jangbogi.integrations.payments.fake_toss", "--port", "0", "--secret", SECRET],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner = process.stdout.readline()
        base_url = banner.split(" on ", 1)[1].split(" ", 1)[0]
        status, body = call(base_url, "GET", "/v1/payments/orders/261126-000001")
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert banner.startswith("fake Toss Payments on http://127.0.0.1:")
    assert (status, body["code"]) == (404, "NOT_FOUND_PAYMENT")
