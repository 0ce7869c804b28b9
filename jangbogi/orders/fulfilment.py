"""From a paid order to bags at the delivery center: picking, shortages, substitutions.

Every change is a compare-and-set or a row update inside one transaction, writes an
OrderEvent, and re-derives the order's amounts from its lines, so `total <= paid_amount`
always holds (a DB check): a shortage never charges more than the customer approved."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product, VatClass, default_temperature
from jangbogi.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from jangbogi.core.money import weighted_price, won
from jangbogi.core.states import compare_and_set
from jangbogi.markets.models import Market
from jangbogi.notifications import services as notifications
from jangbogi.orders import tenders
from jangbogi.orders.models import (
    MERCHANT_ORDER_TRANSITIONS,
    SETTLED_LINE_STATUSES,
    LineStatus,
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderLine,
    OrderStatus,
    ProposalStatus,
    Substitution,
    SubstitutionProposal,
    Temperature,
)
from jangbogi.orders.services import record_event, transition_order

OPEN_PART_STATUSES = (MerchantOrderStatus.NEW, MerchantOrderStatus.PICKING)


# --- amounts ------------------------------------------------------------------------------

def recompute_amounts(order: Order) -> None:
    """Derive every part's and the order's amounts from the lines."""
    items_total = tax_free = 0
    for part in MerchantOrder.objects.filter(order=order).exclude(status=MerchantOrderStatus.CANCELED):
        lines = list(part.lines.all())
        part.items_total = sum(line.line_total for line in lines)
        part.tax_free_amount = sum(line.line_total for line in lines if line.vat_class == VatClass.EXEMPT)
        part.save(update_fields=["items_total", "tax_free_amount"])
        items_total += part.items_total
        tax_free += part.tax_free_amount
    Order.objects.filter(pk=order.pk).update(items_total=items_total, tax_free_amount=tax_free,
                                             total=items_total + order.delivery_fee)
    order.refresh_from_db()


def _sync_money_after_commit(order: Order) -> None:
    """Give back what the order no longer costs, on the tenders that paid for it, once this
    change is committed (the provider is never called inside our transaction).  A failure
    is left to the sweep (`expire-orders` runs `tenders.sync_open_orders`)."""
    order_id = order.pk

    def sync() -> None:
        try:
            tenders.sync_tenders(Order.objects.get(pk=order_id))
        except Exception:  # the sweep retries; the change itself is committed
            tenders.log.exception("tender sync failed for order %s", order_id)

    transaction.on_commit(sync)


# --- store part ---------------------------------------------------------------------------

def _locked_part(part: MerchantOrder) -> MerchantOrder:
    return MerchantOrder.objects.select_for_update().select_related("order", "store").get(pk=part.pk)


@transaction.atomic
def start_picking(*, part: MerchantOrder, actor=None) -> MerchantOrder:
    """The merchant starts on their part; the order shows "상품 준비 중"."""
    part = _locked_part(part)
    if part.status == MerchantOrderStatus.PICKING:
        return part
    if not compare_and_set(MerchantOrder.objects.filter(pk=part.pk), table=MERCHANT_ORDER_TRANSITIONS,
                           target=MerchantOrderStatus.PICKING, picking_started_at=timezone.now()):
        raise InvalidTransition(f"이 주문은 지금 준비할 수 없습니다 ({part.get_status_display()}).")
    record_event(part.order, merchant_order=part, from_status=part.status, to_status=MerchantOrderStatus.PICKING,
                 actor=actor, reason=f"{part.store.name} 준비 시작")
    if part.order.status == OrderStatus.PAID:
        transition_order(part.order, target=OrderStatus.PICKING, actor=actor, reason="상인이 상품 준비 시작")
    part.refresh_from_db()
    return part


def _editable_line(line: OrderLine) -> tuple[OrderLine, MerchantOrder]:
    line = OrderLine.objects.select_for_update().get(pk=line.pk)
    part = _locked_part(line.merchant_order)
    if part.status == MerchantOrderStatus.NEW:
        part = start_picking(part=part)
    if part.status != MerchantOrderStatus.PICKING:
        raise InvalidTransition("이미 준비를 마친 주문입니다.", code="part_not_picking")
    if line.status not in (LineStatus.PENDING, LineStatus.PICKED):
        raise InvalidTransition(f"이미 처리한 상품입니다 ({line.get_status_display()}).", code="line_settled")
    return line, part


@transaction.atomic
def pick_line(*, line: OrderLine, actor=None, actual_grams: int | None = None) -> OrderLine:
    """The whole quantity is in the bag.  Sold-by-weight lines take the weighed grams and are
    re-priced from the unit price, never above what was ordered (the customer approved that)."""
    line, part = _editable_line(line)
    previous = line.status
    line.picked_quantity = line.quantity
    line.status = LineStatus.PICKED
    if line.sold_by_weight:
        if not actual_grams or actual_grams <= 0:
            raise ValidationFailed("무게 상품은 실제 무게(g)를 적어 주세요.", code="grams_required")
        line.actual_grams = actual_grams
        line.line_total = min(tenders.weighed_price_cap(line), weighted_price(
            unit_price=line.unit_price, unit_grams=line.estimated_grams, actual_grams=actual_grams))
    line.save(update_fields=["picked_quantity", "status", "actual_grams", "line_total"])
    reason = f"{line.product_name} 담음" + (f" ({actual_grams}g, {won(line.line_total)})" if actual_grams else "")
    record_event(part.order, merchant_order=part, from_status=previous, to_status=LineStatus.PICKED,
                 actor=actor, reason=reason)
    recompute_amounts(part.order)
    _sync_money_after_commit(part.order)
    return line


@transaction.atomic
def mark_short(*, line: OrderLine, available: int, actor=None, proposal_product_id: int | None = None,
               proposal_quantity: int | None = None, message: str = "") -> OrderLine:
    """Only `available` (0 = sold out) of the line can be had.  The product is marked sold out
    and the missing units follow the customer's substitution choice on the line."""
    line, part = _editable_line(line)
    if not 0 <= available < line.quantity:
        raise ValidationFailed(f"있는 수량은 0개에서 {line.quantity - 1}개 사이로 적어 주세요.", code="invalid_available")
    catalog.set_sold_out(product=line.product)
    previous = line.status
    line.picked_quantity = available
    line.line_total = min(line.ordered_total, available * line.unit_price)
    line.status = LineStatus.SHORT
    line.actual_grams = None  # a weighing from an earlier "picked" no longer applies
    line.save(update_fields=["picked_quantity", "line_total", "status", "actual_grams"])
    missing = line.quantity - available
    record_event(part.order, merchant_order=part, from_status=previous, to_status=LineStatus.SHORT,
                 actor=actor, reason=f"{line.product_name} {missing}개 부족")
    recompute_amounts(part.order)
    if line.substitution == Substitution.SIMILAR_SAME_STORE and proposal_product_id:
        _propose(line=line, part=part, product_id=proposal_product_id,
                 quantity=proposal_quantity or missing, message=message, actor=actor)
    elif line.substitution == Substitution.SAME_ITEM_OTHER_STORE:
        _move_to_other_store(line=line, part=part, missing=missing, actor=actor)
    else:
        _refund_missing(line=line, part=part, actor=actor, reason="고객 선택: 대체 없이 환불")
    line.refresh_from_db()
    _sync_money_after_commit(part.order)
    return line


