"""Packing one order: bags, lines by temperature with overrides, changes, amounts, papers."""

import pytest

from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, Order, OrderLine, OrderStatus, Substitution
from tests.conftest import delivery_details
from tests.factories import ProductFactory
from tests.web.center.builders import htmx, ready_all, receive_all, state


def url(order, tail="") -> str:
    return f"/center/orders/{order.number}/{tail}"


def line(order, name) -> OrderLine:
    return OrderLine.objects.get(merchant_order__order=order, product_name=name)


@pytest.fixture
def collected(paid_order, market, morning):
    receive_all(paid_order, market)
    return paid_order


@pytest.fixture
def changed(market, two_stores, morning):
    """애호박 2 (similar item) → 쥬키니 호박 2 approved; 대파 refunded; 고등어 picked; all in."""
    veg, fish = two_stores
    zucchini = ProductFactory(store=veg, name="애호박", price=1500)
    leek = ProductFactory(store=veg, name="대파", unit_label="1단", price=3000)
    mackerel = ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000)
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=zucchini.pk, quantity=2, substitution=Substitution.SIMILAR_SAME_STORE)
    carts.set_line(cart=cart, product_id=leek.pk, quantity=1)
    carts.set_line(cart=cart, product_id=mackerel.pk, quantity=1)
    order = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key="changed")
    other = ProductFactory(store=veg, name="쥬키니 호박", price=1200)
    fulfilment.mark_short(line=line(order, "애호박"), available=0, proposal_product_id=other.pk,
                          proposal_quantity=2)
    fulfilment.answer_proposal(proposal=line(order, "애호박").proposals.get(), approve=True)
    fulfilment.mark_short(line=line(order, "대파"), available=0)
    fulfilment.pick_line(line=line(order, "고등어"))
    for part in MerchantOrder.objects.filter(order=order):
        fulfilment.receive_bag(code=fulfilment.mark_ready(part=part).bag_code, market=market)
    order.refresh_from_db()
    assert order.status == OrderStatus.COLLECTED
    return order


def test_waiting_for_a_bag_button_disabled_with_reason(center_client, paid_order, market, morning):
    bags = {p.store.name: p for p in ready_all(paid_order)}
    fulfilment.receive_bag(code=bags["바다 수산"].bag_code, market=market)
    response = center_client.get(url(paid_order))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<button class="btn big block pack-button" type="submit" disabled' in html
    assert "가방 2개 중 1개 도착 — 가방이 모두 오면 포장할 수 있어요" in html
    assert f'hx-get="/center/orders/{paid_order.number}/?market={market.slug}" hx-trigger="every 15s"' in html
    packing = response.context["packing"]
    # Only the bag that arrived shows its lines; no temperature selects yet.
    assert [(g.label, [pl.line.product_name for pl in g.lines]) for g in packing.groups] == [("냉장", ["고등어"])]
    assert "<select name=\"temp-" not in html
    assert "센터 도착 ✓ 10:00" in html and "픽업 대기 · 가져와야 함" in html


def test_collected_full_page_and_partial(center_client, collected):
    response = center_client.get(url(collected))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "HX-Request" in response["Vary"]
    assert '<button class="btn primary big block pack-button" type="submit">포장 완료</button>' in html
    assert "hx-trigger" not in html.split('id="packing"')[1].split(">")[0]  # no polling once all are in
    groups = response.context["packing"].groups
    assert [(g.temperature, [pl.line.product_name for pl in g.lines]) for g in groups] == [
        ("ambient", ["애호박"]), ("chilled", ["고등어"])]
    fish = line(collected, "고등어")
    assert f'<select name="temp-{fish.pk}">' in html
    assert '<option value="chilled" data-saved selected>냉장</option>' in html

    partial = center_client.get(url(collected), **htmx()).content.decode()
    assert partial.lstrip().startswith('<section id="packing"') and "<html" not in partial


def test_recipient_phone_is_masked(center_client, collected):
    html = center_client.get(url(collected)).content.decode()
    assert "김순자 · 010-****-1234" in html
    assert "010-5550-1234" not in html


