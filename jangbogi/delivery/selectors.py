"""Reads for the market's delivery center: the day's board of bags, one order's packing view,
the routes of a slot; the rider's own routes; the customer's bundle on its way.

Every read starts from the center's market (`orders.selectors.orders_for_market` /
`order_for_market`), so a center never sees another market's orders.  Nothing here writes."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from jangbogi.core import time as btime
from jangbogi.delivery.models import Rider, Route, RoutePlan, RouteStatus, Stop, StopStatus
from jangbogi.markets.models import Market, RiderShift, Store
from jangbogi.orders import selectors as orders
from jangbogi.orders.models import (
    LineStatus,
    MerchantOrder,
    MerchantOrderStatus,
    Order,
    OrderLine,
    OrderStatus,
    Temperature,
)

DEFAULT_WARNING_MINUTES = 60

# Board filters (?show=...): what the center wants to see.
WAITING, TO_PACK, PACKED, CANCELED = "waiting", "to_pack", "packed", "canceled"
FILTERS = (("", "전체"), (WAITING, "가방 기다리는 중"), (TO_PACK, "포장할 주문"), (PACKED, "포장 완료"))
# Work first on the board: orders to pack, then those still waiting for bags, then the done.
STAGE_ORDER = {TO_PACK: 0, WAITING: 1, PACKED: 2, CANCELED: 3}

# A bag chip's colour: grey while the store works, amber when it waits for pickup.
BAG_STATES = {
    MerchantOrderStatus.AWAITING_PAYMENT: "working",
    MerchantOrderStatus.NEW: "working",
    MerchantOrderStatus.PICKING: "working",
    MerchantOrderStatus.READY: "ready",
    MerchantOrderStatus.RECEIVED: "received",
    MerchantOrderStatus.CANCELED: "canceled",
}
# Lines the customer did not get as ordered (shown struck through with what replaced them).
CHANGED_LINE_STATUSES = (LineStatus.SHORT, LineStatus.AWAITING_APPROVAL, LineStatus.SUBSTITUTED,
                         LineStatus.MOVED, LineStatus.REFUNDED)


def warning_minutes() -> int:
    """Minutes before the slot starts from which missing bags are shown in red."""
    return int(getattr(settings, "JANGBOGI_DISPATCH_WARNING_MINUTES", DEFAULT_WARNING_MINUTES))


def order_stage(order: Order) -> str:
    if order.status in (OrderStatus.PAID, OrderStatus.PICKING):
        return WAITING
    if order.status == OrderStatus.COLLECTED:
        return TO_PACK
    if order.status == OrderStatus.CANCELED:
        return CANCELED
    return PACKED  # packed and whatever follows it (out for delivery, delivered)


def dispatch_warning_at(order: Order) -> dt.datetime:
    return btime.at(order.slot_date, order.slot_start) - dt.timedelta(minutes=warning_minutes())


# --- the board ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bag:
    part: MerchantOrder
    state: str  # working | ready | received | canceled
    urgent: bool  # not in yet and the dispatch time is near

    @property
    def label(self) -> str:
        if self.state == "ready":
            return "픽업 대기 · 가져와야 함"
        if self.state == "received":
            return "센터 도착 ✓"
        return self.part.get_status_display()


@dataclass(frozen=True)
class BoardRow:
    order: Order
    stage: str
    bags: list[Bag]
    received: int
    live: int

    @property
    def urgent(self) -> bool:
        return any(bag.urgent for bag in self.bags)


@dataclass(frozen=True)
class MissingStore:
    """A store that still owes the center bags close to dispatch: call it."""

    store: Store
    parts: list[MerchantOrder]


@dataclass(frozen=True)
class BoardCounts:
    orders: int
    bags_received: int
    bags_total: int
    packed: int
    by_stage: dict[str, int]


@dataclass(frozen=True)
class Board:
    slot_date: dt.date
    rows: list[BoardRow]  # after the filter
    counts: BoardCounts  # of the whole day (and slot), whatever the filter
    missing: list[MissingStore]
    slots: list[tuple[dt.time, dt.time]]
    warning_minutes: int = field(default=DEFAULT_WARNING_MINUTES)


def _row(order: Order, *, now: dt.datetime) -> BoardRow:
    stage = order_stage(order)
    near = stage == WAITING and now >= dispatch_warning_at(order)
    bags = []
    for part in order.merchant_orders.all():
        state = BAG_STATES[part.status]
        bags.append(Bag(part=part, state=state, urgent=near and state in ("working", "ready")))
    live = [b for b in bags if b.state != "canceled"]
    return BoardRow(order=order, stage=stage, bags=bags, live=len(live),
                    received=sum(1 for b in live if b.state == "received"))


def _counts(rows: list[BoardRow]) -> BoardCounts:
    active = [r for r in rows if r.stage != CANCELED]
    by_stage = {key: sum(1 for r in rows if r.stage == key) for key in (WAITING, TO_PACK, PACKED, CANCELED)}
    return BoardCounts(orders=len(active), bags_received=sum(r.received for r in active),
                       bags_total=sum(r.live for r in active), packed=by_stage[PACKED], by_stage=by_stage)


def _missing(rows: list[BoardRow]) -> list[MissingStore]:
    by_store: dict[int, MissingStore] = {}
    for row in rows:
        for bag in row.bags:
            if bag.urgent:
                by_store.setdefault(bag.part.store_id, MissingStore(bag.part.store, [])).parts.append(bag.part)
    return sorted(by_store.values(), key=lambda m: (m.store.name, m.store.pk))


def day_slots(*, market: Market, slot_date: dt.date) -> list[tuple[dt.time, dt.time]]:
    """The delivery slots of the day: the market's own and any an order was promised."""
    found = set(orders.orders_for_market(market=market, slot_date=slot_date).prefetch_related(None)
                .values_list("slot_start", "slot_end").distinct().order_by())
    found.add((market.delivery_start, market.delivery_end))
    return sorted(found)


