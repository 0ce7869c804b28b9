"""A rider's route sheet (A4 PDF): stops in order with ETA, bundle code, recipient, address
and note, and a box to tick.  The customer's phone number is never printed: the rider calls
through the masked number.  Detailed address, note (it may hold a door code) and masked
number are printed only once the route is dispatched."""

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from jangbogi.core import time as btime
from jangbogi.core.time import format_date_ko
from jangbogi.delivery.documents import bundle_code, fonts
from jangbogi.delivery.models import Route, StopStatus

ROW_HEIGHT = 24 * mm


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """`text` cut (with …) to fit `width` points."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _local(value) -> str:
    return f"{timezone.localtime(value, btime.SEOUL):%H:%M}" if value else "-"


def route_sheet_pdf(route: Route) -> bytes:
    regular, bold = fonts()
    width, height = A4
    plan, rider = route.plan, route.rider
    stops = list(route.stops.select_related("order").order_by("sequence", "pk"))
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4)

    def header() -> float:
        c.setFont(bold, 16)
        c.drawString(15 * mm, height - 18 * mm, f"{plan.market.name} 배송 경로표 · {rider.name} 기사님")
        c.setFont(regular, 10)
        c.drawString(15 * mm, height - 25 * mm,
                     f"{format_date_ko(plan.date, relative=False)} {plan.slot_start:%H:%M}–{plan.slot_end:%H:%M} · "
                     f"{len(stops)}곳 · {route.distance_m / 1000:.1f}km · 출발 {_local(route.leave_at)} · "
                     f"센터 도착 {_local(route.back_at)}")
        if not route.is_dispatched:
            c.setFont(bold, 10)
            c.drawString(15 * mm, height - 31 * mm, "배차 전 경로입니다 (상세 주소, 요청사항, 안심번호는 배차 후 나옵니다).")
        return height - 38 * mm

    y = header()
    for stop in stops:
        if y - ROW_HEIGHT < 15 * mm:
            c.showPage()
            y = header()
        order = stop.order
        c.rect(15 * mm, y - ROW_HEIGHT + 2 * mm, width - 30 * mm, ROW_HEIGHT - 2 * mm)
        c.setFont(bold, 20)
        c.drawString(18 * mm, y - 10 * mm, str(stop.sequence))
        c.setFont(bold, 12)
        c.drawString(30 * mm, y - 7 * mm, f"{_local(stop.eta)}쯤 · {order.recipient_name} 님 · {bundle_code(order)}")
        c.setFont(regular, 10)
        address = order.address + (f" {order.address_detail}" if route.is_dispatched and order.address_detail else "")
        c.drawString(30 * mm, y - 12.5 * mm, _fit(c, address, regular, 10, width - 75 * mm))
        extra = []
        if (stop.window_start, stop.window_end) != (plan.slot_start, plan.slot_end):
            extra.append(f"{stop.window_start:%H:%M}–{stop.window_end:%H:%M} 사이")
        if route.is_dispatched and order.delivery_note:  # may hold a door code: after dispatch only
            extra.append(f"요청: {order.delivery_note}")
        if route.is_dispatched and stop.masked_phone:
            extra.append(f"안심번호 {stop.masked_phone}")
        c.drawString(30 * mm, y - 17.5 * mm, _fit(c, " · ".join(extra), regular, 10, width - 75 * mm))
        c.rect(width - 35 * mm, y - 16 * mm, 12 * mm, 12 * mm)
        if stop.status != StopStatus.PENDING:
            c.setFont(bold, 9)
            c.drawString(width - 42 * mm, y - 20 * mm, stop.get_status_display())
        y -= ROW_HEIGHT
    c.setFont(regular, 8)
    c.drawString(15 * mm, 10 * mm, "꾸러미를 전할 때 고객님이 불러 주는 전달 코드를 앱에 넣거나, 문 앞 사진을 찍어 주세요.")
    c.save()
    return buffer.getvalue()