def test_pack_with_temperature_overrides(center_client, collected, market):
    fish, veg = line(collected, "고등어"), line(collected, "애호박")
    response = center_client.post(url(collected, "pack"), {f"temp-{fish.pk}": "frozen", f"temp-{veg.pk}": "chilled"})
    assert response.status_code == 302
    assert response["Location"] == f"{url(collected)}?market={market.slug}"
    assert Order.objects.get(pk=collected.pk).status == OrderStatus.PACKED
    assert (OrderLine.objects.get(pk=fish.pk).temperature, OrderLine.objects.get(pk=veg.pk).temperature) == (
        "frozen", "chilled")
    html = center_client.get(response["Location"]).content.decode()
    assert "포장 완료 ✓" in html
    assert "포장 완료! 명세서와 라벨을 출력해 꾸러미에 붙여 주세요." in html
    assert f'href="/center/orders/{collected.number}/slip.pdf?market={market.slug}"' in html
    assert f'href="/center/orders/{collected.number}/label.pdf?market={market.slug}"' in html
    assert "pack-button" not in html


def test_pack_through_htmx_returns_the_packed_view(center_client, collected):
    fish = line(collected, "고등어")
    response = center_client.post(url(collected, "pack"), {f"temp-{fish.pk}": "frozen"}, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="packing"')
    assert "포장 완료 ✓" in html and "slip.pdf" in html and "label.pdf" in html
    assert '<section class="card temp-group temp-frozen">' in html
    assert "temp-chilled" not in html


def test_unknown_temperature_is_ignored(center_client, collected):
    fish = line(collected, "고등어")
    center_client.post(url(collected, "pack"), {f"temp-{fish.pk}": "hot", "temp-x": "frozen"})
    assert OrderLine.objects.get(pk=fish.pk).temperature == "chilled"
    assert Order.objects.get(pk=collected.pk).status == OrderStatus.PACKED


def test_pack_before_all_bags_refused_and_unchanged(center_client, paid_order, morning):
    fish = line(paid_order, "고등어")
    before = state()
    response = center_client.post(url(paid_order, "pack"), {f"temp-{fish.pk}": "frozen"})
    assert response.status_code == 409
    assert "모든 가방이 도착한 주문만 포장할 수 있습니다." in response.content.decode()
    assert state() == before
    partial = center_client.post(url(paid_order, "pack"), {}, **htmx())
    assert partial.status_code == 200 and "모든 가방이 도착한 주문만 포장할 수 있습니다." in partial.content.decode()


def test_substitutions_and_refunds_visible_with_amounts(center_client, changed):
    response = center_client.get(url(changed))
    html = response.content.decode()
    packing = response.context["packing"]
    assert [(g.label, [(pl.line.product_name, pl.replaces.product_name if pl.replaces else None)
                       for pl in g.lines]) for g in packing.groups] == [
        ("상온", [("쥬키니 호박", "애호박")]), ("냉장", [("고등어", None)])]
    assert [(c.line.product_name, c.line.status, [r.product_name for r, _ in c.replacements])
            for c in packing.changes] == [("애호박", "substituted", ["쥬키니 호박"]), ("대파", "refunded", [])]
    assert "↳ 대체: 쥬키니 호박 1개 × 2" in html and "애호박 대신" in html
    assert "<del>애호박 1개 × 2</del>" in html and "<del>대파 1단 × 1</del>" in html
    assert '<p class="replacement">↳ 쥬키니 호박 1개 × 2' in html
    # 2 × 1,200 + 8,000 + 3,000 fee = 13,400 of 17,000 paid: 3,600 to refund.
    assert (changed.total, changed.paid_amount, changed.refund_due) == (13400, 17000, 3600)
    for text in ("<dd class=\"total\">13,400원</dd>", "<dd>17,000원</dd>", '<dd class="refund">3,600원</dd>'):
        assert text in html


def test_short_line_shows_what_was_sent(center_client, paid_order, market, morning):
    fulfilment.mark_short(line=line(paid_order, "애호박"), available=1)
    fulfilment.pick_line(line=line(paid_order, "고등어"))
    for part in MerchantOrder.objects.filter(order=paid_order):
        fulfilment.receive_bag(code=fulfilment.mark_ready(part=part).bag_code, market=market)
    html = center_client.get(url(paid_order)).content.decode()
    assert "애호박 1개 × 1" in html and "주문 2개 중 1개" in html
    assert "<del>애호박 1개 × 2</del>" in html and "일부 부족" in html


@pytest.mark.parametrize(("tail", "filename"), [("slip.pdf", "slip"), ("label.pdf", "label")])
def test_papers_are_pdfs(center_client, collected, tail, filename):
    fulfilment.mark_packed(order=collected)
    response = center_client.get(url(collected, tail))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{filename}-{collected.number}.pdf"'
    assert response.content.startswith(b"%PDF")


def test_unknown_order_404(center_client, market):
    assert center_client.get("/center/orders/000000-00000000/").status_code == 404
