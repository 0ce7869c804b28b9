"""영업일: the next 60 days open or closed with the reason (calendar.month_view), the standing
rules (markets.services.update_calendar) and dated exceptions (set_exception /
remove_exception); full page and htmx section, scoped to the acting market."""

import datetime as dt

import pytest
import time_machine

from jangbogi.core import time as btime
from jangbogi.markets.models import CalendarException, MarketCalendar
from tests.web.marketadmin.conftest import htmx

D = dt.date
SEPTEMBER = btime.at(D(2026, 9, 20), dt.time(10))   # a Sunday; 추석 is the 25th


@pytest.fixture(autouse=True)
def september():
    with time_machine.travel(SEPTEMBER, tick=False):
        yield


def calendar_of(market) -> tuple | None:
    row = MarketCalendar.objects.filter(market=market).first()
    return row and (row.weekly_closed_days, row.nth_weekday_closures, row.five_day_digits,
                    row.closed_on_public_holidays)


def exceptions_of(market) -> list[tuple]:
    return list(CalendarException.objects.filter(market=market).values_list("date", "is_open", "reason"))


def cell(html: str, date: str) -> str:
    """The calendar cell of `date`, from its <td to its </td>."""
    start = html.rindex("<td", 0, html.index(f'data-date="{date}"'))
    return html[start:html.index("</td>", start)]


def test_sixty_days_with_holidays_and_reasons(admin_client, market):
    response = admin_client.get("/market-admin/calendar")
    html = response.content.decode()
    weeks = response.context["weeks"]
    days = [d for week in weeks for d in week if d]
    assert (len(days), days[0].date, days[-1].date) == (60, D(2026, 9, 20), D(2026, 11, 18))
    assert all(len(week) == 7 for week in weeks) and weeks[0][:6] == [None] * 6    # Sunday ends the week
    assert "앞으로 60일" in html and "쉬는 날 5일" in html   # 추석, 추석 다음날, 개천절, 개천절 대체 휴일, 한글날
    assert "추석 전날" in cell(html, "2026-09-24") and "영업" in cell(html, "2026-09-24")
    chuseok = cell(html, "2026-09-25")
    assert "is-closed" in chuseok and '<span class="ma-cal-reason">추석</span>' in chuseok
    assert "is-today" in cell(html, "2026-09-20")


def test_the_form_shows_the_current_rules(admin_client, market):
    MarketCalendar.objects.create(market=market, weekly_closed_days="0", nth_weekday_closures=[[2, 6]])
    html = admin_client.get("/market-admin/calendar").content.decode()
    assert 'value="0" id="id_weekly_closed_days_0" checked' in html
    assert 'value="2:6" aria-label="둘째 주 일요일" checked' in html
    assert 'name="closed_on_public_holidays" id="id_closed_on_public_holidays" checked' in html


def test_saving_rules_redirects_and_the_view_follows(admin_client, market):
    data = {"weekly_closed_days": ["0"], "nth_weekday_closures": ["2:6", "4:6"], "five_day_digits": "",
            "closed_on_public_holidays": "on"}
    response = admin_client.post("/market-admin/calendar", data)
    assert response["Location"] == "/market-admin/calendar"
    assert calendar_of(market) == ("0", [[2, 6], [4, 6]], "", True)
    html = admin_client.get("/market-admin/calendar").content.decode()
    assert "영업일 규칙을 저장했어요." in html
    assert "정기 휴무(월요일)" in cell(html, "2026-09-21")
    assert "둘째 주 일요일 휴무" in cell(html, "2026-10-11")


