"""Carts: create, fill, change, empty, and the X-Cart-Token that guards them."""

import json

import pytest
from django.test import Client

from jangbogi.orders.models import Cart, CartLine
from tests.api.conftest import API, cart_headers
from tests.factories import MarketFactory, ProductFactory, StoreFactory, UserFactory

# Neither store is registered for 지역화폐 or 온누리.
CARD_ONLY = [
    {"method": "local_currency", "label": "경기지역화폐", "accepted": False,
     "reason": "이 가게는 경기지역화폐 가맹점이 아니에요"},
    {"method": "onnuri", "label": "온누리상품권(카드형)", "accepted": False,
     "reason": "이 가게는 온누리상품권(카드형) 가맹점이 아니에요"},
    {"method": "card", "label": "신용·체크카드", "accepted": True, "reason": None},
]


@pytest.fixture
def products(two_stores):
    veg, fish = two_stores
    return (ProductFactory(store=veg, name="애호박", price=1500, stock=10),
            ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000))


def test_create_cart_as_guest(api, market):
    response = api.post("/carts", {"market_id": market.pk})

    assert response.status_code == 201
    cart = Cart.objects.get()
    assert cart.customer is None
    assert response.json() == {
        "id": cart.pk, "token": cart.token, "market_id": market.pk, "ordered": False, "groups": [],
        "item_count": 0, "items_total": 0, "delivery_fee": 0, "total": 0, "tax_free_amount": 0,
        "free_delivery_threshold": 50000, "left_for_free_delivery": 50000, "free_delivery_percent": 0,
        "delivery_zone": None, "out_of_zone": False,
    }


def test_logged_in_session_user_becomes_the_customer(client, api, market):
    user = UserFactory()
    client.force_login(user)

    response = api.post("/carts", {"market_id": market.pk})

    assert response.status_code == 201
    assert Cart.objects.get(pk=response.json()["id"]).customer == user


def test_guest_posts_need_no_csrf_token(market, products):
    strict = Client(enforce_csrf_checks=True)

    created = strict.post(f"{API}/carts", json.dumps({"market_id": market.pk}), content_type="application/json")
    cart = created.json()
    changed = strict.put(f"{API}/carts/{cart['id']}/lines", json.dumps({"product_id": products[0].pk, "quantity": 1}),
                         content_type="application/json", headers={"X-Cart-Token": cart["token"]})

    assert (created.status_code, changed.status_code) == (201, 200)


def test_unknown_market(api, db):
    inactive = MarketFactory(is_active=False)

    response = api.post("/carts", {"market_id": inactive.pk})

    assert response.status_code == 404
    assert response.json() == {"code": "market_not_found", "message": "시장을 찾을 수 없습니다."}
    assert Cart.objects.count() == 0


