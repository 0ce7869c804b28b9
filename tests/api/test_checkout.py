"""POST /carts/{id}/checkout, the happy path: one paid order split into a part per store."""

import time_machine

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Cart, Order, OrderStatus
from jangbogi.payments.models import Payment, PaymentStatus
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING
from tests.factories import UserFactory


@time_machine.travel(MORNING, tick=False)
def test_checkout_pays_and_splits_per_store(api, market, cart_two_stores):
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
                        headers=cart_headers(cart_two_stores, key="4f1c-checkout-1"))

    assert response.status_code == 201
    order = Order.objects.get()
    body = response.json()
    assert body["number"] == order.number
    assert body["access_token"] == order.access_token
    assert (body["status"], body["status_label"]) == ("paid", "주문 접수")
    assert body["market"] == {"id": market.pk, "name": market.name}
    assert body["slot"] == {"date": "2026-11-26", "start": "16:00", "end": "19:00"}
    assert body["recipient"] == {"name": "김순자", "phone": "010-5550-1234", "address": "경기도 구리시 인창동 10",
                                 "address_detail": "101동 202호", "delivery_note": "문 앞에 두세요"}
    assert body["amounts"] == {"items_total": 11000, "delivery_fee": 3000, "total": 14000, "tax_free_amount": 11000}
    assert (body["payment_method"], body["payment_method_label"]) == ("card", "신용·체크카드")
    assert body["created_at"] == "2026-11-26T10:00:00+09:00"
    assert body["paid_at"] == "2026-11-26T10:00:00+09:00"
    assert [(p["store"]["name"], p["status"], p["status_label"], p["items_total"]) for p in body["parts"]] == [
        ("바다 수산", "new", "새 주문", 8000), ("상수네 채소", "new", "새 주문", 3000)]
    assert body["parts"][0]["store"]["phone"] == "031-555-0000"
    assert body["parts"][0]["lines"] == [{
        "product_id": Product.objects.get(name="고등어").pk, "name": "고등어", "unit_label": "2마리",
        "unit_price": 8000, "quantity": 1, "line_total": 8000, "origin": "국내산(부산)", "sold_by_weight": False,
        "estimated_grams": None, "substitution": "same_item_other_store",
        "substitution_label": "다른 가게의 같은 상품으로", "note": ""}]
    assert [(e["to_status"], e["label"], e["reason"], e["store_id"]) for e in body["events"]] == [
        ("pending_payment", "결제 대기", "주문서 작성", None), ("paid", "주문 접수", "결제 승인", None)]

    assert Product.objects.get(name="애호박").stock == 8
    tenders = Payment.objects.order_by("pk")
    assert {(p.order_ref, p.status) for p in tenders} == {(order.number, PaymentStatus.APPROVED)}
    assert sorted(p.amount for p in tenders) == [3000, 3000, 8000]
    assert Cart.objects.get(pk=cart_two_stores.pk).ordered_at is not None
    assert api.get(f"/carts/{cart_two_stores.pk}", headers=cart_headers(cart_two_stores)).json()["ordered"] is True


@time_machine.travel(MORNING, tick=False)
def test_explicit_slot_date_and_payment_method(api, market, cart_two_stores):
    body = checkout_body(market, slot_date="2026-11-27", payment_method="local_currency")

    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", body,
                        headers=cart_headers(cart_two_stores, key="k-tomorrow"))

    assert response.status_code == 201
    assert response.json()["slot"]["date"] == "2026-11-27"
    assert response.json()["payment_method_label"] == "경기지역화폐"


@time_machine.travel(MORNING, tick=False)
def test_logged_in_customer_owns_the_order(client, api, market, cart_two_stores):
    user = UserFactory()
    client.force_login(user)

    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
                        headers=cart_headers(cart_two_stores, key="k-member"))

    assert response.status_code == 201
    order = Order.objects.get()
    assert (order.customer, order.status) == (user, OrderStatus.PAID)


@time_machine.travel(MORNING, tick=False)
def test_ordered_cart_cannot_change(api, market, cart_two_stores):
    api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
             headers=cart_headers(cart_two_stores, key="k-closed"))
    product_id = Product.objects.get(name="애호박").pk

    response = api.put(f"/carts/{cart_two_stores.pk}/lines", {"product_id": product_id, "quantity": 1},
                       headers=cart_headers(cart_two_stores))

    assert response.status_code == 409
    assert response.json() == {"code": "cart_ordered",
                               "message": "이미 주문한 장바구니입니다. 새 장바구니를 만들어 주세요."}
