import importlib
import itertools
from dataclasses import dataclass, field

import pytest

from jangbogi.integrations.payments import (
    ApprovalRequest,
    ApprovalResult,
    CancelRequest,
    CancelResult,
)


@dataclass
class CountingProvider:
    """A provider fake that records every call and answers as told."""

    name: str = "fake"
    approve_ok: bool = True
    cancel_ok: bool = True
    failure_message: str = "한도 초과"
    approvals: list[ApprovalRequest] = field(default_factory=list)
    cancels: list[CancelRequest] = field(default_factory=list)
    _refs: itertools.count = field(default_factory=lambda: itertools.count(1))

    def approve(self, request: ApprovalRequest) -> ApprovalResult:
        self.approvals.append(request)
        if not self.approve_ok:
            return ApprovalResult(approved=False, failure_code="LIMIT", failure_message=self.failure_message)
        return ApprovalResult(approved=True, provider_ref=f"fake_{next(self._refs)}")

    def cancel(self, request: CancelRequest) -> CancelResult:
        self.cancels.append(request)
        if not self.cancel_ok:
            return CancelResult(canceled=False, failure_message="이미 정산된 거래입니다.")
        return CancelResult(canceled=True)


@pytest.fixture
def provider(monkeypatch) -> CountingProvider:
    fake = CountingProvider()
    monkeypatch.setattr("jangbogi.payments.services.get_provider", lambda: fake)
    return fake


def ensure_seeded_caps() -> None:
    """Put back the every-시군 caps the migration seeds, should a transactional test (which
    empties the tables) have run first."""
    from jangbogi.payments.models import LocalCurrencyCap

    seeded = importlib.import_module("jangbogi.payments.migrations.0002_eligibility").SEEDED_CAPS
    for cap_won, start, end, note in seeded:
        LocalCurrencyCap.objects.get_or_create(sigun="", effective_from=start,
                                               defaults={"cap_won": cap_won, "effective_to": end, "note": note})


@pytest.fixture
def seeded_caps(db) -> None:
    ensure_seeded_caps()
