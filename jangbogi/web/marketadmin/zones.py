"""시장 관리자: where the market delivers — its delivery zones (반경 or a GeoJSON 경계) with their
fee rules, drawn as an SVG map without tiles.  A form may be previewed (미리 보기) without saving.
Same shape as views.py: `current_market(request)`, reads through `markets.admin_selectors`,
writes through one `markets.services` call."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jangbogi.core.errors import DomainError
from jangbogi.markets import admin_selectors, zones
from jangbogi.markets import selectors as market_reads
from jangbogi.markets import services as markets
from jangbogi.markets.zone_services import zone_errors
from jangbogi.web.marketadmin.forms import ZoneForm
from jangbogi.web.marketadmin.views import CHECK_RED, _context, _done, admin_view
from jangbogi.web.marketadmin.zonemap import zone_map
from jangbogi.web.shop.htmx import render_page
from jangbogi.web.staff.access import current_market


def _map(market, rows, preview: zones.Zone | None = None):
    drawn = [(market_reads.as_zone(z), z.is_active) for z in rows]
    if preview is not None:
        drawn = [(z, a) for z, a in drawn if z.key != preview.key] + [(preview, True)]
    return zone_map((market.lat, market.lng), drawn)


def _preview(form: ZoneForm, *, key: object = "preview") -> tuple[zones.Zone | None, dict[str, str]]:
    """The typed zone, checked but not saved: (zone, {}) or (None, errors).  `key`: the zone it
    stands in for on the map (an edited zone's pk)."""
    values = {**_values(form), "name": form.cleaned_data.get("name") or "미리 보기"}
    errors, polygon, bands = zone_errors(**values)
    if errors:
        return None, errors
    rule = zones.FeeRule(kind=values["fee_kind"], fee=values["fee"] or 0, free_threshold=values["free_threshold"],
                         bands=bands)
    return zones.Zone(key=key, name=values["name"], kind=values["kind"], rule=rule, radius_m=values["radius_m"],
                      polygon=polygon), {}


def _zones_page(request, market, form, *, error: str = "", notice: str = "", preview=None):
    rows = admin_selectors.zones_of(market)
    context = _context(request, market, "zones", form=form, error=error, notice=notice, rows=rows,
                       rules={z.pk: market_reads.as_zone(z).rule.describe() for z in rows},
                       running=[z for z in rows if z.is_active], map=_map(market, rows, preview), preview=preview)
    return render_page(request, "marketadmin/zones.html", context, partial="zones")


def _values(form: ZoneForm) -> dict:
    return {k: form.cleaned_data.get(k) for k in ("name", "kind", "radius_m", "polygon", "fee_kind", "fee",
                                                  "free_threshold", "bands")}


@admin_view
def zone_list(request):
    """The market's zones and their map; POST adds one (or previews it with `preview`)."""
    market = current_market(request)
    if request.method != "POST":
        return _zones_page(request, market, ZoneForm.blank(market))
    form = ZoneForm(request.POST)
    if not form.is_valid():
        return _zones_page(request, market, form, error=CHECK_RED)
    if "preview" in request.POST:
        preview, errors = _preview(form)
        form.add_domain_errors(errors)
        return _zones_page(request, market, form, preview=preview,
                           error="" if preview else "배송 구역을 확인해 주세요.",
                           notice="미리 보기예요. 아직 저장하지 않았어요." if preview else "")
    try:
        zone = markets.save_zone(market=market, **_values(form))
    except DomainError as exc:
        form.add_domain_errors(exc.details.get("errors", {}))
        return _zones_page(request, market, form, error=exc.message)
    return _done(request, f"'{zone.name}' 배송 구역을 더했어요.", reverse("marketadmin:zones"),
                 lambda notice: _zones_page(request, market, ZoneForm.blank(market), notice=notice))


def _zone_or_404(market, zone_id: int):
    zone = admin_selectors.zone_of(market, zone_id)
    if zone is None:
        raise Http404("이 시장의 배송 구역이 아닙니다.")
    return zone


@admin_view
def zone_edit(request, zone_id: int):
    market = current_market(request)
    zone = _zone_or_404(market, zone_id)
    rows = admin_selectors.zones_of(market)
    context = _context(request, market, "zones", zone=zone)
    if request.method != "POST":
        return render(request, "marketadmin/zone_form.html",
                      {**context, "form": ZoneForm.for_zone(zone), "map": _map(market, rows)})
    form = context["form"] = ZoneForm(request.POST)
    if form.is_valid() and "preview" in request.POST:
        preview, errors = _preview(form, key=zone.pk)
        form.add_domain_errors(errors)
        return render(request, "marketadmin/zone_form.html", {
            **context, "map": _map(market, rows, preview),
            "notice": "미리 보기예요. 아직 저장하지 않았어요." if preview else "",
            "error": "" if preview else "배송 구역을 확인해 주세요."})
    if form.is_valid():
        try:
            markets.save_zone(market=market, zone=zone, **_values(form))
        except DomainError as exc:
            form.add_domain_errors(exc.details.get("errors", {}))
            context["error"] = exc.message
        else:
            return _done(request, f"'{zone.name}' 배송 구역을 고쳤어요.", reverse("marketadmin:zones"),
                         lambda notice: _zones_page(request, market, ZoneForm.blank(market), notice=notice))
    else:
        context["error"] = CHECK_RED
    return render(request, "marketadmin/zone_form.html", {**context, "map": _map(market, rows)})


@require_POST
@admin_view
def zone_active(request, zone_id: int):
    market = current_market(request)
    zone = _zone_or_404(market, zone_id)
    zone = markets.set_zone_active(market=market, zone=zone, is_active=request.POST.get("is_active") == "1")
    message = f"'{zone.name}' 구역에 다시 배달해요." if zone.is_active else f"'{zone.name}' 구역 배달을 멈췄어요."
    return _done(request, message, reverse("marketadmin:zones"),
                 lambda notice: _zones_page(request, market, ZoneForm.blank(market), notice=notice))
