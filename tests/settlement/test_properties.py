"""Properties, for any input Hypothesis finds:
* every split sums exactly (and each part is its share, floored or plus one won);
* any sequence of captures, refunds, claims, fees, corrections and payouts leaves, for every
  store and every period, captured − refunds − commission − fees − payouts = payable to the
  won; refunds never exceed captures (a larger refund is refused and writes nothing); every
  order's commission at a store is floor(rate × its net sales);
* settle_order on an order changed at random (shortages, weighed lines, moves to other stores,
  cancel) gives every party exactly what it is owed, and a second run adds nothing.

Each example runs in a transaction that is rolled back, so examples never see each other."""

import datetime as dt
import itertools
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jangbogi.core.errors import ValidationFailed
from jangbogi.core.money import split_largest_remainder
from jangbogi.integrations import payouts as port
from jangbogi.orders.models import MerchantOrder, MerchantOrderStatus, Order, OrderLine, OrderStatus
from jangbogi.payments.models import Payment, PaymentStatus
from jangbogi.settlement import ingest
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import CommissionRate, EntryKind, LedgerEntry
from jangbogi.settlement.selectors import category_totals
from tests.conftest import MORNING
from tests.factories import ProductFactory, StoreFactory
from tests.settlement.conftest import DAY

DB_EXAMPLES = settings(max_examples=40, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
DAYS = [DAY - dt.timedelta(days=n) for n in (3, 2, 1, 0)]
ORDERS = ["O-1", "O-2", "O-3"]


@contextmanager
def rolled_back():
    with transaction.atomic(), mock.patch.object(port, "_demo", port.DemoPayoutProvider()):
        yield
        transaction.set_rollback(True)


# --- splits -----------------------------------------------------------------------------------

@given(total=st.integers(0, 10**12),
       weights=st.lists(st.integers(0, 10**9), min_size=1, max_size=12).filter(any))
def test_every_split_sums_exactly(total, weights):
    parts = split_largest_remainder(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        exact_floor = total * weight // sum(weights)
        assert part in (exact_floor, exact_floor + 1)
        if weight == 0:
            assert part == 0


# --- any sequence of ledger operations --------------------------------------------------------

store_index = st.integers(0, 1)
day_index = st.integers(0, len(DAYS) - 1)
operations = st.lists(st.one_of(
    st.tuples(st.just("capture"), store_index, st.sampled_from(ORDERS), st.integers(1, 80_000), day_index),
    # A refund of any amount, or one at the order's balance give or take a few won (the edge).
    st.tuples(st.just("refund"), store_index, st.sampled_from(ORDERS),
              st.one_of(st.tuples(st.just("any"), st.integers(1, 80_000)), st.tuples(st.just("near"), st.integers(-3, 3))),
              day_index, st.booleans()),
    st.tuples(st.just("fee"), store_index, st.integers(1, 2_000), day_index),
    st.tuples(st.just("reverse"), st.integers(0, 10**6)),
    st.tuples(st.just("payout"), store_index, day_index, day_index),
), max_size=25)


def _check_statements(stores) -> None:
    for store, (i, j) in itertools.product(stores, itertools.combinations_with_replacement(range(len(DAYS)), 2)):
        s = settlement.statement(store, DAYS[i], DAYS[j])
        assert s.captured - s.refunds - s.commission - s.fees - s.payouts == s.payable
        assert s.payable == sum(line.amount for line in s.lines)


def _check_orders(stores, rate_bp: int) -> None:
    for store, order in itertools.product(stores, ORDERS):
        totals = category_totals(LedgerEntry.objects.filter(store=store, order_ref=order)
                                 .values_list("kind", "reverses__kind", "amount"))
        net = totals[EntryKind.CAPTURE] + totals[EntryKind.REFUND] + totals[EntryKind.CLAIM_REFUND]
        assert net >= 0  # refunds never exceed captures
        commission = -(totals[EntryKind.COMMISSION] + totals[EntryKind.COMMISSION_REVERSAL])
        assert commission == settlement.commission_for(net, rate_bp)


def _apply(op, stores, nets: dict, n: int) -> None:
    kind = op[0]
    if kind == "capture":
        _, s, order, amount, d = op
        settlement.record_capture(store=stores[s], order_ref=order, tender_ref="t", amount=amount,
                                  business_date=DAYS[d], key=f"c{n}")
        nets[s, order] += amount
    elif kind == "refund":
        _, s, order, (how, value), d, claim = op
        amount = value if how == "any" else max(1, nets[s, order] + value)
        before = LedgerEntry.objects.count()
        try:
            settlement.record_refund(store=stores[s], order_ref=order, tender_ref="t", amount=amount,
                                     business_date=DAYS[d], key=f"r{n}", claim=claim)
        except ValidationFailed as exc:
            assert exc.code == "refund_exceeds_captured" and amount > nets[s, order]
            assert LedgerEntry.objects.count() == before
        else:
            assert amount <= nets[s, order]
            nets[s, order] -= amount
    elif kind == "fee":
        _, s, amount, d = op
        settlement.record_provider_fee(store=stores[s], tender_ref="t", amount=amount, business_date=DAYS[d],
                                       key=f"f{n}")
    elif kind == "reverse":
        candidates = list(LedgerEntry.objects.filter(
            kind__in=settlement.REVERSIBLE, reversals__isnull=True).order_by("pk"))
        if candidates:
            _reverse(candidates[op[1] % len(candidates)], stores, nets)
    else:
        _, s, a, b = op
        start, end = DAYS[min(a, b)], DAYS[max(a, b)]
        try:
            settlement.request_payout(store=stores[s], start=start, end=end)
        except ValidationFailed as exc:
            assert exc.code == "nothing_to_pay"


def _reverse(entry, stores, nets: dict) -> None:
    s = stores.index(entry.store)
    key = (s, entry.order_ref)
    refused = entry.kind == EntryKind.CAPTURE and nets.get(key, 0) < entry.amount
    try:
        settlement.reverse_entry(entry, "정정", business_date=entry.business_date)
    except ValidationFailed:
        assert refused
        return
    assert not refused
    if entry.kind != EntryKind.PROVIDER_FEE:
        nets[key] -= entry.amount


@pytest.mark.parametrize("rate_bp", [100, 333])
@DB_EXAMPLES
@given(ops=operations)
def test_the_ledger_balances_for_any_sequence(market, two_stores, next_morning, rate_bp, ops):
    stores = list(two_stores)
    with rolled_back():
        CommissionRate.objects.create(market=market, rate_bp=rate_bp, effective_from=DAYS[0])
        nets = {(s, o): 0 for s in range(2) for o in ORDERS}
        for n, op in enumerate(ops):
            _apply(op, stores, nets, n)
        _check_statements(stores)
        _check_orders(stores, rate_bp)
        for (s, order), net in nets.items():
            totals = category_totals(LedgerEntry.objects.filter(store=stores[s], order_ref=order)
                                     .values_list("kind", "reverses__kind", "amount"))
            assert totals[EntryKind.CAPTURE] + totals[EntryKind.REFUND] + totals[EntryKind.CLAIM_REFUND] == net


# --- settle_order on orders changed at random -------------------------------------------------

parts_strategy = st.lists(st.lists(st.integers(1, 60_000), min_size=1, max_size=3), min_size=1, max_size=4)
changes_strategy = st.lists(st.one_of(
    st.tuples(st.just("shrink"), st.integers(0, 99), st.integers(0, 100)),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 4), st.integers(0, 100)),
    st.tuples(st.just("cancel")),
), max_size=6)


