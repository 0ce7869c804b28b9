"""오늘 현황: exact figures for a day with a shortage, a canceled order and bags in transit."""

import datetime as dt

import pytest

from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, OrderLine
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory, StoreFactory
from tests.web.marketadmin.conftest import htmx

DAY = MORNING.date()


def part(order, store_name) -> MerchantOrder:
    return MerchantOrder.objects.get(order=order, store__name=store_name)


def line(order, name) -> OrderLine:
    return OrderLine.objects.get(merchant_order__order=order, product_name=name)


@pytest.fixture
def busy_day(paid_order, market, two_stores):
    """paid_order (애호박 2 × 1,500 + 고등어 8,000 + fee 3,000 = 14,000원 paid), then:
    애호박 only 1 → refund 1,500원; 상수네 bag received at the center; 바다 수산 bag ready.
    A second order of the same day (1 × 애호박, 4,500원) is canceled by its customer."""
    fulfilment.mark_short(line=line(paid_order, "애호박"), available=1)
    veg = fulfilment.mark_ready(part=part(paid_order, "상수네 채소"))
    fulfilment.receive_bag(code=veg.bag_code, market=market)
    fulfilment.pick_line(line=line(paid_order, "고등어"))
    fulfilment.mark_ready(part=part(paid_order, "바다 수산"))

    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=ProductFactory(store=two_stores[1], name="오징어", price=1500).pk,
                   quantity=1)
    canceled = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key="c", now=MORNING)
    ordering.cancel_order(order=canceled, now=MORNING)
    return paid_order


def test_figures_are_exact(admin_client, busy_day, morning):
    response = admin_client.get("/market-admin/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.date == DAY
    assert (board.order_count, board.sales, board.refund_due) == (2, 12500, 1500)
    assert board.status_counts == [("주문 접수", 0), ("상품 준비 중", 1), ("배송센터 도착", 0), ("포장 완료", 0),
                                   ("주문 취소", 1)]
    assert [(r.store.name, r.parts, r.preparing, r.ready, r.received) for r in board.stores] == [
        ("바다 수산", 1, 0, 1, 0), ("상수네 채소", 1, 0, 0, 1)]
    assert (board.totals.parts, board.totals.ready, board.totals.received) == (2, 1, 1)
    [short] = board.shortages
    assert (short.line.product_name, short.outcome, short.missing, short.amount) == ("애호박", "부분 부족", 1, 1500)
    assert short.line.merchant_order.store.name == "상수네 채소"

    html = response.content.decode()
    for text in ("오늘 11월 26일(목) 배송", "<dd>2건</dd>", "<dd>12,500원</dd>", "<dd>1,500원</dd>",
                 "<th scope=\"row\">상수네 채소</th><td>1</td><td>0</td><td>0</td><td>1</td>",
                 "부분 부족", "대체 없이 환불", "1개 · 1,500원"):
        assert text in html, text


def test_moved_and_refunded_outcomes(admin_client, paid_order, market, morning):
    """고등어 (customer chose 'same item from another store'): another store has it → moved;
    then that store is out too → a refund."""
    other = StoreFactory(market=market, name="수산 2호")
    ProductFactory(store=other, category="seafood", name="고등어", unit_label="2마리", price=7000)
    fulfilment.mark_short(line=line(paid_order, "고등어"), available=0)
    moved = OrderLine.objects.get(merchant_order__store=other)
    fulfilment.mark_short(line=moved, available=0)

    board = admin_client.get("/market-admin/").context["board"]
    rows = [(s.line.product_name, s.line.merchant_order.store.name, s.outcome, s.amount,
             [r.merchant_order.store.name for r in s.replacements]) for s in board.shortages]
    assert rows == [("고등어", "수산 2호", "환불", 7000, []),
                    ("고등어", "바다 수산", "다른 가게로", 8000, ["수산 2호"])]
    assert board.refund_due == 8000  # paid 14,000; now 애호박 3,000 + fee 3,000
    assert "(수산 2호)" in admin_client.get("/market-admin/").content.decode()


def test_empty_day(admin_client, market, morning):
    response = admin_client.get("/market-admin/")
    html = response.content.decode()
    assert "이날 배송할 주문이 아직 없어요." in html
    assert "부족하거나 바뀐 상품이 없어요." in html
    assert (response.context["board"].order_count, response.context["board"].sales) == (0, 0)


def test_other_days_and_markets_are_not_counted(admin_client, busy_day, other, morning):
    tomorrow = admin_client.get("/market-admin/?date=2026-11-27").context["board"]
    assert (tomorrow.date, tomorrow.order_count, tomorrow.stores, tomorrow.shortages) == (
        dt.date(2026, 11, 27), 0, [], [])
    admin_client.force_login(other.admin.user)
    assert admin_client.get("/market-admin/?date=2026-11-26").context["board"].order_count == 0


def test_date_switcher_links(admin_client, market, morning):
    html = admin_client.get("/market-admin/?date=2026-11-20").content.decode()
    assert 'href="?date=2026-11-19"' in html and 'href="?date=2026-11-21"' in html
    assert 'href="?date=2026-11-26"' in html  # 오늘
    assert "11월 20일(금) 배송" in html


def test_bad_date_falls_back_to_today(admin_client, market, morning):
    assert admin_client.get("/market-admin/?date=yesterday").context["board"].date == DAY


def test_htmx_gets_the_board_only(admin_client, busy_day, morning):
    response = admin_client.get("/market-admin/?date=2026-11-26", **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="board"')
    assert "<html" not in html and "12,500원" in html
    assert "HX-Request" in response["Vary"]


def test_full_page_has_layout(admin_client, market, morning):
    html = admin_client.get("/market-admin/").content.decode()
    assert "<html" in html and '<section id="board"' in html and "<h1>오늘 현황</h1>" in html
