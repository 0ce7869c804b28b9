"""The center's delivery routes for a slot: plan with PyVRP, look at the per-rider lists and
the map, move a stop to another rider, dispatch, print each rider's route sheet.  Every
object is read through the center's market (another market's plan, route or stop → 404)."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.delivery import selectors as center
from jangbogi.delivery import services as delivery
from jangbogi.delivery import sheets
from jangbogi.delivery.models import RoutePlan
from jangbogi.web.center.routemap import colour, route_map
from jangbogi.web.center.views import center_view
from jangbogi.web.shop.htmx import is_partial, render_page
from jangbogi.web.staff.access import current_market


@dataclass(frozen=True)
class RouteParams:
    """?date=YYYY-MM-DD&slot=HH:MM, read leniently: today and the day's first slot."""

    market_slug: str
    date: dt.date
    slots: list[tuple[dt.time, dt.time]]
    slot: tuple[dt.time, dt.time]

    @classmethod
    def parse(cls, data, *, market) -> "RouteParams":
        try:
            date = dt.date.fromisoformat(data.get("date") or "")
        except ValueError:
            date = btime.today()
        slots = center.day_slots(market=market, slot_date=date)
        wanted = data.get("slot") or ""
        slot = next((s for s in slots if f"{s[0]:%H:%M}" == wanted), slots[0])
        return cls(market.slug, date, slots, slot)

    def url(self, *, date: dt.date | None = None, slot: tuple[dt.time, dt.time] | None = None) -> str:
        query = {"market": self.market_slug, "date": (date or self.date).isoformat()}
        if date is None:
            query["slot"] = f"{(slot or self.slot)[0]:%H:%M}"
        return f"{reverse('center:routes')}?{urlencode(query)}"

    @property
    def is_past(self) -> bool:
        return self.date < btime.today()


def _map(view: center.SlotRoutes, colours: dict[int, str]):
    depot = (view.market.center.lat, view.market.center.lng) if hasattr(view.market, "center") else \
        (view.market.lat, view.market.lng)
    routes = [(colours[r.route.pk], r.route.rider.name,
               [(s.order.lat, s.order.lng, str(s.sequence), f"{r.route.rider.name} {s.sequence}번 · {s.order.address}",
                 s.status) for s in r.stops]) for r in view.routes]
    return route_map(depot, routes, [(o.lat, o.lng, f"경로 없음 · {o.address}") for o in view.waiting])


def _rows(view: center.SlotRoutes) -> list[dict]:
    """Per rider: the route, its colour on the map, and the routes a stop may move to."""
    movable = [r.route for r in view.routes if r.movable]
    return [{"view": r, "colour": colour(i), "targets": [t for t in movable if t.pk != r.route.pk]}
            for i, r in enumerate(view.routes)]


def _context(request, market, params: RouteParams, **extra) -> dict:
    view = center.slot_routes(market=market, date=params.date, slot_start=params.slot[0], slot_end=params.slot[1])
    rows = _rows(view)
    plans = center.plans_for_day(market=market, date=params.date)
    slot_links = [{"label": f"{s:%H:%M}–{e:%H:%M}", "url": params.url(slot=(s, e)), "is_on": (s, e) == params.slot,
                   "plan": plans.get((s, e))} for s, e in params.slots]
    under_way = view.plan is not None and view.plan.status == "dispatched" and any(r.pending for r in view.routes)
    one_day = dt.timedelta(days=1)
    return {
        "market": market, "markets": request.scope.markets, "params": params, "view": view, "rows": rows,
        "map": _map(view, {row["view"].route.pk: row["colour"] for row in rows}) if view.stops or view.waiting else None,
        "active_riders": sum(1 for r in view.riders if r.is_active), "poll": under_way,
        "slot_links": slot_links, "late": {s.pk for s in view.stops if center.stop_is_late(s)},
        "day_links": {"prev": params.url(date=params.date - one_day), "today": params.url(date=btime.today()),
                      "next": params.url(date=params.date + one_day)},
        "center_nav": "routes", "now": btime.now(), **extra,
    }


