"""Who may use the center console, and that a center only ever sees its own market."""

import pytest

from jangbogi.markets.models import Role
from tests.factories import DeliveryCenterFactory, MarketFactory, StoreFactory, UserFactory
from tests.web.center.builders import htmx, place_paid, ready_all, receive_all, staff_user, state

PAGES = ["/center/", "/center/orders/{number}/", "/center/orders/{number}/slip.pdf",
         "/center/orders/{number}/label.pdf"]
POSTS = ["/center/scan", "/center/orders/{number}/pack"]


@pytest.fixture
def other_market(db):
    market = MarketFactory(name="오산오색시장", slug="osan")
    DeliveryCenterFactory(market=market)
    return market


@pytest.fixture
def foreign_order(other_market, morning):
    """A collected order of the other market, plus a ready bag of a second one."""
    stores = [StoreFactory(market=other_market, name="오색 정육"), StoreFactory(market=other_market)]
    order = place_paid(other_market, stores, key="osan-1")
    receive_all(order, other_market)
    return order


@pytest.mark.parametrize("path", PAGES + POSTS)
def test_anonymous_goes_to_login(client, paid_order, path):
    target = path.format(number=paid_order.number)
    response = client.post(target) if path in POSTS else client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", PAGES + POSTS)
def test_merchant_and_customer_forbidden(client, paid_order, two_stores, path):
    target = path.format(number=paid_order.number)
    for user in (staff_user(Role.MERCHANT, store=two_stores[0]), UserFactory()):
        client.force_login(user)
        response = client.post(target) if path in POSTS else client.get(target)
        assert response.status_code == 403
        assert "이 화면을 볼 권한이 없어요" in response.content.decode()


@pytest.mark.parametrize("path", PAGES[1:])
def test_center_staff_cannot_see_another_markets_order(center_client, foreign_order, path):
    assert center_client.get(path.format(number=foreign_order.number)).status_code == 404


def test_center_staff_cannot_pack_another_markets_order(center_client, foreign_order):
    before = state()
    assert center_client.post(f"/center/orders/{foreign_order.number}/pack").status_code == 404
    assert state() == before


def test_center_staff_cannot_receive_another_markets_bag(center_client, other_market, morning):
    order = place_paid(other_market, [StoreFactory(market=other_market)], key="osan-2")
    bag = ready_all(order)[0]
    before = state()
    html = center_client.post("/center/scan", {"code": bag.bag_code}, **htmx()).content.decode()
    assert "다른 시장(오산오색시장)의 가방입니다. 받지 마세요." in html
    assert state() == before


def test_center_staff_cannot_switch_market(center_client, market, foreign_order):
    response = center_client.get("/center/?market=osan")
    assert response.context["market"] == market
    assert foreign_order.number not in response.content.decode()
    assert 'name="market"' in response.content.decode()  # a hidden field only
    assert "<select name=\"market\"" not in response.content.decode()


def test_market_admin_may_use_the_center(client, market, morning, paid_order):
    client.force_login(staff_user(Role.MARKET_ADMIN, market=market))
    response = client.get("/center/")
    assert response.status_code == 200
    assert [row.order for row in response.context["board"].rows] == [paid_order]


def test_operator_switches_market(client, market, paid_order, foreign_order, other_market):
    client.force_login(staff_user(Role.OPERATOR))
    html = client.get(f"/center/?market={market.slug}").content.decode()
    assert paid_order.number in html and foreign_order.number not in html
    assert '<select name="market"' in html
    assert f'<option value="osan">{other_market.name}</option>' in html

    response = client.get("/center/?market=osan")
    assert response.context["market"] == other_market
    assert [row.order for row in response.context["board"].rows] == [foreign_order]
    assert '<option value="osan" selected>오산오색시장</option>' in response.content.decode()
    # The chosen market sticks (session) for the order pages.
    assert client.get(f"/center/orders/{foreign_order.number}/").status_code == 200
    assert client.get(f"/center/orders/{paid_order.number}/").status_code == 404
    assert client.get(f"/center/orders/{paid_order.number}/?market={market.slug}").status_code == 200