def _refund_missing(*, line: OrderLine, part: MerchantOrder, actor, reason: str) -> None:
    line.status = LineStatus.REFUNDED if not line.picked_quantity else LineStatus.SHORT
    line.save(update_fields=["status"])
    refund = line.ordered_total - line.line_total
    record_event(part.order, merchant_order=part, from_status=LineStatus.SHORT, to_status=line.status,
                 actor=actor, reason=f"{line.product_name} {won(refund)} 환불 예정 · {reason}")
    notifications.notify_customer(
        phone=part.order.phone, user=part.order.customer, template="shortage_refund",
        text=f"[장보기] {part.store.name}의 {line.product_name}이(가) 부족해 {won(refund)}을 환불해 드립니다.",
        link=f"/orders/{part.order.number}/",
    )


# --- same item from another store -----------------------------------------------------------

def _normalized(name: str) -> str:
    return "".join(name.split())


def other_store_candidates(*, line: OrderLine, quantity: int) -> list[Product]:
    """Products with the same name and unit in the market's other open stores that have
    `quantity`, cheapest first ("고등어 2마리" never becomes "고등어 1마리")."""
    order = line.merchant_order.order
    closed_stores = MerchantOrder.objects.filter(order=order).exclude(status__in=OPEN_PART_STATUSES) \
        .values("store_id")
    products = (
        Product.objects.filter(store__market_id=order.market_id, store__is_active=True, is_active=True)
        .exclude(store_id=line.merchant_order.store_id)
        .exclude(store_id__in=closed_stores)
        .filter(Q(stock__isnull=True) | Q(stock__gte=quantity))
        .select_related("store")
        .order_by("price", "pk")
    )
    target = (_normalized(line.product_name), _normalized(line.unit_label))
    return [p for p in products if (_normalized(p.name), _normalized(p.unit_label)) == target]


