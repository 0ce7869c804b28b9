"""The customer sees, before paying, how each payment choice is split across stores, and on
the order page each store's approval with what came back on it."""

from django.test import Client

from jangbogi.orders import fulfilment
from jangbogi.orders.models import Order, OrderLine
from tests.web.conftest import add, checkout_form


def test_each_payment_choice_says_how_it_is_split(filled_cart, market):
    html = filled_cart.get(f"/m/{market.slug}/checkout").content.decode()
    # 상수네 채소 takes 온누리 and 지역화폐; 바다 수산 takes neither; the fee goes on card.
    assert "온누리상품권(카드형) 3,000원 (상수네 채소) + 신용·체크카드 11,000원 (바다 수산, 배송비)" in html
    assert "경기지역화폐 3,000원 (상수네 채소) + 신용·체크카드 11,000원 (바다 수산, 배송비)" in html
    assert "가게마다 따로 결제돼요." in html
    assert "무게로 파는 상품은" not in html


def test_weighed_items_are_explained_and_counted_at_their_ceiling(filled_cart, market, shop):
    add(filled_cart, market, shop.pork)  # 15,000원 per 근, sold by weight → approved up to 16,500원
    html = filled_cart.get(f"/m/{market.slug}/checkout").content.decode()
    assert "무게로 파는 상품은 값의 110%까지 승인했다가, 무게를 잰 뒤 차액을 바로 돌려드려요." in html
    # 8,000 (고등어) + 16,500 (the pork at 110 %) + 3,000 (the fee)
    assert "신용·체크카드 27,500원 (바다 수산, 배송비)" in html

def test_order_page_lists_each_approval_and_the_money_back(filled_cart, market, django_capture_on_commit_callbacks):
    data = {**checkout_form(filled_cart, market), "payment_method": "onnuri"}
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.number}/"
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.mark_short(line=OrderLine.objects.get(merchant_order__order=order, product_name="애호박"),
                              available=1)

    html = filled_cart.get(f"/orders/{order.number}/").content.decode()
    assert "가게별 결제·환불" in html
    assert "상수네 채소 · 온누리상품권(카드형)</span><strong>3,000원" in html
    assert "바다 수산 · 신용·체크카드</span><strong>8,000원" in html
    assert "배송비 · 신용·체크카드</span><strong>3,000원" in html
    assert "↩ 1,500원 돌려받음 · 부족·무게·대체 상품 차액 환불" in html
    assert Client().get(f"/orders/{order.number}/").status_code == 404  # not someone else's to read
