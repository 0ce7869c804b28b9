"""After the 13:00 cutoff today's slot is closed: 409 with the next open slot (date and start)."""

import time_machine

from jangbogi.catalog.models import Product
from jangbogi.orders.models import Order
from jangbogi.payments.models import Payment
from tests.api.conftest import cart_headers, checkout_body
from tests.conftest import MORNING

AFTERNOON = MORNING.replace(hour=13, minute=0)  # exactly the cutoff: already closed


@time_machine.travel(AFTERNOON, tick=False)
def test_todays_slot_after_cutoff_is_409_with_next_slot_date(api, market, cart_two_stores):
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market, slot_date="2026-11-26"),
                        headers=cart_headers(cart_two_stores, "k-late"))

    assert response.status_code == 409
    assert response.json() == {
        "code": "slot_closed", "next_slot_date": "2026-11-27", "next_slot_start": "16:00",
        "message": "선택한 배송일의 주문이 마감되었습니다. 내일 11월 27일(금) 16:00–19:00 배송으로 주문할 수 있어요.",
    }
    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)
    assert Product.objects.get(name="애호박").stock == 10


@time_machine.travel(AFTERNOON, tick=False)
def test_without_slot_date_the_next_open_slot_is_used(api, market, cart_two_stores):
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market),
                        headers=cart_headers(cart_two_stores, "k-default-slot"))

    assert response.status_code == 201
    assert response.json()["slot"] == {"date": "2026-11-27", "start": "16:00", "end": "19:00"}


@time_machine.travel(MORNING, tick=False)
def test_past_date_is_closed(api, market, cart_two_stores):
    response = api.post(f"/carts/{cart_two_stores.pk}/checkout", checkout_body(market, slot_date="2026-11-25"),
                        headers=cart_headers(cart_two_stores, "k-past"))

    assert response.status_code == 409
    assert response.json()["next_slot_date"] == "2026-11-26"
