"""Delivery use cases end to end: plan → dispatch → deliver (code or photo) or fail (back to the
center, planned again); wrong codes refused; started routes kept on re-plan; stops moved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jangbogi.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import PlanStatus, Route, RoutePlan, RouteStatus, Stop, StopStatus
from jangbogi.notifications.models import Notification
from jangbogi.orders.models import Order, OrderEvent, OrderStatus
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, packed

DAY = MORNING.date()


def plan(market, **kwargs):
    return delivery.plan_slot(market=market, date=DAY, slot_start=SLOT[0], slot_end=SLOT[1], seconds=0.3,
                              **kwargs)


def dispatched(market, capture):
    made = plan(market)
    with capture(execute=True):
        delivery.dispatch(plan=made)
    made.refresh_from_db()
    return made


def state() -> dict:
    """What a refused action must leave as it was."""
    return {"stops": sorted(Stop.objects.values_list("pk", "status", "delivered_at", "proof_photo", "route_id")),
            "orders": sorted(Order.objects.values_list("pk", "status")),
            "routes": sorted(Route.objects.values_list("pk", "status", "locked")),
            "events": OrderEvent.objects.count(), "notes": Notification.objects.count()}


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile("door.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def first_stop(market, riders, bundles, django_capture_on_commit_callbacks):
    dispatched(market, django_capture_on_commit_callbacks)
    return Stop.objects.select_related("route", "order").order_by("route__rider__name", "sequence").first()


# --- dispatch ---------------------------------------------------------------------------------

def test_dispatch_sends_bundles_out_with_masked_numbers_and_tells_customers(
        market, riders, bundles, django_capture_on_commit_callbacks):
    made = dispatched(market, django_capture_on_commit_callbacks)

    assert made.status == PlanStatus.DISPATCHED and made.dispatched_at is not None
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.OUT_FOR_DELIVERY}
    stops = list(Stop.objects.select_related("order", "route__rider"))
    assert len(stops) == 6
    for stop in stops:
        assert stop.route.dispatched_at is not None
        assert stop.masked_phone.startswith("0504-") and stop.masked_phone != stop.order.phone
        event = OrderEvent.objects.filter(order=stop.order).last()
        assert (event.from_status, event.to_status, event.reason) == (
            "packed", "out_for_delivery", f"배차: {stop.route.rider.name} 기사님")
        note = Notification.objects.get(template="out_for_delivery", to_phone=stop.order.phone)
        assert f"받으실 때 전달 코드 {stop.handover_code}를 기사님께 알려 주세요." in note.text
        assert note.text.startswith(f"[장보기] 주문 {stop.order.number} 꾸러미가 곧 출발해요. ")


def test_dispatch_twice_or_without_routes_is_refused(market, riders, bundles, django_capture_on_commit_callbacks):
    made = dispatched(market, django_capture_on_commit_callbacks)
    before = state()
    with pytest.raises(Conflict) as exc:
        delivery.dispatch(plan=made)
    assert exc.value.code == "already_dispatched"
    assert state() == before

    empty = delivery.plan_slot(market=market, date=DAY, slot_start=SLOT[0], slot_end=SLOT[1])
    Route.objects.all().delete()
    with pytest.raises(ValidationFailed) as exc:
        delivery.dispatch(plan=empty)
    assert exc.value.message == "배차할 경로가 없어요. 먼저 경로를 짜 주세요."


def test_planning_a_past_day_is_refused(market, day):
    with pytest.raises(ValidationFailed) as exc:
        delivery.plan_slot(market=market, date=DAY.replace(day=25), slot_start=SLOT[0], slot_end=SLOT[1])
    assert exc.value.code == "plan_in_past"


# --- the rider delivers -------------------------------------------------------------------------

def test_deliver_with_the_handover_code(first_stop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stop = delivery.deliver_stop(stop=first_stop, code=first_stop.handover_code)

    assert (stop.status, stop.proof_photo.name) == (StopStatus.DELIVERED, "")
    assert stop.delivered_at is not None
    order = Order.objects.get(pk=first_stop.order_id)
    assert order.status == OrderStatus.DELIVERED
    route = Route.objects.get(pk=first_stop.route_id)
    assert (route.status, route.locked) == (RouteStatus.STARTED, True)  # delivering starts the route
    assert OrderEvent.objects.filter(order=order).last().reason == \
        f"{route.rider.name} 기사님 전달 (전달 코드 확인)"
    note = Notification.objects.get(template="delivered")
    assert note.to_phone == order.phone and note.text.startswith(f"[장보기] 주문 {order.number} 꾸러미를 10:00에 전해 드렸어요.")


def test_wrong_code_is_refused_and_counted_then_only_a_photo_will_do(first_stop, media):
    wrong = f"{(int(first_stop.handover_code) + 1) % 10_000:04d}"
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        delivery.deliver_stop(stop=first_stop, code=wrong)
    assert exc.value.message == "전달 코드가 맞지 않아요. 고객님께 다시 여쭤봐 주세요."
    assert state() == before
    assert Stop.objects.get(pk=first_stop.pk).wrong_codes == 1

    for _ in range(4):
        with pytest.raises(ValidationFailed):
            delivery.deliver_stop(stop=first_stop, code=wrong)
    with pytest.raises(ValidationFailed) as exc:  # five wrong: even the right code is refused now
        delivery.deliver_stop(stop=first_stop, code=first_stop.handover_code)
    assert exc.value.code == "too_many_codes"
    assert state() == before

    stop = delivery.deliver_stop(stop=first_stop, photo=photo())
    assert stop.status == StopStatus.DELIVERED


def test_deliver_with_a_photo_keeps_a_jpeg(first_stop, media):
    stop = delivery.deliver_stop(stop=first_stop, photo=photo())

    assert stop.status == StopStatus.DELIVERED
    assert stop.proof_photo.name.startswith(f"delivery/proof/{stop.pk}-")
    with Image.open(media / stop.proof_photo.name) as stored:
        assert stored.format == "JPEG"
    assert OrderEvent.objects.filter(order=stop.order).last().reason.endswith("(사진 확인)")


def test_no_proof_or_a_bad_photo_is_refused(first_stop, media):
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        delivery.deliver_stop(stop=first_stop, code="  ")
    assert exc.value.code == "proof_required"
    with pytest.raises(ValidationFailed) as exc:
        delivery.deliver_stop(stop=first_stop, photo=SimpleUploadedFile("x.jpg", b"not an image"))
    assert exc.value.message == "사진 파일이 아닙니다. JPG나 PNG 사진을 올려 주세요."
    assert state() == before
    assert list(media.rglob("*.jpg")) == []


def test_a_stop_is_delivered_once(first_stop):
    delivery.deliver_stop(stop=first_stop, code=first_stop.handover_code)
    with pytest.raises(InvalidTransition) as exc:
        delivery.deliver_stop(stop=first_stop, code=first_stop.handover_code)
    assert exc.value.message == "이미 처리한 배송지예요 (전달 완료)."


def test_last_stop_finishes_the_route(first_stop):
    for stop in Stop.objects.filter(route_id=first_stop.route_id).order_by("sequence"):
        delivery.deliver_stop(stop=stop, code=stop.handover_code)
    route = Route.objects.get(pk=first_stop.route_id)
    assert route.status == RouteStatus.FINISHED and route.finished_at is not None


def test_before_dispatch_nothing_can_be_delivered_or_started(market, riders, bundles):
    plan(market)
    stop = Stop.objects.first()
    before = state()
    with pytest.raises(InvalidTransition) as exc:
        delivery.deliver_stop(stop=stop, code=stop.handover_code)
    assert exc.value.code == "not_dispatched"
    with pytest.raises(InvalidTransition):
        delivery.start_route(route=stop.route)
    assert state() == before


def test_pick_up_checks_bundle_labels_of_this_route_only(market, riders, bundles, django_capture_on_commit_callbacks):
    dispatched(market, django_capture_on_commit_callbacks)
    route = Route.objects.order_by("pk").first()
    mine = route.stops.first()
    found = delivery.pick_up(route=route, code=f"jb:{mine.order.number}-b")
    assert found.pk == mine.pk and found.picked_up_at is not None
    outsider = packed(market, key="outsider")
    with pytest.raises(NotFound) as exc:
        delivery.pick_up(route=route, code=f"{outsider.number}-B")
    assert exc.value.message == f"'{outsider.number}-B'는 이 경로의 꾸러미가 아니에요. 센터에 알려 주세요."


# --- failed attempts and re-planning -------------------------------------------------------------

def test_failed_attempt_goes_back_to_the_center_and_is_planned_again(
        first_stop, market, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stop = delivery.fail_stop(stop=first_stop, reason="absent")

    assert (stop.status, stop.failure_reason) == (StopStatus.FAILED, "absent")
    order = Order.objects.get(pk=first_stop.order_id)
    assert order.status == OrderStatus.PACKED
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.from_status, event.to_status, event.reason) == (
        "out_for_delivery", "packed", "배송 실패, 센터로 돌아옴: 고객 부재")
    assert Notification.objects.get(template="delivery_failed").text == (
        f"[장보기] 주문 {order.number} 꾸러미를 오늘 전해 드리지 못했어요 (고객 부재). 배송센터에서 곧 연락드릴게요.")
    started = Route.objects.get(pk=first_stop.route_id)
    assert started.status == RouteStatus.STARTED and started.locked

    replanned = plan(market)

    again = Stop.objects.get(order=order, status=StopStatus.PENDING)
    assert again.route.rider_id != started.rider_id  # the started route takes nothing more
    assert again.route.dispatched_at is None and replanned.status == PlanStatus.DRAFT
    assert Stop.objects.get(pk=first_stop.pk).status == StopStatus.FAILED  # history kept
    with django_capture_on_commit_callbacks(execute=True):
        delivery.dispatch(plan=replanned)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.OUT_FOR_DELIVERY


def test_fail_needs_a_known_reason(first_stop):
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        delivery.fail_stop(stop=first_stop, reason="lazy")
    assert exc.value.message == "전달하지 못한 이유를 골라 주세요."
    assert state() == before


def test_replan_keeps_a_started_route_exactly_and_places_a_late_bundle_elsewhere(
        market, riders, bundles, django_capture_on_commit_callbacks):
    made = dispatched(market, django_capture_on_commit_callbacks)
    started = delivery.start_route(route=Route.objects.filter(plan=made).order_by("pk").first())
    kept = list(started.stops.values_list("pk", "sequence", "eta", "order_id"))
    late = packed(market, key="late")

    delivery.replan(plan=made, seconds=0.3)

    assert list(Route.objects.get(pk=started.pk).stops.values_list("pk", "sequence", "eta", "order_id")) == kept
    late_stop = Stop.objects.get(order=late, status=StopStatus.PENDING)
    assert late_stop.route.rider_id != started.rider_id
    assert Stop.objects.filter(status=StopStatus.PENDING).count() == 7


def test_replan_without_a_rider_gives_their_stops_to_the_others(market, riders, bundles):
    made = plan(market)
    out = riders[0]

    delivery.replan(plan=made, drop_riders=[out], seconds=0.3)

    assert not Route.objects.filter(plan=made, rider=out).exists()
    assert Stop.objects.filter(route__rider=riders[1], status=StopStatus.PENDING).count() == 6

    plan(market)  # planning the slot again later (a late bundle, say) keeps them out
    assert not Route.objects.filter(plan=made, rider=out).exists()
    assert list(RoutePlan.objects.get(pk=made.pk).dropped.all()) == [out]


def test_a_rider_under_way_cannot_be_taken_out(first_stop):
    delivery.start_route(route=first_stop.route)
    before = state()
    with pytest.raises(Conflict) as exc:
        delivery.replan(plan=first_stop.route.plan, drop_riders=[first_stop.route.rider])
    assert exc.value.code == "rider_under_way"
    assert state() == before


# --- the center moves a stop --------------------------------------------------------------------

def test_move_stop_to_another_rider_resequences_both_routes(market, riders, bundles):
    made = plan(market)
    source = Route.objects.filter(plan=made).order_by("pk").first()
    target = Route.objects.filter(plan=made).exclude(pk=source.pk).first()
    if target is None:  # the planner gave everything to one rider: make an empty route to move into
        target = Route.objects.create(plan=made, rider=next(r for r in riders if r.pk != source.rider_id))
    moved = source.stops.order_by("sequence")[1]
    source_count = source.stops.count()

    stop = delivery.move_stop(stop=moved, to_route=target)

    assert stop.route_id == target.pk and stop.status == StopStatus.PENDING
    for route in (source, target):
        seqs = list(Stop.objects.filter(route=route).order_by("sequence").values_list("sequence", "eta"))
        assert [s for s, _ in seqs] == list(range(1, len(seqs) + 1))
        assert [e for _, e in seqs] == sorted(e for _, e in seqs)
    assert Stop.objects.filter(route=source).count() == source_count - 1
    assert Route.objects.get(pk=target.pk).distance_m > 0


def test_moving_between_dispatched_routes_calls_through_the_new_rider(
        market, riders, bundles, django_capture_on_commit_callbacks):
    made = dispatched(market, django_capture_on_commit_callbacks)
    source = Route.objects.filter(plan=made).order_by("pk").first()
    target = Route.objects.filter(plan=made).exclude(pk=source.pk).first() or Route.objects.create(
        plan=made, rider=next(r for r in riders if r.pk != source.rider_id), dispatched_at=source.dispatched_at)
    moved = source.stops.first()
    notes = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        stop = delivery.move_stop(stop=moved, to_route=target)

    assert stop.masked_phone == delivery.masked_number_for(stop=stop) != moved.masked_phone
    assert Notification.objects.count() == notes  # the customer already knows it is on its way
    assert RoutePlan.objects.get(pk=made.pk).status == PlanStatus.DISPATCHED


def test_a_started_route_keeps_its_stops(first_stop, riders):
    delivery.start_route(route=first_stop.route)
    other = Route.objects.exclude(pk=first_stop.route_id).first() or Route.objects.create(
        plan=first_stop.route.plan, rider=next(r for r in riders if r.pk != first_stop.route.rider_id))
    before = state()
    with pytest.raises(InvalidTransition) as exc:
        delivery.move_stop(stop=first_stop, to_route=other)
    assert exc.value.message == "이미 출발한 경로의 꾸러미는 옮길 수 없어요."
    assert state() == before
