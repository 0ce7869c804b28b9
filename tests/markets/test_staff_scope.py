from jangbogi.markets import staff
from jangbogi.markets.models import Membership, Role
from tests.factories import MarketFactory, StoreFactory, UserFactory


def test_merchant_scope_is_their_store_and_its_market(db):
    store = StoreFactory()
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.MERCHANT, store=store)
    scope = staff.scope_for(user, Role.MERCHANT)
    assert (scope.role, scope.stores, scope.markets) == (Role.MERCHANT, (store,), (store.market,))
    assert staff.scope_for(user, Role.CENTER_STAFF, Role.MARKET_ADMIN) is None
    assert staff.home_for(user) == "/merchant/"


def test_center_staff_scope_is_one_market(db):
    market = MarketFactory()
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.CENTER_STAFF, market=market)
    scope = staff.scope_for(user, Role.CENTER_STAFF, Role.MARKET_ADMIN)
    assert (scope.role, scope.stores, scope.markets) == (Role.CENTER_STAFF, (), (market,))
    assert staff.scope_for(user, Role.MERCHANT) is None


def test_operator_sees_every_market_only_where_admitted(db):
    markets = {MarketFactory(), MarketFactory()}
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.OPERATOR)
    assert set(staff.scope_for(user, Role.MARKET_ADMIN, Role.OPERATOR).markets) == markets
    assert staff.scope_for(user, Role.MERCHANT) is None
    assert staff.home_for(user) == "/market-admin/"


def test_customer_has_no_scope(db):
    user = UserFactory()
    assert staff.scope_for(user, Role.MERCHANT, Role.OPERATOR) is None
    assert not staff.is_staff_member(user)
    assert staff.home_for(user) is None
