"""The order page and history: who may see them, polling, cancelling."""

import pytest
from django.test import Client

from jangbogi.catalog.models import Product
from jangbogi.orders import services as ordering
from jangbogi.orders.models import Order, OrderStatus
from jangbogi.web import session as web_session
from tests.conftest import delivery_details
from tests.factories import UserFactory
from tests.web.conftest import checkout_form, htmx


@pytest.fixture
def paid(filled_cart, market) -> Order:
    filled_cart.post(f"/m/{market.slug}/checkout", checkout_form(filled_cart, market))
    return Order.objects.get(status=OrderStatus.PAID)


def test_the_ordering_session_sees_its_order(filled_cart, paid):
    response = filled_cart.get(f"/orders/{paid.number}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "주문 접수" in html
    assert "오늘 11월 26일(목) 16:00–19:00 배달" in html
    assert '<li class="step done">결제 대기</li>' in html
    assert '<li class="step current" aria-current="step">주문 접수</li>' in html
    assert '<li class="step todo">배송 완료</li>' in html
    assert 'hx-trigger="every 30s"' in html
    assert "주문 취소하기" in html


def test_another_session_gets_404(paid, db):
    response = Client().get(f"/orders/{paid.number}/")
    assert response.status_code == 404
    assert "찾는 화면이 없어요" in response.content.decode()


def test_a_wrong_token_gets_404(paid, db):
    assert Client().get(f"/orders/{paid.number}/?t=wrong").status_code == 404


def test_the_secret_link_works_and_is_remembered(paid, db):
    other = Client()
    assert other.get(f"/orders/{paid.number}/?t={paid.access_token}").status_code == 200
    assert other.get(f"/orders/{paid.number}/").status_code == 200
    assert other.session[web_session.ORDERS_KEY] == {paid.number: paid.access_token}


def test_the_owner_sees_it_when_logged_in_elsewhere(market, shop, morning, cart_two_stores):
    user = UserFactory()
    order = ordering.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="u1",
                              customer=user)
    client = Client()
    client.force_login(user)
    assert client.get(f"/orders/{order.number}/").status_code == 200
    client.force_login(UserFactory())
    assert client.get(f"/orders/{order.number}/").status_code == 404


def test_polling_gets_the_status_partial(filled_cart, paid):
    response = filled_cart.get(f"/orders/{paid.number}/", **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="order-status"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_cancel_asks_first_then_cancels_and_gives_stock_back(filled_cart, paid, shop):
    confirm = filled_cart.get(f"/orders/{paid.number}/cancel")
    assert "주문을 취소할까요?" in confirm.content.decode()
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.PAID

    response = filled_cart.post(f"/orders/{paid.number}/cancel", follow=True)
    html = response.content.decode()
    assert "주문을 취소했어요." in html
    assert '<p class="status-big status-canceled">주문 취소</p>' in html
    assert "주문 취소하기" not in html
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.CANCELED
    assert Product.objects.get(pk=shop.zucchini.pk).stock == 10


def test_no_cancel_after_the_cutoff(filled_cart, paid, morning):
    morning.shift(3 * 3600 + 60)  # 13:01
    assert "주문 취소하기" not in filled_cart.get(f"/orders/{paid.number}/").content.decode()
    html = filled_cart.post(f"/orders/{paid.number}/cancel", follow=True).content.decode()
    assert "주문 마감 시간이 지나" in html
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.PAID


def test_another_session_cannot_cancel(paid, db):
    assert Client().post(f"/orders/{paid.number}/cancel").status_code == 404
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.PAID


def test_history_lists_the_guest_sessions_orders(filled_cart, paid):
    html = filled_cart.get("/orders/").content.decode()
    assert f"주문번호 {paid.number}" in html
    assert "14,000원 · 가게 2곳" in html
    assert "아직 주문한 적이 없어요" in Client().get("/orders/").content.decode()


def test_history_lists_a_users_orders_newest_first_paginated(market, shop, morning, client):
    from jangbogi.orders import carts

    user = UserFactory()
    numbers = []
    for i in range(12):
        cart = carts.create_cart(market=market, customer=user)
        carts.set_line(cart=cart, product_id=shop.mackerel.pk, quantity=1)
        morning.shift(60)
        numbers.append(ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key=f"h{i}",
                                         customer=user).number)
    client.force_login(user)
    first = client.get("/orders/")
    assert [o.number for o in first.context["page_obj"]] == numbers[::-1][:10]
    assert "지난 주문 →" in first.content.decode()
    second = client.get("/orders/?page=2")
    assert [o.number for o in second.context["page_obj"]] == numbers[1::-1]


@pytest.mark.parametrize(("status", "current"), [("picking", "상품 준비"), ("packed", "포장 완료")])
def test_timeline_follows_the_later_statuses(filled_cart, paid, status, current):
    Order.objects.filter(pk=paid.pk).update(status=status)
    html = filled_cart.get(f"/orders/{paid.number}/").content.decode()
    assert f'<li class="step current" aria-current="step">{current}</li>' in html
    assert '<li class="step done">주문 접수</li>' in html
    assert "주문 취소하기" not in html
    assert 'hx-trigger="every 30s"' in html


def test_a_canceled_order_stops_polling(filled_cart, paid):
    filled_cart.post(f"/orders/{paid.number}/cancel")
    html = filled_cart.get(f"/orders/{paid.number}/").content.decode()
    assert "주문이 취소되었어요." in html
    assert 'class="timeline"' not in html
    assert "hx-trigger" not in html
