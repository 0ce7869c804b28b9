"""Printed papers: the store's bag label, the center's bundle label and packing slip (PDF).

Korean text uses NanumGothic when the machine has it (Debian's fonts-nanum), else
ReportLab's built-in CID font HYGothic-Medium, so printing works on a bare machine too."""

import io
from collections.abc import Iterable
from pathlib import Path

from django.utils import timezone
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jangbogi.core.money import won
from jangbogi.core.phones import mask_phone
from jangbogi.core.time import format_date_ko
from jangbogi.orders.models import LineStatus, MerchantOrder, Order, OrderLine, Temperature

LABEL_SIZE = (100 * mm, 70 * mm)
NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
NANUM_BOLD = Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")
_fonts: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once."""
    global _fonts
    if _fonts is None:
        if NANUM.exists() and NANUM_BOLD.exists():
            pdfmetrics.registerFont(TTFont("Nanum", str(NANUM)))
            pdfmetrics.registerFont(TTFont("Nanum-Bold", str(NANUM_BOLD)))
            _fonts = ("Nanum", "Nanum-Bold")
        else:
            pdfmetrics.registerFont(UnicodeCIDFont("HYGothic-Medium"))
            _fonts = ("HYGothic-Medium", "HYGothic-Medium")
    return _fonts


def _qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(value)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _pdf(draw, pagesize) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()


def bag_label_pdf(part: MerchantOrder) -> bytes:
    """Stuck on the store's bag: QR of the bag code, the order, the store, lines with 원산지."""
    regular, bold = fonts()
    width, height = LABEL_SIZE
    lines = [ln for ln in part.lines.all() if ln.picked_quantity]

    def draw(c: Canvas) -> None:
        _qr(c, f"JB:{part.bag_code}", width - 36 * mm, height - 36 * mm, 32 * mm)
        c.setFont(bold, 16)
        c.drawString(5 * mm, height - 11 * mm, part.bag_code or "")
        c.setFont(bold, 12)
        c.drawString(5 * mm, height - 18 * mm, part.store.name)
        c.setFont(regular, 9)
        c.drawString(5 * mm, height - 24 * mm, f"{part.order.market.name} · {part.store.stall}")
        c.drawString(5 * mm, height - 29 * mm,
                     f"{format_date_ko(part.order.slot_date, relative=False)} {part.order.slot_start:%H:%M} 배송")
        y = height - 40 * mm
        for line in lines[:7]:
            c.setFont(regular, 8.5)
            origin = f" (원산지: {line.origin})" if line.origin else ""
            c.drawString(5 * mm, y, f"{line.product_name} {line.unit_label} × {line.picked_quantity}{origin}"[:60])
            y -= 4.2 * mm
        if len(lines) > 7:
            c.drawString(5 * mm, y, f"외 {len(lines) - 7}개 상품")

    return _pdf(draw, LABEL_SIZE)


def bundle_code(order: Order) -> str:
    return f"{order.number}-B"


def bundle_label_pdf(order: Order) -> bytes:
    """On the packed bundle: QR, recipient (masked phone), address, slot, temperature groups."""
    regular, bold = fonts()
    width, height = LABEL_SIZE
    groups = temperature_groups(_shipped_lines(order))

    def draw(c: Canvas) -> None:
        _qr(c, f"JB:{bundle_code(order)}", width - 36 * mm, height - 36 * mm, 32 * mm)
        c.setFont(bold, 14)
        c.drawString(5 * mm, height - 11 * mm, bundle_code(order))
        c.setFont(bold, 12)
        c.drawString(5 * mm, height - 18 * mm, f"{order.recipient_name} 님")
        c.setFont(regular, 9)
        c.drawString(5 * mm, height - 24 * mm, mask_phone(order.phone))
        c.drawString(5 * mm, height - 29 * mm, f"{format_date_ko(order.slot_date, relative=False)} "
                                               f"{order.slot_start:%H:%M}–{order.slot_end:%H:%M}")
        c.setFont(regular, 9)
        c.drawString(5 * mm, height - 42 * mm, order.address[:40])
        c.drawString(5 * mm, height - 47 * mm, order.address_detail[:40])
        c.setFont(bold, 11)
        summary = "  ".join(f"{Temperature(t).label} {len(ls)}" for t, ls in groups.items())
        c.drawString(5 * mm, 8 * mm, f"{order.market.name} · {summary}")

    return _pdf(draw, LABEL_SIZE)


