"""오늘 할 일: the store's parts for a delivery day by slot, counters, the 20-second poll with
its new-order banner, the empty state, who may see it, and a query count that does not grow."""

import datetime as dt

import pytest

from jangbogi.markets.models import Membership, Role
from jangbogi.orders import fulfilment
from jangbogi.orders.models import Order
from tests.conftest import MORNING
from tests.factories import ProductFactory, StoreFactory, UserFactory
from tests.web.conftest import htmx
from tests.web.merchant.conftest import merchant_of, place_paid_order

TOMORROW = MORNING.date() + dt.timedelta(days=1)


def short(order) -> str:
    return order.number[-4:]


def test_full_page_shows_the_stores_part_as_a_card(merchant, paid_order, veg_part):
    response = merchant.get("/merchant/")
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert "<title>오늘 주문 · 장보기</title>" in html
    assert "오늘 할 일" in html
    board = response.context["board"]
    assert [[p.pk for p in g.parts] for g in board.groups] == [[veg_part.pk]]
    assert (board.groups[0].start, board.groups[0].end) == (dt.time(16), dt.time(19))
    assert "16:00–19:00 배송" in html
    assert f"주문 <strong>{short(paid_order)}</strong>" in html
    assert '<span class="mo-badge st-new">새 주문</span>' in html
    assert "김** 님 · 상품 1개" in html
    assert "애호박 2" in html
    assert "고등어" not in html  # the other store's part
    assert "010-5550-1234" not in html
    assert f'href="/merchant/parts/{veg_part.pk}/"' in html
    assert "주문 보고 준비하기" in html


def test_counters_by_status(merchant, market, veg, paid_order, veg_part):
    zucchini = veg_part.lines.get().product
    picking = place_paid_order(market, (zucchini, 1), key="b")
    ready = place_paid_order(market, (zucchini, 1), key="c")
    fulfilment.start_picking(part=picking.merchant_orders.get())
    ready_part = ready.merchant_orders.get()
    fulfilment.pick_line(line=ready_part.lines.get())
    fulfilment.mark_ready(part=ready_part)

    response = merchant.get("/merchant/")
    assert {k: response.context["board"].counts[k] for k in ("new", "picking", "ready")} == {
        "new": 1, "picking": 1, "ready": 1}
    html = response.content.decode()
    assert '<li class="mo-count st-new has-some"><span>새 주문</span><strong>1</strong></li>' in html
    assert '<li class="mo-count st-picking"><span>준비 중</span><strong>1</strong></li>' in html
    assert '<li class="mo-count st-ready"><span>픽업 대기</span><strong>1</strong></li>' in html
    assert "준비 끝 · 가방 라벨 보기" in html


def test_parts_grouped_by_slot_in_slot_order(merchant, market, veg, paid_order, veg_part):
    zucchini = veg_part.lines.get().product
    early = place_paid_order(market, (zucchini, 1), key="early", recipient_name="이영희")
    Order.objects.filter(pk=early.pk).update(slot_start=dt.time(14), slot_end=dt.time(16))
    response = merchant.get("/merchant/")
    groups = response.context["board"].groups
    assert [(g.start, g.end, [p.order.number for p in g.parts]) for g in groups] == [
        (dt.time(14), dt.time(16), [early.number]),
        (dt.time(16), dt.time(19), [paid_order.number]),
    ]
    assert "이** 님" in response.content.decode()


def test_customer_notes_are_on_the_card(merchant, market, veg):
    spinach = ProductFactory(store=veg, name="시금치", unit_label="1단", price=2000)
    place_paid_order(market, (spinach, 1, "refund", "뿌리 떼고 주세요"), key="note")
    html = merchant.get("/merchant/").content.decode()
    assert '<span class="mo-note">부탁 · 시금치: 뿌리 떼고 주세요</span>' in html


def test_tomorrow_tab_shows_tomorrows_parts_only(merchant, market, veg, paid_order, veg_part):
    zucchini = veg_part.lines.get().product
    later = place_paid_order(market, (zucchini, 1), key="tomorrow", slot_date=TOMORROW)
    today_numbers = [p.order.number for g in merchant.get("/merchant/").context["board"].groups for p in g.parts]
    assert today_numbers == [paid_order.number]
    response = merchant.get(f"/merchant/?date={TOMORROW:%Y-%m-%d}")
    assert [p.order.number for g in response.context["board"].groups for p in g.parts] == [later.number]
    html = response.content.decode()
    assert "내일 할 일" in html
    assert f'href="?date={TOMORROW:%Y-%m-%d}" aria-current="page">내일' in html


