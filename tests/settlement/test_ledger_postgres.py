"""On PostgreSQL, with real parallel transactions: concurrent refunds never take more than was
captured, concurrent 지급 요청 make one payout, and the database refuses DELETE on the ledger."""

import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, transaction

from jangbogi.core.errors import ValidationFailed
from jangbogi.integrations import payouts as port
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import LedgerEntry, Payout
from tests.factories import StoreFactory
from tests.settlement.conftest import DAY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers); CI runs it with DATABASE_URL")


def race(target, n: int) -> list:
    """Run target(i) in n threads at once; their results (or exceptions)."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_refunds_never_exceed_the_capture():
    store = StoreFactory()
    settlement.record_capture(store=store, order_ref="A-1", tender_ref="t", amount=10_000, business_date=DAY,
                              key="cap")
    results = race(lambda i: settlement.record_refund(
        store=store, order_ref="A-1", tender_ref="t", amount=2_000, business_date=DAY, key=f"r{i}"), 10)

    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert len(refused) == 5 and all(r.code == "refund_exceeds_captured" for r in refused)
    assert sum(LedgerEntry.objects.filter(kind__in=["capture", "refund"]).values_list("amount", flat=True)) == 0
    assert sum(LedgerEntry.objects.filter(kind__in=["commission", "commission_reversal"])
               .values_list("amount", flat=True)) == 0


def test_concurrent_payout_requests_make_one_payout(monkeypatch, morning):
    morning.move_to(dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC))
    demo = port.DemoPayoutProvider()
    monkeypatch.setattr(port, "_demo", demo)
    store = StoreFactory()
    settlement.record_capture(store=store, order_ref="A-1", tender_ref="t", amount=10_000, business_date=DAY,
                              key="cap")
    results = race(lambda i: settlement.request_payout(store=store, start=DAY, end=DAY).pk, 6)

    assert len(set(results)) == 1, results
    assert Payout.objects.get().status == "paid"
    assert len(demo.requests) == 1
    assert settlement.statement(store, DAY, DAY).payable == 0


def test_the_database_refuses_a_delete():
    store = StoreFactory()
    entry = settlement.record_capture(store=store, order_ref="A-1", tender_ref="t", amount=1, business_date=DAY,
                                      key="cap")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM settlement_ledgerentry WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
