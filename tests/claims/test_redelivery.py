"""The 0원 follow-up order flows like any order (picking, center, rider), holds stock and a
slot place, has no payment (settlement skips it), and is created once per key."""

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core.errors import OutOfStock
from jangbogi.orders import redelivery
from jangbogi.orders.models import Order, OrderStatus
from jangbogi.payments.models import Payment
from jangbogi.settlement.ingest import settle_order
from jangbogi.settlement.models import LedgerEntry
from tests.claims.builders import deliver, line_named


def _redeliver(order, key="claim:1:redelivery", quantity=2):
    return redelivery.create_redelivery(order=order, lines=[(line_named(order, "애호박"), quantity)], key=key,
                                        reason="파손")


def test_the_free_order_goes_through_picking_packing_and_delivery(delivered, market):
    follow = _redeliver(delivered)

    follow = deliver(follow, market)

    assert follow.status == OrderStatus.DELIVERED
    assert follow.total == 0 and follow.paid_amount == 0
    assert not Payment.objects.filter(order_ref=follow.number).exists()
    assert settle_order(follow) == [] and not LedgerEntry.objects.filter(order_ref=follow.number).exists()
    assert "원주문" in follow.delivery_note and delivered.number in follow.delivery_note


def test_the_same_key_returns_the_same_order_and_holds_stock_once(delivered):
    zucchini = line_named(delivered, "애호박").product
    stock = Product.objects.get(pk=zucchini.pk).stock

    first = _redeliver(delivered)
    again = _redeliver(delivered)

    assert first.pk == again.pk and Order.objects.count() == 2
    assert Product.objects.get(pk=zucchini.pk).stock == stock - 2


def test_without_stock_nothing_is_created(delivered):
    Product.objects.filter(pk=line_named(delivered, "애호박").product_id).update(stock=1)

    with pytest.raises(OutOfStock):
        _redeliver(delivered)

    assert Order.objects.count() == 1
