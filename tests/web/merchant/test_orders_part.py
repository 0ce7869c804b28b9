"""One store part: the page, 준비 시작, 준비 끝 (with the bag code and label), and scoping."""

import pytest

from jangbogi.markets.models import Membership
from jangbogi.orders import fulfilment
from jangbogi.orders.models import MerchantOrder, OrderEvent, OrderLine, OrderStatus
from tests.factories import ProductFactory, UserFactory
from tests.web.conftest import htmx


def events(order) -> list[tuple[str, str]]:
    return list(OrderEvent.objects.filter(order=order).order_by("pk").values_list("to_status", "reason"))


def test_part_page_lists_the_lines(merchant, paid_order, veg_part):
    response = merchant.get(f"/merchant/parts/{veg_part.pk}/")
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert f"<title>주문 {paid_order.number[-4:]} · 장보기</title>" in html
    assert '<p class="mo-line-name">애호박 <span class="origin">(원산지: 국내산)</span></p>' in html
    assert "1개 × <strong>2</strong>" in html
    assert "없으면 → <strong>대체 없이 환불</strong>" in html
    assert '<span class="mo-lbadge ls-pending">준비 전</span>' in html
    assert "오늘 11월 26일(목) 16:00–19:00 배송" in html
    assert "김** 님 · 상품 1가지" in html
    assert "010-5550-1234" not in html
    assert "준비 시작" in html and "담았어요" in html and "부족해요" in html
    assert "<dt>주문 금액</dt><dd>3,000원</dd>" in html
    assert "고등어" not in html


def test_part_page_as_htmx_partial(merchant, veg_part):
    html = merchant.get(f"/merchant/parts/{veg_part.pk}/", **htmx()).content.decode()
    assert html.lstrip().startswith('<div id="part" class="mo-part">')
    assert "<html" not in html and "← 주문 목록으로" not in html


def test_start_picking_moves_part_and_order(merchant, paid_order, veg_part):
    response = merchant.post(f"/merchant/parts/{veg_part.pk}/start", **htmx())
    assert response.status_code == 200
    veg_part.refresh_from_db()
    paid_order.refresh_from_db()
    assert (veg_part.status, paid_order.status) == ("picking", OrderStatus.PICKING)
    assert ("picking", "상수네 채소 준비 시작") in events(paid_order)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="part"')
    assert '<span class="mo-badge st-picking">준비 중</span>' in html
    assert "준비 시작</button>" not in html


def test_start_picking_without_htmx_redirects_back(merchant, veg_part):
    response = merchant.post(f"/merchant/parts/{veg_part.pk}/start")
    assert (response.status_code, response["Location"]) == (302, f"/merchant/parts/{veg_part.pk}/")
    assert MerchantOrder.objects.get(pk=veg_part.pk).status == "picking"


def test_ready_with_unsettled_lines_shows_the_error_and_changes_nothing(merchant, paid_order, veg_part):
    before = events(paid_order)
    response = merchant.post(f"/merchant/parts/{veg_part.pk}/ready", **htmx())
    assert response.status_code == 200
    assert '<p class="notice error" role="alert">아직 처리하지 않은 상품이 있습니다: 애호박</p>' in \
        response.content.decode()
    assert MerchantOrder.objects.get(pk=veg_part.pk).status == "new"
    assert events(paid_order) == before


def test_ready_error_without_htmx_is_a_message(merchant, veg_part):
    response = merchant.post(f"/merchant/parts/{veg_part.pk}/ready", follow=True)
    assert response.redirect_chain == [(f"/merchant/parts/{veg_part.pk}/", 302)]
    assert "아직 처리하지 않은 상품이 있습니다: 애호박" in response.content.decode()


def test_ready_shows_the_bag_code_and_label_link(merchant, paid_order, veg_part, zucchini_line):
    fulfilment.pick_line(line=zucchini_line)
    response = merchant.post(f"/merchant/parts/{veg_part.pk}/ready", **htmx())
    veg_part.refresh_from_db()
    assert veg_part.status == "ready"
    nth = list(paid_order.merchant_orders.order_by("pk").values_list("pk", flat=True)).index(veg_part.pk) + 1
    assert veg_part.bag_code == f"{paid_order.number}-{nth}"
    assert ("ready", "상수네 채소 픽업 대기") in events(paid_order)
    html = response.content.decode()
    assert f'<p class="mo-bag-code">{veg_part.bag_code}</p>' in html
    assert f'href="/merchant/parts/{veg_part.pk}/label.pdf"' in html
    assert "픽업 대기 · 센터 직원이 가져가요" in html
    assert "담았어요</button>" not in html and "준비 끝 · 가방 라벨 출력</button>" not in html


