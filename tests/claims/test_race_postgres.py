"""Real parallel requests on PostgreSQL: two staff deciding the same claim at once refund it
once; two reports of the same line at once file one claim."""

import pytest

from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimPolicy, ClaimStatus
from jangbogi.core.errors import DomainError
from jangbogi.payments.models import CancelKind, PaymentCancel
from tests.claims.builders import line_named, soon_after_delivery
from tests.race import needs_postgres, race  # noqa: F401 - needs_postgres is an autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _attempt(call):
    def run():
        try:
            return call()
        except DomainError as exc:
            return exc.code
    return run


def test_two_staff_deciding_at_once_refund_once(delivered, market):
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0)
    claim = claims.file_claim(order=delivered, line_id=line_named(delivered, "고등어").pk, reason="missing",
                              quantity=1, now=soon_after_delivery(delivered))

    results = race([_attempt(lambda: claims.decide_claim(claim=Claim.objects.get(pk=claim.pk), remedy="refund",
                                                         refund_amount=8000, bearer="store"))
                    for _ in range(3)], at=soon_after_delivery(delivered))

    assert sorted(r if isinstance(r, str) else "ok" for r in results) == ["claim_decided", "claim_decided", "ok"]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.RESOLVED
    assert list(PaymentCancel.objects.filter(kind=CancelKind.CLAIM).values_list("amount", flat=True)) == [8000]


def test_two_reports_of_the_same_line_at_once_file_one(delivered, market):
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0)
    line = line_named(delivered, "고등어")
    at = soon_after_delivery(delivered)

    results = race([_attempt(lambda: claims.file_claim(order=delivered, line_id=line.pk, reason="missing",
                                                       quantity=1, now=at)) for _ in range(3)], at=at)

    assert Claim.objects.count() == 1
    assert sum(isinstance(r, Claim) for r in results) == 1
