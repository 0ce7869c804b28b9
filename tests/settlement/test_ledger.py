"""The ledger itself: append-only (in code and in the database), keyed entries, refunds never
above what was captured, and corrections as reversing entries."""

import pytest
from django.db import DatabaseError, connection, transaction

from jangbogi.core.errors import Conflict, ValidationFailed
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import AppendOnlyError, EntryKind, LedgerEntry
from tests.settlement.conftest import DAY, rows


def capture(store, amount=3000, *, order="A-1", key="cap-1", day=DAY):
    return settlement.record_capture(store=store, order_ref=order, tender_ref="t1", amount=amount,
                                     business_date=day, key=key)


def refund(store, amount, *, order="A-1", key, claim=False, day=DAY):
    return settlement.record_refund(store=store, order_ref=order, tender_ref="t1", amount=amount,
                                    business_date=day, key=key, claim=claim)


# --- append-only ------------------------------------------------------------------------------

def test_an_entry_cannot_be_changed_or_removed_in_code(veg):
    entry = capture(veg)
    entry.amount = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.bulk_update([entry], ["amount"])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 3000


def test_the_database_refuses_an_update(veg):
    entry = capture(veg)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE settlement_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 3000


# --- keys ------------------------------------------------------------------------------------

def test_the_same_key_returns_the_first_entry(veg):
    first = capture(veg)
    assert capture(veg) == first
    assert [r[1:3] for r in rows()] == [("capture", 3000), ("commission", -30)]


def test_the_same_key_for_another_amount_is_a_conflict(veg):
    capture(veg)
    before = rows()
    with pytest.raises(Conflict) as exc:
        capture(veg, amount=2999)
    assert exc.value.code == "idempotency_mismatch"
    assert rows() == before


@pytest.mark.parametrize("amount", [0, -5])
def test_amounts_are_positive_won(veg, amount):
    with pytest.raises(ValidationFailed):
        capture(veg, amount=amount)
    assert not LedgerEntry.objects.exists()


# --- refunds ---------------------------------------------------------------------------------

def test_a_refund_above_the_captured_balance_is_refused_and_nothing_is_written(veg):
    capture(veg)
    refund(veg, 2000, key="r1")
    before = rows()
    with pytest.raises(ValidationFailed) as exc:
        refund(veg, 1001, key="r2", claim=True)
    assert exc.value.code == "refund_exceeds_captured"
    assert exc.value.details["refundable"] == 1000
    assert rows() == before
    refund(veg, 1000, key="r2", claim=True)  # exactly the balance is fine


def test_a_refund_is_per_order_and_store(veg, fish):
    capture(veg, order="A-1")
    capture(fish, order="A-2", key="cap-2")
    with pytest.raises(ValidationFailed):
        refund(fish, 1, order="A-1", key="r1")  # the other store's sale
    with pytest.raises(ValidationFailed):
        refund(veg, 1, order="A-2", key="r2")  # another order
    assert not LedgerEntry.objects.filter(kind=EntryKind.REFUND).exists()


def test_a_replayed_refund_is_not_refused_after_it_used_the_balance(veg):
    capture(veg)
    first = refund(veg, 3000, key="r1")
    assert refund(veg, 3000, key="r1") == first


def test_a_claim_refund_is_its_own_kind_and_counts_as_a_refund(veg):
    capture(veg)
    refund(veg, 1000, key="c1", claim=True)
    statement = settlement.statement(veg, DAY, DAY)
    assert [line.kind for line in statement.lines] == ["capture", "commission", "claim_refund", "commission_reversal"]
    assert (statement.refunds, statement.commission, statement.payable) == (1000, 20, 1980)


# --- corrections -----------------------------------------------------------------------------

def test_reversing_a_refund_restores_the_sale_and_its_commission(veg):
    capture(veg)
    wrong = refund(veg, 1000, key="r1")
    correction = settlement.reverse_entry(wrong, "잘못 입력한 환불")

    assert (correction.kind, correction.amount, correction.reverses, correction.memo) == (
        "correction", 1000, wrong, "잘못 입력한 환불")
    statement = settlement.statement(veg, DAY, DAY)
    assert (statement.captured, statement.refunds, statement.commission, statement.payable) == (3000, 0, 30, 2970)
    assert [line.label for line in statement.lines] == ["결제", "중개 수수료", "환불", "수수료 환급", "정정: 환불", "중개 수수료"]
    assert LedgerEntry.objects.get(pk=wrong.pk).amount == -1000  # the original stays as it was


def test_an_entry_is_reversed_once(veg):
    entry = capture(veg)
    first = settlement.reverse_entry(entry, "중복 결제")
    assert settlement.reverse_entry(entry, "중복 결제") == first
    assert LedgerEntry.objects.filter(kind=EntryKind.CORRECTION).count() == 1
    assert settlement.statement(veg, DAY, DAY).payable == 0


def test_a_capture_cannot_be_reversed_below_its_refunds(veg):
    entry = capture(veg)
    refund(veg, 1000, key="r1")
    before = rows()
    with pytest.raises(ValidationFailed) as exc:
        settlement.reverse_entry(entry, "실수")
    assert exc.value.code == "refund_exceeds_captured"
    assert rows() == before


@pytest.mark.parametrize("kind", ["commission", "correction"])
def test_derived_entries_and_corrections_are_not_reversed_by_hand(veg, kind):
    entry = capture(veg)
    settlement.reverse_entry(refund(veg, 100, key="r1"), "실수")
    target = LedgerEntry.objects.filter(kind=kind).first()
    before = rows()
    with pytest.raises(ValidationFailed) as exc:
        settlement.reverse_entry(target, "안 됨")
    assert exc.value.code == "not_reversible"
    assert rows() == before
    assert entry.pk


def test_a_correction_is_dated_today_by_default(veg, next_morning):
    entry = capture(veg)  # dated DAY (yesterday now)
    correction = settlement.reverse_entry(entry, "취소")
    assert correction.business_date > DAY
    assert settlement.statement(veg, DAY, DAY).payable == 2970  # the closed day is not rewritten


def test_delivery_center_entries_need_their_market(market):
    with pytest.raises(ValueError):
        settlement.record_capture(store=None, order_ref="A", tender_ref="t", amount=1, business_date=DAY, key="k")
    entry = settlement.record_capture(store=None, market=market, order_ref="A", tender_ref="t", amount=3000,
                                      business_date=DAY, key="k")
    assert (entry.store, entry.market, entry.kind) == (None, market, "capture")
    assert rows() == [("배송센터", "capture", 3000, "k")]  # no commission on the delivery fee