def _shipped_lines(order: Order) -> list[OrderLine]:
    return [ln for part in order.merchant_orders.all() if part.status != "canceled"
            for ln in part.lines.all() if ln.picked_quantity]


def temperature_groups(lines: Iterable[OrderLine]) -> dict[str, list[OrderLine]]:
    groups: dict[str, list[OrderLine]] = {t: [] for t in Temperature.values}
    for line in lines:
        groups[line.temperature].append(line)
    return {t: ls for t, ls in groups.items() if ls}


def packing_slip_pdf(order: Order) -> bytes:
    """A4 slip in the bundle: every store's lines with 원산지, substitutions, and amounts."""
    regular, bold = fonts()
    width, height = A4

    def draw(c: Canvas) -> None:
        y = height - 20 * mm
        c.setFont(bold, 16)
        c.drawString(15 * mm, y, f"{order.market.name} 장보기 꾸러미 명세서")
        _qr(c, f"JB:{bundle_code(order)}", width - 40 * mm, height - 42 * mm, 26 * mm)
        c.setFont(regular, 10)
        for text in (f"주문번호 {order.number}",
                     f"받는 분 {order.recipient_name} · {mask_phone(order.phone)}",
                     f"배송 {format_date_ko(order.slot_date, relative=False)} {order.slot_start:%H:%M}–{order.slot_end:%H:%M}",
                     f"포장 {timezone.localtime():%Y-%m-%d %H:%M}"):
            y -= 6 * mm
            c.drawString(15 * mm, y, text)
        for part in order.merchant_orders.all():
            if y < 40 * mm:
                c.showPage()
                y = height - 20 * mm
            y -= 10 * mm
            c.setFont(bold, 11)
            c.drawString(15 * mm, y, f"{part.store.name} ({part.store.stall}) · {part.store.phone}")
            c.setFont(regular, 9)
            for line in part.lines.all():
                y -= 5.5 * mm
                if y < 25 * mm:
                    c.showPage()
                    c.setFont(regular, 9)
                    y = height - 20 * mm
                c.drawString(18 * mm, y, _slip_line(line)[:70])
                c.drawRightString(width - 15 * mm, y, won(line.line_total))
        y -= 12 * mm
        c.setFont(bold, 11)
        for label, amount in (("상품 금액", order.items_total), ("배송비", order.delivery_fee),
                              ("합계", order.total), ("결제한 금액", order.paid_amount),
                              ("환불 예정", order.refund_due)):
            c.drawString(120 * mm, y, label)
            c.drawRightString(width - 15 * mm, y, won(amount))
            y -= 6 * mm
        c.setFont(regular, 8)
        c.drawString(15 * mm, 15 * mm, "상품에 문제가 있으면 받은 날로부터 24시간 안에 주문 화면에서 사진과 함께 알려 주세요.")

    return _pdf(draw, A4)


def _slip_line(line: OrderLine) -> str:
    origin = f" [원산지 {line.origin}]" if line.origin else ""
    qty = line.picked_quantity if line.picked_quantity is not None else line.quantity
    text = f"{line.product_name} {line.unit_label} × {qty}{origin}"
    if line.actual_grams:
        text += f" ({line.actual_grams}g)"
    if line.replaces_id:
        text = f"↳ 대체: {text}"
    if line.status in (LineStatus.REFUNDED, LineStatus.SHORT, LineStatus.MOVED, LineStatus.SUBSTITUTED):
        text += f" — {line.get_status_display()}"
    return text
