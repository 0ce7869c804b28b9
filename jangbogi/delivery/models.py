"""Riders and the routes the center plans for each delivery slot.

A ``RoutePlan`` is one slot of one market (market, date, slot_start, slot_end); it holds one
``Route`` per rider who has stops, and each ``Stop`` is one order's bundle at its door.
Statuses move only through ``delivery.services`` (compare-and-set); the order's own status
moves through ``orders.services`` (packed → out_for_delivery → delivered | packed)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from jangbogi.markets.models import Market
from jangbogi.orders.models import Order


class Vehicle(models.TextChoices):
    WALK = "walk", "도보"
    BICYCLE = "bicycle", "자전거"
    MOTORBIKE = "motorbike", "오토바이"
    CAR = "car", "승용차"


class Rider(models.Model):
    """A delivery rider of one market's center; their login is `user` (no staff Membership)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rider")
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="riders")
    name = models.CharField("이름", max_length=50)
    phone = models.CharField("휴대폰", max_length=20)
    vehicle = models.CharField("운송 수단", max_length=10, choices=Vehicle.choices, default=Vehicle.MOTORBIKE)
    capacity_bags = models.PositiveSmallIntegerField("꾸러미 몇 개", default=8)
    capacity_kg = models.PositiveSmallIntegerField("최대 무게(kg)", default=40)
    shift_start = models.TimeField("근무 시작")
    shift_end = models.TimeField("근무 끝")
    is_active = models.BooleanField("근무 중", default=True)

    class Meta:
        verbose_name = "배송 기사"
        verbose_name_plural = "배송 기사"
        ordering = ["market", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(shift_end__gt=F("shift_start")), name="rider_shift_valid"),
            models.CheckConstraint(condition=Q(capacity_bags__gte=1), name="rider_carries_a_bag"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_vehicle_display()})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "배차 전"
    DISPATCHED = "dispatched", "배차 완료"


class RoutePlan(models.Model):
    """The routes of one delivery slot.  Planned again (draft) as often as the center likes;
    after dispatch, re-planning keeps the routes already under way."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="route_plans")
    date = models.DateField("배송일")
    slot_start = models.TimeField("배송 시작")
    slot_end = models.TimeField("배송 종료")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    reasons = models.TextField("계획 메모", blank=True, help_text="planner's reasons, one per line")
    # Riders taken out of this slot (dropped out): later re-plans leave them out too.
    dropped = models.ManyToManyField(Rider, blank=True, related_name="+", verbose_name="빠진 기사")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "배송 계획"
        verbose_name_plural = "배송 계획"
        ordering = ["-date", "slot_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["market", "date", "slot_start", "slot_end"], name="one_plan_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.date} {self.slot_start:%H:%M}–{self.slot_end:%H:%M}"


class RouteStatus(models.TextChoices):
    ASSIGNED = "assigned", "출발 전"
    STARTED = "started", "배송 중"
    FINISHED = "finished", "배송 끝"


ROUTE_TRANSITIONS: dict[str, set[str]] = {
    RouteStatus.ASSIGNED: {RouteStatus.STARTED},
    RouteStatus.STARTED: {RouteStatus.FINISHED},
    RouteStatus.FINISHED: set(),
}


class Route(models.Model):
    """One rider's stops in a plan.  `locked` once started: re-planning keeps it as it is."""

    plan = models.ForeignKey(RoutePlan, on_delete=models.CASCADE, related_name="routes")
    rider = models.ForeignKey(Rider, on_delete=models.PROTECT, related_name="routes")
    status = models.CharField(max_length=10, choices=RouteStatus.choices, default=RouteStatus.ASSIGNED)
    distance_m = models.PositiveIntegerField("거리(m)", default=0)
    leave_at = models.DateTimeField("센터 출발 예정", null=True, blank=True)
    back_at = models.DateTimeField("센터 도착 예정", null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "배송 경로"
        verbose_name_plural = "배송 경로"
        ordering = ["plan", "rider__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "rider"], name="one_route_per_rider_and_plan")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.rider.name}"

    @property
    def is_dispatched(self) -> bool:
        return self.dispatched_at is not None


class StopStatus(models.TextChoices):
    PENDING = "pending", "배송 전"
    DELIVERED = "delivered", "전달 완료"
    FAILED = "failed", "전달 못 함"


STOP_TRANSITIONS: dict[str, set[str]] = {
    StopStatus.PENDING: {StopStatus.DELIVERED, StopStatus.FAILED},
    StopStatus.DELIVERED: set(),
    StopStatus.FAILED: set(),
}


class FailureReason(models.TextChoices):
    ABSENT = "absent", "고객 부재"
    WRONG_ADDRESS = "wrong_address", "주소가 틀림"
    REFUSED = "refused", "수령 거부"


class Stop(models.Model):
    """One order's bundle at its door.  An order has at most one pending stop; a failed
    attempt stays as history and the order is planned again with a new stop."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="delivery_stops")
    sequence = models.PositiveSmallIntegerField("순서")
    eta = models.DateTimeField("도착 예정", null=True, blank=True)
    bags = models.PositiveSmallIntegerField("꾸러미 봉투 수", default=1)
    kg = models.FloatField("예상 무게(kg)", default=0)
    handover_code = models.CharField("전달 코드", max_length=4)
    window_start = models.TimeField("이때부터")
    window_end = models.TimeField("이때까지")
    masked_phone = models.CharField("안심번호", max_length=20, blank=True)
    wrong_codes = models.PositiveSmallIntegerField("틀린 코드 횟수", default=0)
    status = models.CharField(max_length=10, choices=StopStatus.choices, default=StopStatus.PENDING)
    failure_reason = models.CharField("못 한 이유", max_length=20, choices=FailureReason.choices, blank=True)
    proof_photo = models.FileField("전달 사진", upload_to="delivery/proof/", blank=True)
    picked_up_at = models.DateTimeField("꾸러미 확인", null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "배송지"
        verbose_name_plural = "배송지"
        ordering = ["route", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(status="pending"), name="one_pending_stop_per_order"),
            models.CheckConstraint(condition=Q(handover_code__regex=r"^[0-9]{4}$"), name="stop_code_four_digits"),
        ]

    def __str__(self) -> str:
        return f"{self.route} #{self.sequence} {self.order.number}"
