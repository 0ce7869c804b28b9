"""Crash tests: the provider approved (or cancelled), the process died before our commit.
`reconcile-payments --repair` finds the provider's record by the tender's provider order id,
applies it, and the order follows; a retried checkout never charges twice."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from jangbogi.integrations.payments import DemoPaymentProvider
from jangbogi.orders import services as orders
from jangbogi.orders.models import Order, OrderEvent, OrderStatus
from jangbogi.payments.models import (
    CancelStatus,
    Payment,
    PaymentCancel,
    PaymentEvent,
    PaymentStatus,
)
from tests.conftest import MORNING, delivery_details
from tests.payments.crash import ProcessDied, approvals_at_provider, dies_after_provider

pytestmark = pytest.mark.django_db

DAY = MORNING.date().isoformat()
LATER = MORNING + dt.timedelta(minutes=5)  # restarted; the order (15 min to pay) is still open


def reconcile(*, repair: bool = False, at: dt.datetime = LATER) -> tuple[int, list[str]]:
    """Run the command as cron would: (exit code, output lines)."""
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        try:
            call_command("reconcile_payments", date=DAY, repair=repair, stdout=out)
            code = 0
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue().splitlines()


def checkout(cart, market, **kwargs) -> Order:
    with time_machine.travel(MORNING, tick=False):
        return orders.checkout(cart=cart, details=delivery_details(market), idempotency_key="tap", now=MORNING,
                               **kwargs)


def crash_checkout(cart, market, when) -> Order:
    with dies_after_provider("approve", when=when), pytest.raises(ProcessDied):
        checkout(cart, market)
    return Order.objects.get()


def test_approval_lost_on_the_last_tender_is_repaired_and_the_order_paid(market, cart_two_stores):
    order = crash_checkout(cart_two_stores, market, when=lambda r: r.order_ref.endswith("-D"))
    fee = Payment.objects.get(provider_order_id=f"{order.number}-D")
    assert fee.status == PaymentStatus.PENDING and not fee.provider_ref

    code, lines = reconcile()
    assert code == 1
    assert [line.split("\t")[0] for line in lines] == ["paid_there_not_here", "summary"]
    assert f"결제 {order.number}-D" in lines[0]
    assert lines[1] == f"summary\t{DAY}\t결제 3건 확인\tpaid_there_not_here 1"

    code, lines = reconcile(repair=True)
    assert code == 0, lines
    assert [line.split("\t")[0] for line in lines] == ["paid_there_not_here", "repaired", "order", "summary"]
    assert lines[2] == f"order\t주문 {order.number}\tpaid"
    fee.refresh_from_db()
    provider = DemoPaymentProvider().lookup_by_order_id(f"{order.number}-D")
    assert (fee.status, fee.provider_ref) == (PaymentStatus.APPROVED, provider.provider_ref)
    assert Order.objects.get().status == OrderStatus.PAID
    assert PaymentEvent.objects.get().source == "reconcile"

    again = checkout(cart_two_stores, market)  # the customer taps 주문하기 again
    assert again.pk == order.pk and again.status == OrderStatus.PAID
    assert approvals_at_provider(order.number) == {f"{order.number}-S{s}": 1 for s in _stores(order)} | {
        f"{order.number}-D": 1}
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert reconcile()[0] == 0


def test_approval_lost_on_the_first_tender_leaves_the_order_to_the_customers_retry(market, cart_two_stores):
    calls = []
    order = crash_checkout(cart_two_stores, market, when=lambda r: not calls and not calls.append(r))
    assert Payment.objects.count() == 1

    code, lines = reconcile(repair=True)

    assert code == 0, lines
    assert Payment.objects.get().status == PaymentStatus.APPROVED
    assert Order.objects.get().status == OrderStatus.PENDING_PAYMENT  # recovery never starts a charge
    with time_machine.travel(LATER, tick=False):
        paid = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="tap",
                               now=LATER)
    assert paid.status == OrderStatus.PAID
    assert sorted(approvals_at_provider(order.number).values()) == [1, 1, 1]


def test_approval_landing_after_the_order_expired_is_voided(market, cart_two_stores):
    order = crash_checkout(cart_two_stores, market, when=lambda r: r.order_ref.endswith("-D"))
    late = MORNING + dt.timedelta(minutes=16)
    with time_machine.travel(late, tick=False):
        assert orders.expire_unpaid_orders() == 1

    code, lines = reconcile(repair=True, at=late)

    assert code == 0, lines
    assert f"order\t주문 {order.number}\tvoided" in lines
    assert Order.objects.get().status == OrderStatus.EXPIRED
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.CANCELED}
    assert {p.status for p in DemoPaymentProvider().all_payments()} == {"CANCELED"}
    assert checkout(cart_two_stores, market).status == OrderStatus.EXPIRED  # a retry charges nothing
    assert sorted(approvals_at_provider(order.number).values()) == [1, 1, 1]


def test_cancel_lost_before_our_commit_is_settled_with_its_key(market, cart_two_stores):
    order = checkout(cart_two_stores, market)
    with time_machine.travel(MORNING, tick=False), dies_after_provider("cancel"), pytest.raises(ProcessDied):
        orders.cancel_order(order=order, now=MORNING)
    (pending,) = PaymentCancel.objects.all()
    assert pending.status == CancelStatus.PENDING

    code, lines = reconcile()
    assert code == 1
    assert lines[0].startswith("cancel_missing") and "응답 대기 중" in lines[0]

    code, lines = reconcile(repair=True)

    assert code == 0, lines
    assert f"order\t주문 {order.number}\tvoided" in lines  # the other tenders, never reached
    assert set(PaymentCancel.objects.values_list("status", flat=True)) == {CancelStatus.DONE}
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.CANCELED}
    for payment in Payment.objects.all():
        remote = DemoPaymentProvider().lookup(payment.provider_ref)
        assert (remote.status, len(remote.cancels), remote.balance_amount) == ("CANCELED", 1, 0)


def test_a_request_the_provider_never_got_is_declined_once_abandoned(market, cart_two_stores):
    with pytest.raises(Exception) as err:
        checkout(cart_two_stores, market, demo_outcome="lost")
    assert err.value.code == "payment_unknown"
    tender = Payment.objects.get()

    assert reconcile(repair=True)[0] == 0
    assert Payment.objects.get().status == PaymentStatus.PENDING  # may still be on its way

    late = MORNING + dt.timedelta(minutes=31)
    with time_machine.travel(late, tick=False):
        orders.expire_unpaid_orders()
    assert reconcile(repair=True, at=late)[0] == 0
    tender.refresh_from_db()
    assert (tender.status, tender.failure_code) == (PaymentStatus.DECLINED, "NOT_FOUND_PAYMENT")
    assert DemoPaymentProvider().all_payments() == []


def test_paid_here_but_not_at_the_provider_is_reported_and_never_undone(market, cart_two_stores):
    order = checkout(cart_two_stores, market)
    from jangbogi.integrations.payments import reset_demo_store

    reset_demo_store()  # the provider has lost every record

    code, lines = reconcile(repair=True)

    assert code == 1
    remaining = [line for line in lines if line.startswith("remaining")]
    assert len(remaining) == 3 and all("paid_here_not_there" in line for line in remaining)
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.APPROVED}
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reconcile_payments", date="26/11/2026")


def _stores(order: Order) -> list[int]:
    return sorted(order.merchant_orders.values_list("store_id", flat=True))


def test_the_jangbogi_command_exits_1_while_mismatches_remain_and_2_on_a_bad_date(market, cart_two_stores):
    from typer.testing import CliRunner

    from jangbogi import cli

    crash_checkout(cart_two_stores, market, when=lambda r: r.order_ref.endswith("-D"))
    runner = CliRunner()
    with time_machine.travel(LATER, tick=False):
        found = runner.invoke(cli.app, ["reconcile-payments", "--date", DAY])
        repaired = runner.invoke(cli.app, ["reconcile-payments", "--date", DAY, "--repair"])
    bad = runner.invoke(cli.app, ["reconcile-payments", "--date", "2026-13-01"])

    assert found.exit_code == 1 and "paid_there_not_here" in found.stdout
    assert repaired.exit_code == 0 and "불일치 없음" in repaired.stdout
    assert bad.exit_code == 2
