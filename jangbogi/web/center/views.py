"""The delivery center console: the day's board with bag scan-in, packing one order, and its
printed papers.  Every read goes through the center's market (`current_market`)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError
from jangbogi.core.phones import mask_phone
from jangbogi.delivery import documents
from jangbogi.delivery import selectors as center
from jangbogi.markets.models import Role
from jangbogi.orders import fulfilment
from jangbogi.orders import selectors as orders
from jangbogi.orders.models import MerchantOrder, Temperature
from jangbogi.web.center.params import BoardParams
from jangbogi.web.shop.htmx import is_partial, render_page
from jangbogi.web.staff.access import current_market, staff_view

center_view = staff_view(Role.CENTER_STAFF, Role.MARKET_ADMIN, Role.OPERATOR)


@dataclass(frozen=True)
class ScanResult:
    ok: bool
    code: str
    message: str = ""
    part: MerchantOrder | None = None
    received: int = 0
    expected: int = 0
    waiting_for: list[str] = field(default_factory=list)

    @property
    def all_in(self) -> bool:
        return self.ok and self.received == self.expected


def _board_context(request, market, params: BoardParams, **extra) -> dict:
    board = center.center_board(market=market, slot_date=params.slot_date, slot_start=params.slot_start,
                                show=params.show)
    return {"market": market, "markets": request.scope.markets, "board": board, "params": params,
            "filters": params.filter_links(board.counts), "days": params.day_links(),
            "now": btime.now(), "center_nav": "to_pack" if params.show == center.TO_PACK else "board", **extra}


@center_view
def board(request):
    market = current_market(request)
    params = BoardParams.parse(request.GET, market=market)
    return render_page(request, "center/board.html", _board_context(request, market, params), partial="board")


def _receive(request, market) -> ScanResult:
    code = request.POST.get("code", "").strip()
    if not code:
        return ScanResult(ok=False, code="", message="가방 QR을 찍거나 코드를 입력해 주세요.")
    try:
        part = fulfilment.receive_bag(code=code, market=market, actor=request.user)
    except DomainError as exc:
        return ScanResult(ok=False, code=code, message=exc.message)
    received, expected, waiting_for = center.bag_progress(part.order)
    return ScanResult(ok=True, code=code, part=part, received=received, expected=expected,
                      waiting_for=waiting_for)


@center_view
@require_POST
def scan(request):
    """A bag's code from the scanner (or typed): the big green or red answer.  htmx gets the
    answer alone and a `board-changed` event that refreshes the board at once."""
    market = current_market(request)
    result = _receive(request, market)
    if is_partial(request):
        response = render(request, "center/board.html#scan-result", {"scan": result, "market": market})
        response["HX-Trigger"] = "board-changed"
        patch_vary_headers(response, ("HX-Request",))
        return response
    params = BoardParams.parse(request.POST, market=market)
    return render(request, "center/board.html", _board_context(request, market, params, scan=result))


def _order_or_404(request, number: str):
    market = current_market(request)
    order = orders.order_for_market(market=market, number=number)
    if order is None:
        raise Http404("이 시장의 주문이 아니에요.")
    return market, order


def _packing_context(market, order, *, temperatures: dict[int, str] | None = None, **extra) -> dict:
    return {"market": market, "order": order, "recipient_phone": mask_phone(order.phone),
            "temperatures": Temperature.choices,
            "packing": center.packing_for(order, temperatures=temperatures), **extra}


@center_view
def packing(request, number: str):
    market, order = _order_or_404(request, number)
    return render_page(request, "center/packing.html", _packing_context(market, order), partial="packing")


def _posted_temperatures(data) -> dict[int, str]:
    """{line id: temperature} from the form's `temp-<line id>` selects (unknown values dropped)."""
    return {int(key[5:]): value for key, value in data.items()
            if key.startswith("temp-") and key[5:].isdigit() and value in Temperature.values}


@center_view
@require_POST
def pack(request, number: str):
    market, order = _order_or_404(request, number)
    temperatures = _posted_temperatures(request.POST)
    try:
        fulfilment.mark_packed(order=order, actor=request.user, temperatures=temperatures)
    except DomainError as exc:
        context = _packing_context(market, order, temperatures=temperatures, error=exc.message)
        return render_page(request, "center/packing.html", context, partial="packing",
                           status=200 if is_partial(request) else 409)
    if not is_partial(request):
        messages.success(request, "포장 완료! 명세서와 라벨을 출력해 꾸러미에 붙여 주세요.")
        return redirect(f"{reverse('center:order', args=[order.number])}?market={market.slug}")
    _, order = _order_or_404(request, number)
    return render_page(request, "center/packing.html", _packing_context(market, order, packed_now=True),
                       partial="packing")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@center_view
def slip_pdf(request, number: str):
    _, order = _order_or_404(request, number)
    return _pdf(documents.packing_slip_pdf(order), f"slip-{order.number}.pdf")


@center_view
def label_pdf(request, number: str):
    _, order = _order_or_404(request, number)
    return _pdf(documents.bundle_label_pdf(order), f"label-{order.number}.pdf")
