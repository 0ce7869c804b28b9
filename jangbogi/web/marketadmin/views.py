"""시장 관리자: the day's figures, the market's windows and fees, its stores and its staff.

Every view acts on `current_market(request)` (a market admin's own market; operators pick
one), reads through `markets.admin_selectors` / `orders.selectors` and writes through one
`markets.services` call."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.markets import admin_selectors, slots
from jangbogi.markets import services as markets
from jangbogi.markets.models import Role
from jangbogi.web.marketadmin.board import day_board
from jangbogi.web.marketadmin.forms import (
    MarketSettingsForm,
    StaffForm,
    StoreForm,
    settings_preview,
)
from jangbogi.web.shop.htmx import is_partial, render_page
from jangbogi.web.staff.access import current_market, staff_view

admin_view = staff_view(Role.MARKET_ADMIN, Role.OPERATOR)
CHECK_RED = "빨간 글씨를 확인해 주세요."


def _context(request, market, nav: str, **extra) -> dict:
    markets_ = request.scope.markets
    return {"market": market, "nav": nav, "switch_markets": markets_ if len(markets_) > 1 else (), **extra}


def _done(request, message: str, url: str, page):
    """After a successful POST: htmx swaps in `page(notice=message)`; a plain post is redirected
    (the message rides along in the session)."""
    if is_partial(request):
        return page(notice=message)
    messages.success(request, message)
    return redirect(url)


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return btime.today()


# --- 오늘 현황 ----------------------------------------------------------------------------------

@admin_view
def dashboard(request):
    market = current_market(request)
    date = _date(request.GET.get("date"))
    context = _context(request, market, "home", board=day_board(market=market, slot_date=date),
                       today=btime.today(), prev_day=date - dt.timedelta(days=1),
                       next_day=date + dt.timedelta(days=1))
    return render_page(request, "marketadmin/dashboard.html", context, partial="board")


# --- 운영 설정 ----------------------------------------------------------------------------------

def _settings_page(request, market, form, *, error: str = "", notice: str = ""):
    context = _context(request, market, "settings", form=form, error=error, notice=notice,
                       preview=settings_preview(market), running_slots=slots.active_rules(market))
    return render_page(request, "marketadmin/settings.html", context, partial="settings")


@admin_view
def settings(request):
    market = current_market(request)
    if request.method != "POST":
        return _settings_page(request, market, MarketSettingsForm.for_market(market))
    form = MarketSettingsForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, market, form, error=CHECK_RED)
    try:
        markets.update_market_settings(market=market, **form.cleaned_data)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _settings_page(request, market, form, error=exc.message)
    return _done(request, "설정을 저장했어요.", reverse("marketadmin:settings"),
                 lambda notice: _settings_page(request, market, MarketSettingsForm.for_market(market),
                                               notice=notice))


# --- 상점 -------------------------------------------------------------------------------------

@admin_view
def stores(request):
    market = current_market(request)
    context = _context(request, market, "stores", stores=admin_selectors.stores_of(market))
    return render(request, "marketadmin/stores.html", context)


@admin_view
def store_edit(request, store_id: int | None = None):
    """New store (no id) or one of this market's stores; another market's id is a 404."""
    market = current_market(request)
    store = admin_selectors.store_of(market, store_id) if store_id is not None else None
    if store_id is not None and store is None:
        raise Http404("이 시장의 상점이 아닙니다.")
    context = _context(request, market, "stores", store=store, title=store.name if store else "새 상점 등록")
    if request.method != "POST":
        context["form"] = StoreForm.for_store(store) if store else StoreForm()
        return render(request, "marketadmin/store_form.html", context)
    form = context["form"] = StoreForm(request.POST)
    if not form.is_valid():
        return render(request, "marketadmin/store_form.html", {**context, "error": CHECK_RED})
    try:
        saved = markets.save_store(market=market, store=store, **form.cleaned_data)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return render(request, "marketadmin/store_form.html", {**context, "error": exc.message})
    messages.success(request, f"{saved.name} 정보를 저장했어요.")
    return redirect("marketadmin:stores")


# --- 직원 -------------------------------------------------------------------------------------

def _staff_page(request, market, form, *, error: str = "", notice: str = ""):
    context = _context(request, market, "staff", form=form, error=error, notice=notice,
                       staff=admin_selectors.staff_of(market))
    return render_page(request, "marketadmin/staff.html", context, partial="staff")


@admin_view
def staff(request):
    """The market's logins and roles; POST gives someone a role (a new login if needed)."""
    market = current_market(request)
    stores_ = list(admin_selectors.stores_of(market))
    if request.method != "POST":
        return _staff_page(request, market, StaffForm(stores=stores_))
    form = StaffForm(request.POST, stores=stores_)
    if not form.is_valid():
        return _staff_page(request, market, form, error=CHECK_RED)
    try:
        added = markets.add_staff(market=market, **form.staff_values())
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _staff_page(request, market, form, error=exc.message)
    message = f"{added.user.username} 아이디에 {added.get_role_display()} 권한을 주었어요."
    return _done(request, message, reverse("marketadmin:staff"),
                 lambda notice: _staff_page(request, market, StaffForm(stores=stores_), notice=notice))


@admin_view
def staff_remove(request, membership_id: int):
    """GET asks "정말 뺄까요?"; POST removes the role.  Nobody removes their own role here."""
    market = current_market(request)
    membership = admin_selectors.membership_of(market, membership_id)
    if membership is None:
        raise Http404("이 시장의 직원 권한이 아닙니다.")
    is_self = membership.user_id == request.user.pk
    if request.method != "POST":
        context = _context(request, market, "staff", membership=membership, is_self=is_self)
        return render_page(request, "marketadmin/staff_remove.html", context, partial="confirm")
    if is_self:
        messages.error(request, "본인의 권한은 다른 관리자가 빼야 해요.")
        return redirect("marketadmin:staff")
    try:
        markets.remove_staff(market=market, membership=membership)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{membership.user.username}의 {membership.get_role_display()} 권한을 뺐어요.")
    return redirect("marketadmin:staff")