def test_fill_change_and_empty_the_cart(api, market, products):
    zucchini, mackerel = products
    cart = Cart.objects.get(pk=api.post("/carts", {"market_id": market.pk}).json()["id"])
    path, headers = f"/carts/{cart.pk}/lines", cart_headers(cart)

    api.put(path, {"product_id": zucchini.pk, "quantity": 2}, headers=headers)
    response = api.put(path, {"product_id": mackerel.pk, "quantity": 1, "substitution": "same_item_other_store",
                              "note": " 손질해 주세요 "}, headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["groups"] == [
        {"store": {"id": mackerel.store_id, "name": "바다 수산"}, "items_total": 8000, "lines": [
            {"product_id": mackerel.pk, "name": "고등어", "unit_label": "2마리", "unit_price": 8000, "quantity": 1,
             "line_total": 8000, "substitution": "same_item_other_store",
             "substitution_label": "다른 가게의 같은 상품으로", "note": "손질해 주세요", "sold_out": False}],
         "accepted_methods": CARD_ONLY},
        {"store": {"id": zucchini.store_id, "name": "상수네 채소"}, "items_total": 3000, "lines": [
            {"product_id": zucchini.pk, "name": "애호박", "unit_label": "1개", "unit_price": 1500, "quantity": 2,
             "line_total": 3000, "substitution": "refund", "substitution_label": "대체 없이 환불", "note": "",
             "sold_out": False}],
         "accepted_methods": CARD_ONLY},
    ]
    assert {k: body[k] for k in ("item_count", "items_total", "delivery_fee", "total", "tax_free_amount",
                                 "left_for_free_delivery", "free_delivery_percent")} == {
        "item_count": 3, "items_total": 11000, "delivery_fee": 3000, "total": 14000, "tax_free_amount": 11000,
        "left_for_free_delivery": 39000, "free_delivery_percent": 22}

    changed = api.put(path, {"product_id": zucchini.pk, "quantity": 5}, headers=headers).json()
    assert changed["groups"][1]["lines"][0]["quantity"] == 5
    assert changed["items_total"] == 15500

    emptied = api.put(path, {"product_id": mackerel.pk, "quantity": 0}, headers=headers).json()
    assert [g["store"]["name"] for g in emptied["groups"]] == ["상수네 채소"]
    assert api.get(f"/carts/{cart.pk}", headers=headers).json() == emptied
    assert list(CartLine.objects.values_list("product__name", "quantity")) == [("애호박", 5)]


@pytest.mark.parametrize("headers", [{}, {"X-Cart-Token": "wrong"}], ids=["missing", "wrong"])
def test_bad_token_is_not_found_and_changes_nothing(api, cart_two_stores, headers):
    before = list(CartLine.objects.order_by("pk").values_list("product_id", "quantity"))
    product_id = before[0][0]

    read = api.get(f"/carts/{cart_two_stores.pk}", headers=headers)
    write = api.put(f"/carts/{cart_two_stores.pk}/lines", {"product_id": product_id, "quantity": 7}, headers=headers)

    not_found = {"code": "cart_not_found",
                 "message": "장바구니를 찾을 수 없습니다. 장바구니 토큰(X-Cart-Token)을 확인해 주세요."}
    assert (read.status_code, read.json()) == (404, not_found)
    assert (write.status_code, write.json()) == (404, not_found)
    assert list(CartLine.objects.order_by("pk").values_list("product_id", "quantity")) == before


def test_token_of_another_cart_does_not_open_this_one(api, market, cart_two_stores):
    other = Cart.objects.create(market=market)

    response = api.get(f"/carts/{cart_two_stores.pk}", headers=cart_headers(other))

    assert response.status_code == 404
    assert response.json()["code"] == "cart_not_found"


def test_product_of_another_market_is_refused(api, market, cart_two_stores):
    elsewhere = ProductFactory(store=StoreFactory(market=MarketFactory()))

    response = api.put(f"/carts/{cart_two_stores.pk}/lines", {"product_id": elsewhere.pk, "quantity": 1},
                       headers=cart_headers(cart_two_stores))

    assert response.status_code == 404
    assert response.json() == {"code": "product_not_found", "message": "이 시장에서 파는 상품이 아닙니다."}
    assert CartLine.objects.filter(cart=cart_two_stores).count() == 2


def test_more_than_stock_is_a_conflict(api, cart_two_stores):
    zucchini = CartLine.objects.get(cart=cart_two_stores, product__name="애호박").product

    response = api.put(f"/carts/{cart_two_stores.pk}/lines", {"product_id": zucchini.pk, "quantity": 11},
                       headers=cart_headers(cart_two_stores))

    assert response.status_code == 409
    assert response.json() == {"code": "insufficient_stock", "message": "애호박은(는) 10개까지 살 수 있습니다."}
    assert CartLine.objects.get(cart=cart_two_stores, product=zucchini).quantity == 2


def test_line_body_is_validated_in_korean(api, cart_two_stores):
    response = api.put(f"/carts/{cart_two_stores.pk}/lines",
                       {"product_id": "x", "quantity": 100, "substitution": "anything"},
                       headers=cart_headers(cart_two_stores))

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "product_id": "정수로 적어 주세요.",
        "quantity": "99 이하여야 합니다.",
        "substitution": "다음 중 하나를 골라 주세요: similar_same_store, same_item_other_store, refund",
    }
