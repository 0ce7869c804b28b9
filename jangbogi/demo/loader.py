"""Load the demo markets, stores, products and one user per role into an empty database."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from jangbogi.accounts.models import User
from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core import time as btime
from jangbogi.delivery.models import Rider, Vehicle
from jangbogi.demo.data import DEMO_CUSTOMERS, MARKETS, PLACES
from jangbogi.markets.models import (
    DeliveryCenter,
    DeliveryZone,
    FeeKind,
    Market,
    Membership,
    RiderShift,
    Role,
    Store,
    ZoneKind,
)
from jangbogi.markets.slots import next_slot
from jangbogi.orders import carts
from jangbogi.orders import services as ordering
from jangbogi.orders.models import Order, OrderStatus, Substitution

DEMO_PASSWORD = "jangbogi123!"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    note: str


def is_loaded() -> bool:
    return Market.objects.exists()


@transaction.atomic
def load_demo() -> None:
    for m in MARKETS:
        market = Market.objects.create(
            name=m["name"], slug=m["key"], sigun=m["sigun"], address=m["address"], lat=m["lat"],
            lng=m["lng"], delivery_radius_m=m["radius_m"], description=m.get("description", ""),
        )
        DeliveryCenter.objects.create(market=market, name=m["center_name"], address=m["center_address"],
                                      lat=m["lat"], lng=m["lng"], phone=m.get("center_phone", ""))
        for s in m["stores"]:
            store = Store(
                market=market, slug=s["key"], name=s["name"], owner_name=s["owner"], bizno=s["bizno"],
                mail_order_no=s["mail_order_no"], mail_order_exemption=s["mail_order_exemption"],
                phone=s["phone"], stall=s["stall"], description=s.get("description", ""),
                accepts_onnuri=s["onnuri"], accepts_local_currency=s["local_currency"],
            )
            store.full_clean()
            store.save()
            for p in s["products"]:
                catalog.create_product(
                    store=store, category=p["category"], name=p["name"], unit_label=p["unit"],
                    price=p["price"], origin=p["origin"], livestock=p["livestock"] or "",
                    traceability_no=p["trace_no"], vat_class=p["vat"], sold_by_weight=p["by_weight"],
                    estimated_grams=p["est_grams"], stock=p["stock"], perishable=p["perishable_notice"],
                    is_active=p["active"],
                )
    _load_users()
    ensure_demo_zones()
    ensure_demo_riders()


def _place(query: str) -> dict:
    return next(p for p in PLACES if p["query"] == query)


def _load_users() -> None:
    for c in DEMO_CUSTOMERS:
        user = User(username=c["username"], name=c["name"], phone=c["phone"])
        user.set_password(DEMO_PASSWORD)
        user.save()
    first_market = Market.objects.order_by("pk").first()
    first_store = first_market.stores.order_by("pk").first()
    staff = [
        ("merchant", "상인", Role.MERCHANT, {"store": first_store}),
        ("center", "배송센터", Role.CENTER_STAFF, {"market": first_market}),
        ("marketadmin", "시장관리자", Role.MARKET_ADMIN, {"market": first_market}),
        ("operator", "경기도 운영", Role.OPERATOR, {}),
    ]
    for username, name, role, scope in staff:
        user = User(username=username, name=name, is_staff=role == Role.OPERATOR,
                    is_superuser=role == Role.OPERATOR)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(user=user, role=role, **scope)


DEMO_ORDER_COUNT = 8
DEMO_RECIPIENTS = ("김순자", "이영희", "박정숙", "최민수", "정옥순", "강철수", "조미경", "윤상호")


def ensure_demo_orders(*, market_slug: str = "guri") -> int:
    """Paid orders for today's delivery slot (placed as if at 10:00), so the merchant, center
    and admin logins have work to see whenever the demo starts.  Does nothing when today
    already has orders."""
    market = Market.objects.get(slug=market_slug)
    placed_at = btime.at(btime.today(), market.order_open) + dt.timedelta(hours=1)
    slot = next_slot(market, at=placed_at)
    if slot is None or Order.objects.filter(market=market, slot_date=slot.date).exists():
        return 0
    rng = random.Random(slot.date.toordinal())
    stores = list(market.stores.filter(is_active=True).order_by("pk"))
    places = [p for p in PLACES if p["market"] == market_slug]
    made = 0
    for i in range(DEMO_ORDER_COUNT):
        chosen = [stores[0], *rng.sample(stores[1:], k=rng.randint(1, 3))]
        cart = carts.create_cart(market=market)
        for store in chosen:
            products = list(Product.objects.filter(store=store, is_active=True).exclude(stock=0)
                            .filter(Q(stock__isnull=True) | Q(stock__gte=2)))
            for product in rng.sample(products, k=min(len(products), rng.randint(1, 2))):
                carts.set_line(cart=cart, product_id=product.pk, quantity=rng.randint(1, 2),
                               substitution=rng.choice(Substitution.values))
        place = places[i % len(places)]
        details = ordering.DeliveryDetails(
            recipient_name=DEMO_RECIPIENTS[i], phone=f"010-5550-{2000 + i:04d}", address=place["address"],
            address_detail=f"{101 + i}동 {1201 + i}호", lat=place["lat"], lng=place["lng"], slot_date=slot.date,
            payment_method=rng.choice(["local_currency", "onnuri", "card"]),
        )
        order = ordering.checkout(cart=cart, details=details, idempotency_key=f"demo-{slot.date}-{i}",
                                  now=placed_at)
        made += order.status == OrderStatus.PAID
    return made


def demo_logins() -> list[DemoLogin]:
    """One login per role, with what it is scoped to."""
    logins = []
    customer = next(c for c in DEMO_CUSTOMERS if c["username"] == "customer")
    place = _place(customer["place"])
    logins.append(DemoLogin("고객(customer)", "customer", DEMO_PASSWORD, f"배송지 {place['address']}"))
    for membership in Membership.objects.select_related("user", "store", "market").order_by("pk"):
        scope = membership.store or membership.market or "전체 시장"
        logins.append(DemoLogin(f"{membership.get_role_display()}({membership.role})",
                                membership.user.username, DEMO_PASSWORD, str(scope)))
    for rider in Rider.objects.select_related("user", "market").order_by("user__username"):
        logins.append(DemoLogin("배송 기사(rider)", rider.user.username, DEMO_PASSWORD,
                                f"{rider.market.name} · {rider.get_vehicle_display()} "
                                f"{rider.shift_start:%H:%M}–{rider.shift_end:%H:%M}"))
    return logins


# Three riders of 구리전통시장's center: (login, name, phone, vehicle, bags, kg).
DEMO_RIDERS = (
    ("rider1", "김배달", "010-5551-0001", Vehicle.MOTORBIKE, 8, 40),
    ("rider2", "이자전", "010-5551-0002", Vehicle.BICYCLE, 5, 25),
    ("rider3", "박승용", "010-5551-0003", Vehicle.CAR, 12, 80),
)


def ensure_demo_riders(*, market_slug: str = "guri") -> int:
    """Riders rider1..3 (password as the other demo logins) for the market's afternoon slot;
    creates only those missing, so it also fills an older demo database."""
    market = Market.objects.filter(slug=market_slug).first()
    if market is None:
        return 0
    shift_start = (dt.datetime.combine(dt.date.today(), market.delivery_start) - dt.timedelta(minutes=30)).time()
    shift_end = (dt.datetime.combine(dt.date.today(), market.delivery_end) + dt.timedelta(minutes=30)).time()
    made = 0
    for username, name, phone, vehicle, bags, kg in DEMO_RIDERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, name=name, phone=phone)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Rider.objects.create(user=user, market=market, name=name, phone=phone, vehicle=vehicle, capacity_bags=bags,
                             capacity_kg=kg, shift_start=shift_start, shift_end=shift_end)
        made += 1
    ensure_demo_shifts(market=market)
    return made


# 구리: the whole 3 km by distance band, and a drawn 인창동 zone reaching a little further north.
GURI_BANDS = [[1000, 2000], [2000, 2500], [3000, 3000]]
GURI_POLYGON = {"type": "Polygon", "coordinates": [[
    [127.1330, 37.6030], [127.1500, 37.6030], [127.1520, 37.6300], [127.1310, 37.6300], [127.1330, 37.6030]]]}
SHIFT_DAYS = 7


def ensure_demo_zones() -> int:
    """A radius zone for every demo market without zones (its own radius, fee and free
    threshold); 구리 gets distance bands and one polygon instead.  Returns zones made."""
    made = []
    for market in Market.objects.filter(zones__isnull=True).order_by("pk"):
        if market.slug == "guri":
            made.append(DeliveryZone(market=market, name="구리 전역 (거리별)", kind=ZoneKind.RADIUS, radius_m=3000,
                                     fee_kind=FeeKind.BANDS, bands=GURI_BANDS, free_threshold=50000))
            made.append(DeliveryZone(market=market, name="인창동 북쪽", kind=ZoneKind.POLYGON, polygon=GURI_POLYGON,
                                     fee_kind=FeeKind.FREE_ABOVE, fee=2000, free_threshold=30000))
        else:
            made.append(DeliveryZone(market=market, name=f"{market.name} 반경 {market.delivery_radius_m / 1000:g}km",
                                     kind=ZoneKind.RADIUS, radius_m=market.delivery_radius_m,
                                     fee_kind=FeeKind.FREE_ABOVE, fee=market.delivery_fee,
                                     free_threshold=market.free_delivery_threshold))
    DeliveryZone.objects.bulk_create(made)
    return len(made)


def ensure_demo_shifts(*, market: Market) -> int:
    """Shifts for the market's active riders today and the next days (their usual hours and
    load), on days they have none yet: the demo's slots count riders on shift."""
    today = btime.today()
    dates = [today + dt.timedelta(days=i) for i in range(SHIFT_DAYS)]
    taken = set(RiderShift.objects.filter(date__in=dates).values_list("user_id", "date"))
    made = [RiderShift(market=market, user_id=r.user_id, date=d, start=r.shift_start, end=r.shift_end,
                       capacity_bags=r.capacity_bags, capacity_kg=r.capacity_kg)
            for r in Rider.objects.filter(market=market, is_active=True).order_by("pk") for d in dates
            if (r.user_id, d) not in taken]
    RiderShift.objects.bulk_create(made)
    return len(made)