def _move_to_other_store(*, line: OrderLine, part: MerchantOrder, missing: int, actor) -> None:
    order = part.order
    room = tenders.room_left(line)
    for product in other_store_candidates(line=line, quantity=missing):
        if product.price * missing > room:
            continue
        catalog.reserve_stock(quantities={product.pk: missing})
        target, created = MerchantOrder.objects.get_or_create(
            order=order, store=product.store,
            defaults={"status": MerchantOrderStatus.NEW, "items_total": 0},
        )
        moved = _add_line(part=target, product=product, quantity=missing, replaces=line,
                          status=LineStatus.PENDING, substitution=Substitution.REFUND)
        line.status = LineStatus.MOVED
        line.save(update_fields=["status"])
        record_event(order, merchant_order=target, from_status=LineStatus.SHORT, to_status=LineStatus.MOVED,
                     actor=actor, reason=f"{line.product_name} {missing}개를 {product.store.name}(으)로 옮김")
        recompute_amounts(order)
        notifications.notify_store(
            store_id=product.store_id, phone=product.store.phone, template="moved_line",
            text=f"[장보기] 주문 {order.number}에 {moved.product_name} {missing}개가 추가되었습니다.",
            link="/merchant/",
        )
        return
    _refund_missing(line=line, part=part, actor=actor, reason="다른 가게에도 없어 환불")


def _add_line(*, part: MerchantOrder, product: Product, quantity: int, replaces: OrderLine, status: str,
              substitution: str) -> OrderLine:
    total = product.price * quantity
    return OrderLine.objects.create(
        merchant_order=part, product=product, product_name=product.name, unit_label=product.unit_label,
        unit_price=product.price, quantity=quantity, line_total=total, ordered_total=total,
        origin=product.origin, traceability_no=product.traceability_no, vat_class=product.vat_class,
        sold_by_weight=product.sold_by_weight, estimated_grams=product.estimated_grams, substitution=substitution,
        status=status, picked_quantity=quantity if status == LineStatus.PICKED else None,
        replaces=replaces, temperature=default_temperature(product.category),
    )


# --- similar item from the same store, with the customer's approval ---------------------------

def _propose(*, line: OrderLine, part: MerchantOrder, product_id: int, quantity: int, message: str,
             actor) -> SubstitutionProposal:
    product = Product.objects.filter(pk=product_id, store_id=part.store_id, is_active=True).first()
    if product is None or product.pk == line.product_id:
        raise ValidationFailed("같은 가게에서 파는 다른 상품을 골라 주세요.", code="invalid_proposal")
    if product.stock is not None and product.stock < quantity:
        raise ValidationFailed(f"{product.name} 재고가 부족합니다.", code="invalid_proposal")
    total = product.price * quantity
    if total > tenders.room_left(line):
        raise ValidationFailed("결제한 금액을 넘는 대체 상품은 제안할 수 없어요. 더 싼 상품을 골라 주세요.",
                               code="proposal_exceeds_paid")
    minutes = settings.JANGBOGI_SUBSTITUTION_TIMEOUT_MINUTES
    proposal = SubstitutionProposal.objects.create(
        line=line, product=product, quantity=quantity, unit_price=product.price, total=total,
        message=message.strip()[:200], expires_at=timezone.now() + dt.timedelta(minutes=minutes),
    )
    line.status = LineStatus.AWAITING_APPROVAL
    line.save(update_fields=["status"])
    record_event(part.order, merchant_order=part, from_status=LineStatus.SHORT,
                 to_status=LineStatus.AWAITING_APPROVAL, actor=actor,
                 reason=f"{line.product_name} 대신 {product.name} {quantity}개 ({won(total)}) 제안")
    diff = total - (line.ordered_total - line.line_total)
    diff_text = f"{won(diff)} 더 비쌉니다" if diff > 0 else (f"{won(-diff)} 쌉니다" if diff < 0 else "가격이 같습니다")
    notifications.notify_customer(
        phone=part.order.phone, user=part.order.customer, template="substitution_proposal",
        text=(f"[장보기] {part.store.name}: {line.product_name}이(가) 부족해 {product.name}(으)로 바꿔 드릴까요? "
              f"({diff_text}) {minutes}분 안에 답이 없으면 환불해 드립니다."),
        link=f"/orders/{part.order.number}/",
    )
    return proposal


