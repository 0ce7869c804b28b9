"""Where to deliver: the address, then the markets that deliver there."""

from dataclasses import asdict

from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from jangbogi.markets import selectors as markets
from jangbogi.web import session
from jangbogi.web.shop.forms import AddressForm
from jangbogi.web.shop.htmx import is_partial, render_page

# Shown under the address box: places the demo geocoder knows, near the five markets.
EXAMPLE_PLACES = ["구리시 인창동", "부천시 상동", "오산시 오산동", "고양시 일산동", "수원시 화서동"]
PICK_SALT = "jangbogi.web.address-pick"


def home(request):
    context = {"form": AddressForm(), "address": session.address(request), "examples": EXAMPLE_PLACES}
    return render(request, "shop/home.html", context)


@require_POST
def address_search(request):
    form = AddressForm(request.POST)
    results = markets.locate(form.cleaned_data["q"]) if form.is_valid() else None
    if results and len(results) == 1:
        session.remember_address(request, **asdict(results[0]))
        return _to_markets(request)
    choices = [(r, signing.dumps(asdict(r), salt=PICK_SALT)) for r in results or []]
    context = {"form": form, "address": session.address(request), "examples": EXAMPLE_PLACES,
               "choices": choices, "not_found": results == []}
    return render_page(request, "shop/home.html", context, partial="address_form")


@require_POST
def address_pick(request):
    """One of several geocoder results, signed when offered so it cannot be altered."""
    try:
        picked = signing.loads(request.POST.get("pick", ""), salt=PICK_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, "주소를 다시 찾아 주세요.")
        return redirect("web:home")
    session.remember_address(request, address=picked["address"], lat=picked["lat"], lng=picked["lng"])
    return _to_markets(request)


def _to_markets(request):
    url = reverse("web:markets")
    return HttpResponseClientRedirect(url) if is_partial(request) else redirect(url)


def market_list(request):
    address = session.address(request)
    if address is None:
        messages.info(request, "먼저 배달받을 주소를 알려 주세요.")
        return redirect("web:home")
    nearby, outside = markets.markets_by_reach(lat=address.lat, lng=address.lng)
    return render(request, "shop/markets.html", {"address": address, "nearby": nearby, "outside": outside})
