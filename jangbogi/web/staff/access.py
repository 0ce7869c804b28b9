"""Every staff page goes through `staff_view`: login required, the role checked, and the
acting store or market resolved from the user's membership (never from the URL alone)."""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from jangbogi.markets import staff
from jangbogi.markets.models import Market, Store


def staff_view(*roles: str):
    """Allow users holding one of `roles`; `request.scope` is their StaffScope."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                login_url = f"/login?{urlencode({'next': request.get_full_path()})}"
                if request.htmx:
                    # A poll after the session ended: take the whole page to the login form
                    # instead of swapping the form into the board.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return redirect(login_url)
            scope = staff.scope_for(request.user, *roles)
            if scope is None:
                return render(request, "staff/forbidden.html", status=403)
            request.scope = scope
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def current_store(request) -> Store:
    """The store a merchant acts for (`?store=<id>` picks among their own stores)."""
    stores = request.scope.stores
    if not stores:
        raise Http404("상점이 없습니다.")
    wanted = request.GET.get("store") or request.session.get("staff_store")
    chosen = next((s for s in stores if str(s.pk) == str(wanted)), stores[0])
    request.session["staff_store"] = chosen.pk
    return chosen


def current_market(request) -> Market:
    """The market a center/admin user acts for (`?market=<slug>` picks among theirs)."""
    markets = request.scope.markets
    if not markets:
        raise Http404("시장이 없습니다.")
    wanted = request.GET.get("market") or request.session.get("staff_market")
    chosen = next((m for m in markets if m.slug == wanted), markets[0])
    request.session["staff_market"] = chosen.slug
    return chosen
