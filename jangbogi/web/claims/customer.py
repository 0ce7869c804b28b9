"""The customer's side of claims: the report form for one delivered line of their order.
The order page shows the claims through `shop/_claims.html` (claims_tags.order_claims)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from jangbogi.claims import rules
from jangbogi.claims import services as claims
from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError, NotFound
from jangbogi.core.money import won
from jangbogi.web.claims.forms import ClaimForm
from jangbogi.web.shop.views.orders import _order_or_404


def _page(request, order, line, form, *, error: str = "", status: int = 200):
    context = {"order": order, "line": line, "form": form, "error": error,
               "left": rules.claimable_quantity(line),
               "closes_at": rules.window_closes_at(order), "max_photos": claims.MAX_PHOTOS}
    return render(request, "shop/claim_form.html", context, status=status)


def claim_new(request, number: str):
    order = _order_or_404(request, number)
    try:
        line = claims.claim_line(order=order, line_id=request.POST.get("line") or request.GET.get("line"))
    except NotFound:
        messages.error(request, "신고할 상품을 주문 화면에서 골라 주세요.")
        return redirect("web:order", order.number)
    if not rules.window_open(order, now=btime.now()):
        messages.error(request, f"배송 완료 후 {rules.window_hours()}시간이 지나 신고할 수 없어요. 고객센터로 문의해 주세요.")
        return redirect("web:order", order.number)
    if request.method != "POST":
        return _page(request, order, line, ClaimForm(initial={"submit_key": ClaimForm.new_key(), "quantity": 1}))
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return _page(request, order, line, form, error="빨간 글씨를 확인해 주세요.", status=422)
    try:
        claim = claims.file_claim(order=order, line_id=line.pk, reason=form.cleaned_data["reason"],
                                  quantity=form.cleaned_data["quantity"],
                                  description=form.cleaned_data["description"],
                                  photos=request.FILES.getlist("photos"),
                                  submit_key=form.cleaned_data["submit_key"], actor=request.user)
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _page(request, order, line, form, error=exc.message, status=422)
    messages.success(request, _filed_message(claim))
    return redirect(reverse("web:order", args=[order.number]) + "#claims")


def _filed_message(claim) -> str:
    if claim.status == "resolved":
        return f"신고를 받았어요. {won(claim.refunded_amount)}을 결제하신 수단으로 돌려드렸어요."
    if claim.status == "approved":
        return "신고를 받았어요. 환불을 처리하고 있어요."
    return (f"신고를 받았어요. {claim.sla_due_at.astimezone(btime.SEOUL):%H:%M}까지 확인해서 "
            "문자로 알려 드릴게요.")
