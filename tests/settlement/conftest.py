"""The clock stopped at MORNING (2026-11-26 10:00 Seoul, a Thursday), so payments are approved
and the ledger dated on that day; `settled` is the `paid_order` fixture settled."""

import datetime as dt

import pytest
import time_machine

from jangbogi.settlement import ingest
from jangbogi.settlement.models import LedgerEntry
from tests.conftest import MORNING

DAY = MORNING.date()


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def next_morning(morning):
    """Move the clock to the next day: the order's day is then a closed period."""
    morning.move_to(MORNING + dt.timedelta(days=1))
    return morning


@pytest.fixture
def veg(two_stores):
    return two_stores[0]


@pytest.fixture
def fish(two_stores):
    return two_stores[1]


@pytest.fixture
def settled(paid_order):
    ingest.settle_order(paid_order)
    return paid_order


def rows(**filters) -> list[tuple]:
    """(party, kind, amount, key) of the ledger, in order: party is the store's name or 배송센터."""
    return [(e.store.name if e.store else "배송센터", e.kind, e.amount, e.idempotency_key)
            for e in LedgerEntry.objects.filter(**filters).select_related("store").order_by("pk")]
