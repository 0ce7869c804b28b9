"""주문하기: who receives it, where, when (a slot of the next open days), how to pay — then one
checkout call."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError, SlotClosed, SlotFull
from jangbogi.markets import selectors as markets
from jangbogi.markets import slots
from jangbogi.orders import selectors as orders
from jangbogi.orders import services as ordering
from jangbogi.orders import tenders
from jangbogi.orders.models import OrderStatus
from jangbogi.web import session
from jangbogi.web.shop.forms import CheckoutForm, slot_value

DECLINED = "결제가 승인되지 않았어요. 적어 주신 내용은 그대로 있어요. 다시 누르거나 다른 결제 수단을 골라 주세요."


def _is_demo() -> bool:
    return settings.JANGBOGI_PAYMENT_PROVIDER == "demo"


def _selected(form: CheckoutForm, options: list[tuple[str, slots.DeliverySlot]]) -> str:
    """The radio shown checked: the one sent (while still open), else the first open slot of
    the form's date, else the first open slot."""
    free = [(value, slot) for value, slot in options if not slot.is_full]
    sent, day = str(form["slot"].value() or ""), str(form["slot_date"].value() or "")
    return (next((value for value, _ in free if value == sent), None)
            or next((value for value, slot in free if slot.date.isoformat() == day), None)
            or (free[0][0] if free else ""))


def _page(request, market, cart, address, form: CheckoutForm, error: str = ""):
    pricing = orders.cart_pricing(cart, lat=address.lat, lng=address.lng)  # the address's zone fee
    options = [(slot_value(slot), slot) for slot in slots.slot_choices(market)]
    if pricing.out_of_zone and not error:  # said before the customer fills in the form
        error = markets.out_of_zone_message(market, lat=address.lat, lng=address.lng)
    context = {
        "market": market, "address": address, "form": form, "error": error, "pricing": pricing,
        "slot_options": options, "selected_slot": _selected(form, options), "is_demo": _is_demo(),
        "perishable": any(line.product.perishable for line in pricing.lines),
        "pay_options": _pay_options(form, pricing),
        "weighed": any(line.product.sold_by_weight for line in pricing.lines),
        "weight_margin": settings.JANGBOGI_WEIGHT_MARGIN_PERCENT,
    }
    return render(request, "shop/checkout.html", context)


def _pay_options(form: CheckoutForm, pricing) -> list[tuple]:
    """Each payment choice with how it would be approved: which stores by which method (each
    store is the merchant of record; the delivery fee goes on card)."""
    if not pricing.lines:
        return [(radio, []) for radio in form["payment_method"]]
    splits = tenders.previews(pricing, percent=settings.JANGBOGI_WEIGHT_MARGIN_PERCENT)
    return [(radio, splits[radio.data["value"]]) for radio in form["payment_method"]]


def _new_form(request, market) -> CheckoutForm:
    user = request.user if request.user.is_authenticated else None
    first = slots.next_slot(market)
    return CheckoutForm(initial={
        "recipient_name": user.display_name() if user else "", "phone": user.phone if user else "",
        "slot_date": first.date if first else btime.today(), "slot": slot_value(first) if first else "",
        "idempotency_key": CheckoutForm.new_key(), "payment_method": "local_currency",
    })


def checkout(request, slug: str):
    market = get_object_or_404(markets.active_markets(), slug=slug)
    address, cart = session.address(request), session.cart(request, market)
    if address is None:
        messages.info(request, "먼저 배달받을 주소를 알려 주세요.")
        return redirect("web:home")
    if cart is None or (request.method != "POST" and cart.ordered_at is not None):
        return redirect("web:cart", market.slug)
    if request.method != "POST":
        return _page(request, market, cart, address, _new_form(request, market))
    return _place_order(request, market, cart, address, CheckoutForm(request.POST))


def _place_order(request, market, cart, address, form: CheckoutForm):
    if not form.is_valid():
        return _page(request, market, cart, address, form, error="빨간 글씨를 확인해 주세요.")
    try:
        order = ordering.checkout(
            cart=cart, details=form.details(address), customer=request.user,
            idempotency_key=form.cleaned_data["idempotency_key"],
            demo_outcome="decline" if _is_demo() and form.cleaned_data["demo_decline"] else "",
        )
    except (SlotClosed, SlotFull) as exc:
        # Offer the next open slot, checked; the customer presses 결제하기 again.
        date, start = exc.details.get("next_slot_date"), exc.details.get("next_slot_start")
        if date and start:
            form = form.restart(slot_date=date, slot=f"{date}T{start}")
        return _page(request, market, cart, address, form, error=exc.message)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _page(request, market, cart, address, form, error=exc.message)
    if order.status == OrderStatus.PAYMENT_FAILED:
        form = form.restart(idempotency_key=CheckoutForm.new_key())
        return _page(request, market, cart, address, form, error=DECLINED)
    session.remember_order(request, number=order.number, token=order.access_token)
    messages.success(request, "주문을 받았어요. 결제도 끝났어요.")
    return redirect("web:order", order.number)
