"""The delivery moves of an order: packed → out_for_delivery → delivered, or back to packed
after a failed attempt; each writes one event, any other source is refused unchanged."""

import pytest

from jangbogi.core.errors import InvalidTransition
from jangbogi.orders import fulfilment
from jangbogi.orders import services as orders
from jangbogi.orders.models import ORDER_TRANSITIONS, STOCK_HOLDING, OrderEvent, OrderStatus
from tests.web.center.builders import receive_all

S = OrderStatus


def test_table():
    assert ORDER_TRANSITIONS[S.PACKED] == {S.OUT_FOR_DELIVERY}
    assert ORDER_TRANSITIONS[S.OUT_FOR_DELIVERY] == {S.DELIVERED, S.PACKED}
    assert ORDER_TRANSITIONS[S.DELIVERED] == set()
    assert {S.OUT_FOR_DELIVERY, S.DELIVERED} <= STOCK_HOLDING


@pytest.fixture
def packed_order(paid_order, market):
    receive_all(paid_order, market)
    return fulfilment.mark_packed(order=paid_order)


def events(order) -> list[tuple[str, str, str]]:
    return list(OrderEvent.objects.filter(order=order).order_by("pk").values_list("from_status", "to_status", "reason"))


def test_out_then_back_then_out_then_delivered(packed_order):
    before = len(events(packed_order))
    orders.mark_out_for_delivery(order=packed_order, reason="배차: 김배달 기사님")
    orders.return_to_center(order=packed_order, reason="고객 부재")
    orders.mark_out_for_delivery(order=packed_order)
    order = orders.mark_delivered(order=packed_order)

    assert order.status == S.DELIVERED
    assert events(order)[before:] == [
        ("packed", "out_for_delivery", "배차: 김배달 기사님"),
        ("out_for_delivery", "packed", "배송 실패, 센터로 돌아옴: 고객 부재"),
        ("packed", "out_for_delivery", "배송 출발"),
        ("out_for_delivery", "delivered", "배송 완료"),
    ]


@pytest.mark.parametrize("move", ["out", "delivered", "back"])
def test_wrong_source_is_refused_without_an_event(paid_order, move):
    before = events(paid_order)
    call = {"out": lambda: orders.mark_out_for_delivery(order=paid_order),
            "delivered": lambda: orders.mark_delivered(order=paid_order),
            "back": lambda: orders.return_to_center(order=paid_order, reason="고객 부재")}[move]
    with pytest.raises(InvalidTransition) as exc:
        call()
    assert exc.value.message.endswith("(지금: 주문 접수)")
    paid_order.refresh_from_db()
    assert paid_order.status == S.PAID and events(paid_order) == before


def test_delivered_is_final(packed_order):
    orders.mark_out_for_delivery(order=packed_order)
    orders.mark_delivered(order=packed_order)
    with pytest.raises(InvalidTransition) as exc:
        orders.return_to_center(order=packed_order, reason="고객 부재")
    assert exc.value.message == "배송 중인 주문만 센터로 돌려보낼 수 있습니다 (지금: 배송 완료)"
