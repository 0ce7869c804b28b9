"""Provider fees: the settlement report (Toss `GET /v1/settlements`), run against the demo
provider and the Toss adapter talking to the fake; both charge 2.0 % on a card payment here
(the demo's rate is invented, the fake's `fee_bp` defaults to 200)."""

import datetime as dt

import pytest

from jangbogi.integrations.payments import SEOUL, CancelRequest, ProviderError, ProviderSettlement

from .conftest import ORDER


def today() -> dt.date:
    return dt.datetime.now(SEOUL).date()


def test_an_approval_is_one_line_with_its_fee(backend):
    ref = backend.provider.approve(backend.request(14_000)).provider_ref

    (line,) = backend.provider.settlements(today(), today())

    assert isinstance(line, ProviderSettlement)
    assert (line.provider_ref, line.order_ref, line.amount) == (ref, ORDER, 14_000)
    assert (line.fee, line.pay_out_amount, line.sold_date, line.is_cancel) == (280, 13_720, today(), False)
    assert line.paid_out_date == today() + dt.timedelta(days=2)


def test_other_days_and_declines_report_nothing(backend):
    backend.provider.approve(backend.request(14_000))
    backend.provider.approve(backend.request(12_000, order_ref="261126-000002", key="k2", fault="decline"))

    assert backend.provider.settlements(today() - dt.timedelta(days=3), today() - dt.timedelta(days=1)) == []
    assert [line.amount for line in backend.provider.settlements(today(), today())] == [14_000]


def test_demo_fee_rates_depend_on_the_method():
    from jangbogi.integrations.payments import ApprovalRequest, DemoPaymentProvider

    demo = DemoPaymentProvider()
    for i, method in enumerate(["card", "onnuri", "local_currency"]):
        demo.approve(ApprovalRequest(order_ref=f"261126-00000{i}", amount=10_000, tax_free_amount=0, method=method,
                                     idempotency_key=f"k{i}"))

    fees = {line.method: line.fee for line in demo.settlements(today(), today())}

    assert fees == {"card": 200, "onnuri": 80, "local_currency": 80}


def test_toss_sends_the_dates_and_pages_until_a_short_page(fake, toss):
    refs = []
    for i in range(3):
        order = f"261126-00001{i}"
        refs.append(toss.approve(_widget(fake, order, 10_000 + i * 1_000)).provider_ref)

    lines = toss.settlements(today(), today(), page_size=2)

    assert [line.provider_ref for line in lines] == refs
    gets = [r for r in fake.requests if r.path == "/v1/settlements"]
    assert [(r.method, r.body) for r in gets] == [
        ("GET", {"startDate": today().isoformat(), "endDate": today().isoformat(), "page": "1", "size": "2"}),
        ("GET", {"startDate": today().isoformat(), "endDate": today().isoformat(), "page": "2", "size": "2"}),
    ]
    assert all("idempotency-key" not in r.headers for r in gets)


def test_toss_reports_a_cancel_as_a_negative_line_with_its_fee_back(fake, toss):
    ref = toss.approve(_widget(fake, ORDER, 14_000)).provider_ref
    toss.cancel(CancelRequest(provider_ref=ref, amount=4_000, tax_free_amount=0, reason="품절",
                              idempotency_key="c1"))

    sale, refund = toss.settlements(today(), today())

    assert (sale.amount, sale.fee, sale.is_cancel) == (14_000, 280, False)
    assert (refund.provider_ref, refund.amount, refund.fee, refund.pay_out_amount, refund.is_cancel) == (
        ref, -4_000, -80, -3_920, True)


def test_toss_settlement_fee_is_amount_minus_payout_whatever_the_fees_array_says(fake, toss):
    from jangbogi.integrations.payments.toss import settlement_from_toss

    line = settlement_from_toss({"paymentKey": "pk", "orderId": "o1", "method": "카드", "amount": 34_000,
                                 "fees": [{"type": "BASE", "fee": "800"}, {"type": "INSTALLMENT", "fee": "60"}],
                                 "supplyAmount": 782, "vat": 78, "payOutAmount": 33_140,
                                 "soldDate": "2021-12-30", "paidOutDate": "2022-01-01"})

    assert (line.fee, line.pay_out_amount, line.sold_date) == (860, 33_140, dt.date(2021, 12, 30))
    with pytest.raises(ProviderError) as err:
        settlement_from_toss({"paymentKey": "pk", "amount": 1})
    assert err.value.retryable


def _widget(fake, order: str, amount: int):
    from jangbogi.integrations.payments import ApprovalRequest

    return ApprovalRequest(order_ref=order, amount=amount, tax_free_amount=0, method="card",
                           idempotency_key=f"order:{order}:approve",
                           metadata={"payment_key": fake.authorize(order, amount)})
