from dataclasses import dataclass

import pytest
import time_machine

from jangbogi.catalog.models import Product
from jangbogi.markets.models import Store
from jangbogi.web import session as web_session
from tests.conftest import MORNING
from tests.factories import ProductFactory, StoreFactory

HOME_ADDRESS = {"address": "경기도 구리시 인창동", "lat": 37.6012, "lng": 127.1398}


@pytest.fixture(autouse=True)
def _test_places(settings):
    settings.JANGBOGI_GEOCODER_PLACES = "tests.web.places.PLACES"
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"


@pytest.fixture
def morning():
    """Inside the order window (09:00–13:00) on 2026-11-26, clock stopped."""
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@dataclass
class Shop:
    veg: Store
    fish: Store
    zucchini: Product      # 애호박, counted stock 10
    mackerel: Product      # 고등어, seafood, uncounted stock
    sold_out: Product      # 딸기, stock 0
    pork: Product          # 삼겹살, sold by weight, with 이력번호


@pytest.fixture
def shop(market) -> Shop:
    veg = StoreFactory(market=market, name="상수네 채소", slug="sangsu-veg", accepts_onnuri=True,
                       accepts_local_currency=True, stall="A동 12호")
    fish = StoreFactory(market=market, name="바다 수산", slug="bada-fish", mail_order_no="",
                        mail_order_exemption="간이과세자로 통신판매업 신고 면제")
    return Shop(
        veg=veg, fish=fish,
        zucchini=ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)"),
        mackerel=ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000,
                                origin="국내산(부산)"),
        sold_out=ProductFactory(store=veg, name="딸기", unit_label="1팩(500g)", price=9000, stock=0),
        pork=ProductFactory(store=fish, category="meat", name="삼겹살", unit_label="1근(600g)", price=15000,
                            origin="국내산", livestock="pork", traceability_no="160012345678",
                            sold_by_weight=True, estimated_grams=600),
    )


def set_address(client, **address) -> None:
    s = client.session
    s[web_session.ADDRESS_KEY] = {**HOME_ADDRESS, **address}
    s.save()


def htmx(**extra) -> dict:
    """Headers htmx sends with its requests."""
    return {"HTTP_HX_REQUEST": "true", **extra}


def add(client, market, product, quantity: int = 1):
    return client.post(f"/m/{market.slug}/cart/add", {"product": product.pk, "quantity": quantity})


def checkout_form(client, market) -> dict:
    """The checkout form as rendered (hidden slot date and idempotency key included), filled in."""
    response = client.get(f"/m/{market.slug}/checkout")
    assert response.status_code == 200
    form = response.context["form"]
    return {
        "recipient_name": "김순자", "phone": "010-5550-1234", "address_detail": "101동 1203호",
        "delivery_note": "문 앞에 두세요", "payment_method": "onnuri",
        "slot_date": form["slot_date"].value().isoformat(), "idempotency_key": form["idempotency_key"].value(),
    }


@pytest.fixture
def filled_cart(client, market, shop, morning):
    """An address in the session and a cart with 2 × 애호박 (상수네 채소) + 1 × 고등어 (바다 수산)."""
    set_address(client)
    add(client, market, shop.zucchini, 2)
    add(client, market, shop.mackerel)
    return client
