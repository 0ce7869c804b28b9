"""Builders for the delivery tests: packed bundles around the market and riders."""

import datetime as dt
import math
import random

from jangbogi.delivery.models import Rider, Vehicle
from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import Order
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory, StoreFactory, UserFactory
from tests.web.center.builders import receive_all

SLOT = (dt.time(16, 0), dt.time(19, 0))


def rider(market, name: str = "김기사", *, username: str | None = None, bags: int = 8, kg: int = 40,
          shift=(dt.time(15, 30), dt.time(19, 30)), phone: str = "010-7000-0001", **extra) -> Rider:
    user = UserFactory(username=username or f"rider-{name}", name=name, phone=phone)
    return Rider.objects.create(user=user, market=market, name=name, phone=phone, vehicle=Vehicle.MOTORBIKE,
                                capacity_bags=bags, capacity_kg=kg, shift_start=shift[0], shift_end=shift[1],
                                **extra)


def around(market, n: int, *, seed: int = 1, radius_m: float = 2000) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        r, a = radius_m * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        out.append((market.lat + r * math.cos(a) / 111_320,
                    market.lng + r * math.sin(a) / (111_320 * math.cos(math.radians(market.lat)))))
    return out


def packed(market, *, key: str, lat: float | None = None, lng: float | None = None, note: str = "",
           name: str = "김순자", phone: str = "010-5550-1234", store=None, pack: bool = True) -> Order:
    """A paid order of one line (1 × 시금치) whose bag reached the center, packed."""
    store = store or StoreFactory(market=market)
    cart = carts.create_cart(market=market)
    product = ProductFactory(store=store, name=f"시금치-{key}", unit_label="1단(300g)", price=4000)
    carts.set_line(cart=cart, product_id=product.pk, quantity=1)
    details = delivery_details(market, recipient_name=name, phone=phone, delivery_note=note,
                               address_detail="101동 1203호",
                               **({"lat": lat, "lng": lng} if lat is not None else {}))
    order = ordering.checkout(cart=cart, details=details, idempotency_key=key, now=MORNING)
    receive_all(order, market)
    if pack:
        fulfilment.mark_packed(order=order)
    order.refresh_from_db()
    return order


def packed_many(market, n: int, *, seed: int = 1, prefix: str = "o") -> list[Order]:
    store = StoreFactory(market=market)
    return [packed(market, key=f"{prefix}{i}", lat=lat, lng=lng, store=store, phone=f"010-5550-{1000 + i:04d}")
            for i, (lat, lng) in enumerate(around(market, n, seed=seed))]