def answer_proposal(*, proposal: SubstitutionProposal, approve: bool, actor=None,
                    now: dt.datetime | None = None) -> SubstitutionProposal:
    """The customer's answer.  Approving adds the substitute to the store's bag; declining
    refunds the missing units.  An answer that comes too late, or a substitute that no longer
    fits, is refused after the refund has been recorded (the refund stands)."""
    now = now or timezone.now()
    refusal: Conflict | None = None
    with transaction.atomic():
        proposal = SubstitutionProposal.objects.select_for_update().select_related("line", "product") \
            .get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise Conflict("이미 답한 제안입니다.", code="proposal_decided")
        part = _locked_part(proposal.line.merchant_order)
        if now >= proposal.expires_at:
            _close_proposal(proposal, ProposalStatus.EXPIRED, actor=None, now=now)
            refusal = Conflict("답변 시간이 지나 환불로 처리했습니다.", code="proposal_expired")
        elif not approve:
            _close_proposal(proposal, ProposalStatus.DECLINED, actor=actor, now=now)
        elif part.status != MerchantOrderStatus.PICKING or proposal.total > (
                tenders.room_left(proposal.line) + proposal.total):
            _close_proposal(proposal, ProposalStatus.EXPIRED, actor=None, now=now)
            refusal = Conflict("지금은 대체 상품을 넣을 수 없어 환불로 처리했습니다.", code="proposal_unavailable")
        else:
            _approve(proposal, part=part, actor=actor, now=now)
    _sync_money_after_commit(proposal.line.merchant_order.order)
    if refusal:
        raise refusal
    proposal.refresh_from_db()
    return proposal


def _approve(proposal: SubstitutionProposal, *, part: MerchantOrder, actor, now: dt.datetime) -> None:
    line = proposal.line
    catalog.reserve_stock(quantities={proposal.product_id: proposal.quantity})
    _add_line(part=part, product=proposal.product, quantity=proposal.quantity, replaces=line,
              status=LineStatus.PICKED, substitution=Substitution.REFUND)
    line.status = LineStatus.SUBSTITUTED
    line.save(update_fields=["status"])
    SubstitutionProposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.APPROVED, decided_at=now)
    record_event(part.order, merchant_order=part, from_status=LineStatus.AWAITING_APPROVAL,
                 to_status=LineStatus.SUBSTITUTED, actor=actor,
                 reason=f"고객 승인: {line.product_name} → {proposal.product.name} {proposal.quantity}개")
    recompute_amounts(part.order)
    notifications.notify_store(
        store_id=part.store_id, phone=part.store.phone, template="substitution_approved",
        text=f"[장보기] 주문 {part.order.number}: 고객이 {proposal.product.name}(으)로 대체를 승인했습니다.",
        link="/merchant/",
    )


def _close_proposal(proposal: SubstitutionProposal, status: str, *, actor, now: dt.datetime) -> None:
    SubstitutionProposal.objects.filter(pk=proposal.pk).update(status=status, decided_at=now)
    line = OrderLine.objects.select_for_update().get(pk=proposal.line_id)
    part = MerchantOrder.objects.select_related("order", "store").get(pk=line.merchant_order_id)
    reason = "고객이 대체를 거절" if status == ProposalStatus.DECLINED else "답변 시간 초과로 환불"
    _refund_missing(line=line, part=part, actor=actor, reason=reason)


def expire_proposals(*, now: dt.datetime | None = None) -> int:
    """Apply the default (refund) to proposals nobody answered in time."""
    now = now or timezone.now()
    count = 0
    for proposal in SubstitutionProposal.objects.filter(status=ProposalStatus.PENDING, expires_at__lte=now):
        with transaction.atomic():
            locked = SubstitutionProposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.status == ProposalStatus.PENDING:
                _close_proposal(locked, ProposalStatus.EXPIRED, actor=None, now=now)
                _sync_money_after_commit(locked.line.merchant_order.order)
                count += 1
    return count


# --- handover -------------------------------------------------------------------------------