def center_board(*, market: Market, slot_date: dt.date, slot_start: dt.time | None = None,
                 show: str = "", now: dt.datetime | None = None) -> Board:
    """The center's board for a delivery day (optionally one slot): every paid order with its
    store bags (orders to pack first, then by slot and time of order), the day's counts, and
    the stores to call when dispatch is near."""
    now = now or btime.now()
    qs = orders.orders_for_market(market=market, slot_date=slot_date)
    if slot_start is not None:
        qs = qs.filter(slot_start=slot_start)
    rows = sorted((_row(order, now=now) for order in qs), key=lambda r: STAGE_ORDER[r.stage])
    shown = [r for r in rows if r.stage == show] if show else rows
    return Board(slot_date=slot_date, rows=shown, counts=_counts(rows), missing=_missing(rows),
                 slots=day_slots(market=market, slot_date=slot_date), warning_minutes=warning_minutes())


def bag_progress(order: Order) -> tuple[int, int, list[str]]:
    """(bags received, bags expected, names of the stores still to come) for one order."""
    parts = list(MerchantOrder.objects.filter(order=order).exclude(status=MerchantOrderStatus.CANCELED)
                 .select_related("store").order_by("pk"))
    received = [p for p in parts if p.status == MerchantOrderStatus.RECEIVED]
    return len(received), len(parts), [p.store.name for p in parts if p.status != MerchantOrderStatus.RECEIVED]


# --- packing one order ----------------------------------------------------------------------

@dataclass(frozen=True)
class PackLine:
    line: OrderLine
    store: Store
    temperature: str  # what the packer chose (defaults to the line's)
    replaces: OrderLine | None


@dataclass(frozen=True)
class PackGroup:
    temperature: str
    label: str
    lines: list[PackLine]


@dataclass(frozen=True)
class LineChange:
    """A line not delivered as ordered, with what replaced it (if anything)."""

    line: OrderLine
    store: Store
    replacements: list[tuple[OrderLine, Store]]


@dataclass(frozen=True)
class Packing:
    order: Order
    stage: str
    bags: list[MerchantOrder]
    received: int
    live: int
    groups: list[PackGroup]
    changes: list[LineChange]

    @property
    def can_pack(self) -> bool:
        return self.order.status == OrderStatus.COLLECTED

    @property
    def blocked_reason(self) -> str:
        if self.stage == WAITING:
            return f"가방 {self.live}개 중 {self.received}개 도착"
        if self.stage == PACKED:
            return "이미 포장을 마쳤어요"
        if self.stage == CANCELED:
            return "취소된 주문이에요"
        return ""


