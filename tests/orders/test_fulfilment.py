"""Picking, shortages and substitutions: each path leaves the amounts consistent and records
an event; nothing is charged above what was paid."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from jangbogi.integrations.messaging import OUTBOX
from jangbogi.orders import fulfilment
from jangbogi.orders.models import (
    LineStatus,
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ProposalStatus,
    Substitution,
)
from tests.factories import MarketFactory, ProductFactory, StoreFactory


def part_of(order, store_name) -> MerchantOrder:
    return MerchantOrder.objects.get(order=order, store__name=store_name)


def line_named(order, name) -> OrderLine:
    return OrderLine.objects.get(merchant_order__order=order, product_name=name, replaces__isnull=True)


def test_start_picking_moves_part_and_order(paid_order):
    part = fulfilment.start_picking(part=part_of(paid_order, "상수네 채소"))
    paid_order.refresh_from_db()
    assert part.status == MerchantOrderStatus.PICKING
    assert paid_order.status == OrderStatus.PICKING
    assert part_of(paid_order, "바다 수산").status == MerchantOrderStatus.NEW
    assert list(OrderEvent.objects.filter(order=paid_order).values_list("to_status", flat=True))[-2:] == [
        "picking", "picking"]


def test_weight_line_repriced_from_grams(paid_order):
    line = line_named(paid_order, "애호박")  # 2 × 1,500원 per 600 g: 1,200 g expected
    OrderLine.objects.filter(pk=line.pk).update(sold_by_weight=True, estimated_grams=600)
    light = fulfilment.pick_line(line=line, actual_grams=1000)
    assert light.line_total == 2500  # 1,500 × 1000 / 600, floored
    paid_order.refresh_from_db()
    assert paid_order.total == 2500 + 8000 + 3000
    assert paid_order.refund_due == 500


def test_weight_line_over_estimate_is_capped(paid_order):
    line = line_named(paid_order, "애호박")
    OrderLine.objects.filter(pk=line.pk).update(sold_by_weight=True, estimated_grams=600)
    heavy = fulfilment.pick_line(line=line, actual_grams=2000)
    assert heavy.line_total == heavy.ordered_total == 3000


def test_weight_line_needs_grams(paid_order):
    line = line_named(paid_order, "애호박")
    OrderLine.objects.filter(pk=line.pk).update(sold_by_weight=True, estimated_grams=600)
    with pytest.raises(ValidationFailed):
        fulfilment.pick_line(line=line)
    assert OrderLine.objects.get(pk=line.pk).status == LineStatus.PENDING


def test_short_with_refund_choice(paid_order):
    line = line_named(paid_order, "애호박")  # substitution: refund (default)
    sent = len(OUTBOX)
    fulfilment.mark_short(line=line, available=1)
    line.refresh_from_db()
    paid_order.refresh_from_db()
    assert (line.status, line.picked_quantity, line.line_total) == (LineStatus.SHORT, 1, 1500)
    assert (paid_order.items_total, paid_order.total, paid_order.refund_due) == (9500, 12500, 1500)
    assert Product.objects.get(pk=line.product_id).stock == 0  # the merchant has none left
    assert "1,500원을 환불" in OUTBOX[-1].text and len(OUTBOX) == sent + 1


def test_short_moves_line_to_another_store_with_stock(paid_order, market):
    other = StoreFactory(market=market, name="싱싱 수산")
    elsewhere = ProductFactory(store=other, category="seafood", name="고등어", unit_label="2마리", price=7000,
                               stock=3)
    line = line_named(paid_order, "고등어")  # substitution: same item from another store
    fulfilment.mark_short(line=line, available=0)

    line.refresh_from_db()
    moved = OrderLine.objects.get(replaces=line)
    assert line.status == LineStatus.MOVED and line.line_total == 0
    assert (moved.merchant_order.store, moved.quantity, moved.line_total) == (other, 1, 7000)
    assert moved.merchant_order.status == MerchantOrderStatus.NEW
    elsewhere.refresh_from_db()
    assert elsewhere.stock == 2
    paid_order.refresh_from_db()
    assert (paid_order.total, paid_order.refund_due) == (3000 + 7000 + 3000, 1000)
    assert "고등어 1개가 추가" in OUTBOX[-1].text


def test_move_falls_back_to_refund_when_no_store_has_it(paid_order, market):
    ProductFactory(store=StoreFactory(market=market), category="seafood", name="고등어", unit_label="2마리",
                   price=8000, stock=0)
    line = line_named(paid_order, "고등어")
    fulfilment.mark_short(line=line, available=0)
    line.refresh_from_db()
    assert line.status == LineStatus.REFUNDED
    assert not OrderLine.objects.filter(replaces=line).exists()
    paid_order.refresh_from_db()
    assert paid_order.refund_due == 8000


def test_move_skips_a_store_that_would_cost_more_than_paid(paid_order, market):
    ProductFactory(store=StoreFactory(market=market), category="seafood", name="고등어", unit_label="2마리",
                   price=9000)
    line = line_named(paid_order, "고등어")
    fulfilment.mark_short(line=line, available=0)
    assert OrderLine.objects.get(pk=line.pk).status == LineStatus.REFUNDED


@pytest.fixture
def similar_line(paid_order, two_stores):
    line = line_named(paid_order, "애호박")
    OrderLine.objects.filter(pk=line.pk).update(substitution=Substitution.SIMILAR_SAME_STORE)
    line.refresh_from_db()
    zucchini = ProductFactory(store=two_stores[0], name="쥬키니 호박", price=1200, stock=5)
    return line, zucchini


def test_similar_item_proposal_approved(similar_line, paid_order):
    line, zucchini = similar_line
    fulfilment.mark_short(line=line, available=0, proposal_product_id=zucchini.pk, proposal_quantity=2)
    line.refresh_from_db()
    assert line.status == LineStatus.AWAITING_APPROVAL
    proposal = line.proposals.get()
    assert (proposal.total, proposal.price_difference) == (2400, -600)
    assert "쥬키니 호박" in OUTBOX[-1].text

    fulfilment.answer_proposal(proposal=proposal, approve=True)
    line.refresh_from_db()
    substitute = OrderLine.objects.get(replaces=line)
    assert line.status == LineStatus.SUBSTITUTED
    assert (substitute.product_name, substitute.quantity, substitute.line_total, substitute.status) == (
        "쥬키니 호박", 2, 2400, LineStatus.PICKED)
    zucchini.refresh_from_db()
    assert zucchini.stock == 3
    paid_order.refresh_from_db()
    assert (paid_order.total, paid_order.refund_due) == (2400 + 8000 + 3000, 600)


def test_similar_item_declined_refunds(similar_line, paid_order):
    line, zucchini = similar_line
    fulfilment.mark_short(line=line, available=0, proposal_product_id=zucchini.pk)
    proposal = fulfilment.answer_proposal(proposal=line.proposals.get(), approve=False)
    assert proposal.status == ProposalStatus.DECLINED
    assert OrderLine.objects.get(pk=line.pk).status == LineStatus.REFUNDED
    assert Product.objects.get(pk=zucchini.pk).stock == 5


def test_unanswered_proposal_becomes_refund_after_timeout(similar_line, paid_order, settings):
    line, zucchini = similar_line
    fulfilment.mark_short(line=line, available=0, proposal_product_id=zucchini.pk)
    proposal = line.proposals.get()
    assert fulfilment.expire_proposals(now=proposal.expires_at - dt.timedelta(seconds=1)) == 0
    assert fulfilment.expire_proposals(now=proposal.expires_at) == 1
    assert fulfilment.expire_proposals(now=proposal.expires_at) == 0
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.EXPIRED
    assert OrderLine.objects.get(pk=line.pk).status == LineStatus.REFUNDED
    with pytest.raises(Conflict):
        fulfilment.answer_proposal(proposal=proposal, approve=True)


def test_late_answer_is_refused_and_refunds(similar_line):
    line, zucchini = similar_line
    fulfilment.mark_short(line=line, available=0, proposal_product_id=zucchini.pk)
    proposal = line.proposals.get()
    with pytest.raises(Conflict):
        fulfilment.answer_proposal(proposal=proposal, approve=True, now=proposal.expires_at)
    assert OrderLine.objects.get(pk=line.pk).status == LineStatus.REFUNDED


def test_proposal_above_paid_amount_refused_and_nothing_changes(similar_line, two_stores, paid_order):
    line, _ = similar_line
    pricey = ProductFactory(store=two_stores[0], name="유기농 애호박", price=10000)
    with pytest.raises(ValidationFailed):
        fulfilment.mark_short(line=line, available=0, proposal_product_id=pricey.pk)
    line.refresh_from_db()
    assert (line.status, line.line_total) == (LineStatus.PENDING, 3000)
    assert Product.objects.get(pk=line.product_id).stock == 8


def test_ready_needs_every_line_settled_then_labels_bag(paid_order):
    part = part_of(paid_order, "상수네 채소")
    with pytest.raises(InvalidTransition):
        fulfilment.mark_ready(part=part)
    fulfilment.pick_line(line=line_named(paid_order, "애호박"))
    part = fulfilment.mark_ready(part=part)
    assert part.status == MerchantOrderStatus.READY
    assert part.bag_code.startswith(paid_order.number + "-")


def _ready_both(order):
    for name in ("애호박", "고등어"):
        fulfilment.pick_line(line=line_named(order, name))
    return [fulfilment.mark_ready(part=p) for p in MerchantOrder.objects.filter(order=order)]


def test_scan_in_rules_and_collected_when_all_bags_in(paid_order, market):
    veg, fish = _ready_both(paid_order)
    with pytest.raises(Conflict) as wrong:
        fulfilment.receive_bag(code=veg.bag_code, market=MarketFactory())
    assert wrong.value.code == "bag_wrong_market"
    fulfilment.receive_bag(code=veg.bag_code.lower(), market=market)
    with pytest.raises(Conflict) as dup:
        fulfilment.receive_bag(code=veg.bag_code, market=market)
    assert dup.value.code == "bag_duplicate"
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.PICKING
    fulfilment.receive_bag(code=f"JB:{fish.bag_code}", market=market)
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.COLLECTED


def test_unknown_and_not_ready_bags_refused(paid_order, market):
    with pytest.raises(NotFound):
        fulfilment.receive_bag(code="NOPE-1", market=market)
    part = part_of(paid_order, "상수네 채소")
    MerchantOrder.objects.filter(pk=part.pk).update(bag_code="X-1")
    with pytest.raises(Conflict) as not_ready:
        fulfilment.receive_bag(code="X-1", market=market)
    assert not_ready.value.code == "bag_not_ready"
    assert MerchantOrder.objects.get(pk=part.pk).status == MerchantOrderStatus.NEW


def test_pack_sets_temperatures_and_status(paid_order, market):
    for part in _ready_both(paid_order):
        fulfilment.receive_bag(code=part.bag_code, market=market)
    fish = line_named(paid_order, "고등어")
    assert fish.temperature == "chilled"
    fulfilment.mark_packed(order=paid_order, temperatures={fish.pk: "frozen"})
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.PACKED
    assert OrderLine.objects.get(pk=fish.pk).temperature == "frozen"


def test_pack_before_all_bags_refused(paid_order):
    with pytest.raises(InvalidTransition):
        fulfilment.mark_packed(order=paid_order)
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PAID


def test_all_lines_refunded_cancels_order(paid_order):
    for name in ("애호박", "고등어"):
        line = line_named(paid_order, name)
        OrderLine.objects.filter(pk=line.pk).update(substitution=Substitution.REFUND)
        fulfilment.mark_short(line=line, available=0)
    for part in MerchantOrder.objects.filter(order=paid_order):
        assert fulfilment.mark_ready(part=part).status == MerchantOrderStatus.CANCELED
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.CANCELED
    assert (paid_order.items_total, paid_order.delivery_fee, paid_order.total) == (0, 0, 0)
    assert paid_order.refund_due == paid_order.paid_amount == 14000
    assert OrderEvent.objects.filter(order=paid_order, to_status="canceled").exists()


def test_pack_refuses_unknown_temperature(paid_order, market):
    for part in _ready_both(paid_order):
        fulfilment.receive_bag(code=part.bag_code, market=market)
    fish = line_named(paid_order, "고등어")
    with pytest.raises(ValidationFailed):
        fulfilment.mark_packed(order=paid_order, temperatures={fish.pk: "lukewarm"})
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.COLLECTED
    assert OrderLine.objects.get(pk=fish.pk).temperature == "chilled"


def test_move_needs_the_same_unit(paid_order, market):
    ProductFactory(store=StoreFactory(market=market), category="seafood", name="고등어", unit_label="1마리",
                   price=4000, stock=5)
    line = line_named(paid_order, "고등어")  # 2마리
    fulfilment.mark_short(line=line, available=0)
    assert OrderLine.objects.get(pk=line.pk).status == LineStatus.REFUNDED


def test_short_after_picked_records_where_it_came_from(paid_order):
    line = line_named(paid_order, "애호박")
    OrderLine.objects.filter(pk=line.pk).update(sold_by_weight=True, estimated_grams=600)
    fulfilment.pick_line(line=line, actual_grams=1100)
    fulfilment.mark_short(line=line, available=1)
    line.refresh_from_db()
    assert (line.status, line.actual_grams, line.line_total) == (LineStatus.SHORT, None, 1500)
    moves = list(OrderEvent.objects.filter(order=paid_order, merchant_order__isnull=False)
                 .values_list("from_status", "to_status"))
    assert moves[-3:] == [("pending", "picked"), ("picked", "short"), ("short", "short")]
