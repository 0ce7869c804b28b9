"""A market (구리 style, from tests/conftest.py's `market`) with its admin, and a second market
B with a store and staff the admin must never reach."""

from dataclasses import dataclass

import pytest

from jangbogi.markets.models import Market, Membership, Role, Store
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    MembershipFactory,
    StoreFactory,
    UserFactory,
)


@dataclass
class Other:
    market: Market
    store: Store
    admin: Membership


@pytest.fixture
def admin(market):
    """A 시장 관리자 of `market`."""
    return MembershipFactory(user=UserFactory(username="admin", name="관리자"), role=Role.MARKET_ADMIN,
                             market=market).user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def operator(db):
    return MembershipFactory(user=UserFactory(username="operator", name="운영기관"), role=Role.OPERATOR).user


@pytest.fixture
def other(db) -> Other:
    market = MarketFactory(name="오색시장", slug="osan")
    DeliveryCenterFactory(market=market)
    store = StoreFactory(market=market, name="오산 정육")
    admin = MembershipFactory(user=UserFactory(username="osan-admin"), role=Role.MARKET_ADMIN, market=market)
    return Other(market=market, store=store, admin=admin)


def htmx() -> dict:
    return {"HTTP_HX_REQUEST": "true"}
