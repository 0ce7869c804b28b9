"""Real parallel transactions for the PostgreSQL race tests."""

import threading

import pytest
import time_machine
from django.db import connection

from tests.conftest import MORNING


@pytest.fixture(autouse=True)
def needs_postgres():
    """Import into a race-test module: skips it on SQLite, which serialises writers."""
    if connection.vendor != "postgresql":
        pytest.skip("race test needs PostgreSQL (SQLite serialises writers); CI runs it with DATABASE_URL")


def race(calls, *, at=MORNING):
    """Run each call in its own thread (its own connection), all released at once, with the
    clock running from `at`; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    with time_machine.travel(at, tick=True):
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return results
