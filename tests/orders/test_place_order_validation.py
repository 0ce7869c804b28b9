"""place_order refuses bad details, an empty cart, a closed slot and missing stock, and then
leaves stock, orders, events and the cart exactly as they were."""

import datetime as dt

import pytest
import time_machine

from jangbogi.catalog.models import Product
from jangbogi.core import time as btime
from jangbogi.core.errors import OutOfStock, SlotClosed, ValidationFailed
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.models import CartLine
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory
from tests.orders.order_builders import snapshot

pytestmark = pytest.mark.django_db

TODAY = MORNING.date()


@pytest.fixture
def zucchini():
    return Product.objects.get(name="애호박")


def refused(cart, market, zucchini, error, *, now=MORNING, **details):
    before = snapshot(product=zucchini)
    assert before["orders"] == []
    with pytest.raises(error) as exc:
        orders.place_order(cart=cart, details=delivery_details(market, **details), now=now)
    assert snapshot(product=zucchini) == before
    cart.refresh_from_db()
    assert cart.ordered_at is None
    return exc.value


def test_bad_phone(cart_two_stores, market, zucchini):
    error = refused(cart_two_stores, market, zucchini, ValidationFailed, phone="02-123-4567")
    assert (error.code, error.message) == ("validation_failed", "주문 정보를 확인해 주세요.")
    assert error.details == {"errors": {"phone": "휴대폰 번호를 확인해 주세요. 예: 010-1234-5678"}}


def test_outside_the_delivery_zone(cart_two_stores, market, zucchini):
    # 0.03° of latitude is about 3.3 km: outside the 3 km radius
    error = refused(cart_two_stores, market, zucchini, ValidationFailed, lat=market.lat + 0.03)
    message = f"이 주소는 {market.name} 배송 지역 밖이에요. 이 주소로 배달하는 시장이 아직 없어요. 다른 주소를 골라 주세요."
    assert (error.code, error.message) == ("out_of_zone", message)
    assert error.details == {"errors": {"address": message}}


def test_every_field_error_at_once(cart_two_stores, market, zucchini):
    error = refused(cart_two_stores, market, zucchini, ValidationFailed, recipient_name="  ", phone="abc",
                    address=" ", payment_method="bitcoin")
    assert error.details == {"errors": {
        "recipient_name": "받는 분 이름을 적어 주세요.",
        "phone": "휴대폰 번호를 확인해 주세요. 예: 010-1234-5678",
        "address": "배송 주소를 정해 주세요.",
        "payment_method": "결제 수단을 골라 주세요.",
    }}


def test_empty_cart(market):
    cart = carts.create_cart(market=market)
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        orders.place_order(cart=cart, details=delivery_details(market), now=MORNING)
    assert (exc.value.code, exc.value.message) == ("cart_empty", "장바구니가 비어 있습니다.")
    assert snapshot() == before


def test_slot_closed_at_the_cutoff_points_to_the_next_slot(cart_two_stores, market, zucchini):
    cutoff = btime.at(TODAY, dt.time(13, 0))
    with time_machine.travel(cutoff, tick=False):   # the message names "내일" relative to now
        error = refused(cart_two_stores, market, zucchini, SlotClosed, now=cutoff, slot_date=TODAY)
    assert error.code == "slot_closed"
    assert error.details == {"next_slot_date": "2026-11-27", "next_slot_start": "16:00"}
    assert error.message == (
        "선택한 배송일의 주문이 마감되었습니다. 내일 11월 27일(금) 16:00–19:00 배송으로 주문할 수 있어요."
    )


def test_slot_in_the_past(cart_two_stores, market, zucchini):
    error = refused(cart_two_stores, market, zucchini, SlotClosed, slot_date=TODAY - dt.timedelta(days=1))
    assert error.details == {"next_slot_date": TODAY.isoformat(), "next_slot_start": "16:00"}


def test_field_errors_come_before_the_slot(cart_two_stores, market, zucchini):
    error = refused(cart_two_stores, market, zucchini, ValidationFailed, phone="abc",
                    slot_date=TODAY - dt.timedelta(days=1))
    assert list(error.details["errors"]) == ["phone"]


def test_one_short_product_reserves_nothing(market, two_stores):
    veg, fish = two_stores
    plenty = ProductFactory(store=veg, name="애호박", stock=10)
    scarce = ProductFactory(store=fish, category="seafood", name="고등어", origin="국내산", stock=3)
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=plenty.pk, quantity=4)
    carts.set_line(cart=cart, product_id=scarce.pk, quantity=3)
    Product.objects.filter(pk=scarce.pk).update(stock=2)    # someone else bought one meanwhile
    before = snapshot()

    with pytest.raises(OutOfStock) as exc:
        orders.place_order(cart=cart, details=delivery_details(market), now=MORNING)

    assert exc.value.details == {"product_ids": [scarce.pk]}
    assert snapshot() == before
    assert [Product.objects.get(pk=p.pk).stock for p in (plenty, scarce)] == [10, 2]
    assert CartLine.objects.filter(cart=cart).count() == 2