@transaction.atomic
def mark_ready(*, part: MerchantOrder, actor=None) -> MerchantOrder:
    """Every line is settled and the bag is labelled: ready for the center to pick up.  A part
    with nothing left in it (all refunded or moved) is closed instead."""
    part = _locked_part(part)
    if part.status == MerchantOrderStatus.NEW:
        part = start_picking(part=part, actor=actor)
    if part.status != MerchantOrderStatus.PICKING:
        raise InvalidTransition("준비 중인 주문만 픽업 대기로 바꿀 수 있습니다.")
    unsettled = [ln.product_name for ln in part.lines.all() if ln.status not in SETTLED_LINE_STATUSES]
    if unsettled:
        raise InvalidTransition(f"아직 처리하지 않은 상품이 있습니다: {', '.join(unsettled)}", code="lines_unsettled")
    has_goods = any(ln.picked_quantity for ln in part.lines.all())
    target = MerchantOrderStatus.READY if has_goods else MerchantOrderStatus.CANCELED
    extra = {"ready_at": timezone.now(), "bag_code": bag_code_for(part)} if has_goods else {}
    compare_and_set(MerchantOrder.objects.filter(pk=part.pk), table=MERCHANT_ORDER_TRANSITIONS, target=target,
                    **extra)
    record_event(part.order, merchant_order=part, from_status=MerchantOrderStatus.PICKING, to_status=target,
                 actor=actor, reason=f"{part.store.name} " + ("픽업 대기" if has_goods else "보낼 상품 없음"))
    recompute_amounts(part.order)
    _advance_order(part.order, actor=actor)
    _sync_money_after_commit(part.order)
    part.refresh_from_db()
    return part


def bag_code_for(part: MerchantOrder) -> str:
    """"<order number>-<n>": the n-th store part of the order; short enough to type."""
    index = list(MerchantOrder.objects.filter(order_id=part.order_id).order_by("pk").values_list("pk", flat=True))
    return f"{part.order.number}-{index.index(part.pk) + 1}"


def _advance_order(order: Order, *, actor) -> None:
    """All bags in → "collected"; nothing left to send at all → canceled (full refund)."""
    order.refresh_from_db()
    statuses = set(MerchantOrder.objects.filter(order=order).values_list("status", flat=True))
    live = statuses - {MerchantOrderStatus.CANCELED}
    if order.status != OrderStatus.PICKING:
        return
    if not live:
        # Nothing will be delivered, so the delivery fee is refunded too.
        Order.objects.filter(pk=order.pk).update(delivery_fee=0, total=F("items_total"))
        transition_order(order, target=OrderStatus.CANCELED, actor=actor, reason="모든 상품 품절로 주문 취소")
    elif live == {MerchantOrderStatus.RECEIVED}:
        transition_order(order, target=OrderStatus.COLLECTED, actor=actor, reason="모든 가게의 가방 도착")


@transaction.atomic
def receive_bag(*, code: str, market: Market, actor=None) -> MerchantOrder:
    """The center scans (or types) a bag's code.  A bag of another market, an unknown code, a
    bag not yet ready, or a second scan is refused with a message saying which."""
    code = code.strip().upper().removeprefix("JB:")
    part = MerchantOrder.objects.select_for_update().select_related("order", "store").filter(bag_code=code).first()
    if part is None:
        raise NotFound(f"'{code}' 가방을 찾을 수 없습니다. 코드를 다시 확인해 주세요.", code="bag_not_found")
    if part.order.market_id != market.pk:
        raise Conflict(f"다른 시장({part.order.market.name})의 가방입니다. 받지 마세요.", code="bag_wrong_market")
    if part.status == MerchantOrderStatus.RECEIVED:
        raise Conflict(f"이미 받은 가방입니다 ({part.store.name}, {timezone.localtime(part.received_at):%H:%M}).",
                       code="bag_duplicate")
    if part.status != MerchantOrderStatus.READY:
        raise Conflict(f"{part.store.name}에서 아직 준비를 마치지 않은 가방입니다.", code="bag_not_ready")
    compare_and_set(MerchantOrder.objects.filter(pk=part.pk), table=MERCHANT_ORDER_TRANSITIONS,
                    target=MerchantOrderStatus.RECEIVED, received_at=timezone.now())
    record_event(part.order, merchant_order=part, from_status=MerchantOrderStatus.READY,
                 to_status=MerchantOrderStatus.RECEIVED, actor=actor, reason=f"{part.store.name} 가방 도착")
    _advance_order(part.order, actor=actor)
    part.refresh_from_db()
    return part


@transaction.atomic
def mark_packed(*, order: Order, actor=None, temperatures: dict[int, str] | None = None) -> Order:
    """The center packed the bundle, each line in its temperature group."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.COLLECTED:
        raise InvalidTransition("모든 가방이 도착한 주문만 포장할 수 있습니다.", code="not_collected")
    temperatures = temperatures or {}
    if set(temperatures.values()) - set(Temperature.values):
        raise ValidationFailed("상온·냉장·냉동 중에서 골라 주세요.", code="invalid_temperature")
    for line_id, temperature in temperatures.items():
        OrderLine.objects.filter(pk=line_id, merchant_order__order=order).update(temperature=temperature)
    transition_order(order, target=OrderStatus.PACKED, actor=actor, reason="꾸러미 포장 완료")
    return order
