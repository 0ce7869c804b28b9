"""What the order page's claim section reads: one query for the delivery time and one for the
order's claims, however many lines the order has (the lines come prefetched with the order)."""

from jangbogi.claims import selectors
from jangbogi.orders import selectors as orders
from tests.claims.builders import soon_after_delivery
from tests.web.claims.conftest import file


def test_two_queries_whatever_the_lines(delivered, django_assert_num_queries):
    file(delivered, "고등어", now=soon_after_delivery(delivered))  # resolved: nothing left on that line
    order = orders.order_for_customer(number=delivered.number, token=delivered.access_token)
    now = soon_after_delivery(delivered)

    with django_assert_num_queries(2):
        section = selectors.order_claim_lines(order=order, now=now)

    assert sorted((item["line"].product_name, item["can_claim"], len(item["claims"])) for item in section["lines"]) \
        == [("고등어", False, 1), ("애호박", True, 0)]
