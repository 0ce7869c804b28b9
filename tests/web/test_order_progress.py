"""After payment the customer follows each store's part, answers substitution proposals, and
sees the final amounts: the order page as picking, shortages and packing happen."""

import pytest
from django.test import Client

from jangbogi.orders import fulfilment
from jangbogi.orders.models import LineStatus, MerchantOrder, OrderLine, Substitution
from tests.factories import ProductFactory
from tests.web.conftest import htmx


def page(paid_order, client=None, **extra):
    client = client or Client()
    return client.get(f"/orders/{paid_order.number}/?t={paid_order.access_token}", **extra)


def line(order, name) -> OrderLine:
    return OrderLine.objects.get(merchant_order__order=order, product_name=name, replaces__isnull=True)


@pytest.fixture
def proposal(paid_order, two_stores):
    zucchini = line(paid_order, "애호박")
    OrderLine.objects.filter(pk=zucchini.pk).update(substitution=Substitution.SIMILAR_SAME_STORE)
    other = ProductFactory(store=two_stores[0], name="쥬키니 호박", price=1200, stock=5, origin="국내산(경기 이천)")
    fulfilment.mark_short(line=zucchini, available=0, proposal_product_id=other.pk, proposal_quantity=2)
    return zucchini.proposals.get()


def test_timeline_shows_picking_then_all_bags_in_then_packed(paid_order, market):
    for part in MerchantOrder.objects.filter(order=paid_order):
        for ln in part.lines.all():
            fulfilment.pick_line(line=ln)
    html = page(paid_order).content.decode()
    assert '<li class="step current" aria-current="step">상품 준비</li>' in html
    for part in MerchantOrder.objects.filter(order=paid_order):
        fulfilment.receive_bag(code=fulfilment.mark_ready(part=part).bag_code, market=market)
    html = page(paid_order).content.decode()
    assert '<li class="step current" aria-current="step">배송센터 도착</li>' in html
    assert html.count("배송센터 도착</span>") == 2  # both store parts
    fulfilment.mark_packed(order=paid_order)
    html = page(paid_order).content.decode()
    assert '<li class="step current" aria-current="step">포장 완료</li>' in html


def test_proposal_is_shown_with_price_difference_and_deadline(proposal, paid_order):
    html = page(paid_order).content.decode()
    assert "바꿔 드릴까요?" in html
    assert "쥬키니 호박 (원산지: 국내산(경기 이천)) · 1개 × 2 = 2,400원" in html
    assert "원래보다 600원 싸요." in html
    assert "까지 답이 없으면 바꾸지 않고 환불해 드려요." in html


def test_partial_for_polling_carries_the_proposal(proposal, paid_order):
    response = page(paid_order, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="order-status"')
    assert "바꿔 드릴까요?" in html and "<html" not in html


def test_customer_approves_the_substitute(proposal, paid_order):
    client = Client()
    page(paid_order, client)  # the link remembers the order in this session
    response = client.post(f"/orders/{paid_order.number}/proposals/{proposal.pk}", {"answer": "approve"})
    assert response.status_code == 302
    assert OrderLine.objects.get(pk=proposal.line_id).status == LineStatus.SUBSTITUTED
    html = client.get(response["Location"]).content.decode()
    assert "쥬키니 호박(으)로 바꿔 담아 드릴게요." in html
    assert "↳ 바꾼 상품: 쥬키니 호박" in html
    paid_order.refresh_from_db()
    assert "돌려받을 금액</dt><dd class=\"refund\">600원" in html
    assert paid_order.refund_due == 600


def test_customer_declines_and_gets_refund_line(proposal, paid_order):
    client = Client()
    page(paid_order, client)
    client.post(f"/orders/{paid_order.number}/proposals/{proposal.pk}", {"answer": "decline"})
    assert OrderLine.objects.get(pk=proposal.line_id).status == LineStatus.REFUNDED
    html = client.get(f"/orders/{paid_order.number}/").content.decode()
    assert "품절 · 3,000원 환불" in html
    assert "바꿔 드릴까요?" not in html


def test_a_stranger_cannot_answer(proposal, paid_order):
    response = Client().post(f"/orders/{paid_order.number}/proposals/{proposal.pk}", {"answer": "approve"})
    assert response.status_code == 404
    assert OrderLine.objects.get(pk=proposal.line_id).status == LineStatus.AWAITING_APPROVAL


def test_answering_twice_says_so(proposal, paid_order):
    client = Client()
    page(paid_order, client)
    client.post(f"/orders/{paid_order.number}/proposals/{proposal.pk}", {"answer": "decline"})
    response = client.post(f"/orders/{paid_order.number}/proposals/{proposal.pk}", {"answer": "approve"},
                           follow=True)
    assert "이미 답했거나 시간이 지난 제안이에요." in response.content.decode()
    assert OrderLine.objects.get(pk=proposal.line_id).status == LineStatus.REFUNDED
