"""시장 관리자: when the market delivers — its delivery slots with their capacity (배송 시간) and
its open and closed days (영업일).

Same shape as views.py: every view acts on `current_market(request)`, reads through
`markets.admin_selectors` / `markets.calendar` / `markets.slots` and writes through one
`markets.services` call; htmx posts get the page's section back, plain posts a redirect."""

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.markets import admin_selectors, calendar, slots
from jangbogi.markets import services as markets
from jangbogi.web.marketadmin.forms import CalendarRulesForm, ExceptionForm, SlotRuleForm
from jangbogi.web.marketadmin.views import CHECK_RED, _context, _done, admin_view
from jangbogi.web.shop.htmx import render_page
from jangbogi.web.staff.access import current_market

CALENDAR_DAYS = 60


# --- 배송 시간 -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleRow:
    rule: object
    booked_today: int
    today: tuple[int, int, bool] | None = None  # today's (places, riders, from shifts): see slots.rule_capacity


def _slots_page(request, market, form, *, error: str = "", notice: str = ""):
    today = btime.today()
    booked = slots.bookings_of(market, [today])
    shifts = slots.shifts_on(market, today)
    rows = [RuleRow(rule, booked.get((today, rule.pk), 0), slots.rule_capacity(rule, shifts))
            for rule in admin_selectors.slot_rules_of(market)]
    context = _context(request, market, "slots", form=form, error=error, notice=notice, rows=rows,
                       running=[row for row in rows if row.rule.is_active], today=today,
                       implicit_booked=booked.get((today, None), 0))
    return render_page(request, "marketadmin/slots.html", context, partial="slots")


@admin_view
def slot_rules(request):
    """The market's delivery slots; POST adds one."""
    market = current_market(request)
    if request.method != "POST":
        return _slots_page(request, market, SlotRuleForm.blank())
    form = SlotRuleForm(request.POST)
    if not form.is_valid():
        return _slots_page(request, market, form, error=CHECK_RED)
    try:
        rule = markets.save_slot_rule(market=market, **form.cleaned_data)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _slots_page(request, market, form, error=exc.message)
    message = f"{rule.start:%H:%M}–{rule.end:%H:%M} 배송 시간을 더했어요 (하루 {rule.capacity}개)."
    return _done(request, message, reverse("marketadmin:slots"),
                 lambda notice: _slots_page(request, market, SlotRuleForm.blank(), notice=notice))


def _rule_or_404(market, rule_id: int):
    rule = admin_selectors.slot_rule_of(market, rule_id)
    if rule is None:
        raise Http404("이 시장의 배송 시간이 아닙니다.")
    return rule


@admin_view
def slot_rule_edit(request, rule_id: int):
    market = current_market(request)
    rule = _rule_or_404(market, rule_id)
    context = _context(request, market, "slots", rule=rule)
    if request.method != "POST":
        return render(request, "marketadmin/slot_form.html", {**context, "form": SlotRuleForm.for_rule(rule)})
    form = context["form"] = SlotRuleForm(request.POST)
    if not form.is_valid():
        return render(request, "marketadmin/slot_form.html", {**context, "error": CHECK_RED})
    try:
        rule = markets.save_slot_rule(market=market, rule=rule, **form.cleaned_data)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return render(request, "marketadmin/slot_form.html", {**context, "error": exc.message})
    return _done(request, f"{rule.start:%H:%M}–{rule.end:%H:%M} 배송 시간을 고쳤어요.", reverse("marketadmin:slots"),
                 lambda notice: _slots_page(request, market, SlotRuleForm.blank(), notice=notice))


@require_POST
@admin_view
def slot_rule_active(request, rule_id: int):
    """Stop (is_active="0") or restart (is_active="1") a slot."""
    market = current_market(request)
    rule = _rule_or_404(market, rule_id)
    window = f"{rule.start:%H:%M}–{rule.end:%H:%M}"
    try:
        rule = markets.set_slot_rule_active(market=market, rule=rule, is_active=request.POST.get("is_active") == "1")
    except DomainError as exc:
        errors = exc.details.get("errors", {})
        return _slots_page(request, market, SlotRuleForm.blank(),
                           error=f"{window}: " + (" ".join(errors.values()) or exc.message))
    message = f"{window} 배송 시간을 " + ("다시 열었어요." if rule.is_active else "멈췄어요. 이미 받은 주문은 그대로 배송해요.")
    return _done(request, message, reverse("marketadmin:slots"),
                 lambda notice: _slots_page(request, market, SlotRuleForm.blank(), notice=notice))


# --- 영업일 -------------------------------------------------------------------------------------

def calendar_weeks(days: list[calendar.DayInfo]) -> list[list[calendar.DayInfo | None]]:
    """The days laid out in Monday-first weeks (None pads the first and last week)."""
    if not days:
        return []
    cells: list[calendar.DayInfo | None] = [None] * days[0].date.weekday() + list(days)
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def _calendar_page(request, market, *, rules_form=None, exception_form=None, error: str = "",
                   notice: str = ""):
    today = btime.today()
    days = calendar.month_view(market, today, days=CALENDAR_DAYS)
    context = _context(
        request, market, "calendar", error=error, notice=notice, today=today, weeks=calendar_weeks(days),
        closed_days=[day for day in days if not day.is_open], days_count=CALENDAR_DAYS,
        rules_form=rules_form or CalendarRulesForm.for_rules(calendar.calendar_for(market)),
        exception_form=exception_form or ExceptionForm(),
        exceptions=admin_selectors.exceptions_from(market, today), weekdays="월화수목금토일",
    )
    return render_page(request, "marketadmin/calendar.html", context, partial="calendar")


@admin_view
def calendar_page(request):
    """The next 60 days, open or closed with the reason; POST saves the standing rules."""
    market = current_market(request)
    if request.method != "POST":
        return _calendar_page(request, market)
    form = CalendarRulesForm(request.POST)
    if not form.is_valid():
        return _calendar_page(request, market, rules_form=form, error=CHECK_RED)
    try:
        markets.update_calendar(market=market, **form.rule_values())
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _calendar_page(request, market, rules_form=form, error=exc.message)
    return _done(request, "영업일 규칙을 저장했어요.", reverse("marketadmin:calendar"),
                 lambda notice: _calendar_page(request, market, notice=notice))


@require_POST
@admin_view
def calendar_exception(request):
    """Open or close the market on one date, whatever the rules say."""
    market = current_market(request)
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        return _calendar_page(request, market, exception_form=form, error=CHECK_RED)
    try:
        saved = markets.set_exception(market=market, **form.cleaned_data)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _calendar_page(request, market, exception_form=form, error=exc.message)
    what = "임시 영업" if saved.is_open else "임시 휴무"
    return _done(request, f"{btime.format_date_ko(saved.date, relative=False)}을 {what}로 정했어요.",
                 reverse("marketadmin:calendar"), lambda notice: _calendar_page(request, market, notice=notice))


@require_POST
@admin_view
def calendar_exception_remove(request, date: str):
    """Let the rules decide the date again."""
    market = current_market(request)
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise Http404("날짜가 올바르지 않습니다.") from exc
    if not markets.remove_exception(market=market, date=day):
        raise Http404("이 날짜에는 임시 영업·휴무가 없습니다.")
    return _done(request, f"{btime.format_date_ko(day, relative=False)}은 다시 규칙대로 열고 닫아요.",
                 reverse("marketadmin:calendar"), lambda notice: _calendar_page(request, market, notice=notice))
