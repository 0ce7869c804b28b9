import datetime as dt

import pytest

from jangbogi.core import time as btime
from jangbogi.orders import carts
from jangbogi.orders import services as orders
from jangbogi.orders.services import DeliveryDetails
from tests.factories import DeliveryCenterFactory, MarketFactory, ProductFactory, StoreFactory

# A moment inside the 2021 order window (09:00–13:00 Seoul) on a fixed day.
MORNING = btime.at(dt.date(2026, 11, 26), dt.time(10, 0))


@pytest.fixture(autouse=True)
def _empty_demo_payment_provider():
    """The demo payment provider keeps one record per process: every test starts empty."""
    from jangbogi.integrations.payments import reset_demo_store

    reset_demo_store()


@pytest.fixture
def market(db):
    m = MarketFactory()
    DeliveryCenterFactory(market=m)
    return m


@pytest.fixture
def two_stores(market):
    return StoreFactory(market=market, name="상수네 채소"), StoreFactory(market=market, name="바다 수산")


@pytest.fixture
def cart_two_stores(market, two_stores):
    """A cart with one product from each of two stores: 2 × 1,500 + 1 × 8,000 = 11,000원."""
    veg, fish = two_stores
    p1 = ProductFactory(store=veg, name="애호박", price=1500, stock=10)
    p2 = ProductFactory(store=fish, category="seafood", name="고등어", unit_label="2마리", price=8000,
                        origin="국내산(부산)")
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=p1.pk, quantity=2)
    carts.set_line(cart=cart, product_id=p2.pk, quantity=1, substitution="same_item_other_store")
    return cart


def delivery_details(market, **overrides) -> DeliveryDetails:
    """Valid details for an address 300 m from the market, today's slot."""
    values = dict(
        recipient_name="김순자", phone="010-5550-1234", address="경기도 구리시 인창동 10",
        lat=market.lat + 0.0027, lng=market.lng, slot_date=MORNING.date(), payment_method="card",
    )
    values.update(overrides)
    return DeliveryDetails(**values)


@pytest.fixture
def paid_order(cart_two_stores, market):
    """Paid: 애호박 2 × 1,500 (stock 10) at 상수네 채소 + 고등어 1 × 8,000 at 바다 수산; fee 3,000."""
    return orders.checkout(cart=cart_two_stores, details=delivery_details(market), idempotency_key="paid",
                           now=MORNING)


def tender_totals(order_ref: str) -> tuple[str, int, int]:
    """An order's approvals (one per store part plus the delivery fee) as one payment:
    (their status, or "mixed"; won approved; won canceled)."""
    from jangbogi.payments.models import Payment

    tenders = list(Payment.objects.filter(order_ref=order_ref))
    statuses = {p.status for p in tenders}
    status = statuses.pop() if len(statuses) == 1 else "mixed"
    return status, sum(p.amount for p in tenders), sum(p.canceled_amount for p in tenders)
