"""POST/GET /api/v1/orders/{number}/claims: multipart with photos, the order token, the
Idempotency-Key replay, and the {code, message} error shape."""

import pytest

from jangbogi.claims.models import Claim
from jangbogi.payments.models import PaymentCancel
from tests.claims.builders import deliver, line_named, png

URL = "/api/v1/orders/{}/claims"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delivered(paid_order, market):
    return deliver(paid_order, market)


def _post(client, order, *, token=None, key="k-1", **fields):
    data = {"line_id": line_named(order, "고등어").pk, "reason": "damaged", "quantity": 1, "photos": png()}
    data.update(fields)
    headers = {"X-Order-Token": order.access_token if token is None else token}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(URL.format(order.number), data, headers=headers)


def test_file_with_a_photo_then_read_back(client, delivered):
    response = _post(client, delivered)

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["refunded_amount"], body["photos"], body["reason_label"]) == (
        "resolved", 8000, 1, "파손(깨지거나 터졌어요)")
    listed = client.get(URL.format(delivered.number), headers={"X-Order-Token": delivered.access_token}).json()
    assert [c["id"] for c in listed] == [body["id"]]


def test_the_same_key_replays_the_same_claim(client, delivered):
    first = _post(client, delivered).json()
    again = _post(client, delivered)

    assert again.status_code == 201 and again.json()["id"] == first["id"]
    assert Claim.objects.count() == 1 and PaymentCancel.objects.count() == 1


def test_a_wrong_token_is_404_and_files_nothing(client, delivered):
    response = _post(client, delivered, token="nope")
    assert response.status_code == 404 and response.json()["code"] == "order_not_found"
    assert not Claim.objects.exists()


def test_field_errors_in_korean(client, delivered):
    response = _post(client, delivered, reason="not_fresh", photos=[])
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed" and "사진" in body["errors"]["photos"]


def test_key_required(client, delivered):
    response = _post(client, delivered, key="")
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"


def test_not_delivered_is_422_window_closed(client, paid_order):
    response = _post(client, paid_order)
    assert response.status_code == 422 and response.json()["code"] == "claim_window_closed"
