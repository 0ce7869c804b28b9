"""The customer's orders: one order's status and parts, cancelling, the history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jangbogi.core.errors import DomainError
from jangbogi.markets import slots
from jangbogi.orders import fulfilment, tenders
from jangbogi.orders import selectors as orders
from jangbogi.orders import services as ordering
from jangbogi.orders.models import OrderStatus
from jangbogi.web import session
from jangbogi.web.shop.htmx import render_page

PER_PAGE = 10


def _order_or_404(request, number: str):
    """The order if this visitor may see it: its logged-in owner, the guest whose session
    remembers it, or whoever holds its secret link (?t=)."""
    link_token = request.GET.get("t", "")
    order = orders.order_for_customer(number=number, user=request.user,
                                      token=link_token or session.order_token(request, number))
    if order is None:
        raise Http404("주문을 찾을 수 없어요.")
    if link_token:
        session.remember_order(request, number=order.number, token=order.access_token)
    return order


def _can_cancel(order) -> bool:
    return order.status == OrderStatus.PAID and slots.is_slot_open(order.market, order.slot_date,
                                                                  start=order.slot_start)


def order(request, number: str):
    order = _order_or_404(request, number)
    context = {"order": order, "can_cancel": _can_cancel(order),
               "proposals": orders.pending_proposal_for_customer(order=order),
               "tenders": (rows := tenders.for_customer(order)), "money_back": tenders.money_back(order, rows)}
    return render_page(request, "shop/order.html", context, partial="status")


@require_POST
def proposal_answer(request, number: str, proposal_id: int):
    """The customer approves or declines a store's substitute for a short item."""
    order = _order_or_404(request, number)
    proposal = orders.pending_proposal_for_customer(order=order).filter(pk=proposal_id).first()
    if proposal is None:
        messages.error(request, "이미 답했거나 시간이 지난 제안이에요.")
        return redirect("web:order", order.number)
    approve = request.POST.get("answer") == "approve"
    try:
        fulfilment.answer_proposal(proposal=proposal, approve=approve, actor=request.user)
        messages.success(request, f"{proposal.product.name}(으)로 바꿔 담아 드릴게요." if approve
                         else "바꾸지 않고 부족한 만큼 환불해 드릴게요.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("web:order", order.number)


def order_cancel(request, number: str):
    """GET asks "정말 취소할까요?"; POST cancels (before the order cutoff only)."""
    order = _order_or_404(request, number)
    if request.method != "POST":
        return render(request, "shop/order_cancel.html", {"order": order, "can_cancel": _can_cancel(order)})
    try:
        ordering.cancel_order(order=order, actor=request.user)
        messages.success(request, "주문을 취소했어요. 결제한 돈은 결제 수단으로 돌려드려요.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("web:order", order.number)


def order_list(request):
    found = orders.orders_for_customer(user=request.user, numbers=session.order_numbers(request))
    page_obj = Paginator(found.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "shop/orders.html", {"page_obj": page_obj})
