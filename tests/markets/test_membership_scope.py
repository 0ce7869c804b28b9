"""Membership: merchant → one store, center staff / market admin → one market, operator →
everything.  The database refuses any other shape."""

import pytest
from django.db import IntegrityError, transaction

from jangbogi.markets.models import Membership, Role
from tests.factories import MembershipFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db

# (role, has market, has store, allowed)
SHAPES = [
    (Role.MERCHANT, False, True, True),
    (Role.MERCHANT, True, False, False),
    (Role.MERCHANT, True, True, False),
    (Role.MERCHANT, False, False, False),
    (Role.CENTER_STAFF, True, False, True),
    (Role.CENTER_STAFF, False, True, False),
    (Role.CENTER_STAFF, True, True, False),
    (Role.CENTER_STAFF, False, False, False),
    (Role.MARKET_ADMIN, True, False, True),
    (Role.MARKET_ADMIN, False, True, False),
    (Role.MARKET_ADMIN, True, True, False),
    (Role.MARKET_ADMIN, False, False, False),
    (Role.OPERATOR, False, False, True),
    (Role.OPERATOR, True, False, False),
    (Role.OPERATOR, False, True, False),
]


@pytest.mark.parametrize(("role", "with_market", "with_store", "allowed"), SHAPES)
def test_scope_matches_role(market, role, with_market, with_store, allowed):
    store = StoreFactory(market=market)
    user = UserFactory()
    fields = dict(user=user, role=role, market=market if with_market else None,
                  store=store if with_store else None)
    if allowed:
        membership = MembershipFactory(**fields)
        assert Membership.objects.get(pk=membership.pk).role == role
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipFactory(**fields)
        assert Membership.objects.count() == 0


def test_str_names_the_scope(market):
    store = StoreFactory(market=market, name="상수네 채소")
    user = UserFactory(username="sangsu")
    assert str(MembershipFactory(user=user, role=Role.MERCHANT, store=store)) == "sangsu · 상인 · 상수네 채소"
    assert str(MembershipFactory(user=user, role=Role.OPERATOR)) == "sangsu · 운영기관 · 전체"