def packing_for(order: Order, *, temperatures: dict[int, str] | None = None) -> Packing:
    """What the packer sees for an order read with `orders.selectors.order_for_market`: the
    bags, the lines of the bags that arrived grouped by temperature, and the changed lines."""
    temperatures = temperatures or {}
    parts = list(order.merchant_orders.all())
    stores = {p.pk: p.store for p in parts}
    lines = [ln for p in parts for ln in p.lines.all()]
    by_id = {ln.pk: ln for ln in lines}
    received = [p for p in parts if p.status == MerchantOrderStatus.RECEIVED]
    groups: dict[str, list[PackLine]] = {t: [] for t in Temperature.values}
    for part in received:
        for ln in part.lines.all():
            if ln.picked_quantity:
                chosen = temperatures.get(ln.pk, ln.temperature)
                chosen = chosen if chosen in groups else ln.temperature
                groups[chosen].append(PackLine(ln, part.store, chosen, by_id.get(ln.replaces_id)))
    changes = [
        LineChange(ln, stores[ln.merchant_order_id],
                   [(r, stores[r.merchant_order_id]) for r in lines if r.replaces_id == ln.pk])
        for ln in lines if ln.status in CHANGED_LINE_STATUSES
    ]
    live = [p for p in parts if p.status != MerchantOrderStatus.CANCELED]
    return Packing(
        order=order, stage=order_stage(order), bags=parts, received=len(received), live=len(live),
        groups=[PackGroup(t, Temperature(t).label, ls) for t, ls in groups.items() if ls],
        changes=changes,
    )


# --- routes: the center's plan of a slot -------------------------------------------------------

ACTIVE_ROUTE_STATUSES = (RouteStatus.ASSIGNED, RouteStatus.STARTED)
IN_DELIVERY = (OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY)


def _stops_qs():
    return Stop.objects.select_related("order").order_by("sequence", "pk")


def _routes_qs():
    return Route.objects.select_related("rider", "plan", "plan__market").prefetch_related(
        Prefetch("stops", queryset=_stops_qs()))


@dataclass(frozen=True)
class RouteView:
    route: Route
    stops: list[Stop]

    @property
    def pending(self) -> list[Stop]:
        return [s for s in self.stops if s.status == StopStatus.PENDING]

    @property
    def bags(self) -> int:
        return sum(s.bags for s in self.stops)

    @property
    def kg(self) -> float:
        return round(sum(s.kg for s in self.stops), 1)

    @property
    def over_capacity(self) -> bool:
        rider = self.route.rider
        return self.bags > rider.capacity_bags or self.kg > rider.capacity_kg

    @property
    def movable(self) -> bool:
        return self.route.status == RouteStatus.ASSIGNED and not self.route.locked

    @property
    def done(self) -> int:
        return len(self.stops) - len(self.pending)


def stop_is_late(stop: Stop) -> bool:
    """The planned arrival falls after the end of the stop's window (slot or customer note)."""
    if stop.eta is None or stop.status != StopStatus.PENDING:
        return False
    return stop.eta > btime.at(stop.route.plan.date, stop.window_end)


@dataclass(frozen=True)
class SlotRoutes:
    """What the center sees of one slot's delivery: the plan's routes (per rider), the
    bundles waiting for a route, the orders not packed yet and the market's riders."""

    market: Market
    date: dt.date
    slot_start: dt.time
    slot_end: dt.time
    plan: RoutePlan | None
    routes: list[RouteView]
    waiting: list[Order]
    not_packed: int
    riders: list[Rider]

    @property
    def can_dispatch(self) -> bool:
        return any(not r.route.is_dispatched and r.pending for r in self.routes)

    @property
    def stops(self) -> list[Stop]:
        return [s for r in self.routes for s in r.stops]


def riders_for_market(*, market: Market) -> list[Rider]:
    return list(Rider.objects.filter(market=market).select_related("user").order_by("-is_active", "name", "pk"))


def slot_routes(*, market: Market, date: dt.date, slot_start: dt.time, slot_end: dt.time) -> SlotRoutes:
    plan = RoutePlan.objects.filter(market=market, date=date, slot_start=slot_start, slot_end=slot_end).first()
    routes = [RouteView(r, list(r.stops.all())) for r in _routes_qs().filter(plan=plan)] if plan else []
    for view in routes:
        for stop in view.stops:
            stop.route = view.route  # stop_is_late reads the plan's date without a query
    slot_orders = orders.orders_for_market(market=market, slot_date=date).prefetch_related(None) \
        .filter(slot_start=slot_start, slot_end=slot_end)
    on_route = Stop.objects.filter(route__plan=plan, status=StopStatus.PENDING).values("order_id")
    waiting = list(slot_orders.filter(status__in=IN_DELIVERY).exclude(pk__in=on_route).order_by("pk"))
    not_packed = slot_orders.filter(status__in=[OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.COLLECTED]).count()
    return SlotRoutes(market, date, slot_start, slot_end, plan, routes, waiting, not_packed,
                      riders_for_market(market=market))


