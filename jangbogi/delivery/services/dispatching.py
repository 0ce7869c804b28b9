"""배차하기: routes go to their riders, orders become "배송 중", customers are told."""

from django.db import transaction
from django.utils import timezone

from jangbogi.core import time as btime
from jangbogi.core.errors import Conflict, ValidationFailed
from jangbogi.delivery.models import PlanStatus, Route, RoutePlan, Stop, StopStatus
from jangbogi.integrations.telephony import get_masked_numbers
from jangbogi.notifications import services as notifications
from jangbogi.orders import services as orders
from jangbogi.orders.models import OrderStatus


def masked_number_for(*, stop: Stop) -> str:
    """The virtual number the rider dials to reach the stop's customer (never the real one)."""
    return get_masked_numbers().masked_number(caller=stop.route.rider.phone, callee=stop.order.phone)


def _eta_text(stop: Stop) -> str:
    return f"{timezone.localtime(stop.eta, btime.SEOUL):%H:%M}쯤" if stop.eta else "오늘"


def dispatch_stop(stop: Stop, *, actor) -> None:
    """The stop's bundle leaves with its rider: a masked number for the rider, the order
    "배송 중", and the customer told when and with which handover code."""
    stop.masked_phone = masked_number_for(stop=stop)
    stop.save(update_fields=["masked_phone"])
    order = stop.order
    if order.status == OrderStatus.OUT_FOR_DELIVERY:
        return  # moved between riders after dispatch: the customer already knows
    orders.mark_out_for_delivery(order=order, actor=actor, reason=f"배차: {stop.route.rider.name} 기사님")
    text = (f"[장보기] 주문 {order.number} 꾸러미가 곧 출발해요. {_eta_text(stop)} 도착 예정이에요. "
            f"받으실 때 전달 코드 {stop.handover_code}를 기사님께 알려 주세요.")
    transaction.on_commit(lambda: notifications.notify_customer(
        phone=order.phone, user=order.customer, template="out_for_delivery", text=text,
        link=f"/orders/{order.number}/"))


@transaction.atomic
def dispatch(*, plan: RoutePlan, actor=None) -> RoutePlan:
    """배차하기: every route not yet dispatched goes to its rider; their orders become
    "배송 중" and each customer is told (after commit) the ETA and handover code."""
    plan = RoutePlan.objects.select_for_update().get(pk=plan.pk)
    routes = list(plan.routes.filter(dispatched_at__isnull=True, stops__status=StopStatus.PENDING).distinct()
                  .select_related("rider"))
    if not routes:
        if plan.routes.exists():
            raise Conflict("이미 모든 경로를 배차했어요.", code="already_dispatched")
        raise ValidationFailed("배차할 경로가 없어요. 먼저 경로를 짜 주세요.", code="nothing_to_dispatch")
    now = timezone.now()
    for route in routes:
        Route.objects.filter(pk=route.pk).update(dispatched_at=now)
        for stop in route.stops.filter(status=StopStatus.PENDING).select_related("order", "route__rider"):
            dispatch_stop(stop, actor=actor)
    RoutePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DISPATCHED, dispatched_at=now)
    plan.refresh_from_db()
    return plan
