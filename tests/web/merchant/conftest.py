"""A merchant of 상수네 채소 logged in, with the `paid_order` fixture's two store parts
(애호박 2 × 1,500 here; 고등어 1 × 8,000 at 바다 수산), the clock stopped at MORNING."""

import pytest
import time_machine

from jangbogi.markets.models import Membership, Role
from jangbogi.orders import carts
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, OrderLine
from tests.conftest import MORNING, delivery_details
from tests.factories import UserFactory


@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def merchant_of(store):
    user = UserFactory(name="박상인")
    Membership.objects.create(user=user, role=Role.MERCHANT, store=store)
    return user


@pytest.fixture
def veg(two_stores):
    return two_stores[0]


@pytest.fixture
def fish(two_stores):
    return two_stores[1]


@pytest.fixture
def merchant(client, veg, morning):
    """The client, logged in as 상수네 채소's merchant."""
    client.force_login(merchant_of(veg))
    return client


@pytest.fixture
def veg_part(paid_order, veg) -> MerchantOrder:
    return MerchantOrder.objects.get(order=paid_order, store=veg)


@pytest.fixture
def fish_part(paid_order, fish) -> MerchantOrder:
    return MerchantOrder.objects.get(order=paid_order, store=fish)


@pytest.fixture
def zucchini_line(veg_part) -> OrderLine:
    return veg_part.lines.get(product_name="애호박")


@pytest.fixture
def mackerel_line(fish_part) -> OrderLine:
    return fish_part.lines.get(product_name="고등어")


def place_paid_order(market, *lines, key: str, slot_date=None, recipient_name: str = "김순자"):
    """A paid order of `lines` = (product, quantity[, substitution[, note]]) placed at MORNING."""
    cart = carts.create_cart(market=market)
    for product, quantity, *rest in lines:
        substitution, note = (list(rest) + [None, None])[:2]
        carts.set_line(cart=cart, product_id=product.pk, quantity=quantity, substitution=substitution, note=note)
    details = delivery_details(market, slot_date=slot_date or MORNING.date(), recipient_name=recipient_name)
    return ordering.checkout(cart=cart, details=details, idempotency_key=key, now=MORNING)
