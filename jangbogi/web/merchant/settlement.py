"""정산: the acting store's statement for a day or a week (lines, totals, the commission rate in
force), its spreadsheet, and 지급 요청 for a closed period.  Every read is the acting store's
(`current_store`); a period is chosen by `?period=day|week&date=YYYY-MM-DD`."""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.catalog.io.sheets import CONTENT_TYPES
from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.markets.models import Role
from jangbogi.settlement import exports
from jangbogi.settlement import selectors as settlement
from jangbogi.settlement import services as settling
from jangbogi.web.merchant.products import attachment
from jangbogi.web.shop.htmx import is_partial, render_page
from jangbogi.web.staff.access import current_store, staff_view

PAGE = "merchant/settlement/statement.html"
PERIODS = (("day", "일별"), ("week", "주별"))


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=PERIODS, required=False)
    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def chosen(self, today: dt.date) -> tuple[str, dt.date]:
        """(period, day); anything unreadable falls back to today's daily statement."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("period") or "day", data.get("date") or today


def _link(period: str, day: dt.date) -> str:
    return f"{reverse('merchant:settlement')}?{urlencode({'period': period, 'date': day.isoformat()})}"


def _context(request, period: str, day: dt.date, **extra) -> dict:
    store, today = current_store(request), btime.today()
    start, end = settlement.period_bounds(period, day)
    statement = settlement.statement(store, start, end)
    step = dt.timedelta(days=1 if period == "day" else 7)
    return {
        "store": store, "statement": statement, "period": period, "day": day, "closed": statement.is_closed(today),
        "query": urlencode({"period": period, "date": day.isoformat()}),
        "tabs": [{"label": label, "url": _link(key, day), "is_on": key == period} for key, label in PERIODS],
        "previous_url": _link(period, day - step),
        "next_url": _link(period, day + step) if end < today else "",
        **extra,
    }


@staff_view(Role.MERCHANT)
def statement_page(request):
    period, day = PeriodForm(request.GET).chosen(btime.today())
    return render_page(request, PAGE, _context(request, period, day), partial="statement")


@staff_view(Role.MERCHANT)
@require_POST
def payout(request):
    """지급 요청: the provider's 지급대행 pays the store what the closed period still owes."""
    period, day = PeriodForm(request.POST).chosen(btime.today())
    start, end = settlement.period_bounds(period, day)
    try:
        done = settling.request_payout(store=current_store(request), start=start, end=end,
                                       actor_label=request.user.display_name())
        notice, level = f"{done.amount:,}원 지급을 요청했어요. ({done.get_status_display()})", "success"
    except DomainError as exc:
        notice, level = exc.message, "error"
    if is_partial(request):
        return render_page(request, PAGE, _context(request, period, day, notice=notice, notice_level=level),
                           partial="statement")
    messages.add_message(request, messages.SUCCESS if level == "success" else messages.ERROR, notice)
    return redirect(_link(period, day))


@staff_view(Role.MERCHANT)
def export(request, fmt: str):
    store = current_store(request)
    period, day = PeriodForm(request.GET).chosen(btime.today())
    start, end = settlement.period_bounds(period, day)
    response = HttpResponse(exports.export_statement(settlement.statement(store, start, end), fmt),
                            content_type=CONTENT_TYPES[fmt])
    span = f"{start:%Y-%m-%d}" if start == end else f"{start:%Y-%m-%d}~{end:%Y-%m-%d}"
    response["Content-Disposition"] = attachment(f"{store.name} 정산 {span}.{fmt}",
                                                 fallback=f"settlement-{span.replace('~', '_')}.{fmt}")
    return response
