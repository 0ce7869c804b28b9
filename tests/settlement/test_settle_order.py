"""settle_order: the paid order's 14,000원 (애호박 3,000 at 상수네 채소 + 고등어 8,000 at 바다 수산 +
배송비 3,000) becomes entries per party, changes become refunds, and a second run adds nothing."""

from jangbogi.orders import fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder
from jangbogi.payments.models import Payment
from jangbogi.settlement import ingest
from jangbogi.settlement import services as settlement
from jangbogi.settlement.models import LedgerEntry
from tests.factories import ProductFactory, StoreFactory
from tests.settlement.conftest import DAY, rows


def test_paid_order_is_split_across_its_stores_and_the_delivery_center(paid_order, veg, fish):
    # One approval per store and one for the delivery fee: each is its party's capture.
    tender = {p.store_id: p for p in Payment.objects.filter(order_ref=paid_order.number)}
    added = ingest.settle_order(paid_order)

    v, f, c = tender[veg.pk].pk, tender[fish.pk].pk, tender[None].pk
    assert [(e.store.name if e.store else "배송센터", e.kind, e.amount, e.idempotency_key) for e in added] == rows()
    assert sorted(rows()) == sorted([
        ("상수네 채소", "capture", 3000, f"capture:{v}:store{veg.pk}"),
        ("상수네 채소", "commission", -30, f"commission:capture:{v}:store{veg.pk}"),
        ("바다 수산", "capture", 8000, f"capture:{f}:store{fish.pk}"),
        ("바다 수산", "commission", -80, f"commission:capture:{f}:store{fish.pk}"),
        ("배송센터", "capture", 3000, f"capture:{c}:center"),
    ])
    entries = LedgerEntry.objects.all()
    assert {(e.store_id, e.business_date, e.order_ref, e.tender_ref) for e in entries} == {
        (store, DAY, paid_order.number, p.provider_ref) for store, p in tender.items()}
    assert sum(e.amount for e in entries if e.kind == "capture") == sum(p.amount for p in tender.values()) == 14000
    assert sum(e.amount for e in entries if e.kind == "capture" and e.store) == 11000


def test_statements_of_the_two_stores(settled, veg, fish):
    veg_day, fish_day = settlement.statement(veg, DAY, DAY), settlement.statement(fish, DAY, DAY)
    assert (veg_day.captured, veg_day.refunds, veg_day.commission, veg_day.fees, veg_day.payouts,
            veg_day.payable) == (3000, 0, 30, 0, 0, 2970)
    assert (fish_day.captured, fish_day.commission, fish_day.payable) == (8000, 80, 7920)
    assert veg_day.rate_bp == 100 and veg_day.rate_label == "1%"
    assert [(line.label, line.amount, line.memo) for line in veg_day.lines] == [
        ("결제", 3000, "주문 결제"), ("중개 수수료", -30, "판매 3,000원의 1% = 30원")]


def test_settling_again_adds_nothing(settled):
    before = rows()
    assert ingest.settle_order(settled) == []
    assert ingest.settle_order(settled) == []
    assert rows() == before


def test_a_shortage_refunds_the_stores_part_and_gives_back_its_commission(settled, veg):
    line = MerchantOrder.objects.get(order=settled, store=veg).lines.get()
    fulfilment.mark_short(line=line, available=1)  # 1 of 2 애호박: 1,500원 back to the customer
    settled.refresh_from_db()
    assert settled.refund_due == 1500

    added = ingest.settle_order(settled)

    assert [(e.store.name, e.kind, e.amount, e.memo) for e in added] == [
        ("상수네 채소", "refund", -1500, "상품 부족·변경 환불"),
        ("상수네 채소", "commission_reversal", 15, "판매 1,500원의 1% = 15원"),
    ]
    statement = settlement.statement(veg, DAY, DAY)
    assert (statement.captured, statement.refunds, statement.commission, statement.payable) == (3000, 1500, 15, 1485)
    assert ingest.settle_order(settled) == []


def test_a_line_moved_to_another_store_moves_its_sale(settled, market, fish):
    other = StoreFactory(market=market, name="부산 수산")
    ProductFactory(store=other, category="seafood", name="고등어", unit_label="2마리", price=7000)
    line = MerchantOrder.objects.get(order=settled, store=fish).lines.get()
    fulfilment.mark_short(line=line, available=0)  # the customer chose "다른 가게의 같은 상품으로"
    settled.refresh_from_db()
    assert settled.refund_due == 1000  # 8,000 → 7,000

    added = ingest.settle_order(settled)

    assert sorted((e.store.name, e.kind, e.amount) for e in added) == sorted([
        ("바다 수산", "refund", -8000), ("바다 수산", "commission_reversal", 80),
        ("부산 수산", "capture", 7000), ("부산 수산", "commission", -70),
    ])
    store_net = sum(e.amount for e in LedgerEntry.objects.filter(kind__in=["capture", "refund"]))
    assert store_net == settled.total == settled.paid_amount - settled.refund_due == 13000


def test_a_canceled_order_refunds_every_party_including_the_delivery_fee(settled, veg, fish):
    ordering.cancel_order(order=settled, reason="고객 요청")
    added = ingest.settle_order(settled)
    assert sorted((e.store.name if e.store else "배송센터", e.kind, e.amount, e.memo) for e in added) == sorted([
        ("상수네 채소", "refund", -3000, "주문 취소"), ("상수네 채소", "commission_reversal", 30, "판매 0원의 1% = 0원"),
        ("바다 수산", "refund", -8000, "주문 취소"), ("바다 수산", "commission_reversal", 80, "판매 0원의 1% = 0원"),
        ("배송센터", "refund", -3000, "주문 취소"),
    ])
    assert sum(e.amount for e in LedgerEntry.objects.all()) == 0
    for store in (veg, fish):
        assert settlement.statement(store, DAY, DAY).payable == 0


def test_an_order_settled_only_after_its_changes_gets_the_same_result(paid_order, veg):
    line = MerchantOrder.objects.get(order=paid_order, store=veg).lines.get()
    fulfilment.mark_short(line=line, available=0)
    ingest.settle_order(paid_order)
    statement = settlement.statement(veg, DAY, DAY)
    assert (statement.captured, statement.refunds, statement.commission, statement.payable) == (3000, 3000, 0, 0)


def test_an_unpaid_order_has_nothing_to_settle(cart_two_stores, market):
    from tests.conftest import delivery_details

    order = ordering.place_order(cart=cart_two_stores, details=delivery_details(market), idempotency_key="unpaid")
    assert ingest.settle_order(order) == []
    assert not LedgerEntry.objects.exists()


def test_the_providers_fee_on_a_tender_is_charged_to_its_party(settled, veg, fish):
    payment = Payment.objects.get(order_ref=settled.number, store=fish)
    entries = ingest.record_tender_fee(payment=payment, fee=230)  # e.g. 2.88 % of 8,000원
    assert [(e.store.name, e.amount, e.tender_ref) for e in entries] == [("바다 수산", -230, payment.provider_ref)]
    assert ingest.record_tender_fee(payment=payment, fee=230) == entries  # idempotent per tender
    assert settlement.statement(veg, DAY, DAY).fees == 0
    statement = settlement.statement(fish, DAY, DAY)
    assert (statement.fees, statement.payable) == (230, 8000 - 80 - 230)