def test_bad_date_falls_back_to_today(merchant, paid_order):
    response = merchant.get("/merchant/?date=어제")
    assert response.status_code == 200
    assert response.context["day"] == MORNING.date()


def test_empty_state(client, morning, market):
    client.force_login(merchant_of(StoreFactory(market=market)))
    html = client.get("/merchant/").content.decode()
    assert "오늘은 아직 주문이 없어요" in html
    assert '<strong>0</strong>' in html


def test_htmx_poll_returns_the_board_with_the_seen_count(merchant, paid_order):
    response = merchant.get("/merchant/?seen=1", **htmx())
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="board"')
    assert "<html" not in html
    assert f'hx-get="/merchant/?date={MORNING:%Y-%m-%d}&amp;seen=1" hx-trigger="every 20s"' in html
    assert "새 주문이 들어왔어요!" not in html


def test_banner_when_new_orders_grew_since_the_last_poll(merchant, market, paid_order, veg_part):
    place_paid_order(market, (veg_part.lines.get().product, 1), key="second")
    html = merchant.get("/merchant/?seen=1", **htmx()).content.decode()
    assert "새 주문이 들어왔어요!" in html
    assert '<div id="new-order-alert" class="mo-alert" role="alert" data-beep hx-swap-oob="true">' in html
    assert "seen=2" in html  # the next poll compares with 2


def test_no_banner_on_the_full_page_or_when_nothing_new(merchant, paid_order, veg_part):
    assert "새 주문이 들어왔어요!" not in merchant.get("/merchant/?seen=0").content.decode()
    fulfilment.start_picking(part=veg_part)  # new orders fell from 1 to 0
    assert "새 주문이 들어왔어요!" not in merchant.get("/merchant/?seen=1", **htmx()).content.decode()


def test_the_page_has_the_beep_script_that_cannot_throw(merchant, paid_order):
    html = merchant.get("/merchant/").content.decode()
    assert "AudioContext" in html and "catch (e)" in html
    assert '<div id="new-order-alert" hidden></div>' in html


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/merchant/")
    assert (response.status_code, response["Location"]) == (302, "/login?next=%2Fmerchant%2F")


@pytest.mark.parametrize("role", ["center_staff", "customer"])
def test_other_roles_are_refused(client, market, role):
    user = UserFactory()
    if role == "center_staff":
        Membership.objects.create(user=user, role=Role.CENTER_STAFF, market=market)
    client.force_login(user)
    response = client.get("/merchant/")
    assert response.status_code == 403
    assert "이 화면을 볼 권한이 없어요" in response.content.decode()


def test_queries_do_not_grow_with_orders(merchant, market, veg, paid_order, veg_part,
                                         django_assert_num_queries):
    merchant.get("/merchant/")  # the first request after login also notes the login time
    # session, user, membership, parts, their lines, the lines' proposals, session save (3)
    with django_assert_num_queries(9):
        merchant.get("/merchant/")
    zucchini = veg_part.lines.get().product
    other = ProductFactory(store=veg, name="대파", price=3000)
    for n in range(6):
        place_paid_order(market, (zucchini, 1), (other, 1, "refund", "굵은 걸로"), key=f"k{n}")
    with django_assert_num_queries(9):
        response = merchant.get("/merchant/")
    assert sum(len(g.parts) for g in response.context["board"].groups) == 7


def test_a_merchant_of_two_stores_switches_between_them(client, morning, veg, fish, paid_order, fish_part):
    user = merchant_of(veg)
    Membership.objects.create(user=user, role=Role.MERCHANT, store=fish)
    client.force_login(user)
    html = client.get("/merchant/").content.decode()
    assert f'<a class="chip" href="?store={fish.pk}">바다 수산</a>' in html
    response = client.get(f"/merchant/?store={fish.pk}")
    assert [p.pk for g in response.context["board"].groups for p in g.parts] == [fish_part.pk]
    assert client.get(f"/merchant/parts/{fish_part.pk}/").status_code == 200  # the session remembers
