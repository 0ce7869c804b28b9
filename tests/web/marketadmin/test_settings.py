"""운영 설정: windows and fees through markets.services.update_market_settings."""

import datetime as dt

import pytest

from jangbogi.markets.models import Market
from tests.web.marketadmin.conftest import htmx

VALID = {"order_open": "09:00", "order_cutoff": "14:00", "delivery_start": "16:00", "delivery_end": "19:00",
         "delivery_fee": "2500", "free_delivery_threshold": "40000", "delivery_radius_m": "2500",
         "is_active": "on"}


def saved(market) -> tuple:
    m = Market.objects.get(pk=market.pk)
    return (m.order_open, m.order_cutoff, m.delivery_start, m.delivery_end, m.delivery_fee,
            m.free_delivery_threshold, m.delivery_radius_m, m.is_active)


DEFAULTS = (dt.time(9), dt.time(13), dt.time(16), dt.time(19), 3000, 50000, 3000, True)


def test_form_shows_current_values_and_preview(admin_client, market):
    html = admin_client.get("/market-admin/settings").content.decode()
    assert "오늘 주문 09:00–13:00 → 16:00–19:00 배송, 배송비 3,000원 (50,000원 이상 무료)" in html
    assert 'type="time" name="order_cutoff" value="13:00"' in html
    assert 'name="delivery_fee" value="3000"' in html
    assert 'name="is_active" id="id_is_active" checked' in html


def test_save_redirects_with_message(admin_client, market):
    response = admin_client.post("/market-admin/settings", VALID)
    assert response.status_code == 302 and response["Location"] == "/market-admin/settings"
    assert saved(market) == (dt.time(9), dt.time(14), dt.time(16), dt.time(19), 2500, 40000, 2500, True)
    html = admin_client.get("/market-admin/settings").content.decode()
    assert "설정을 저장했어요." in html
    assert "오늘 주문 09:00–14:00 → 16:00–19:00 배송, 배송비 2,500원 (40,000원 이상 무료)" in html


def test_save_with_htmx_returns_the_section(admin_client, market):
    response = admin_client.post("/market-admin/settings", VALID, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="settings" class="ma-narrow">') and "<html" not in html
    assert "설정을 저장했어요." in html
    assert "09:00–14:00" in html and 'name="order_cutoff" value="14:00"' in html
    assert "HX-Request" in response["Vary"]


def test_unticking_stops_orders_and_free_delivery_preview(admin_client, market):
    data = {**VALID, "delivery_fee": "0"}
    del data["is_active"]
    admin_client.post("/market-admin/settings", data)
    assert saved(market)[4:] == (0, 40000, 2500, False)
    html = admin_client.get("/market-admin/settings").content.decode()
    assert "16:00–19:00 배송, 배송비 무료" in html
    assert "지금은 주문을 받지 않는 중이에요." in html


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"order_cutoff": "08:30"}, "order_cutoff", "주문 마감은 주문 시작보다 늦어야 합니다."),
    ({"delivery_start": "13:30"}, "delivery_start", "배송은 주문 마감 뒤에 시작해야 합니다."),
    ({"delivery_end": "15:00"}, "delivery_end", "배송 종료는 배송 시작보다 늦어야 합니다."),
    ({"delivery_fee": "25000"}, "delivery_fee", "배송비는 0원에서 20,000원 사이로 정해 주세요."),
    ({"free_delivery_threshold": "-1"}, "free_delivery_threshold", "무료배송 기준은 0원에서 1,000만 원 사이로 정해 주세요."),
    ({"delivery_radius_m": "50"}, "delivery_radius_m", "배송 반경은 300m에서 10km 사이로 정해 주세요."),
])
def test_service_errors_next_to_fields_input_kept_nothing_changed(admin_client, market, changes, field, message):
    data = {**VALID, **changes}
    response = admin_client.post("/market-admin/settings", data, **htmx())
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    html = response.content.decode()
    assert "시장 설정을 확인해 주세요." in html
    # Every typed value is still in the form, the saved values are untouched (preview too).
    assert f'name="{field}" value="{changes[field]}"' in html
    assert 'name="order_open" value="09:00"' in html and 'name="delivery_radius_m" value="' in html
    assert saved(market) == DEFAULTS
    assert "오늘 주문 09:00–13:00 → 16:00–19:00 배송, 배송비 3,000원 (50,000원 이상 무료)" in html


def test_unparseable_input_is_refused_in_korean(admin_client, market):
    response = admin_client.post("/market-admin/settings", {**VALID, "order_open": "아홉시", "delivery_fee": ""})
    form = response.context["form"]
    assert form.errors == {"order_open": ["시:분으로 적어 주세요. 예: 13:00"], "delivery_fee": ["숫자를 적어 주세요."]}
    html = response.content.decode()
    assert "빨간 글씨를 확인해 주세요." in html and 'value="아홉시"' in html
    assert saved(market) == DEFAULTS


def test_operator_changes_the_chosen_market_only(client, operator, market, other):
    client.force_login(operator)
    client.get(f"/market-admin/settings?market={other.market.slug}")
    client.post("/market-admin/settings", VALID)
    assert saved(other.market)[1] == dt.time(14)
    assert saved(market) == DEFAULTS


def test_admin_cannot_reach_another_market_by_query(admin_client, market, other):
    admin_client.post(f"/market-admin/settings?market={other.market.slug}", VALID)
    assert saved(market)[1] == dt.time(14)
    assert saved(other.market) == DEFAULTS