def test_saving_rules_with_htmx_returns_the_section(admin_client, market):
    response = admin_client.post("/market-admin/calendar", {"five_day_digits": "4·9"}, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="calendar">') and "<html" not in html
    assert "HX-Request" in response["Vary"]
    assert calendar_of(market) == ("", [], "49", False)
    assert "장날이 아님 (4·9일장)" in cell(html, "2026-09-20")
    assert "영업" in cell(html, "2026-09-24")


def test_a_rule_closing_every_day_is_refused_and_nothing_changes(admin_client, market):
    data = {"weekly_closed_days": [str(i) for i in range(7)], "closed_on_public_holidays": "on"}
    response = admin_client.post("/market-admin/calendar", data, **htmx())
    html = response.content.decode()
    assert "영업일 규칙을 확인해 주세요." in html
    assert response.context["rules_form"].errors["weekly_closed_days"] == [
        "이 규칙이면 1년 동안 영업하는 날이 없습니다. 휴무 규칙을 확인해 주세요."]
    assert 'value="6" id="id_weekly_closed_days_6" aria-invalid="true" checked' in html   # still ticked
    assert calendar_of(market) is None


def test_unreadable_digits_are_refused_in_korean(admin_client, market):
    response = admin_client.post("/market-admin/calendar", {"five_day_digits": "4,9"}, **htmx())
    assert response.context["rules_form"].errors["five_day_digits"] == [
        "장날은 날짜의 끝자리 숫자(0~9)로 적어 주세요. 예: 4·9일장은 49"]
    assert calendar_of(market) is None


def test_closing_one_day(admin_client, market):
    response = admin_client.post("/market-admin/calendar/exceptions",
                                 {"date": "2026-10-01", "is_open": "0", "reason": "시장 축제"}, **htmx())
    html = response.content.decode()
    assert "10월 1일(목)을 임시 휴무로 정했어요." in html
    assert exceptions_of(market) == [(D(2026, 10, 1), False, "시장 축제")]
    festival = cell(html, "2026-10-01")
    assert "is-exception" in festival and "임시 휴무: 시장 축제" in festival
    assert 'action="/market-admin/calendar/exceptions/2026-10-01/remove"' in html


def test_opening_on_chuseok_and_putting_it_back(admin_client, market):
    response = admin_client.post("/market-admin/calendar/exceptions",
                                 {"date": "2026-09-25", "is_open": "1", "reason": "추석 대목장"})
    assert response["Location"] == "/market-admin/calendar"
    html = admin_client.get("/market-admin/calendar").content.decode()
    assert "is-open" in cell(html, "2026-09-25") and "임시 영업: 추석 대목장" in cell(html, "2026-09-25")

    response = admin_client.post("/market-admin/calendar/exceptions/2026-09-25/remove", **htmx())
    assert "9월 25일(금)은 다시 규칙대로 열고 닫아요." in response.content.decode()
    assert exceptions_of(market) == []
    assert admin_client.post("/market-admin/calendar/exceptions/2026-09-25/remove").status_code == 404
    assert admin_client.post("/market-admin/calendar/exceptions/내일/remove").status_code == 404


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"date": "2026-09-19", "is_open": "0"}, "date", "지난 날짜는 바꿀 수 없습니다."),
    ({"date": "", "is_open": "0"}, "date", "날짜를 골라 주세요."),
    ({"date": "2026-10-01"}, "is_open", "쉬는지 여는지 골라 주세요."),
])
def test_exception_errors_next_to_fields(admin_client, market, data, field, message):
    response = admin_client.post("/market-admin/calendar/exceptions", data, **htmx())
    assert response.context["exception_form"].errors[field] == [message]
    assert exceptions_of(market) == []


def test_another_markets_calendar_is_untouched(admin_client, market, other):
    CalendarException.objects.create(market=other.market, date=D(2026, 10, 1), is_open=False, reason="오산 축제")
    html = admin_client.get(f"/market-admin/calendar?market={other.market.slug}").content.decode()
    assert "오산 축제" not in html
    assert admin_client.post("/market-admin/calendar/exceptions/2026-10-01/remove").status_code == 404
    admin_client.post("/market-admin/calendar", {"weekly_closed_days": ["2"]})
    assert exceptions_of(other.market) == [(D(2026, 10, 1), False, "오산 축제")]
    assert calendar_of(other.market) is None and calendar_of(market) == ("2", [], "", False)


def test_operator_edits_the_chosen_market(client, operator, market, other):
    client.force_login(operator)
    client.get(f"/market-admin/calendar?market={other.market.slug}")
    client.post("/market-admin/calendar/exceptions", {"date": "2026-10-01", "is_open": "0"})
    assert exceptions_of(other.market) == [(D(2026, 10, 1), False, "")] and exceptions_of(market) == []


def test_page_queries_are_fixed(admin_client, market, django_assert_num_queries):
    for day in range(1, 20):
        CalendarException.objects.create(market=market, date=D(2026, 10, day), is_open=False)
    admin_client.get("/market-admin/calendar")
    # staff request (6), the calendar row, the window's exceptions, the exception list
    with django_assert_num_queries(9):
        admin_client.get("/market-admin/calendar")