def _order(market, stores, parts: list[list[int]], fee: int) -> Order:
    items = sum(map(sum, parts))
    order = Order.objects.create(
        number=f"P-{Order.objects.count() + 1}", market=market, recipient_name="김순자", phone="010-5550-1234",
        address="경기도 구리시", lat=market.lat, lng=market.lng, slot_date=DAY, slot_start=dt.time(16),
        slot_end=dt.time(19), items_total=items, delivery_fee=fee, total=items + fee, payment_method="card",
        expires_at=MORNING, paid_amount=items + fee, paid_at=MORNING, status=OrderStatus.PICKING)
    for store, amounts in zip(stores, parts, strict=False):
        part = MerchantOrder.objects.create(order=order, store=store, items_total=sum(amounts),
                                            status=MerchantOrderStatus.PICKING)
        for amount in amounts:
            _line(part, amount)
    Payment.objects.create(order_ref=order.number, provider="demo", method="card", amount=items + fee,
                           status=PaymentStatus.APPROVED, idempotency_key=f"pay:{order.number}",
                           provider_ref=f"demo_{order.number}", approved_at=MORNING)
    return order


def _line(part: MerchantOrder, amount: int, replaces: OrderLine | None = None) -> OrderLine:
    product = ProductFactory(store=part.store, price=amount)
    return OrderLine.objects.create(
        merchant_order=part, product=product, product_name=product.name, unit_label="1개", unit_price=amount,
        quantity=1, line_total=amount, ordered_total=amount, vat_class="exempt", substitution="refund",
        replaces=replaces)


