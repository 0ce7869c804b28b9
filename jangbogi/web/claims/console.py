"""The claims console, for the delivery center (/center/claims/) and the market admin
(/market-admin/claims/): the market's claims by SLA deadline, one claim's photos and history,
and the decision.  Every read goes through `current_market(request)`: a claim of another
market is a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.claims import rules
from jangbogi.claims import selectors as claims_read
from jangbogi.claims import services as claims
from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.markets.models import Role
from jangbogi.web.claims.forms import DecisionForm
from jangbogi.web.staff.access import current_market, staff_view

PER_PAGE = 20
PORTALS = {
    "center": {"roles": (Role.CENTER_STAFF, Role.MARKET_ADMIN, Role.OPERATOR), "base": "center/base.html",
               "ns": "center_claims"},
    "admin": {"roles": (Role.MARKET_ADMIN, Role.OPERATOR), "base": "marketadmin/base.html", "ns": "admin_claims"},
}


def _context(request, portal: str, market, **extra) -> dict:
    markets = request.scope.markets
    return {"market": market, "base_template": PORTALS[portal]["base"], "ns": PORTALS[portal]["ns"],
            "center_nav": "claims", "nav": "claims", "switch_markets": markets if len(markets) > 1 else (),
            "now": btime.now(), "window_hours": rules.window_hours(), **extra}


def _claim_or_404(market, claim_id: int):
    claim = claims_read.claim_for_market(market=market, claim_id=claim_id)
    if claim is None:
        raise Http404("신고를 찾을 수 없습니다.")
    return claim


def _list(request, portal: str):
    market = current_market(request)
    show = request.GET.get("show") if request.GET.get("show") in claims_read.FILTERS else "open"
    page_obj = Paginator(claims_read.claims_for_market(market=market, show=show), PER_PAGE) \
        .get_page(request.GET.get("page"))
    return render(request, "claims/console.html", _context(
        request, portal, market, page_obj=page_obj, show=show, open_count=claims_read.open_count_for_market(market=market)))


def _detail_page(request, portal: str, market, claim, form=None, *, error: str = "", status: int = 200):
    refundable = rules.refundable_left(claim.line)
    form = form or DecisionForm(initial={"refund_amount": min(claim.claimed_amount, refundable) or None,
                                         "remedy": "refund", "bearer": "store"})
    return render(request, "claims/detail.html", _context(
        request, portal, market, claim=claim, form=form, error=error, refundable=refundable), status=status)


def _detail(request, portal: str, claim_id: int):
    market = current_market(request)
    return _detail_page(request, portal, market, _claim_or_404(market, claim_id))


def _decide(request, portal: str, claim_id: int):
    market = current_market(request)
    claim = _claim_or_404(market, claim_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, portal, market, claim, form, error="빨간 글씨를 확인해 주세요.", status=422)
    d = form.cleaned_data
    try:
        if d["decision"] == "reject":
            claims.reject_claim(claim=claim, reason=d["reject_reason"], actor=request.user)
            messages.success(request, "반려했어요. 고객에게 사유를 보냈어요.")
        else:
            claim = claims.decide_claim(claim=claim, remedy=d["remedy"], bearer=d["bearer"],
                                        refund_amount=d["refund_amount"] or 0, note=d["note"], actor=request.user)
            messages.success(request, "처리했어요. 고객에게 결과를 보냈어요." if claim.status == "resolved"
                             else "승인했어요. 환불이 아직 끝나지 않았어요. 기록을 확인해 주세요.")
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _detail_page(request, portal, market, _claim_or_404(market, claim_id), form, error=exc.message,
                            status=409 if exc.status == 409 else 422)
    return redirect(reverse(f"{PORTALS[portal]['ns']}:detail", args=[claim_id]))


def _retry(request, portal: str, claim_id: int):
    market = current_market(request)
    claim = claims.complete_claim(claim=_claim_or_404(market, claim_id), actor=request.user)
    if claim.status == "resolved":
        messages.success(request, "환불을 마쳤어요.")
    else:
        messages.error(request, "아직 환불되지 않았어요. 기록의 마지막 줄을 확인해 주세요.")
    return redirect(reverse(f"{PORTALS[portal]['ns']}:detail", args=[claim_id]))


def _photo(request, portal: str, claim_id: int, photo_id: int):
    photo = claims_read.claim_photo_for_market(market=current_market(request), claim_id=claim_id, photo_id=photo_id)
    if photo is None:
        raise Http404("사진을 찾을 수 없습니다.")
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _views(portal: str) -> dict:
    """The console's views for one portal, each behind that portal's roles."""
    guard = staff_view(*PORTALS[portal]["roles"])
    return {
        "list": guard(lambda request: _list(request, portal)),
        "detail": guard(lambda request, claim_id: _detail(request, portal, claim_id)),
        "decide": guard(require_POST(lambda request, claim_id: _decide(request, portal, claim_id))),
        "retry": guard(require_POST(lambda request, claim_id: _retry(request, portal, claim_id))),
        "photo": guard(lambda request, claim_id, photo_id: _photo(request, portal, claim_id, photo_id)),
    }


center = _views("center")
admin = _views("admin")
