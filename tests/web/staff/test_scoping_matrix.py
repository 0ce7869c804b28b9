"""Every staff page × every role: who gets the page, who is refused (403), who is sent to log
in, and who gets 404 because the object belongs to another store or market.

A merchant never sees another store's part, and no staff page shows a customer's full phone."""

from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from jangbogi.markets.models import Membership, Role
from jangbogi.orders import fulfilment
from jangbogi.orders.models import MerchantOrder
from tests.conftest import MORNING
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)

FULL_PHONE = "010-5550-1234"  # the paid_order fixture's customer


@dataclass
class World:
    order_number: str
    veg_part: int
    fish_part: int
    veg_line: int
    fish_line: int
    veg_product: int
    veg_store: int
    admin_membership: int


@pytest.fixture
def world(paid_order, two_stores, market) -> World:
    veg, fish = two_stores
    veg_part = MerchantOrder.objects.get(order=paid_order, store=veg)
    fish_part = MerchantOrder.objects.get(order=paid_order, store=fish)
    for part in (veg_part, fish_part):  # ready, so label PDFs exist
        for line in part.lines.all():
            fulfilment.pick_line(line=line)
        fulfilment.mark_ready(part=part)
    admin = Membership.objects.create(user=UserFactory(username="admin-a"), role=Role.MARKET_ADMIN, market=market)
    return World(paid_order.number, veg_part.pk, fish_part.pk, veg_part.lines.first().pk,
                 fish_part.lines.first().pk, ProductFactory(store=veg, name="대파").pk, veg.pk, admin.pk)


def _client_for(role: str, market, veg_store) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user = UserFactory(username=f"u-{role}")
    other_market = MarketFactory()
    DeliveryCenterFactory(market=other_market)
    scope = {
        "merchant": dict(role=Role.MERCHANT, store=veg_store),
        "other_merchant": dict(role=Role.MERCHANT, store=StoreFactory(market=market, name="남의 가게")),
        "center": dict(role=Role.CENTER_STAFF, market=market),
        "other_center": dict(role=Role.CENTER_STAFF, market=other_market),
        "market_admin": dict(role=Role.MARKET_ADMIN, market=market),
        "other_admin": dict(role=Role.MARKET_ADMIN, market=other_market),
        "operator": dict(role=Role.OPERATOR),
    }.get(role)
    if scope:
        Membership.objects.create(user=user, **scope)
    client.force_login(user)
    return client


# (path template, {role: expected status}); roles not listed get 403 (logged in) — anonymous
# always gets 302 to /login.
MERCHANT_PAGES = [
    "/merchant/", "/merchant/notifications", "/merchant/parts/{veg_part}/", "/merchant/parts/{veg_part}/label.pdf",
    "/merchant/lines/{veg_line}/short", "/merchant/products/",
    "/merchant/products/{veg_product}/edit", "/merchant/products/prices",
]
MERCHANT_OWN_OBJECTS = {p for p in MERCHANT_PAGES if "{" in p}
CENTER_PAGES = ["/center/", "/center/orders/{order_number}/", "/center/orders/{order_number}/slip.pdf",
                "/center/orders/{order_number}/label.pdf"]
ADMIN_PAGES = ["/market-admin/", "/market-admin/settings", "/market-admin/stores",
               "/market-admin/stores/{veg_store}/edit", "/market-admin/staff"]
ROLES = ["anonymous", "customer", "merchant", "other_merchant", "center", "other_center", "market_admin",
         "other_admin", "operator"]


def expected(path: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if path in MERCHANT_PAGES:
        if role == "merchant":
            return 200
        if role == "other_merchant":
            return 404 if path in MERCHANT_OWN_OBJECTS else 200
        return 403
    market_scoped = "{" in path
    if path in CENTER_PAGES:
        if role in ("center", "market_admin", "operator"):
            return 200
        if role in ("other_center", "other_admin"):
            return 404 if market_scoped else 200
        return 403
    if role in ("market_admin", "operator"):
        return 200
    if role == "other_admin":
        return 404 if market_scoped else 200
    return 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", MERCHANT_PAGES + CENTER_PAGES + ADMIN_PAGES)
def test_role_matrix(world, market, two_stores, role, path):
    client = _client_for(role, market, two_stores[0])
    url = path.format(**world.__dict__)
    with time_machine.travel(MORNING, tick=False):
        response = client.get(url)
    assert response.status_code == expected(path, role), (role, url)
    if response.status_code == 302:
        assert response["Location"].startswith("/login?next=")
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert FULL_PHONE not in html, f"{role} sees the customer's phone on {url}"
        if role == "other_merchant":
            assert world.order_number not in html


def test_merchant_never_sees_another_stores_part_or_line(world, market, two_stores):
    client = _client_for("merchant", market, two_stores[0])
    with time_machine.travel(MORNING, tick=False):
        assert client.get(f"/merchant/parts/{world.fish_part}/").status_code == 404
        assert client.get(f"/merchant/lines/{world.fish_line}/").status_code == 404
        assert client.post(f"/merchant/lines/{world.fish_line}/pick").status_code == 404
        home = client.get("/merchant/").content.decode()
    assert "고등어" not in home  # the fish store's line of the same order
