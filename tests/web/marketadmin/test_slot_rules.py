"""배송 시간: the market's delivery slots with their capacity — list, add, edit, stop and restart —
through markets.services; full page and htmx section, scoped to the acting market."""

import datetime as dt

import pytest

from jangbogi.markets.models import DeliverySlotRule, Role, SlotBooking
from tests.conftest import MORNING
from tests.factories import DeliverySlotRuleFactory, MembershipFactory, StoreFactory
from tests.web.marketadmin.conftest import htmx

T = dt.time
NEW = {"order_cutoff": "11:00", "start": "14:00", "end": "16:00", "riders": "3", "bundles_per_rider": "8",
       "packing_capacity": "20"}
PAGES = ["/market-admin/slots", "/market-admin/calendar"]


def rules(market) -> list[tuple]:
    return list(DeliverySlotRule.objects.filter(market=market).order_by("start").values_list(
        "start", "end", "order_cutoff", "riders", "bundles_per_rider", "packing_capacity", "is_active"))


@pytest.fixture
def pair(market):
    return DeliverySlotRuleFactory(market=market)    # 13:00 → 16:00–19:00, capacity 20


def test_without_rules_the_default_window_is_explained(admin_client, market):
    html = admin_client.get("/market-admin/slots").content.decode()
    assert "지금은 운영 설정의 기본 배송 시간을 써요: 13:00까지 주문 → 16:00–19:00 배송, 자리 수 제한 없음 (오늘 0건)." in html
    assert "아직 따로 정한 배송 시간이 없어요." in html
    assert 'name="riders" value="2"' in html and 'name="packing_capacity" value="30"' in html


def test_list_shows_capacity_and_todays_bookings(admin_client, market, pair, morning):
    stopped = DeliverySlotRuleFactory(market=market, start=T(10), end=T(12), order_cutoff=T(9), is_active=False)
    SlotBooking.objects.create(market=market, date=MORNING.date(), rule=pair, booked=7)
    response = admin_client.get("/market-admin/slots")
    html = response.content.decode()
    assert [row.rule for row in response.context["rows"]] == [pair, stopped]   # running first
    assert "16:00–19:00 배송" in html and "<strong>20개</strong> (기사 2명 × 10개, 포장 30개)" in html
    assert '<dd data-testid="booked">7 / 20</dd>' in html
    assert '10:00–12:00 배송 <span class="ma-tag off">멈춤</span>' in html
    assert "1개 운영 중" in html
    assert "기본 배송 시간을 써요" not in html


def test_add_redirects_with_message(admin_client, market):
    response = admin_client.post("/market-admin/slots", NEW)
    assert response.status_code == 302 and response["Location"] == "/market-admin/slots"
    assert rules(market) == [(T(14), T(16), T(11), 3, 8, 20, True)]
    assert "14:00–16:00 배송 시간을 더했어요 (하루 20개)." in admin_client.get("/market-admin/slots").content.decode()


def test_add_with_htmx_returns_the_section(admin_client, market):
    response = admin_client.post("/market-admin/slots", NEW, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="slots">') and "<html" not in html
    assert "14:00–16:00 배송 시간을 더했어요 (하루 20개)." in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"end": "13:00"}, "end", "배송 종료는 배송 시작보다 늦어야 합니다."),
    ({"order_cutoff": "13:45"}, "order_cutoff", "주문 마감은 배송 시작 30분 전까지여야 합니다 (상품을 모으고 포장할 시간)."),
    ({"start": "15:00", "end": "17:00", "order_cutoff": "12:00"}, "start",
     "16:00–19:00 배송 시간과 겹칩니다. 시간을 바꾸거나 그 배송 시간을 먼저 꺼 주세요."),
    ({"riders": "0"}, "riders", "배송 기사는 1명에서 50명 사이로 적어 주세요."),
])
def test_service_errors_next_to_fields_input_kept_nothing_changed(admin_client, market, pair, changes, field,
                                                                  message):
    before = rules(market)
    response = admin_client.post("/market-admin/slots", {**NEW, **changes}, **htmx())
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert "배송 시간을 확인해 주세요." in html
    assert f'name="{field}" value="{changes[field]}"' in html
    assert rules(market) == before


def test_unparseable_input_is_refused_in_korean(admin_client, market):
    response = admin_client.post("/market-admin/slots", {**NEW, "start": "두시", "riders": ""})
    assert response.context["form"].errors == {"start": ["시:분으로 적어 주세요. 예: 13:00"],
                                               "riders": ["숫자를 적어 주세요."]}
    assert "빨간 글씨를 확인해 주세요." in response.content.decode()
    assert rules(market) == []


def test_edit_form_and_save(admin_client, market, pair):
    html = admin_client.get(f"/market-admin/slots/{pair.pk}/edit").content.decode()
    assert "16:00–19:00 배송 고치기" in html and 'name="order_cutoff" value="13:00"' in html
    response = admin_client.post(f"/market-admin/slots/{pair.pk}/edit",
                                 {**NEW, "start": "16:00", "end": "19:30", "order_cutoff": "13:00", "riders": "4"})
    assert response["Location"] == "/market-admin/slots"
    assert rules(market) == [(T(16), T(19, 30), T(13), 4, 8, 20, True)]