def plans_for_day(*, market: Market, date: dt.date) -> dict[tuple[dt.time, dt.time], RoutePlan]:
    """The market's plans of a day by slot (start, end)."""
    return {(p.slot_start, p.slot_end): p for p in RoutePlan.objects.filter(market=market, date=date)}


def plan_for_market(*, market: Market, plan_id: int) -> RoutePlan | None:
    return RoutePlan.objects.filter(market=market, pk=plan_id).first()


def route_for_market(*, market: Market, route_id: int) -> Route | None:
    return _routes_qs().filter(plan__market=market, pk=route_id).first()


def stop_for_market(*, market: Market, stop_id: int) -> Stop | None:
    return Stop.objects.select_related("route__plan", "order").filter(route__plan__market=market, pk=stop_id).first()


# --- the rider: only their own routes of today, while assigned or under way ----------------------

def rider_for_user(user) -> Rider | None:
    if user is None or not user.is_authenticated:
        return None
    return Rider.objects.select_related("market", "market__center").filter(user=user).first()


def _rider_routes(rider: Rider, today: dt.date | None = None):
    return _routes_qs().filter(rider=rider, plan__date=today or btime.today(), status__in=ACTIVE_ROUTE_STATUSES)


def routes_for_rider(*, rider: Rider, today: dt.date | None = None) -> list[Route]:
    """Today's routes the rider still has to ride, the one under way first, then by slot."""
    found = list(_rider_routes(rider, today).order_by("plan__slot_start", "pk"))
    return sorted(found, key=lambda r: r.status != RouteStatus.STARTED)


def route_for_rider(*, rider: Rider, route_id: int, today: dt.date | None = None) -> Route | None:
    """None for another rider's route, a finished one, or one of another day."""
    return _rider_routes(rider, today).filter(pk=route_id).first()


def stop_for_rider(*, rider: Rider, stop_id: int, today: dt.date | None = None) -> Stop | None:
    return Stop.objects.select_related("order", "route__rider", "route__plan__market").filter(
        pk=stop_id, route__rider=rider, route__plan__date=today or btime.today(),
        route__status__in=ACTIVE_ROUTE_STATUSES).first()


# --- the customer: where their bundle is ---------------------------------------------------------

@dataclass(frozen=True)
class DeliveryProgress:
    stop: Stop
    ahead: int  # pending stops before this one on the rider's route
    started: bool  # the rider has left the center

    @property
    def eta(self) -> dt.datetime | None:
        return self.stop.eta

    @property
    def delivered_at(self) -> dt.datetime | None:
        return self.stop.delivered_at


def delivery_progress(*, order: Order) -> DeliveryProgress | None:
    """The order's current (pending, dispatched) or delivered stop, with the stops before it."""
    if order.status not in (OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED):
        return None
    wanted = StopStatus.DELIVERED if order.status == OrderStatus.DELIVERED else StopStatus.PENDING
    stop = Stop.objects.select_related("route").filter(order=order, status=wanted).order_by("-pk").first()
    if stop is None:
        return None
    ahead = Stop.objects.filter(route_id=stop.route_id, status=StopStatus.PENDING, sequence__lt=stop.sequence).count()
    return DeliveryProgress(stop=stop, ahead=ahead, started=stop.route.status != RouteStatus.ASSIGNED)


# --- rider shifts (rows in markets.RiderShift, by the rider's login) ----------------------------

@dataclass(frozen=True)
class ShiftRow:
    rider: Rider
    shift: RiderShift | None


def shifts_for_day(*, market: Market, date: dt.date) -> list[ShiftRow]:
    """The market's active riders, each with their shift on `date` (None: not working)."""
    shifts = {s.user_id: s for s in RiderShift.objects.filter(market=market, date=date)}
    riders = Rider.objects.filter(market=market, is_active=True).select_related("user").order_by("name", "pk")
    return [ShiftRow(r, shifts.get(r.user_id)) for r in riders]


def shift_for_market(*, market: Market, shift_id: int) -> RiderShift | None:
    return RiderShift.objects.filter(market=market, pk=shift_id).first()


def rider_of_market(*, market: Market, rider_id: int) -> Rider | None:
    return Rider.objects.filter(market=market, pk=rider_id, is_active=True).select_related("user").first()
