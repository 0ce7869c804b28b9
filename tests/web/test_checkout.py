"""주문하기: validation keeps what was typed, double submits make one order, declines come back."""

import datetime as dt

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Order, OrderEvent, OrderStatus
from jangbogi.payments.models import Payment
from jangbogi.web import session as web_session
from tests.factories import UserFactory
from tests.web.conftest import add, checkout_form, set_address


def stock_of(product) -> int | None:
    return Product.objects.get(pk=product.pk).stock


def test_checkout_page_shows_slot_address_notice_and_demo_note(filled_cart, market):
    response = filled_cart.get(f"/m/{market.slug}/checkout")
    html = response.content.decode()
    assert "오늘 11월 26일(목) 16:00–19:00" in html
    assert "경기도 구리시 인창동" in html
    assert "신선식품 반품(청약철회) 안내" in html
    assert "데모 결제: 실제로 돈이 나가지 않아요" in html
    assert "결제 실패 시험" in html
    assert "경기지역화폐" in html and "온누리상품권(카드형)" in html and "신용·체크카드" in html
    assert "14,000원 결제하기" in html
    assert len(response.context["form"]["idempotency_key"].value()) == 32


def test_no_demo_checkbox_with_a_real_provider(filled_cart, market, settings):
    settings.JANGBOGI_PAYMENT_PROVIDER = "toss"
    html = filled_cart.get(f"/m/{market.slug}/checkout").content.decode()
    assert "결제 실패 시험" not in html


def test_logged_in_customer_is_prefilled(client, market, shop, morning):
    client.force_login(UserFactory(name="박영희", phone="010-5550-9876"))
    set_address(client)
    add(client, market, shop.zucchini)
    form = client.get(f"/m/{market.slug}/checkout").context["form"]
    assert form["recipient_name"].value() == "박영희"
    assert form["phone"].value() == "010-5550-9876"


def test_checkout_without_an_address_goes_home(client, market, shop, morning):
    add(client, market, shop.zucchini)
    assert client.get(f"/m/{market.slug}/checkout")["Location"] == "/"


def test_checkout_with_an_empty_cart_goes_to_the_cart(client, market, morning):
    set_address(client)
    assert client.get(f"/m/{market.slug}/checkout")["Location"] == f"/m/{market.slug}/cart"


def test_invalid_phone_keeps_what_was_typed_and_creates_no_order(filled_cart, market, shop):
    data = {**checkout_form(filled_cart, market), "phone": "12345"}
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "휴대폰 번호를 확인해 주세요. 예: 010-1234-5678" in html
    assert 'value="김순자"' in html
    assert 'value="12345"' in html
    assert 'value="101동 1203호"' in html
    assert 'value="문 앞에 두세요"' in html
    assert 'value="onnuri" id="id_payment_method_1" required checked' in html
    assert Order.objects.count() == 0
    assert stock_of(shop.zucchini) == 10


def test_missing_name_and_payment_method_are_reported(filled_cart, market):
    data = {**checkout_form(filled_cart, market), "recipient_name": "", "payment_method": ""}
    html = filled_cart.post(f"/m/{market.slug}/checkout", data).content.decode()
    assert "받는 분 이름을 적어 주세요." in html
    assert "결제 수단을 골라 주세요." in html
    assert Order.objects.count() == 0


def test_happy_path_pays_and_shows_the_order_with_two_store_parts(filled_cart, market, shop):
    response = filled_cart.post(f"/m/{market.slug}/checkout", checkout_form(filled_cart, market), follow=True)
    order = Order.objects.get()
    assert response.redirect_chain == [(f"/orders/{order.number}/", 302)]
    assert order.status == OrderStatus.PAID
    assert (order.items_total, order.delivery_fee, order.total) == (11000, 3000, 14000)
    assert (order.address, order.address_detail, order.payment_method) == (
        "경기도 구리시 인창동", "101동 1203호", "onnuri")
    assert stock_of(shop.zucchini) == 8

    html = response.content.decode()
    assert "주문을 받았어요. 결제도 끝났어요." in html
    assert '<p class="status-big status-paid">주문 접수</p>' in html
    assert html.count('class="mini-group store-part"') == 2
    assert "<h3>바다 수산 <span" in html and "<h3>상수네 채소 <span" in html
    assert "온누리상품권(카드형)" in html
    # A guest's order is remembered in the session; the header cart is empty again.
    assert filled_cart.session[web_session.ORDERS_KEY] == {order.number: order.access_token}
    assert 'aria-label="0개">0</span>' in html


def test_double_submit_with_the_same_key_makes_one_order(filled_cart, market, shop):
    data = checkout_form(filled_cart, market)
    first = filled_cart.post(f"/m/{market.slug}/checkout", data)
    second = filled_cart.post(f"/m/{market.slug}/checkout", data)
    order = Order.objects.get()
    assert first["Location"] == second["Location"] == f"/orders/{order.number}/"
    assert Payment.objects.filter(order_ref=order.number).count() == len(
        {line.product.store_id for line in order.cart.lines.all()}) + (1 if order.delivery_fee else 0)
    assert stock_of(shop.zucchini) == 8


def test_decline_returns_to_checkout_with_the_form_filled_and_stock_restored(filled_cart, market, shop):
    data = {**checkout_form(filled_cart, market), "demo_decline": "on"}
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "결제가 승인되지 않았어요." in html
    assert 'value="김순자"' in html and 'value="101동 1203호"' in html
    order = Order.objects.get()
    assert order.status == OrderStatus.PAYMENT_FAILED
    assert stock_of(shop.zucchini) == 10
    # A fresh key, so paying again is a new attempt rather than a replay of the decline.
    new_key = response.context["form"]["idempotency_key"].value()
    assert new_key != data["idempotency_key"]

    retry = filled_cart.post(f"/m/{market.slug}/checkout", {**data, "demo_decline": "", "idempotency_key": new_key})
    paid = Order.objects.get(status=OrderStatus.PAID)
    assert retry["Location"] == f"/orders/{paid.number}/"
    assert stock_of(shop.zucchini) == 8


def test_after_the_cutoff_the_next_slot_is_offered(filled_cart, market, morning):
    data = checkout_form(filled_cart, market)  # rendered at 10:00 for today
    morning.shift(3 * 3600 + 60)               # 13:01: today's orders are closed
    response = filled_cart.post(f"/m/{market.slug}/checkout", data)
    html = response.content.decode()
    assert "선택한 배송일의 주문이 마감되었습니다." in html
    assert "내일 11월 27일(금) 16:00–19:00" in html
    assert 'value="2026-11-27"' in html
    assert Order.objects.count() == 0

    filled_cart.post(f"/m/{market.slug}/checkout", {**data, "slot_date": "2026-11-27"})
    assert Order.objects.get().slot_date == dt.date(2026, 11, 27)


def test_an_address_outside_the_zone_is_refused(filled_cart, market):
    set_address(filled_cart, address="경기도 연천군 전곡읍", lat=38.026, lng=127.067)
    html = filled_cart.post(f"/m/{market.slug}/checkout", checkout_form(filled_cart, market)).content.decode()
    assert f"이 주소는 {market.name} 배송 지역 밖이에요." in html
    assert Order.objects.count() == 0
    assert not OrderEvent.objects.exists()
