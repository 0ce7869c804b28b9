"""The rider's phone: today's route in order, bundle check at pickup, 출발, and at each door
전화하기 (masked number), 지도 앱에서 열기, 전달 완료 (handover code or photo) or 전달 못 함.
Only the rider's own route of today, while assigned or under way: anything else is a 404."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core.errors import DomainError
from jangbogi.delivery import selectors as delivery_reads
from jangbogi.delivery import services as delivery
from jangbogi.delivery.documents import bundle_code
from jangbogi.delivery.models import FailureReason, Route, Stop, StopStatus
from jangbogi.web.rider.access import rider_view
from jangbogi.web.shop.htmx import is_partial, render_page


def map_links(stop: Stop) -> dict[str, str]:
    """Links that open the stop in a map app (no API call from us): Kakao Map's web link
    (opens the app when installed) and Naver Map's app scheme."""
    name = f"{stop.sequence}번 배송지"
    return {
        "kakao": f"https://map.kakao.com/link/to/{quote(name)},{stop.order.lat:.6f},{stop.order.lng:.6f}",
        "naver": "nmap://route/car?" + urlencode({"dlat": f"{stop.order.lat:.6f}", "dlng": f"{stop.order.lng:.6f}",
                                                   "dname": name, "appname": "kr.jangbogi"}),
    }


def _route_context(request, route: Route | None, **extra) -> dict:
    routes = delivery_reads.routes_for_rider(rider=request.rider)
    stops = list(route.stops.all()) if route else []
    for stop in stops:
        stop.links = map_links(stop)
        stop.bundle = bundle_code(stop.order)
    pending = [s for s in stops if s.status == StopStatus.PENDING]
    return {"rider": request.rider, "route": route, "stops": stops, "next_stop": pending[0] if pending else None,
            "picked": sum(1 for s in pending if s.picked_up_at), "pending": pending,
            "other_routes": [r for r in routes if route is None or r.pk != route.pk], "rider_nav": "route", **extra}


def _route_or_404(request, route_id: int) -> Route:
    route = delivery_reads.route_for_rider(rider=request.rider, route_id=route_id)
    if route is None:
        raise Http404("지금 볼 수 있는 경로가 아니에요.")
    return route


def _stop_or_404(request, stop_id: int) -> Stop:
    stop = delivery_reads.stop_for_rider(rider=request.rider, stop_id=stop_id)
    if stop is None:
        raise Http404("지금 볼 수 있는 배송지가 아니에요.")
    return stop


@rider_view
def home(request):
    routes = delivery_reads.routes_for_rider(rider=request.rider)
    context = _route_context(request, routes[0] if routes else None)
    return render_page(request, "rider/route.html", context, partial="route")


@rider_view
def route(request, route_id: int):
    context = _route_context(request, _route_or_404(request, route_id))
    return render_page(request, "rider/route.html", context, partial="route")


@rider_view
@require_POST
def pickup(request, route_id: int):
    """A bundle label scanned (or typed) at the center: ✓ when it is on this route."""
    route_ = _route_or_404(request, route_id)
    code = request.POST.get("code", "").strip()
    try:
        found = delivery.pick_up(route=route_, code=code, actor=request.user)
        result = {"ok": True, "message": f"{found.sequence}번 {found.order.recipient_name} 님 꾸러미 확인 ✓"}
    except DomainError as exc:
        result = {"ok": False, "message": exc.message, "code": code}
    context = _route_context(request, _route_or_404(request, route_id), scan=result)
    return render_page(request, "rider/route.html", context, partial="route")


@rider_view
@require_POST
def start(request, route_id: int):
    route_ = _route_or_404(request, route_id)
    try:
        delivery.start_route(route=route_, actor=request.user)
    except DomainError as exc:
        context = _route_context(request, route_, error=exc.message)
        return render_page(request, "rider/route.html", context, partial="route",
                           status=200 if is_partial(request) else 409)
    return _go(request, reverse("rider:route", args=[route_.pk]), "출발! 차례대로 가요.")


def _stop_context(request, stop: Stop, **extra) -> dict:
    stop.links = map_links(stop)
    stop.bundle = bundle_code(stop.order)
    return {"rider": request.rider, "stop": stop, "route": stop.route, "reasons": FailureReason.choices,
            "rider_nav": "route", **extra}


@rider_view
def stop(request, stop_id: int):
    return render_page(request, "rider/stop.html", _stop_context(request, _stop_or_404(request, stop_id)),
                       partial="stop")


def _go(request, url: str, message: str):
    """Success: back to the route with a message (htmx: HX-Redirect, the whole page)."""
    messages.success(request, message)
    if is_partial(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _refused(request, stop: Stop, message: str, **extra):
    context = _stop_context(request, _stop_or_404(request, stop.pk), error=message, **extra)
    return render_page(request, "rider/stop.html", context, partial="stop", status=200 if is_partial(request) else 422)


@rider_view
@require_POST
def deliver(request, stop_id: int):
    stop_ = _stop_or_404(request, stop_id)
    code = request.POST.get("code", "")
    try:
        delivery.deliver_stop(stop=stop_, code=code, photo=request.FILES.get("photo"), actor=request.user)
    except DomainError as exc:
        return _refused(request, stop_, exc.message, code=code)
    return _go(request, reverse("rider:home"), f"{stop_.sequence}번 {stop_.order.recipient_name} 님께 전달 완료!")


@rider_view
@require_POST
def fail(request, stop_id: int):
    stop_ = _stop_or_404(request, stop_id)
    reason = request.POST.get("reason", "")
    try:
        delivery.fail_stop(stop=stop_, reason=reason, actor=request.user)
    except DomainError as exc:
        return _refused(request, stop_, exc.message, fail_error=True)
    return _go(request, reverse("rider:home"),
               f"{stop_.sequence}번 꾸러미는 센터로 가져가 주세요 ({FailureReason(reason).label}).")
