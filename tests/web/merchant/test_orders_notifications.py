"""The store's notifications: its own only, newest first, 30 a page."""

import pytest

from jangbogi.markets.models import Membership, Role
from jangbogi.notifications import services as notifications
from jangbogi.notifications.models import Notification
from jangbogi.notifications.selectors import notifications_for_store
from tests.factories import ProductFactory, UserFactory
from tests.web.conftest import htmx
from tests.web.merchant.conftest import place_paid_order


def test_selector_is_scoped_to_the_store_and_newest_first(db):
    first = notifications.notify_store(store_id=1, phone="", template="new_order", text="첫째")
    notifications.notify_store(store_id=2, phone="", template="new_order", text="다른 가게")
    second = notifications.notify_store(store_id=1, phone="", template="moved_line", text="둘째")
    assert list(notifications_for_store(1)) == [second, first]


def test_page_shows_this_stores_notifications(merchant, market, veg, fish,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # stores are told after the commit
        paid_order = place_paid_order(market, (ProductFactory(store=veg, name="대파"), 1),
                                      (ProductFactory(store=fish, name="갈치"), 1), key="n")
    response = merchant.get("/merchant/notifications")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>알림 · 장보기</title>" in html
    assert f"새 주문 {paid_order.number}: 1개 상품, 11/26 16:00 배송" in html
    assert "[장보기]" not in html
    assert '<span class="mo-note-kind">새 주문</span> 11월 26일 10:00' in html
    assert 'href="/merchant/notifications" aria-current="page">알림</a>' in html
    assert [n.store_id for n in response.context["page_obj"]] == [veg.pk]  # not 바다 수산's


def test_htmx_partial(merchant):
    html = merchant.get("/merchant/notifications", **htmx()).content.decode()
    assert html.lstrip().startswith('<section id="notifications">')
    assert "<html" not in html


def test_paginated_by_thirty(merchant, veg):
    Notification.objects.bulk_create(
        Notification(audience="merchant", store_id=veg.pk, template="new_order", text=f"알림 {n}")
        for n in range(35))
    first = merchant.get("/merchant/notifications")
    assert len(first.context["page_obj"]) == 30
    assert "1 / 2" in first.content.decode()
    assert len(merchant.get("/merchant/notifications?page=2").context["page_obj"]) == 5


def test_empty(merchant):
    assert "아직 알림이 없어요" in merchant.get("/merchant/notifications").content.decode()


def test_anonymous_and_other_roles(client, market):
    assert client.get("/merchant/notifications")["Location"] == "/login?next=%2Fmerchant%2Fnotifications"
    staff = UserFactory()
    Membership.objects.create(user=staff, role=Role.MARKET_ADMIN, market=market)
    client.force_login(staff)
    assert client.get("/merchant/notifications").status_code == 403


@pytest.mark.parametrize("rows", [1, 12])
def test_queries_do_not_grow(merchant, veg, rows, django_assert_num_queries):
    Notification.objects.bulk_create(
        Notification(audience="merchant", store_id=veg.pk, template="new_order", text="알림")
        for _ in range(rows))
    merchant.get("/merchant/notifications")
    # session, user, membership, count, page, session save (3)
    with django_assert_num_queries(8):
        merchant.get("/merchant/notifications")
