"""The market admin's delivery zones: list with the SVG map, add (Korean errors next to the
fields, nothing saved), preview without saving, edit, stop; another market's zone is 404."""

import json

import pytest

from jangbogi.markets import services as markets
from jangbogi.markets.models import DeliveryZone
from tests.web.marketadmin.conftest import htmx

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[127.1298, 37.5885], [127.1498, 37.5885], [127.1498, 37.6085],
                                              [127.1298, 37.6085], [127.1298, 37.5885]]]}


def form(**over):
    data = {"name": "구리 전역", "kind": "radius", "radius_m": "5000", "polygon": "", "fee_kind": "bands",
            "fee": "", "free_threshold": "", "bands": "2000:2000, 4000:3000, 6000:4000"}
    data.update(over)
    return data


def test_list_shows_the_default_and_an_empty_map(admin_client, market):
    response = admin_client.get("/market-admin/zones")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="no-zones"' in html and "시장에서 3000m 안" in html
    assert 'data-testid="zone-map"' in html and "<path" not in html


def test_add_a_banded_radius_zone(admin_client, market):
    response = admin_client.post("/market-admin/zones", form())
    assert response.status_code == 302
    zone = DeliveryZone.objects.get()
    assert (zone.market, zone.radius_m, zone.bands) == (market, 5000, [[2000, 2000], [4000, 3000], [6000, 4000]])
    html = admin_client.get("/market-admin/zones").content.decode()
    assert "2km까지 2,000원 · 4km까지 3,000원 · 6km까지 4,000원" in html
    assert html.count("<path") == 1


def test_add_refused_with_korean_errors_and_nothing_saved(admin_client, market):
    open_ring = {"type": "Polygon", "coordinates": [SQUARE["coordinates"][0][:-1]]}
    html = admin_client.post("/market-admin/zones", form(kind="polygon", polygon=json.dumps(open_ring),
                                                         bands="4000:3000, 2000:2000"), **htmx()).content.decode()
    assert "경계가 닫혀 있지 않아요. 마지막 점을 첫 점과 똑같이 적어 주세요." in html
    assert "거리 구간은 가까운 곳부터 먼 곳 순서로, 거리가 늘어나게 적어 주세요." in html
    assert not DeliveryZone.objects.exists()


def test_preview_draws_the_polygon_without_saving(admin_client, market):
    html = admin_client.post("/market-admin/zones", form(name="사각형", kind="polygon", polygon=json.dumps(SQUARE),
                                                         fee_kind="flat", fee="2000", bands="", preview="1")
                             ).content.decode()
    assert "미리 보기예요. 아직 저장하지 않았어요." in html
    assert html.count("<path") == 1 and ">사각형</text>" in html
    assert not DeliveryZone.objects.exists()


def test_edit_and_stop_a_zone(admin_client, market):
    zone = markets.save_zone(market=market, name="사각형", kind="polygon", polygon=SQUARE, fee_kind="flat", fee=2000)
    page = admin_client.get(f"/market-admin/zones/{zone.pk}/edit")
    assert json.loads(page.context["form"].initial["polygon"]) == SQUARE
    response = admin_client.post(f"/market-admin/zones/{zone.pk}/edit",
                                 form(name="사각형", kind="polygon", polygon=json.dumps(SQUARE), fee_kind="free_above",
                                      fee="2500", free_threshold="30000", bands=""))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert (zone.fee_kind, zone.fee, zone.free_threshold) == ("free_above", 2500, 30000)
    admin_client.post(f"/market-admin/zones/{zone.pk}/active", {"is_active": "0"})
    zone.refresh_from_db()
    assert zone.is_active is False


def test_another_markets_zone_is_not_found(admin_client, other):
    zone = markets.save_zone(market=other.market, name="남의 구역", kind="radius", radius_m=1000, fee_kind="flat",
                             fee=1000)
    assert admin_client.get(f"/market-admin/zones/{zone.pk}/edit").status_code == 404
    assert admin_client.post(f"/market-admin/zones/{zone.pk}/active", {"is_active": "0"}).status_code == 404
    zone.refresh_from_db()
    assert zone.is_active is True


def test_edit_preview_draws_the_change_in_place_of_the_saved_zone(admin_client, market):
    zone = markets.save_zone(market=market, name="사각형", kind="polygon", polygon=SQUARE, fee_kind="flat", fee=2000)
    markets.save_zone(market=market, name="가까운 곳", kind="radius", radius_m=1000, fee_kind="flat", fee=1000)
    html = admin_client.post(f"/market-admin/zones/{zone.pk}/edit",
                             form(name="넓힌 곳", kind="radius", radius_m="4000", fee_kind="flat", fee="2000",
                                  bands="", preview="1")).content.decode()
    assert "미리 보기예요. 아직 저장하지 않았어요." in html
    assert html.count("<path") == 2 and ">넓힌 곳</text>" in html and ">사각형</text>" not in html
    zone.refresh_from_db()
    assert (zone.name, zone.kind) == ("사각형", "polygon")
