"""Scan-in at the center: the service's answer, big and in Korean; refusals change nothing."""

import pytest

from jangbogi.orders.models import MerchantOrder, MerchantOrderStatus, Order, OrderStatus
from tests.factories import DeliveryCenterFactory, MarketFactory, StoreFactory
from tests.web.center.builders import htmx, place_paid, ready_all, state


@pytest.fixture
def bags(paid_order, morning):
    """{store name: ready part} of the paid order."""
    return {part.store.name: part for part in ready_all(paid_order)}


def scan(client, code, **extra):
    return client.post("/center/scan", {"code": code}, **extra)


def test_first_bag_in(center_client, bags, paid_order):
    response = scan(center_client, bags["상수네 채소"].bag_code, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "board-changed"
    assert html.lstrip().startswith('<div id="scan-result" class="scan-result is-ok"')
    assert "상수네 채소 가방 도착 ✓" in html
    assert f"주문 {paid_order.number}: 1/2 도착, 남은 가방: 바다 수산" in html
    assert MerchantOrder.objects.get(pk=bags["상수네 채소"].pk).status == MerchantOrderStatus.RECEIVED
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.PICKING


def test_last_bag_in_says_pack_it(center_client, bags, paid_order):
    scan(center_client, bags["상수네 채소"].bag_code, **htmx())
    html = scan(center_client, f"JB:{bags['바다 수산'].bag_code}", **htmx()).content.decode()
    assert "바다 수산 가방 도착 ✓" in html
    assert f"주문 {paid_order.number}: 2/2 도착, 포장할 수 있어요" in html
    assert f'href="/center/orders/{paid_order.number}/?market=' in html and "포장하러 가기" in html
    assert Order.objects.get(pk=paid_order.pk).status == OrderStatus.COLLECTED


def test_code_typed_in_lower_case_with_spaces(center_client, bags):
    html = scan(center_client, f"  jb:{bags['바다 수산'].bag_code.lower()} ", **htmx()).content.decode()
    assert "바다 수산 가방 도착 ✓" in html


def test_duplicate_scan_says_when(center_client, bags):
    scan(center_client, bags["상수네 채소"].bag_code, **htmx())
    before = state()
    response = scan(center_client, bags["상수네 채소"].bag_code, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="scan-result is-refused"' in html
    assert "이미 받은 가방입니다 (상수네 채소, 10:00)." in html  # the clock stands at 10:00
    assert state() == before


def test_unknown_code(center_client, bags):
    before = state()
    html = scan(center_client, "nope-1", **htmx()).content.decode()
    assert "&#x27;NOPE-1&#x27; 가방을 찾을 수 없습니다. 코드를 다시 확인해 주세요." in html
    assert "is-refused" in html
    assert state() == before


def test_bag_not_ready(center_client, paid_order, morning):
    part = MerchantOrder.objects.filter(order=paid_order, store__name="상수네 채소").get()
    MerchantOrder.objects.filter(pk=part.pk).update(bag_code="X-1")
    before = state()
    html = scan(center_client, "X-1", **htmx()).content.decode()
    assert "상수네 채소에서 아직 준비를 마치지 않은 가방입니다." in html
    assert state() == before


def test_bag_of_another_market_refused_and_unchanged(center_client, morning):
    other = MarketFactory(name="오산오색시장")
    DeliveryCenterFactory(market=other)
    order = place_paid(other, [StoreFactory(market=other), StoreFactory(market=other)], key="osan")
    foreign = ready_all(order)[0]
    before = state()
    html = scan(center_client, foreign.bag_code, **htmx()).content.decode()
    assert "다른 시장(오산오색시장)의 가방입니다. 받지 마세요." in html
    assert state() == before
    assert MerchantOrder.objects.get(pk=foreign.pk).status == MerchantOrderStatus.READY


def test_empty_code(center_client, bags):
    before = state()
    html = scan(center_client, "   ", **htmx()).content.decode()
    assert "가방 QR을 찍거나 코드를 입력해 주세요." in html
    assert state() == before


def test_without_htmx_the_whole_board_comes_back_with_the_answer(center_client, bags, paid_order):
    response = center_client.post("/center/scan", {"code": bags["상수네 채소"].bag_code, "show": "waiting",
                                                   "date": "2026-11-26"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="board"' in html
    assert "상수네 채소 가방 도착 ✓" in html
    assert "가방 도착 <strong>1/2</strong>" in html
    assert response.context["params"].show == "waiting"


def test_scan_is_post_only(center_client, bags):
    assert center_client.get("/center/scan").status_code == 405
