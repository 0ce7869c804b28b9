"""compare_and_set: UPDATE ... WHERE status IN (allowed sources)."""

import pytest

from jangbogi.core.errors import InvalidTransition
from jangbogi.core.states import compare_and_set, sources_for
from jangbogi.payments.models import Payment

TABLE = {
    "pending": {"approved", "declined"},
    "approved": {"canceled"},
    "declined": set(),
    "canceled": set(),
}


def _payment(status: str, key: str) -> Payment:
    return Payment.objects.create(order_ref="R1", provider="demo", method="card", amount=1000,
                                  status=status, idempotency_key=key)


def test_sources_for():
    assert sources_for(TABLE, "approved") == ["pending"]
    assert sources_for(TABLE, "canceled") == ["approved"]
    assert sources_for(TABLE, "pending") == []
    assert sources_for(TABLE, "refunded") == []


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), [
    ("pending", "approved"), ("pending", "declined"), ("approved", "canceled"),
])
def test_allowed_move_changes_the_row(source, target):
    payment = _payment(source, "k1")
    changed = compare_and_set(Payment.objects.filter(pk=payment.pk), table=TABLE, target=target)
    assert changed == 1
    payment.refresh_from_db()
    assert payment.status == target


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), [
    ("approved", "approved"), ("declined", "approved"), ("canceled", "approved"),
    ("pending", "canceled"), ("declined", "canceled"), ("canceled", "canceled"),
    ("approved", "declined"), ("canceled", "declined"),
])
def test_disallowed_move_returns_0_and_leaves_the_row(source, target):
    payment = _payment(source, "k1")
    changed = compare_and_set(Payment.objects.filter(pk=payment.pk), table=TABLE, target=target,
                              failure_code="SHOULD_NOT_BE_WRITTEN")
    assert changed == 0
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == (source, "")


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["refunded", "pending"])
def test_target_without_a_source_raises_and_changes_nothing(target):
    payment = _payment("pending", "k1")
    with pytest.raises(InvalidTransition, match=f"no transition leads to {target}"):
        compare_and_set(Payment.objects.all(), table=TABLE, target=target)
    payment.refresh_from_db()
    assert payment.status == "pending"


@pytest.mark.django_db
def test_moves_only_the_rows_whose_status_allows_it_and_writes_extra_fields():
    pending = [_payment("pending", f"p{i}") for i in range(3)]
    declined = _payment("declined", "d")
    canceled = _payment("canceled", "c")

    changed = compare_and_set(Payment.objects.all(), table=TABLE, target="approved", provider_ref=None,
                              failure_code="OK")

    assert changed == 3
    rows = dict(Payment.objects.values_list("pk", "status"))
    assert rows == {**{p.pk: "approved" for p in pending}, declined.pk: "declined", canceled.pk: "canceled"}
    assert set(Payment.objects.filter(failure_code="OK").values_list("pk", flat=True)) == {p.pk for p in pending}


@pytest.mark.django_db
def test_second_compare_and_set_loses_the_race():
    payment = _payment("pending", "k1")
    qs = Payment.objects.filter(pk=payment.pk)
    assert compare_and_set(qs, table=TABLE, target="approved") == 1
    assert compare_and_set(qs, table=TABLE, target="declined") == 0
    payment.refresh_from_db()
    assert payment.status == "approved"