@center_view
def routes(request):
    market = current_market(request)
    params = RouteParams.parse(request.GET, market=market)
    return render_page(request, "center/routes.html", _context(request, market, params), partial="routes")


def _done(request, market, params: RouteParams, *, ok: str = "", error: str = ""):
    """After a POST: htmx gets the refreshed partial with the message; a plain form is
    redirected back to the page (the message rides in the session)."""
    if is_partial(request):
        return render_page(request, "center/routes.html",
                           _context(request, market, params, ok=ok, error=error), partial="routes")
    (messages.error if error else messages.success)(request, error or ok)
    return redirect(params.url())


@center_view
@require_POST
def plan(request):
    market = current_market(request)
    params = RouteParams.parse(request.POST, market=market)
    try:
        made = delivery.plan_slot(market=market, date=params.date, slot_start=params.slot[0],
                                  slot_end=params.slot[1], actor=request.user)
    except DomainError as exc:
        return _done(request, market, params, error=exc.message)
    routes_ = made.routes.count()
    return _done(request, market, params, ok=f"경로를 짰어요: 기사님 {routes_}명. 확인하고 '배차하기'를 눌러 주세요."
                 if routes_ else "경로를 짤 꾸러미가 없어요.")


def _plan_or_404(market, plan_id: int) -> RoutePlan:
    found = center.plan_for_market(market=market, plan_id=plan_id)
    if found is None:
        raise Http404("이 시장의 배송 계획이 아니에요.")
    return found


def _plan_params(market, plan_: RoutePlan) -> RouteParams:
    return RouteParams.parse({"date": plan_.date.isoformat(), "slot": f"{plan_.slot_start:%H:%M}"}, market=market)


@center_view
@require_POST
def replan(request, plan_id: int):
    market = current_market(request)
    plan_ = _plan_or_404(market, plan_id)
    params = _plan_params(market, plan_)
    dropped = [r for r in center.riders_for_market(market=market) if str(r.pk) == request.POST.get("drop")]
    try:
        delivery.replan(plan=plan_, actor=request.user, drop_riders=dropped)
    except DomainError as exc:
        return _done(request, market, params, error=exc.message)
    who = f" ({dropped[0].name} 기사님 빼고)" if dropped else ""
    return _done(request, market, params, ok=f"출발한 경로는 그대로 두고 나머지를 다시 짰어요{who}. 확인하고 배차해 주세요.")


@center_view
@require_POST
def dispatch(request, plan_id: int):
    market = current_market(request)
    plan_ = _plan_or_404(market, plan_id)
    params = _plan_params(market, plan_)
    try:
        delivery.dispatch(plan=plan_, actor=request.user)
    except DomainError as exc:
        return _done(request, market, params, error=exc.message)
    return _done(request, market, params, ok="배차했어요. 고객님들께 도착 예정 시간과 전달 코드를 보냈어요.")


@center_view
@require_POST
def move(request, stop_id: int):
    market = current_market(request)
    stop = center.stop_for_market(market=market, stop_id=stop_id)
    if stop is None:
        raise Http404("이 시장의 배송지가 아니에요.")
    params = _plan_params(market, stop.route.plan)
    raw = request.POST.get("route", "")
    target = center.route_for_market(market=market, route_id=int(raw)) if raw.isdigit() else None
    if target is None:
        return _done(request, market, params, error="옮길 기사님을 골라 주세요.")
    try:
        delivery.move_stop(stop=stop, to_route=target, actor=request.user)
    except DomainError as exc:
        return _done(request, market, params, error=exc.message)
    return _done(request, market, params, ok=f"{stop.order.recipient_name} 님 꾸러미를 {target.rider.name} 기사님에게 옮겼어요.")


@center_view
def sheet_pdf(request, route_id: int):
    route = center.route_for_market(market=current_market(request), route_id=route_id)
    if route is None:
        raise Http404("이 시장의 경로가 아니에요.")
    response = HttpResponse(sheets.route_sheet_pdf(route), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="route-{route.plan.date:%Y%m%d}-{route.pk}.pdf"'
    return response
