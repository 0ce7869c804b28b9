"""`ingest-fees`: the provider's fee per tender into the ledger, once (the demo's invented
card rate is 2.0 %), settling the tender first when it was not yet."""

import io

import pytest
import time_machine
from django.core.management import call_command

from jangbogi.orders import services as orders
from jangbogi.payments.models import Payment
from jangbogi.settlement.models import EntryKind, LedgerEntry
from tests.conftest import MORNING, delivery_details

pytestmark = pytest.mark.django_db

DAY = MORNING.date().isoformat()


def ingest(day: str = DAY) -> str:
    out = io.StringIO()
    call_command("ingest_fees", date=day, stdout=out)
    return out.getvalue()


def test_fees_are_recorded_per_tender_once(market, cart_two_stores):
    with time_machine.travel(MORNING, tick=False):
        order = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="k",
                                now=MORNING)
    tenders = {p.pk: p.amount for p in Payment.objects.filter(order_ref=order.number)}
    assert sorted(tenders.values()) == [3_000, 3_000, 8_000]  # 애호박, the delivery fee, 고등어

    first = ingest()
    fees = list(LedgerEntry.objects.filter(kind=EntryKind.PROVIDER_FEE).values_list("amount", "tender_ref"))
    second = ingest()

    assert sorted(a for a, _ in fees) == [-160, -60, -60]  # 2.0 % of each tender
    assert {ref for _, ref in fees} == set(Payment.objects.values_list("provider_ref", flat=True))
    assert "결제 3건, 280원" in first
    assert "결제 0건, 0원, 이미 기록된 결제 3건" in second
    assert LedgerEntry.objects.filter(kind=EntryKind.PROVIDER_FEE).count() == 3
    assert LedgerEntry.objects.filter(kind=EntryKind.CAPTURE).count() == 3  # settled on the way


def test_another_day_records_nothing(market, cart_two_stores):
    with time_machine.travel(MORNING, tick=False):
        orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="k", now=MORNING)

    assert "결제 0건, 0원" in ingest("2026-11-25")
    assert not LedgerEntry.objects.filter(kind=EntryKind.PROVIDER_FEE).exists()
