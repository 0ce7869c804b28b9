"""Who may enter the market admin portal, and which market they act for."""

import pytest

from jangbogi.markets.models import Membership, Role
from tests.factories import MembershipFactory, StoreFactory, UserFactory

PAGES = ["/market-admin/", "/market-admin/settings", "/market-admin/stores", "/market-admin/stores/new",
         "/market-admin/staff"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", [Role.MERCHANT, Role.CENTER_STAFF])
@pytest.mark.parametrize("url", PAGES)
def test_merchant_and_center_staff_are_forbidden(client, market, role, url):
    scope = {"store": StoreFactory(market=market)} if role == Role.MERCHANT else {"market": market}
    client.force_login(MembershipFactory(role=role, **scope).user)
    response = client.get(url)
    assert response.status_code == 403
    assert "이 화면을 볼 권한이 없어요" in response.content.decode()


def test_customer_is_forbidden(client, db):
    client.force_login(UserFactory())
    assert client.get("/market-admin/").status_code == 403


def test_forbidden_post_changes_nothing(client, market):
    client.force_login(MembershipFactory(role=Role.CENTER_STAFF, market=market).user)
    response = client.post("/market-admin/settings", {"delivery_fee": "0"})
    assert response.status_code == 403
    market.refresh_from_db()
    assert market.delivery_fee == 3000


@pytest.mark.parametrize("url", PAGES)
def test_market_admin_sees_their_market(admin_client, market, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["market"] == market
    assert "다른 시장 보기" not in response.content.decode()  # one market: no switcher


def test_market_admin_cannot_switch_to_another_market(admin_client, market, other):
    response = admin_client.get(f"/market-admin/stores?market={other.market.slug}")
    assert response.context["market"] == market
    html = response.content.decode()
    assert other.store.name not in html
    assert other.market.name not in html
    # Nor does the attempt stick for the next page.
    assert admin_client.get("/market-admin/staff").context["market"] == market


def test_operator_switches_markets(client, operator, market, other):
    client.force_login(operator)
    first = client.get(f"/market-admin/stores?market={market.slug}")
    html = first.content.decode()
    assert "다른 시장 보기" in html
    assert f'<option value="{other.market.slug}">{other.market.name}</option>' in html
    response = client.get(f"/market-admin/stores?market={other.market.slug}")
    assert response.context["market"] == other.market
    assert other.store.name in response.content.decode()
    # The choice is remembered for the next page.
    assert client.get("/market-admin/staff").context["market"] == other.market
    assert [m.user.username for m in client.get("/market-admin/staff").context["staff"]] == ["osan-admin"]


def test_operator_edits_another_markets_store(client, operator, market, other):
    client.force_login(operator)
    client.get(f"/market-admin/?market={other.market.slug}")
    assert client.get(f"/market-admin/stores/{other.store.pk}/edit").status_code == 200
    assert Membership.objects.filter(role=Role.OPERATOR).count() == 1


def test_admin_lands_here_after_login(client, admin):
    response = client.post("/login", {"username": "admin", "password": "pass1234!"})
    assert response["Location"] == "/market-admin/"


def test_nav_marks_the_current_page(admin_client):
    html = admin_client.get("/market-admin/settings").content.decode()
    assert '<a href="/market-admin/settings" aria-current="page">운영 설정</a>' in html
    assert '<a href="/center/">배송센터</a>' in html
