"""One basket per market, across its stores."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.markets import selectors as markets
from jangbogi.orders import carts
from jangbogi.orders import selectors as orders
from jangbogi.orders.models import Substitution
from jangbogi.payments import eligibility
from jangbogi.web import session
from jangbogi.web.shop.forms import CartAddForm, CartLineForm
from jangbogi.web.shop.htmx import is_partial, redirect_back, render_page


def _market(request, slug: str):
    market = get_object_or_404(markets.active_markets(), slug=slug)
    session.remember_market(request, market)
    return market


def _cart_context(request, market, **extra) -> dict:
    cart = session.open_cart(request, market)
    address = session.address(request)  # the fee is the delivery address's zone's, once known
    where = {"lat": address.lat, "lng": address.lng} if address is not None else {}
    pricing = orders.cart_pricing(cart, **where) if cart is not None else None
    groups = pricing.groups if pricing else []
    accepted = eligibility.accepted_methods_by_store([g.store for g in groups], on_date=btime.today())
    store_groups = [(g, accepted[g.store.pk]) for g in groups]  # with {method: None or why not}
    return {"market": market, "pricing": pricing, "store_groups": store_groups,
            "substitutions": Substitution.choices, **extra}


def cart(request, slug: str):
    market = _market(request, slug)
    return render_page(request, "shop/cart.html", _cart_context(request, market), partial="cart")


@require_POST
def cart_add(request, slug: str):
    """담기: htmx swaps the cart bar (and the header badge); without JS, back to the page."""
    market = _market(request, slug)
    form = CartAddForm(request.POST)
    message, error = "", "수량을 확인해 주세요."
    if form.is_valid():
        try:
            line = carts.add_to_cart(cart=session.open_or_new_cart(request, market),
                                     product_id=form.cleaned_data["product"],
                                     quantity=form.cleaned_data["quantity"])
            message, error = f"담았어요: {line.product.name} (장바구니에 {line.quantity}개)", ""
        except DomainError as exc:
            error = exc.message
    if not is_partial(request):
        messages.add_message(request, messages.ERROR if error else messages.SUCCESS, error or message)
        return redirect_back(request, reverse("web:market", args=[market.slug]))
    context = {"market": market, "cart_message": message, "cart_error": error, "oob": True}
    return render(request, "shop/base.html#cartbar", context)


@require_POST
def cart_line(request, slug: str, product_id: int):
    """수량 −/+, 빼기, 대체 방법과 요청사항: htmx re-renders the cart; without JS, back to it."""
    market = _market(request, slug)
    cart, form, error = session.open_cart(request, market), CartLineForm(request.POST), ""
    if cart is None or not form.is_valid():
        error = "장바구니를 바꾸지 못했어요. 다시 해 주세요."
    else:
        try:
            carts.set_line(cart=cart, product_id=product_id, **form.line_changes())
        except DomainError as exc:
            error = exc.message
    if not is_partial(request):
        if error:
            messages.error(request, error)
        return redirect("web:cart", market.slug)
    context = _cart_context(request, market, cart_error=error, oob=True)
    return render_page(request, "shop/cart.html", context, partial="cart")
