"""The rider: bundle check at pickup, 출발, and at the door 전달 완료 (code or photo) or 전달 못 함."""

import hmac
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from jangbogi.catalog.photos import prepare_photo
from jangbogi.core import time as btime
from jangbogi.core.errors import InvalidTransition, NotFound, ValidationFailed
from jangbogi.core.states import compare_and_set
from jangbogi.delivery.models import (
    ROUTE_TRANSITIONS,
    STOP_TRANSITIONS,
    FailureReason,
    Route,
    RouteStatus,
    Stop,
    StopStatus,
)
from jangbogi.delivery.services import eta
from jangbogi.notifications import services as notifications
from jangbogi.orders import services as orders

MAX_WRONG_CODES = 5

def _route_under_way(route: Route, *, actor) -> Route:
    """The route, started if it was only dispatched (a rider who delivers has left)."""
    if route.dispatched_at is None:
        raise InvalidTransition("아직 배차되지 않은 경로예요. 센터에서 배차하면 시작할 수 있어요.", code="not_dispatched")
    if route.status == RouteStatus.ASSIGNED:
        compare_and_set(Route.objects.filter(pk=route.pk), table=ROUTE_TRANSITIONS, target=RouteStatus.STARTED,
                        started_at=timezone.now(), locked=True)
        route.refresh_from_db()
    if route.status != RouteStatus.STARTED:
        raise InvalidTransition("이미 끝난 경로예요.", code="route_finished")
    return route


@transaction.atomic
def start_route(*, route: Route, actor=None) -> Route:
    """출발: the route is locked; re-planning keeps it as it is from now on."""
    route = Route.objects.select_for_update().get(pk=route.pk)
    return _route_under_way(route, actor=actor)


@transaction.atomic
def pick_up(*, route: Route, code: str, actor=None) -> Stop:
    """The rider scans a bundle label at the center: it must be one of this route's."""
    code = (code or "").strip().upper().removeprefix("JB:")
    stop = (Stop.objects.select_related("order").filter(route=route, status=StopStatus.PENDING,
                                                        order__number=code.removesuffix("-B")).first()
            if code.endswith("-B") else None)
    if stop is None:
        raise NotFound(f"'{code}'는 이 경로의 꾸러미가 아니에요. 센터에 알려 주세요.", code="bundle_not_on_route")
    if stop.picked_up_at is None:
        Stop.objects.filter(pk=stop.pk).update(picked_up_at=timezone.now())
        stop.refresh_from_db()
    return stop


def _finish_if_done(route: Route) -> None:
    if not route.stops.filter(status=StopStatus.PENDING).exists():
        compare_and_set(Route.objects.filter(pk=route.pk), table=ROUTE_TRANSITIONS, target=RouteStatus.FINISHED,
                        finished_at=timezone.now())


def _locked_stop(stop: Stop) -> Stop:
    stop = Stop.objects.select_for_update().select_related("order", "route__rider").get(pk=stop.pk)
    if stop.status != StopStatus.PENDING:
        raise InvalidTransition(f"이미 처리한 배송지예요 ({stop.get_status_display()}).", code="stop_done")
    return stop


def deliver_stop(*, stop: Stop, code: str | None = None, photo=None, actor=None) -> Stop:
    """전달 완료, with proof: the handover code the customer reads out, or a photo of the
    bundle at the door (EXIF, GPS included, stripped).  A wrong code is refused and counted:
    after five wrong codes only a photo will do."""
    code = (code or "").strip()
    if not code and photo is None:
        raise ValidationFailed("고객님이 불러 주는 전달 코드 4자리를 넣거나, 문 앞 사진을 찍어 주세요.",
                               code="proof_required")
    photo_name = _save_photo(stop, photo) if photo is not None else ""
    refusal = None
    try:
        with transaction.atomic():
            stop = _locked_stop(stop)
            if not photo_name:
                refusal = _check_code(stop, code)
            if refusal is None:
                _route_under_way(stop.route, actor=actor)
                _mark_delivered(stop, photo_name=photo_name, actor=actor)
    except Exception:
        if photo_name:
            Stop.proof_photo.field.storage.delete(photo_name)
        raise
    if refusal:
        raise refusal
    stop.refresh_from_db()
    eta.reestimate_after(stop=stop)  # the next doors' ETAs from now, here
    return stop


def _save_photo(stop: Stop, photo) -> str:
    """The processed photo, stored before the transaction (deleted again if it fails)."""
    content = prepare_photo(photo)
    stop.proof_photo.save(f"{stop.pk}-{secrets.token_hex(4)}.jpg", ContentFile(content), save=False)
    return stop.proof_photo.name


def _check_code(stop: Stop, code: str) -> ValidationFailed | None:
    """None when the code is right; else the refusal (the wrong try is counted and kept)."""
    if stop.wrong_codes >= MAX_WRONG_CODES:
        return ValidationFailed("코드를 여러 번 틀렸어요. 문 앞 사진으로 전달을 확인해 주세요.", code="too_many_codes")
    if hmac.compare_digest(code.encode(), stop.handover_code.encode()):
        return None
    Stop.objects.filter(pk=stop.pk).update(wrong_codes=stop.wrong_codes + 1)
    return ValidationFailed("전달 코드가 맞지 않아요. 고객님께 다시 여쭤봐 주세요.", code="wrong_handover_code")


def _mark_delivered(stop: Stop, *, photo_name: str, actor) -> None:
    now = timezone.now()
    compare_and_set(Stop.objects.filter(pk=stop.pk), table=STOP_TRANSITIONS, target=StopStatus.DELIVERED,
                    delivered_at=now, proof_photo=photo_name)
    order = stop.order
    orders.mark_delivered(order=order, actor=actor,
                          reason=f"{stop.route.rider.name} 기사님 전달 ({'사진' if photo_name else '전달 코드'} 확인)")
    _finish_if_done(stop.route)
    text = f"[장보기] 주문 {order.number} 꾸러미를 {timezone.localtime(now, btime.SEOUL):%H:%M}에 전해 드렸어요. 맛있게 드세요!"
    transaction.on_commit(lambda: notifications.notify_customer(
        phone=order.phone, user=order.customer, template="delivered", text=text, link=f"/orders/{order.number}/"))


def fail_stop(*, stop: Stop, reason: str, actor=None) -> Stop:
    """전달 못 함 (absent, wrong address, refused): the bundle goes back to the center's queue
    (the order is "포장 완료" again, to be planned again) and the customer is told."""
    if reason not in FailureReason.values:
        raise ValidationFailed("전달하지 못한 이유를 골라 주세요.", code="reason_required")
    with transaction.atomic():
        stop = _locked_stop(stop)
        _route_under_way(stop.route, actor=actor)
        compare_and_set(Stop.objects.filter(pk=stop.pk), table=STOP_TRANSITIONS, target=StopStatus.FAILED,
                        failed_at=timezone.now(), failure_reason=reason)
        label = FailureReason(reason).label
        order = orders.return_to_center(order=stop.order, actor=actor, reason=label)
        _finish_if_done(stop.route)
        text = (f"[장보기] 주문 {order.number} 꾸러미를 오늘 전해 드리지 못했어요 ({label}). "
                "배송센터에서 곧 연락드릴게요.")
        transaction.on_commit(lambda: notifications.notify_customer(
            phone=order.phone, user=order.customer, template="delivery_failed", text=text,
            link=f"/orders/{order.number}/"))
    stop.refresh_from_db()
    eta.reestimate_after(stop=stop)
    return stop
