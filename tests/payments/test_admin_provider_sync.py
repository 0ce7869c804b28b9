"""Webhook deliveries and payment events are listed read-only in the admin."""

import pytest

from jangbogi.payments.models import Payment, PaymentEvent, WebhookDelivery


@pytest.fixture
def admin_client(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def test_listed_and_read_only(admin_client):
    payment = Payment.objects.create(order_ref="261126-000001", provider="demo", method="card", amount=1_000,
                                     idempotency_key="k")
    PaymentEvent.objects.create(payment=payment, source="webhook", from_status="pending", to_status="approved",
                                note="결제사 승인 확인 (DONE)")
    delivery = WebhookDelivery.objects.create(key="a" * 64, provider="toss", event_type="PAYMENT_STATUS_CHANGED",
                                              payment_key="pk", outcome="applied", payment=payment)

    deliveries = admin_client.get("/admin/payments/webhookdelivery/")
    events = admin_client.get("/admin/payments/paymentevent/")

    assert deliveries.status_code == 200 and "PAYMENT_STATUS_CHANGED" in deliveries.content.decode()
    assert events.status_code == 200 and "결제사 승인 확인 (DONE)" in events.content.decode()
    assert admin_client.get("/admin/payments/webhookdelivery/add/").status_code == 403
    assert admin_client.get("/admin/payments/paymentevent/add/").status_code == 403
    assert admin_client.post(f"/admin/payments/webhookdelivery/{delivery.pk}/delete/", {"post": "yes"}).status_code \
        == 403
    assert WebhookDelivery.objects.count() == 1