def test_edit_errors_stay_on_the_form(admin_client, market, pair):
    response = admin_client.post(f"/market-admin/slots/{pair.pk}/edit", {**NEW, "end": "12:00"})
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == ["배송 종료는 배송 시작보다 늦어야 합니다."]
    assert rules(market) == [(T(16), T(19), T(13), 2, 10, 30, True)]


def test_stop_and_restart(admin_client, market, pair):
    response = admin_client.post(f"/market-admin/slots/{pair.pk}/active", {"is_active": "0"}, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="slots">')
    assert "16:00–19:00 배송 시간을 멈췄어요. 이미 받은 주문은 그대로 배송해요." in html
    assert rules(market)[0][-1] is False
    response = admin_client.post(f"/market-admin/slots/{pair.pk}/active", {"is_active": "1"})
    assert response["Location"] == "/market-admin/slots"
    assert rules(market)[0][-1] is True


def test_restarting_an_overlapping_slot_is_refused(admin_client, market, pair):
    pair.is_active = False
    pair.save()
    DeliverySlotRuleFactory(market=market, start=T(18), end=T(20), order_cutoff=T(15))
    response = admin_client.post(f"/market-admin/slots/{pair.pk}/active", {"is_active": "1"}, **htmx())
    assert ("16:00–19:00: 18:00–20:00 배송 시간과 겹칩니다. 시간을 바꾸거나 그 배송 시간을 먼저 꺼 주세요."
            in response.content.decode())
    pair.refresh_from_db()
    assert pair.is_active is False


def test_stopping_needs_a_post(admin_client, pair):
    assert admin_client.get(f"/market-admin/slots/{pair.pk}/active").status_code == 405


def test_another_markets_rule_is_not_found_and_unchanged(admin_client, market, other):
    foreign = DeliverySlotRuleFactory(market=other.market)
    assert admin_client.get(f"/market-admin/slots/{foreign.pk}/edit").status_code == 404
    assert admin_client.post(f"/market-admin/slots/{foreign.pk}/edit", NEW).status_code == 404
    assert admin_client.post(f"/market-admin/slots/{foreign.pk}/active", {"is_active": "0"}).status_code == 404
    assert admin_client.post(f"/market-admin/slots?market={other.market.slug}", NEW).status_code == 302
    assert rules(other.market) == [(T(16), T(19), T(13), 2, 10, 30, True)]
    assert rules(market) == [(T(14), T(16), T(11), 3, 8, 20, True)]   # the admin's own market got it
    assert foreign.market.name not in admin_client.get("/market-admin/slots").content.decode()


def test_operator_adds_to_the_chosen_market(client, operator, market, other):
    client.force_login(operator)
    client.get(f"/market-admin/slots?market={other.market.slug}")
    client.post("/market-admin/slots", NEW)
    assert len(rules(other.market)) == 1 and rules(market) == []


def test_list_queries_do_not_grow(admin_client, market, django_assert_num_queries):
    admin_client.get("/market-admin/slots")
    # staff request (6), today's bookings, today's rider shifts, the rules
    with django_assert_num_queries(9):
        admin_client.get("/market-admin/slots")
    for hour in range(6, 22, 2):
        DeliverySlotRuleFactory(market=market, start=T(hour), end=T(hour + 1), order_cutoff=T(hour - 1))
    with django_assert_num_queries(9):
        response = admin_client.get("/market-admin/slots")
    assert len(response.context["rows"]) == 8


# --- access: both new pages ---------------------------------------------------------------------

@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, db, url):
    assert client.get(url)["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", [Role.MERCHANT, Role.CENTER_STAFF])
@pytest.mark.parametrize("url", PAGES)
def test_merchant_and_center_staff_are_forbidden(client, market, role, url):
    scope = {"store": StoreFactory(market=market)} if role == Role.MERCHANT else {"market": market}
    client.force_login(MembershipFactory(role=role, **scope).user)
    assert client.get(url).status_code == 403
    assert client.post(url, NEW).status_code == 403
    assert rules(market) == []


@pytest.mark.parametrize(("url", "label"), [("/market-admin/slots", "배송 시간"), ("/market-admin/calendar", "영업일")])
def test_nav_links_mark_the_page(admin_client, url, label):
    html = admin_client.get(url).content.decode()
    assert f'<a href="{url}" aria-current="page">{label}</a>' in html
    other = "/market-admin/calendar" if url.endswith("slots") else "/market-admin/slots"
    assert f'<a href="{other}">' in html


def test_settings_page_says_the_slot_rules_win(admin_client, market, pair):
    html = admin_client.get("/market-admin/settings").content.decode()
    assert "화면에서 정한 1개를 써요 (16:00–19:00)." in html
    pair.is_active = False
    pair.save()
    assert 'data-testid="slots-note"' not in admin_client.get("/market-admin/settings").content.decode()