def test_ready_with_nothing_left_closes_the_part(merchant, paid_order, veg_part, zucchini_line):
    fulfilment.mark_short(line=zucchini_line, available=0)
    html = merchant.post(f"/merchant/parts/{veg_part.pk}/ready", **htmx()).content.decode()
    assert MerchantOrder.objects.get(pk=veg_part.pk).status == "canceled"
    assert "보낼 상품이 없어 이 가게 주문은 닫혔어요" in html


def test_label_pdf(merchant, veg_part, zucchini_line):
    assert merchant.get(f"/merchant/parts/{veg_part.pk}/label.pdf").status_code == 404  # not ready yet
    fulfilment.pick_line(line=zucchini_line)
    part = fulfilment.mark_ready(part=veg_part)
    response = merchant.get(f"/merchant/parts/{veg_part.pk}/label.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{part.bag_code}.pdf"'
    assert response.content.startswith(b"%PDF")


def test_replacements_are_shown_under_their_original(merchant, veg, paid_order, veg_part, zucchini_line):
    OrderLine.objects.filter(pk=zucchini_line.pk).update(substitution="similar_same_store")
    courgette = ProductFactory(store=veg, name="쥬키니 호박", price=1200, stock=5)
    fulfilment.mark_short(line=OrderLine.objects.get(pk=zucchini_line.pk), available=0,
                          proposal_product_id=courgette.pk)
    fulfilment.answer_proposal(proposal=zucchini_line.proposals.get(), approve=True)
    response = merchant.get(f"/merchant/parts/{veg_part.pk}/")
    rows = response.context["rows"]
    assert [(r.line.product_name, [c.product_name for c in r.children]) for r in rows] == [
        ("애호박", ["쥬키니 호박"])]
    html = response.content.decode()
    assert "↳ 대신 넣어요: <strong>쥬키니 호박</strong> 1개 × 2 · 2,400원" in html
    assert '<span class="mo-lbadge ls-substituted">대체됨</span>' in html
    assert "<dt>주문 금액</dt><dd>3,000원</dd>" in html
    assert "<dt>환불 예정</dt><dd>− 600원</dd>" in html
    assert '<dt class="total">지금 금액</dt><dd class="total">2,400원</dd>' in html


# --- scoping ----------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "label.pdf"])
def test_another_stores_part_is_not_found(merchant, fish_part, suffix):
    assert merchant.get(f"/merchant/parts/{fish_part.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("action", ["start", "ready"])
def test_another_stores_part_cannot_be_changed(merchant, paid_order, fish_part, action):
    before = events(paid_order)
    assert merchant.post(f"/merchant/parts/{fish_part.pk}/{action}", **htmx()).status_code == 404
    assert MerchantOrder.objects.get(pk=fish_part.pk).status == "new"
    assert events(paid_order) == before


def test_anonymous_goes_to_login(client, veg_part):
    response = client.get(f"/merchant/parts/{veg_part.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/login?next=%2Fmerchant%2Fparts%2F{veg_part.pk}%2F"


@pytest.mark.parametrize("role", ["center_staff", "market_admin", "customer"])
def test_other_roles_get_403(client, market, veg_part, role):
    user = UserFactory()
    if role != "customer":
        Membership.objects.create(user=user, role=role, market=market)
    client.force_login(user)
    assert client.get(f"/merchant/parts/{veg_part.pk}/").status_code == 403
    assert client.post(f"/merchant/parts/{veg_part.pk}/ready").status_code == 403
    assert MerchantOrder.objects.get(pk=veg_part.pk).status == "new"


def test_get_is_not_allowed_on_actions(merchant, veg_part):
    assert merchant.get(f"/merchant/parts/{veg_part.pk}/ready").status_code == 405
