"""근무표: which riders work on a day, their hours and what their vehicle carries that day, for
the center staff and the market admin.  Slot capacity counts the riders whose shift covers the
slot; the page shows the day's places and where the count comes from.  "지난주 복사" fills the
week from the one before without overwriting."""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.delivery import selectors as center
from jangbogi.delivery import services as delivery
from jangbogi.markets import slots
from jangbogi.web.center.views import center_view
from jangbogi.web.staff.access import current_market

TIME_ERRORS = {"required": "시간을 적어 주세요.", "invalid": "시:분으로 적어 주세요. 예: 15:30"}


class ShiftForm(forms.Form):
    start = forms.TimeField(required=False, error_messages=TIME_ERRORS, input_formats=["%H:%M", "%H:%M:%S"])
    end = forms.TimeField(required=False, error_messages=TIME_ERRORS, input_formats=["%H:%M", "%H:%M:%S"])
    capacity_bags = forms.IntegerField(required=False, min_value=0, max_value=10_000,
                                       error_messages={"invalid": "숫자만 적어 주세요."})
    capacity_kg = forms.IntegerField(required=False, min_value=0, max_value=10_000,
                                     error_messages={"invalid": "숫자만 적어 주세요."})


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return btime.today()


def _url(market, date: dt.date) -> str:
    return f"{reverse('center:shifts')}?{urlencode({'market': market.slug, 'date': date.isoformat()})}"


SHIFT_FIELDS = ("start", "end", "capacity_bags", "capacity_kg")


def _values(row, typed: dict | None) -> dict:
    """What a rider's form shows: what was just typed (a refused save keeps it), else the day's
    shift, else the rider's usual hours and load."""
    if typed is not None:
        return {f: typed.get(f, "") for f in SHIFT_FIELDS}
    source, prefix = (row.shift, "") if row.shift else (row.rider, "shift_")
    return {"start": f"{getattr(source, prefix + 'start'):%H:%M}", "end": f"{getattr(source, prefix + 'end'):%H:%M}",
            "capacity_bags": source.capacity_bags, "capacity_kg": source.capacity_kg}


def _page(request, market, date: dt.date, *, errors: dict | None = None, error_rider: int | None = None):
    week_start = date - dt.timedelta(days=date.weekday())
    typed = request.POST if errors else None
    rows = [(row, _values(row, typed if row.rider.pk == error_rider else None))
            for row in center.shifts_for_day(market=market, date=date)]
    context = {
        "market": market, "markets": request.scope.markets, "date": date, "today": btime.today(),
        "rows": rows, "slots": slots.slots_on(market, date),
        "errors": errors or {}, "error_rider": error_rider, "week_start": week_start,
        "week_end": week_start + dt.timedelta(days=6), "center_nav": "shifts",
        "day_links": {"prev": _url(market, date - dt.timedelta(days=1)), "today": _url(market, btime.today()),
                      "next": _url(market, date + dt.timedelta(days=1))},
    }
    return render(request, "center/shifts.html", context, status=422 if errors else 200)


@center_view
def shifts(request):
    market = current_market(request)
    return _page(request, market, _date(request.GET.get("date")))


@require_POST
@center_view
def shift_save(request, rider_id: int):
    market = current_market(request)
    date = _date(request.POST.get("date"))
    rider = center.rider_of_market(market=market, rider_id=rider_id)
    if rider is None:
        raise Http404("이 시장의 배송 기사가 아닙니다.")
    form = ShiftForm(request.POST)
    if not form.is_valid():
        errors = {k: " ".join(v) for k, v in form.errors.items()}
        return _page(request, market, date, errors=errors, error_rider=rider.pk)
    try:
        delivery.save_shift(market=market, rider=rider, date=date, **form.cleaned_data)
    except DomainError as exc:
        return _page(request, market, date, errors=exc.details.get("errors") or {"": exc.message},
                     error_rider=rider.pk)
    messages.success(request, f"{rider.name} 기사님 {btime.format_date_ko(date)} 근무를 저장했어요.")
    return redirect(_url(market, date))


@require_POST
@center_view
def shift_remove(request, shift_id: int):
    market = current_market(request)
    shift = center.shift_for_market(market=market, shift_id=shift_id)
    if shift is None:
        raise Http404("이 시장의 근무가 아닙니다.")
    try:
        delivery.remove_shift(market=market, shift=shift)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "근무를 지웠어요.")
    return redirect(_url(market, shift.date))


@require_POST
@center_view
def shift_copy_week(request):
    market = current_market(request)
    date = _date(request.POST.get("date"))
    week_start = date - dt.timedelta(days=date.weekday())
    made = delivery.copy_last_week(market=market, week_start=week_start)
    messages.success(request, f"지난주 근무 {made}건을 이번 주({btime.format_date_ko(week_start)}부터)로 복사했어요."
                     if made else "복사할 지난주 근무가 없어요 (이미 정한 날은 그대로 둬요).")
    return redirect(_url(market, date))
