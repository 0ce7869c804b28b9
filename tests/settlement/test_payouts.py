"""지급 요청 through the provider's 지급대행: closed periods only, once per period (a repeat
returns the payout made), failures give the amount back, and the statement shows it paid."""

import datetime as dt

import pytest

from jangbogi.core.errors import ValidationFailed
from jangbogi.integrations import payouts as port
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import LedgerEntry, Payout
from tests.settlement.conftest import DAY, rows

MONDAY = DAY - dt.timedelta(days=3)   # 2026-11-23; DAY is that week's Thursday
SUNDAY = MONDAY + dt.timedelta(days=6)


@pytest.fixture(autouse=True)
def provider(monkeypatch):
    """A fresh demo 지급대행 per test."""
    demo = port.DemoPayoutProvider()
    monkeypatch.setattr(port, "_demo", demo)
    return demo


def capture(store, amount, *, day=DAY, order="A-1"):
    return settlement.record_capture(store=store, order_ref=order, tender_ref="t", amount=amount, business_date=day,
                                     key=f"cap:{order}:{day}:{amount}")


def test_an_open_period_cannot_be_paid_out(settled, veg):
    before = rows()
    with pytest.raises(ValidationFailed) as exc:
        settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert exc.value.code == "period_open"
    assert rows() == before
    assert not Payout.objects.exists()


def test_a_closed_day_is_paid_and_the_statement_shows_it(settled, veg, provider, next_morning):
    payout = settlement.request_payout(store=veg, start=DAY, end=DAY, actor_label="박상인")

    assert (payout.amount, payout.status, payout.requested_by, payout.provider) == (2970, "paid", "박상인", "demo")
    assert payout.provider_ref.startswith("demo_payout_") and payout.completed_at is not None
    assert [(r.seller_ref, r.amount, r.period_start, r.idempotency_key) for r in provider.requests] == [
        (veg.bizno, 2970, DAY, f"payout:{veg.pk}:{DAY}:{DAY}:1")]
    entry = LedgerEntry.objects.get(kind="payout")
    assert (entry.store, entry.amount, entry.business_date, entry.payout) == (veg, -2970, DAY, payout)
    statement = settlement.statement(veg, DAY, DAY)
    assert (statement.captured, statement.commission, statement.payouts, statement.payable) == (3000, 30, 2970, 0)
    assert statement.payout_records == (payout,)
    assert statement.lines[-1].label == "지급"


def test_asking_again_returns_the_same_payout(settled, veg, provider, next_morning):
    first = settlement.request_payout(store=veg, start=DAY, end=DAY)
    again = settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert again == first
    assert Payout.objects.count() == 1 and len(provider.requests) == 1
    assert LedgerEntry.objects.filter(kind="payout").count() == 1


def test_nothing_to_pay_is_refused(veg, next_morning):
    with pytest.raises(ValidationFailed) as exc:
        settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert exc.value.code == "nothing_to_pay"
    assert not Payout.objects.exists()


def test_a_late_entry_for_a_paid_period_is_paid_by_the_next_request(veg, next_morning):
    capture(veg, 3000)
    first = settlement.request_payout(store=veg, start=DAY, end=DAY)
    capture(veg, 1000, order="A-2")  # arrives later, dated the paid day
    second = settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert (first.amount, second.amount) == (2970, 990)
    assert second.idempotency_key.endswith(":2")
    assert settlement.statement(veg, DAY, DAY).payable == 0


def test_a_failed_payout_gives_the_amount_back(veg, next_morning):
    capture(veg, 1458)  # payable 1,444원: the demo 지급대행 refuses amounts ending in 444
    payout = settlement.request_payout(store=veg, start=DAY, end=DAY)

    assert (payout.status, payout.failure_code) == ("failed", "DEMO_PAYOUT_FAILED")
    assert [(k, a, d) for k, a, d in LedgerEntry.objects.filter(payout=payout).values_list(
        "kind", "amount", "business_date")] == [("payout", -1444, DAY), ("correction", 1444, DAY)]
    statement = settlement.statement(veg, DAY, DAY)
    assert (statement.payouts, statement.payable) == (0, 1444)
    assert [line.label for line in statement.lines][-2:] == ["지급", "정정: 지급"]

    settlement.record_provider_fee(store=veg, tender_ref="t", amount=1, business_date=DAY, key="fee")
    retry = settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert (retry.status, retry.amount, retry.idempotency_key[-2:]) == ("paid", 1443, ":2")


def test_an_unknown_outcome_keeps_the_payout_requested_and_a_retry_resends_its_key(veg, monkeypatch,
                                                                                  next_morning):
    class Flaky:
        name = "flaky"
        calls: list = []

        def request_payout(self, request):
            self.calls.append(request.idempotency_key)
            if len(self.calls) == 1:
                raise port.PayoutError("응답 시간 초과", code="TIMEOUT", retryable=True)
            return port.PayoutResult(port.PayoutOutcome.PAID, provider_ref="flaky-1")

    flaky = Flaky()
    monkeypatch.setattr(settlement, "get_payout_provider", lambda: flaky)
    capture(veg, 3000)
    pending = settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert (pending.status, pending.failure_code) == ("requested", "TIMEOUT")
    assert settlement.statement(veg, DAY, DAY).payable == 0  # in flight: not asked twice

    done = settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert (done.pk, done.status, done.provider_ref) == (pending.pk, "paid", "flaky-1")
    assert flaky.calls == [pending.idempotency_key] * 2


def test_a_provider_that_answers_later(veg, monkeypatch, next_morning):
    class Async:
        name = "async"

        def request_payout(self, request):
            return port.PayoutResult(port.PayoutOutcome.REQUESTED, provider_ref="async-1")

    monkeypatch.setattr(settlement, "get_payout_provider", Async)
    capture(veg, 3000)
    payout = settlement.request_payout(store=veg, start=DAY, end=DAY)
    assert (payout.status, payout.provider_ref) == ("requested", "async-1")
    paid = settlement.apply_payout_result(payout=payout, result=port.PayoutResult(port.PayoutOutcome.PAID,
                                                                                  provider_ref="async-1"))
    assert paid.status == "paid"


def test_a_week_after_daily_payouts_pays_only_the_rest_and_settles_each_day(veg, morning):
    morning.move_to(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC))  # the next Monday
    capture(veg, 3000, day=MONDAY)
    capture(veg, 5000, day=DAY, order="A-2")
    settlement.record_refund(store=veg, order_ref="A-1", tender_ref="t", amount=1000,
                             business_date=MONDAY + dt.timedelta(days=2), key="claim", claim=True)
    daily = settlement.request_payout(store=veg, start=MONDAY, end=MONDAY)
    weekly = settlement.request_payout(store=veg, start=MONDAY, end=SUNDAY)

    assert (daily.amount, weekly.amount) == (2970, 4950 - 990)
    assert sorted(LedgerEntry.objects.filter(payout=weekly).values_list("business_date", "amount")) == [
        (MONDAY + dt.timedelta(days=2), 990), (DAY, -4950)]  # the Wednesday's claim is netted
    week = settlement.statement(veg, MONDAY, SUNDAY)
    assert (week.captured, week.refunds, week.commission, week.payouts, week.payable) == (
        8000, 1000, 70, 2970 + 3960, 0)
    for offset in range(7):
        day = MONDAY + dt.timedelta(days=offset)
        assert settlement.statement(veg, day, day).payable == 0
