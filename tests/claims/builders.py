"""Builders for the claims tests: a delivered order, a small PNG upload, a state snapshot."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jangbogi.claims import rules
from jangbogi.claims.models import Claim, ClaimEvent, ClaimPhoto
from jangbogi.orders import fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import Order, OrderLine
from jangbogi.payments.models import Payment, PaymentCancel
from tests.web.center.builders import receive_all


def deliver(order: Order, market) -> Order:
    """Paid → every bag in → packed → out → delivered."""
    receive_all(order, market)
    fulfilment.mark_packed(order=order)
    ordering.mark_out_for_delivery(order=order)
    ordering.mark_delivered(order=order)
    order.refresh_from_db()
    return order


def png(name: str = "photo.png", *, size=(40, 30), color=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def line_named(order: Order, name: str) -> OrderLine:
    return OrderLine.objects.get(merchant_order__order=order, product_name=name)


def soon_after_delivery(order: Order, **delta):
    return rules.delivered_at(order) + dt.timedelta(**(delta or {"minutes": 5}))


def snapshot() -> dict:
    """Everything a refused claim operation must leave as it was."""
    return {
        "claims": sorted(Claim.objects.values_list("pk", "status", "refund_amount", "refunded_amount")),
        "events": ClaimEvent.objects.count(),
        "photos": ClaimPhoto.objects.count(),
        "cancels": PaymentCancel.objects.count(),
        "payments": sorted(Payment.objects.values_list("pk", "canceled_amount")),
        "orders": Order.objects.count(),
    }
