"""Simulated crashes around the provider call: the provider does the work, then the process
"dies" before our code records the answer (ProcessDied is a BaseException, so no `except
Exception` or `except ProviderError` on the way up can treat it as an answer)."""

from collections.abc import Callable
from contextlib import contextmanager
from unittest import mock

from jangbogi.integrations.payments import DemoPaymentProvider, ProviderPayment, get_provider
from jangbogi.payments import services


class ProcessDied(BaseException):
    """The process was killed right after the provider answered."""


class _Dying:
    def __init__(self, inner, op: str, when: Callable):
        self.inner, self.op, self.when, self.name = inner, op, when, inner.name

    def approve(self, request):
        result = self.inner.approve(request)
        if self.op == "approve" and self.when(request):
            raise ProcessDied(request.order_ref)
        return result

    def cancel(self, request):
        result = self.inner.cancel(request)
        if self.op == "cancel" and self.when(request):
            raise ProcessDied(request.provider_ref)
        return result

    def __getattr__(self, name):
        return getattr(self.inner, name)


@contextmanager
def dies_after_provider(op: str, when: Callable = lambda request: True):
    """Inside the block, `op` ("approve" or "cancel") reaches the provider and then the process
    dies before our commit, for the requests `when` picks."""
    with mock.patch.object(services, "get_provider", lambda: _Dying(get_provider(), op, when)):
        yield


def provider_record(provider_order_id: str) -> ProviderPayment:
    """What the (process-wide) demo provider holds for one tender."""
    return DemoPaymentProvider().lookup_by_order_id(provider_order_id)


def approvals_at_provider(order_ref: str) -> dict[str, int]:
    """How many approvals the demo provider made, per provider order id of `order_ref`'s tenders."""
    counts: dict[str, int] = {}
    for payment in DemoPaymentProvider().all_payments():
        if payment.order_ref.startswith(f"{order_ref}-") or payment.order_ref == order_ref:
            counts[payment.order_ref] = counts.get(payment.order_ref, 0) + 1
    return counts
