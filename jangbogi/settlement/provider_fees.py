"""Provider fees into the ledger: the provider's settlement report (Toss `GET /v1/settlements`,
the demo's invented rates) gives the fee per payment; each is recorded on its tender through
`ingest.record_tender_fee` (idempotent: one fee entry per tender and party, so running a day
again adds nothing).  A tender not yet settled is settled first (`ingest.settle_order`).

Only the fee of the sale is recorded: a later cancel's fee refund (a negative line) is reported
as skipped, since `record_tender_fee` keeps one fee per tender."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from jangbogi.core.errors import ValidationFailed
from jangbogi.integrations.payments import get_provider
from jangbogi.orders.models import Order
from jangbogi.payments.models import Payment
from jangbogi.settlement import ingest

log = logging.getLogger("jangbogi.settlement.provider_fees")


@dataclass
class FeeRun:
    recorded: dict[int, int] = field(default_factory=dict)  # payment pk → fee won
    skipped: list[str] = field(default_factory=list)  # why a line was not recorded
    already: int = 0  # tenders whose fee was recorded by an earlier run


def ingest_fees(day: dt.date) -> FeeRun:
    """Record the provider's fees for payments sold on `day` (Seoul)."""
    run = FeeRun()
    fees: dict[str, int] = {}
    for line in get_provider().settlements(day, day):
        if line.is_cancel or line.fee < 0:
            run.skipped.append(f"{line.provider_ref}: 취소분 수수료 {line.fee}원은 기록하지 않음")
            continue
        fees[line.provider_ref] = fees.get(line.provider_ref, 0) + line.fee
    payments = Payment.objects.in_bulk(list(fees), field_name="provider_ref")
    for provider_ref, fee in sorted(fees.items()):
        payment = payments.get(provider_ref)
        if payment is None:
            run.skipped.append(f"{provider_ref}: 우리 결제 기록 없음")
            continue
        if not fee:
            continue
        if ingest.tender_fee_recorded(payment):
            run.already += 1
            continue
        try:
            entries = _record(payment, fee, day)
        except ValidationFailed as exc:
            run.skipped.append(f"{provider_ref}: {exc.message}")
            continue
        run.recorded[payment.pk] = sum(-e.amount for e in entries)
    return run


def _record(payment: Payment, fee: int, day: dt.date):
    try:
        return ingest.record_tender_fee(payment=payment, fee=fee, business_date=day)
    except ValidationFailed as exc:
        order = Order.objects.filter(number=payment.order_ref).first()
        if exc.code != "tender_not_settled" or order is None:
            raise
        ingest.settle_order(order)
        return ingest.record_tender_fee(payment=payment, fee=fee, business_date=day)