def _recompute(order: Order) -> None:
    """Test stand-in for fulfilment.recompute_amounts: amounts from the lines."""
    items = 0
    for part in MerchantOrder.objects.filter(order=order).exclude(status=MerchantOrderStatus.CANCELED):
        total = sum(part.lines.values_list("line_total", flat=True))
        MerchantOrder.objects.filter(pk=part.pk).update(items_total=total)
        items += total
    order.refresh_from_db()
    Order.objects.filter(pk=order.pk).update(items_total=items, total=items + order.delivery_fee)
    order.refresh_from_db()


def _change(order: Order, change, stores) -> None:
    lines = list(OrderLine.objects.filter(merchant_order__order=order, line_total__gt=0).order_by("pk"))
    if change[0] == "cancel":
        Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELED)
        MerchantOrder.objects.filter(order=order).update(status=MerchantOrderStatus.CANCELED)
        Payment.objects.filter(order_ref=order.number).update(status=PaymentStatus.CANCELED,
                                                              canceled_amount=order.paid_amount)
    elif lines and change[0] == "shrink":
        line = lines[change[1] % len(lines)]
        OrderLine.objects.filter(pk=line.pk).update(line_total=line.line_total * change[2] // 100)
    elif lines:
        line = lines[change[1] % len(lines)]
        target_store = stores[change[2] % len(stores)]
        OrderLine.objects.filter(pk=line.pk).update(line_total=0, status="moved")
        target, _ = MerchantOrder.objects.get_or_create(order=order, store=target_store, defaults={
            "items_total": 0, "status": MerchantOrderStatus.PICKING})
        price = line.line_total * change[3] // 100  # the same item elsewhere, never dearer
        if price:
            _line(target, price, replaces=line)
    _recompute(order)


def _party_nets(order: Order) -> dict:
    nets: dict = {}
    for entry in LedgerEntry.objects.filter(order_ref=order.number, kind__in=["capture", "refund"]):
        nets[entry.store_id] = nets.get(entry.store_id, 0) + entry.amount
    return nets


def _check_settled(order: Order, rate_bp: int) -> None:
    order.refresh_from_db()
    void = order.status == OrderStatus.CANCELED
    nets = _party_nets(order)
    for part in MerchantOrder.objects.filter(order=order).prefetch_related("lines"):
        owed = 0 if void or part.status == MerchantOrderStatus.CANCELED else sum(
            line.line_total for line in part.lines.all())
        assert nets.get(part.store_id, 0) == owed
        commission = -sum(LedgerEntry.objects.filter(order_ref=order.number, store=part.store, kind__in=[
            "commission", "commission_reversal"]).values_list("amount", flat=True))
        assert commission == settlement.commission_for(owed, rate_bp)
    assert nets.get(None, 0) == (0 if void else order.delivery_fee)
    assert sum(nets.values()) == (0 if void else order.total) == (0 if void else order.paid_amount - order.refund_due)
    first_captures = LedgerEntry.objects.filter(order_ref=order.number, idempotency_key__startswith="capture:")
    assert sum(e.amount for e in first_captures if e.idempotency_key.split(":")[1].isdigit()) == order.paid_amount
    assert ingest.settle_order(order) == []


@DB_EXAMPLES
@given(parts=parts_strategy, fee=st.sampled_from([0, 3000, 4500]), changes=changes_strategy)
def test_settle_order_gives_every_party_what_it_is_owed(market, parts, fee, changes):
    with rolled_back():
        stores = [StoreFactory(market=market) for _ in range(5)]
        order = _order(market, stores, parts, fee)
        ingest.settle_order(order)
        _check_settled(order, 100)
        for change in changes:
            order.refresh_from_db()
            if order.status == OrderStatus.CANCELED:
                break
            _change(order, change, stores)
            ingest.settle_order(order)
            _check_settled(order, 100)
