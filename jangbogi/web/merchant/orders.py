"""The merchant's day: today's (or tomorrow's) store parts by delivery slot, polled for new
orders, and the store's notifications."""

from django.core.paginator import Paginator

from jangbogi.core import time as btime
from jangbogi.markets.models import Role
from jangbogi.notifications import selectors as notifications
from jangbogi.orders import selectors as orders
from jangbogi.web.merchant import present
from jangbogi.web.merchant.forms import DayForm
from jangbogi.web.shop.htmx import is_partial, render_page
from jangbogi.web.staff.access import current_store, staff_view

NOTIFICATIONS_PER_PAGE = 30


@staff_view(Role.MERCHANT)
def today(request):
    """오늘 할 일.  htmx polls the board every 20 s with `?seen=<new orders seen>`; more new
    orders than that brings up the "새 주문" banner (and a beep)."""
    store, form, today_ = current_store(request), DayForm(request.GET), btime.today()
    day = form.day(today_)
    board = present.board(list(orders.parts_for_store(store=store, slot_date=day)))
    seen = form.seen_count()
    context = {
        "store": store, "day": day, "tabs": present.day_tabs(today_, day), "board": board,
        "alert": is_partial(request) and seen is not None and board.new_count > seen,
    }
    return render_page(request, "merchant/today.html", context, partial="board")


@staff_view(Role.MERCHANT)
def notification_list(request):
    store = current_store(request)
    page_obj = Paginator(notifications.notifications_for_store(store.pk), NOTIFICATIONS_PER_PAGE) \
        .get_page(request.GET.get("page"))
    return render_page(request, "merchant/notifications.html", {"store": store, "page_obj": page_obj},
                       partial="list")
