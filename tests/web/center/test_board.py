"""The center's board: every order of the day with its store bags, the day's counts, the
filters, and missing bags in red only when dispatch is near."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jangbogi.core import time as btime
from jangbogi.orders import fulfilment
from jangbogi.orders import services as ordering
from jangbogi.orders.models import MerchantOrder, Order
from tests.conftest import MORNING
from tests.factories import StoreFactory
from tests.web.center.builders import htmx, place_paid, ready_all, receive_all

DAY = MORNING.date()
QUERIES = 10


@pytest.fixture
def day(market, two_stores, paid_order, morning):
    """A: 상수네 채소 received + 바다 수산 ready (1/2); B: collected (2/2); C: packed (2/2);
    D: canceled (not counted)."""
    bags = {part.store.name: part for part in ready_all(paid_order)}
    fulfilment.receive_bag(code=bags["상수네 채소"].bag_code, market=market)
    collected = place_paid(market, two_stores, key="b")
    receive_all(collected, market)
    packed = place_paid(market, two_stores, key="c")
    receive_all(packed, market)
    fulfilment.mark_packed(order=packed)
    canceled = ordering.cancel_order(order=place_paid(market, two_stores, key="d"))
    return {"waiting": paid_order, "to_pack": collected, "packed": packed, "canceled": canceled}


def test_full_page_has_scan_box_counts_and_bags(center_client, day):
    response = center_client.get("/center/")
    html = response.content.decode()
    assert response.status_code == 200
    assert set(response["Vary"].split(", ")) == {"Cookie", "HX-Request"}
    assert "가방 QR을 찍거나 코드를 입력하세요" in html
    assert 'name="code"' in html and "autofocus" in html
    assert "카메라로 찍는 기능은 없어요" in html
    assert "<html" in html and 'id="board"' in html
    assert 'hx-trigger="every 15s, board-changed from:body"' in html
    counts = response.context["board"].counts
    assert (counts.orders, counts.bags_received, counts.bags_total, counts.packed) == (3, 5, 6, 1)
    assert "주문 <strong>3</strong>" in html
    assert "가방 도착 <strong>5/6</strong>" in html
    assert "포장 완료 <strong>1</strong>" in html
    for order in day.values():
        assert order.number in html


def test_partial_is_the_board_alone(center_client, day):
    response = center_client.get("/center/", **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<section id="board"')
    assert "<html" not in html and 'name="code"' not in html
    assert "가방 도착 <strong>5/6</strong>" in html


def test_bag_chips_by_state(center_client, day):
    rows = {row.order.number: row for row in center_client.get("/center/").context["board"].rows}
    waiting = rows[day["waiting"].number]
    assert [(b.part.store.name, b.state, b.label) for b in waiting.bags] == [
        ("바다 수산", "ready", "픽업 대기 · 가져와야 함"), ("상수네 채소", "received", "센터 도착 ✓")]
    assert (waiting.received, waiting.live, waiting.stage) == (1, 2, "waiting")
    assert [b.state for b in rows[day["canceled"].number].bags] == ["canceled", "canceled"]
    assert rows[day["to_pack"].number].stage == "to_pack"
    assert rows[day["packed"].number].stage == "packed"


def test_work_comes_first(center_client, day):
    rows = center_client.get("/center/").context["board"].rows
    assert [row.order for row in rows] == [day["to_pack"], day["waiting"], day["packed"], day["canceled"]]


def test_bag_chips_html(center_client, day):
    html = center_client.get("/center/?show=waiting").content.decode()
    assert '<li class="bag bag-received">' in html
    assert '<li class="bag bag-ready">' in html
    assert "픽업 대기 · 가져와야 함" in html
    html = center_client.get("/center/").content.decode()
    assert '<del><span class="bag-store">상수네 채소</span> · 취소</del>' in html


def test_new_and_picking_bags_are_grey(center_client, market, two_stores, morning):
    order = place_paid(market, two_stores, key="n")
    fulfilment.start_picking(part=MerchantOrder.objects.filter(order=order).order_by("pk").first())
    row = center_client.get("/center/").context["board"].rows[0]
    assert [(b.state, b.label) for b in row.bags] == [("working", "준비 중"), ("working", "새 주문")]


@pytest.mark.parametrize(("show", "stage"), [("waiting", "waiting"), ("to_pack", "to_pack"), ("packed", "packed")])
def test_filters(center_client, day, show, stage):
    response = center_client.get(f"/center/?show={show}")
    assert [row.order.number for row in response.context["board"].rows] == [day[stage].number]
    # The counts stay those of the whole day.
    assert response.context["board"].counts.orders == 3
    assert 'class="chip is-on"' in response.content.decode()


def test_filter_chips_show_counts(center_client, day):
    html = center_client.get("/center/").content.decode()
    for text in ("전체 4", "가방 기다리는 중 1", "포장할 주문 1", "포장 완료 1"):
        assert text in html


def test_other_date_is_empty_and_bad_date_means_today(center_client, day):
    response = center_client.get("/center/?date=2026-11-27")
    assert response.context["board"].rows == []
    assert "이 날 배송할 주문이 없어요." in response.content.decode()
    assert "11월 27일" in response.content.decode()
    assert len(center_client.get("/center/?date=nonsense").context["board"].rows) == 4


def test_slot_filter(center_client, day, market):
    late = place_paid(market, [StoreFactory(market=market)], key="late")
    Order.objects.filter(pk=late.pk).update(slot_start=dt.time(18, 0), slot_end=dt.time(20, 0))
    response = center_client.get("/center/")
    html = response.content.decode()
    assert response.context["board"].slots == [(dt.time(16, 0), dt.time(19, 0)), (dt.time(18, 0), dt.time(20, 0))]
    assert '<option value="18:00">18:00–20:00</option>' in html
    rows = center_client.get("/center/?slot=18:00").context["board"].rows
    assert [row.order.number for row in rows] == [late.number]


def _board_at(client, hour, minute):
    with time_machine.travel(btime.at(DAY, dt.time(hour, minute)), tick=False):
        return client.get("/center/")


def test_missing_bags_red_near_dispatch(center_client, day, market):
    """Slot 16:00, warning 60 minutes: at 15:10 every bag not yet in is red, with the store's
    stall and a phone link."""
    response = _board_at(center_client, 15, 10)
    html = response.content.decode()
    board = response.context["board"]
    urgent = [(row.order.number, b.part.store.name) for row in board.rows for b in row.bags if b.urgent]
    assert urgent == [(day["waiting"].number, "바다 수산")]
    assert [(m.store.name, [p.order.number for p in m.parts]) for m in board.missing] == [
        ("바다 수산", [day["waiting"].number])]
    assert html.count('class="bag bag-ready bag-urgent"') == 1
    assert "⚠ 아직 안 온 가방 1곳" in html
    assert 'href="tel:0315550000"' in html and "전화하기" in html
    assert "A동 1호" in html


def test_missing_bags_not_red_early(center_client, day):
    response = _board_at(center_client, 12, 0)
    html = response.content.decode()
    assert not any(b.urgent for row in response.context["board"].rows for b in row.bags)
    assert response.context["board"].missing == []
    assert "bag-urgent" not in html and "아직 안 온 가방" not in html


def test_warning_minutes_from_settings(center_client, day, settings):
    settings.JANGBOGI_DISPATCH_WARNING_MINUTES = 30
    assert _board_at(center_client, 15, 10).context["board"].missing == []
    assert len(_board_at(center_client, 15, 31).context["board"].missing) == 1


def test_stores_still_working_are_red_too(center_client, market, two_stores):
    with time_machine.travel(MORNING, tick=False):
        order = place_paid(market, two_stores, key="late-store")
    response = _board_at(center_client, 15, 30)
    row = response.context["board"].rows[0]
    assert row.order == order and [b.urgent for b in row.bags] == [True, True]
    assert [m.store.name for m in response.context["board"].missing] == ["바다 수산", "상수네 채소"]


def test_query_count_does_not_grow_with_orders(center_client, market, two_stores, morning,
                                               django_assert_num_queries):
    for i in range(2):
        place_paid(market, two_stores, key=f"q{i}")
    center_client.get("/center/")  # the session remembers the market
    with CaptureQueriesContext(connection) as few:
        center_client.get("/center/")
    # session, user, memberships, orders, parts + stores, lines, slots, session save (in a savepoint)
    assert len(few) == QUERIES
    for i in range(2, 14):
        order = place_paid(market, two_stores, key=f"q{i}")
        if i % 3 == 0:
            ready_all(order)
    with django_assert_num_queries(len(few)):
        response = center_client.get("/center/")
    assert len(response.context["board"].rows) == 14
