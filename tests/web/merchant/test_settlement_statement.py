"""정산: the store's daily and weekly statement (full page and htmx partial), the rate in force,
지급 요청 for closed periods only, and a query count that does not grow with the lines."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jangbogi.integrations import payouts as port
from jangbogi.settlement import ingest
from jangbogi.settlement.models import CommissionRate, Payout
from tests.conftest import MORNING
from tests.web.conftest import htmx
from tests.web.merchant.conftest import merchant_of, place_paid_order

URL = "/merchant/settlement/"
DAY = MORNING.date()


@pytest.fixture(autouse=True)
def provider(monkeypatch):
    demo = port.DemoPayoutProvider()
    monkeypatch.setattr(port, "_demo", demo)
    return demo


@pytest.fixture
def settled(morning, paid_order):
    ingest.settle_order(paid_order)
    return paid_order


@pytest.fixture
def tomorrow(client, veg, settled, morning):
    """The next morning, logged in again (the order's day is over: a closed period)."""
    morning.move_to(MORNING + dt.timedelta(days=1))
    client.force_login(merchant_of(veg))
    return client


def test_full_page_shows_todays_statement(merchant, settled):
    response = merchant.get(URL)
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert "<title>정산 · 장보기</title>" in html
    assert '<a href="/merchant/settlement/" aria-current="page">정산</a>' in html
    assert '<h2 class="ma-day">오늘 11월 26일(목)</h2>' in html
    for row in ('<tr><th scope="row">결제된 금액</th><td>3,000원</td></tr>',
                '<tr><th scope="row">환불</th><td>0원</td></tr>',
                '<tr><th scope="row">중개 수수료 (1%)</th><td>-30원</td></tr>',
                '<tr><th scope="row">지급 예정액</th><td>2,970원</td></tr>'):
        assert row in html
    assert "중개 수수료율 1%" in html
    assert settled.number in html and "판매 3,000원의 1% = 30원" in html
    assert "8,000원" not in html and "80원" not in html  # 바다 수산's part
    assert "기간이 끝나면 지급을 요청할 수 있어요." in html
    assert "지급 요청</button>" not in html
    assert 'href="/merchant/settlement/export.csv?period=day&amp;date=2026-11-26"' in html


def test_htmx_gets_the_statement_partial(merchant, settled):
    response = merchant.get(f"{URL}?period=week&date=2026-11-26", **htmx())
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="statement"')
    assert "<html" not in html and "staff-nav" not in html
    assert '<h2 class="ma-day">11월 23일~11월 29일</h2>' in html
    assert '<a class="mo-tab is-on" href="/merchant/settlement/?period=week&amp;date=2026-11-26"' in html


def test_weekly_statement_sums_the_week(merchant, market, veg, settled):
    zucchini = settled.merchant_orders.get(store=veg).lines.get().product
    place_paid_order(market, (zucchini, 1), key="second")
    for order in veg.merchant_orders.values_list("order", flat=True):
        ingest.settle_order(type(settled).objects.get(pk=order))
    statement = merchant.get(f"{URL}?period=week&date=2026-11-24").context["statement"]
    assert (statement.start, statement.end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert (statement.captured, statement.commission, statement.payable) == (4500, 45, 4455)


def test_the_rate_in_force_is_shown(merchant, market, settled):
    CommissionRate.objects.create(market=market, rate_bp=50, effective_from=DAY)
    html = merchant.get(URL).content.decode()
    assert "중개 수수료 (0.5%)" in html and "중개 수수료율 0.5%" in html
    assert "판매 3,000원의 1% = 30원" in html  # the order keeps the rate it was charged


def test_unreadable_choices_fall_back_to_today(merchant, settled):
    statement = merchant.get(f"{URL}?period=month&date=yesterday").context["statement"]
    assert (statement.start, statement.end) == (DAY, DAY)


def test_previous_and_next_links(merchant, settled):
    context = merchant.get(f"{URL}?period=day&date=2026-11-20").context
    assert context["previous_url"] == "/merchant/settlement/?period=day&date=2026-11-19"
    assert context["next_url"] == "/merchant/settlement/?period=day&date=2026-11-21"
    assert merchant.get(URL).context["next_url"] == ""  # no future periods


# --- 지급 요청 ----------------------------------------------------------------------------------

def test_a_closed_period_offers_the_payout_button(tomorrow, settled):
    html = tomorrow.get(f"{URL}?period=day&date=2026-11-26").content.decode()
    assert 'action="/merchant/settlement/payout"' in html
    assert '<input type="hidden" name="period" value="day">' in html
    assert '<input type="hidden" name="date" value="2026-11-26">' in html
    assert "2,970원 지급 요청</button>" in html


def test_payout_request_then_the_statement_shows_it_paid(tomorrow, settled, veg, provider):
    response = tomorrow.post(f"{URL}payout", {"period": "day", "date": "2026-11-26"})
    assert response.status_code == 302
    assert response["Location"] == "/merchant/settlement/?period=day&date=2026-11-26"
    payout = Payout.objects.get()
    assert (payout.store, payout.amount, payout.status, payout.requested_by) == (veg, 2970, "paid", "박상인")

    html = tomorrow.get(response["Location"]).content.decode()
    assert "2,970원 지급을 요청했어요. (지급 완료)" in html
    assert '<tr><th scope="row">지급(요청 포함)</th><td>-2,970원</td></tr>' in html
    assert '<tr><th scope="row">지급 예정액</th><td>0원</td></tr>' in html
    assert "11/26 · 2,970원 · <strong>지급 완료</strong>" in html
    assert "지급 요청</button>" not in html

    tomorrow.post(f"{URL}payout", {"period": "day", "date": "2026-11-26"})  # a second tap
    assert Payout.objects.count() == 1 and len(provider.requests) == 1


def test_payout_request_with_htmx_swaps_the_statement(tomorrow, settled):
    response = tomorrow.post(f"{URL}payout", {"period": "day", "date": "2026-11-26"}, **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="statement"')
    assert '<p class="notice success" role="status">2,970원 지급을 요청했어요. (지급 완료)</p>' in html


def test_an_open_period_is_refused(merchant, settled):
    response = merchant.post(f"{URL}payout", {"period": "day", "date": "2026-11-26"}, follow=True)
    assert "아직 끝나지 않은 기간은 지급을 요청할 수 없어요." in response.content.decode()
    assert not Payout.objects.exists()


def test_payout_is_post_only(tomorrow, settled):
    assert tomorrow.get(f"{URL}payout").status_code == 405
    assert not Payout.objects.exists()


def test_query_count_does_not_grow_with_lines(merchant, market, veg, settled):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert merchant.get(f"{URL}?period=week&date=2026-11-26").status_code == 200
        return len(queries)

    count()  # the first request also stores the chosen store in the session
    few = count()
    zucchini = settled.merchant_orders.get(store=veg).lines.get().product
    for n in range(4):
        ingest.settle_order(place_paid_order(market, (zucchini, 1), key=f"more-{n}"))
    assert count() == few
