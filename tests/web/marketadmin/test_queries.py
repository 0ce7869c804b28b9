"""List pages cost the same number of queries for 2 rows or 20 (no N+1)."""

from jangbogi.markets.models import Role
from jangbogi.orders import carts, fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import OrderLine
from tests.conftest import MORNING, delivery_details
from tests.factories import MembershipFactory, ProductFactory, StoreFactory

# Every staff request: session, user, memberships (scope), and the session saved again (idle
# timeout slides: savepoint, update, release) = 6.
STAFF_REQUEST = 6
# + stores with their login counts
STORES_QUERIES = STAFF_REQUEST + 1
# + stores (store choices), memberships of the market
STAFF_QUERIES = STAFF_REQUEST + 2
# + orders, their parts, the parts' lines, shortages, their replacements
BOARD_QUERIES = STAFF_REQUEST + 5


def _stores(market, n):
    for _ in range(n):
        store = StoreFactory(market=market, accepts_onnuri=True)
        MembershipFactory(role=Role.MERCHANT, store=store)


def test_store_list_queries_do_not_grow(admin_client, market, django_assert_num_queries):
    _stores(market, 2)
    admin_client.get("/market-admin/stores")  # the session remembers the market
    with django_assert_num_queries(STORES_QUERIES):
        admin_client.get("/market-admin/stores")
    _stores(market, 18)
    with django_assert_num_queries(STORES_QUERIES):
        response = admin_client.get("/market-admin/stores")
    assert len(response.context["stores"]) == 20
    assert response.content.decode().count("<dd>1개</dd>") == 20


def test_staff_list_queries_do_not_grow(admin_client, market, django_assert_num_queries):
    _stores(market, 2)
    admin_client.get("/market-admin/staff")
    with django_assert_num_queries(STAFF_QUERIES):
        admin_client.get("/market-admin/staff")
    _stores(market, 18)
    with django_assert_num_queries(STAFF_QUERIES):
        response = admin_client.get("/market-admin/staff")
    assert len(response.context["staff"]) == 21


def _order(market, store, key):
    cart = carts.create_cart(market=market)
    carts.set_line(cart=cart, product_id=ProductFactory(store=store, price=1000).pk, quantity=2)
    carts.set_line(cart=cart, product_id=ProductFactory(store=store, price=500).pk, quantity=1)
    order = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key=key, now=MORNING)
    fulfilment.mark_short(line=OrderLine.objects.filter(merchant_order__order=order).first(), available=1)
    return order


def test_board_queries_do_not_grow(admin_client, market, morning, django_assert_num_queries):
    _order(market, StoreFactory(market=market), "a")
    admin_client.get("/market-admin/")
    with django_assert_num_queries(BOARD_QUERIES):
        admin_client.get("/market-admin/")
    for i in range(5):
        _order(market, StoreFactory(market=market), f"b{i}")
    with django_assert_num_queries(BOARD_QUERIES):
        response = admin_client.get("/market-admin/")
    assert (response.context["board"].order_count, len(response.context["board"].shortages)) == (6, 6)
