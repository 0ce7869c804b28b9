"""cancel_order: before the cutoff of the delivery day the order is canceled, the payment
refunded and the stock given back; after it nothing changes."""

import datetime as dt

import pytest

from jangbogi.catalog.models import Product
from jangbogi.core import time as btime
from jangbogi.core.errors import InvalidTransition
from jangbogi.orders import services as orders
from jangbogi.orders.models import STOCK_HOLDING, Order, OrderEvent, OrderStatus
from jangbogi.payments.models import Payment
from tests.conftest import MORNING, tender_totals
from tests.orders.order_builders import TOTAL, fresh, place, snapshot, stocked_product

pytestmark = pytest.mark.django_db

TODAY = MORNING.date()
TOMORROW = TODAY + dt.timedelta(days=1)


def seoul(date, hour, minute=0):
    return btime.at(date, dt.time(hour, minute))


def test_paid_order_canceled_before_cutoff_is_refunded(market):
    product = stocked_product(market, stock=10)
    order = orders.pay_order(order=place(market, product))
    assert Product.objects.get(pk=product.pk).stock == 8

    orders.cancel_order(order=order, now=seoul(TODAY, 12, 59))

    assert fresh(order).status == "canceled"
    assert tender_totals(order.number) == ("canceled", TOTAL, TOTAL)
    assert Product.objects.get(pk=product.pk).stock == 10
    assert set(order.merchant_orders.values_list("status", flat=True)) == {"canceled"}
    assert [(e.from_status, e.to_status, e.reason) for e in OrderEvent.objects.filter(order=order)][-1] == (
        "paid", "canceled", "고객 요청")


@pytest.mark.parametrize("at", [seoul(TODAY, 13, 0), seoul(TODAY, 18, 0), seoul(TOMORROW, 9, 0)])
def test_paid_order_after_cutoff_is_refused_and_nothing_changes(market, at):
    product = stocked_product(market, stock=10)
    order = orders.pay_order(order=place(market, product))
    before = snapshot(product=product, order=order)

    with pytest.raises(InvalidTransition) as exc:
        orders.cancel_order(order=order, now=at)

    assert exc.value.code == "cancel_after_cutoff"
    assert exc.value.message == "주문 마감 시간이 지나 상인이 준비를 시작했습니다. 고객센터로 문의해 주세요."
    assert snapshot(product=product, order=order) == before
    assert before["stock"] == 8
    assert tender_totals(order.number)[0] == "approved"


def test_tomorrow_order_can_be_canceled_until_tomorrow_cutoff(market):
    product = stocked_product(market, stock=10)
    afternoon = seoul(TODAY, 15)
    order = orders.pay_order(order=place(market, product, now=afternoon, slot_date=TOMORROW))
    assert fresh(order).slot_date == TOMORROW

    with pytest.raises(InvalidTransition):
        orders.cancel_order(order=fresh(order), now=seoul(TOMORROW, 13, 0))
    orders.cancel_order(order=fresh(order), now=seoul(TOMORROW, 12, 59))
    assert fresh(order).status == "canceled"
    assert Product.objects.get(pk=product.pk).stock == 10


def test_pending_order_cancel_releases_stock_without_a_payment(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)

    orders.cancel_order(order=order, now=MORNING)

    assert fresh(order).status == "canceled"
    assert Product.objects.get(pk=product.pk).stock == 10
    assert Payment.objects.count() == 0


def test_cancel_twice_is_refused_the_second_time(market):
    product = stocked_product(market, stock=10)
    order = orders.pay_order(order=place(market, product))
    orders.cancel_order(order=order, now=MORNING)
    before = snapshot(product=product, order=order)

    with pytest.raises(InvalidTransition):
        orders.cancel_order(order=fresh(order), now=MORNING)

    assert snapshot(product=product, order=order) == before
    assert before["stock"] == 10


def test_cancel_with_a_stale_pending_copy_of_a_paid_order_still_refunds(market):
    """The customer's page loaded the order while it was pending; payment landed before the
    cancel.  The order is canceled, so the money must go back."""
    product = stocked_product(market, stock=10)
    order = place(market, product)
    stale = fresh(order)
    orders.pay_order(order=order)
    assert stale.status == "pending_payment"

    orders.cancel_order(order=stale, now=MORNING)

    assert fresh(order).status == "canceled"
    assert tender_totals(order.number) == ("canceled", TOTAL, TOTAL)
    assert Product.objects.get(pk=product.pk).stock == 10


def test_stale_pending_copy_cannot_skip_the_cutoff(market):
    product = stocked_product(market, stock=10)
    order = place(market, product)
    stale = fresh(order)
    orders.pay_order(order=order)
    before = snapshot(product=product, order=order)

    with pytest.raises(InvalidTransition) as exc:
        orders.cancel_order(order=stale, now=seoul(TODAY, 13, 0))

    assert exc.value.code == "cancel_after_cutoff"
    assert snapshot(product=product, order=order) == before


PREPARING = sorted(STOCK_HOLDING - {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID})


@pytest.mark.parametrize("status", PREPARING)
def test_order_being_prepared_is_refused_even_before_cutoff(market, status):
    """Once the merchants have started (picking and later), the customer cannot cancel; above
    all, the order is never canceled while its payment stays taken."""
    product = stocked_product(market, stock=10)
    order = orders.pay_order(order=place(market, product))
    Order.objects.filter(pk=order.pk).update(status=status)
    before = snapshot(product=product, order=order)

    with pytest.raises(InvalidTransition) as exc:
        orders.cancel_order(order=order, now=seoul(TODAY, 10, 30))

    assert exc.value.code == "cancel_after_cutoff"
    assert exc.value.message == "상인이 상품 준비를 시작해 취소할 수 없습니다. 고객센터로 문의해 주세요."
    assert snapshot(product=product, order=order) == before
    assert tender_totals(order.number)[0] == "approved"
