"""GET /orders/{number}: for the holder of X-Order-Token or the logged-in customer only."""

import pytest
import time_machine

from jangbogi.orders import services as orders
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING, delivery_details
from tests.factories import UserFactory

NOT_FOUND = {"code": "order_not_found",
             "message": "주문을 찾을 수 없습니다. 주문번호와 주문 토큰(X-Order-Token)을 확인해 주세요."}


@pytest.fixture
def checked_out(api, market, cart_two_stores):
    with time_machine.travel(MORNING, tick=False):
        response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
                            headers=cart_headers(cart_two_stores, "k-lookup"))
    return response.json()


def test_token_holder_sees_the_order(api, checked_out):
    response = api.get(f"/orders/{checked_out['number']}", headers={"X-Order-Token": checked_out["access_token"]})

    assert response.status_code == 200
    assert response.json() == {**checked_out, "access_token": None}
    assert response.json()["recipient"]["phone"] == "010-5550-1234"


@pytest.mark.parametrize("headers", [{}, {"X-Order-Token": "guess"}], ids=["missing", "wrong"])
def test_without_the_right_token_it_is_not_found(api, checked_out, headers):
    response = api.get(f"/orders/{checked_out['number']}", headers=headers)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_unknown_number_is_not_found(api, checked_out):
    response = api.get("/orders/000000-000000", headers={"X-Order-Token": checked_out["access_token"]})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_logged_in_owner_needs_no_token_but_others_do(client, api, market, cart_two_stores):
    owner, stranger = UserFactory(), UserFactory()
    order = orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="k-own",
                            customer=owner, now=MORNING)

    client.force_login(stranger)
    assert api.get(f"/orders/{order.number}").status_code == 404
    client.force_login(owner)
    response = api.get(f"/orders/{order.number}")

    assert response.status_code == 200
    assert (response.json()["number"], response.json()["status"]) == (order.number, "paid")
