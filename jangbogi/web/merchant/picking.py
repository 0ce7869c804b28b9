"""One store part at the stall: pick each line (weighing when sold by weight), report what is
short, finish and print the bag label.  Line actions answer htmx with the line's row (and the
part's head and foot out of band); without JavaScript they fall back to whole pages."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core.errors import DomainError
from jangbogi.delivery import documents
from jangbogi.markets.models import Role
from jangbogi.orders import fulfilment
from jangbogi.orders import selectors as orders
from jangbogi.web.merchant import present
from jangbogi.web.merchant.forms import PickForm, ShortForm
from jangbogi.web.shop.htmx import is_partial, render_page
from jangbogi.web.staff.access import current_store, staff_view

TEMPLATE = "merchant/part.html"


def _part_or_404(request, part_id: int):
    part = orders.part_detail_for_store(store=current_store(request), part_id=part_id)
    if part is None:
        raise Http404("주문을 찾을 수 없어요.")
    return part


def _line_or_404(request, line_id: int):
    line = orders.line_for_store(store=current_store(request), line_id=line_id)
    if line is None:
        raise Http404("상품을 찾을 수 없어요.")
    return line


def _attempt(service, **kwargs) -> str:
    """Call one service; "" on success, else its Korean message."""
    try:
        service(**kwargs)
    except DomainError as exc:
        return exc.message
    return ""


@staff_view(Role.MERCHANT)
def part(request, part_id: int):
    context = present.part_context(_part_or_404(request, part_id))
    return render_page(request, TEMPLATE, context, partial="part")


@staff_view(Role.MERCHANT)
@require_POST
def part_start(request, part_id: int):
    """준비 시작 (the line actions also start picking on their own)."""
    error = _attempt(fulfilment.start_picking, part=_part_or_404(request, part_id), actor=request.user)
    return _part_after(request, part_id, error)


@staff_view(Role.MERCHANT)
@require_POST
def part_ready(request, part_id: int):
    """준비 끝: every line settled → 픽업 대기 with a bag code to print."""
    error = _attempt(fulfilment.mark_ready, part=_part_or_404(request, part_id), actor=request.user)
    return _part_after(request, part_id, error)


def _part_after(request, part_id: int, error: str):
    if not is_partial(request):
        if error:
            messages.error(request, error)
        return redirect("merchant:part", part_id)
    context = present.part_context(_part_or_404(request, part_id), part_error=error)
    return render_page(request, TEMPLATE, context, partial="part")


@staff_view(Role.MERCHANT)
def label(request, part_id: int):
    """The bag label (PDF, opened in the browser to print)."""
    part = _part_or_404(request, part_id)
    if not part.bag_code:
        raise Http404("아직 가방 라벨이 없어요. '준비 끝'을 먼저 눌러 주세요.")
    response = HttpResponse(documents.bag_label_pdf(part), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{part.bag_code}.pdf"'
    return response


@staff_view(Role.MERCHANT)
def line(request, line_id: int):
    """The line's row as it is now (cancel a form; refresh a row waiting for the customer)."""
    return _row(request, _line_or_404(request, line_id))


@staff_view(Role.MERCHANT)
@require_POST
def line_pick(request, line_id: int):
    """담았어요 (with the weighed grams for sold-by-weight lines)."""
    line, form = _line_or_404(request, line_id), PickForm(request.POST)
    error = _attempt(fulfilment.pick_line, line=line, actor=request.user,
                     actual_grams=form.cleaned_data["actual_grams"]) if form.is_valid() \
        else form.errors["actual_grams"][0]
    edit = {"mode": "pick", "error": error, "grams": request.POST.get("actual_grams", "")} if error else None
    return _row(request, line, edit)


@staff_view(Role.MERCHANT)
def line_short(request, line_id: int):
    """GET: the "부족해요" form (re-priced for `?available=`); POST: report the shortage."""
    line, error = _line_or_404(request, line_id), ""
    values = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        form = ShortForm(request.POST, line=line)
        error = _attempt(fulfilment.mark_short, line=line, actor=request.user, **form.service_kwargs()) \
            if form.is_valid() else form.first_error()
        if not error:
            return _row(request, line)
    edit = {"mode": "short", "error": error, "available": values.get("available", "0"),
            "proposal": values.get("proposal", ""), "message": values.get("message", "")}
    return _row(request, line, edit)


def _row(request, line, edit: dict | None = None):
    """htmx: the line's row, and the part's head and foot out of band.  Without htmx: back to
    the part page, or the whole page with this row's form open when there is one."""
    part = _part_or_404(request, line.merchant_order_id)
    row = present.row_for(part, line.pk)
    if edit is None and not is_partial(request):
        return redirect(f"{reverse('merchant:part', args=[part.pk])}#line-{row.line.pk}")
    if edit is not None:
        edit["line_id"] = row.line.pk
        if edit["mode"] == "short":
            edit["plan"] = present.short_plan(row.line, _int(edit["available"]))
    context = present.part_context(part, row=row, edit=edit, oob=is_partial(request))
    return render_page(request, TEMPLATE, context, partial="line")


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
