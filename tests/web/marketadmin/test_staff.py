"""직원: the market's logins and roles, adding one (markets.services.add_staff) and removing
one after a confirm step (markets.services.remove_staff)."""

import pytest

from jangbogi.accounts.models import User
from jangbogi.markets.models import Membership, Role
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.web.marketadmin.conftest import htmx


@pytest.fixture
def veg(market):
    return StoreFactory(market=market, name="상수네 채소")


@pytest.fixture
def team(market, veg, admin, operator, other):
    """Besides the admin: a center worker, a merchant of 상수네 채소, an operator (everywhere),
    and market B's admin."""
    center = MembershipFactory(user=UserFactory(username="center1", name="이센터"), role=Role.CENTER_STAFF,
                               market=market)
    merchant = MembershipFactory(user=UserFactory(username="sangsu", name="박상수"), role=Role.MERCHANT, store=veg)
    return center, merchant


def merchant_form(shop, **changes) -> dict:
    return {"role": "merchant", "store": str(shop.pk), "username": "newbie", "name": "김신입",
            "password": "longpass1", **changes}


def test_list_shows_this_markets_staff_only(admin_client, team, admin):
    response = admin_client.get("/market-admin/staff")
    rows = [(m.user.username, m.role, m.store.name if m.store else None) for m in response.context["staff"]]
    assert rows == [("admin", "market_admin", None), ("center1", "center_staff", None),
                    ("sangsu", "merchant", "상수네 채소")]
    html = response.content.decode()
    assert "operator" not in html and "osan-admin" not in html
    assert "<h2>테스트시장" in html and "3명" in html
    center, merchant = team
    assert f'href="/market-admin/staff/{merchant.pk}/remove"' in html
    assert f'href="/market-admin/staff/{center.pk}/remove"' in html
    own = Membership.objects.get(user=admin)
    assert f"/market-admin/staff/{own.pk}/remove" not in html and "본인 권한" in html


def test_role_choices_are_limited(admin_client, veg, other):
    form = admin_client.get("/market-admin/staff").context["form"]
    assert [c[0] for c in form.fields["role"].choices] == ["merchant", "center_staff", "market_admin"]
    assert form.fields["store"].choices == [("", "— 상점 고르기 —"), (veg.pk, "상수네 채소")]


def test_add_merchant_login(admin_client, market, veg):
    response = admin_client.post("/market-admin/staff", merchant_form(veg))
    assert response.status_code == 302 and response["Location"] == "/market-admin/staff"
    user = User.objects.get(username="newbie")
    assert (user.name, user.check_password("longpass1")) == ("김신입", True)
    assert list(Membership.objects.filter(user=user).values_list("role", "store", "market")) == [
        ("merchant", veg.pk, None)]
    assert "newbie 아이디에 상인 권한을 주었어요." in admin_client.get("/market-admin/staff").content.decode()


def test_add_with_htmx_returns_section_with_new_row(admin_client, market, veg):
    response = admin_client.post("/market-admin/staff", merchant_form(veg, role="center_staff", store=""),
                                 **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="staff">') and "<html" not in html
    assert "newbie 아이디에 배송센터 직원 권한을 주었어요." in html
    assert "<strong>newbie</strong> · 김신입" in html
    assert 'name="username" autocapitalize="none"' in html and 'value="newbie"' not in html  # a blank form again
    assert Membership.objects.get(user__username="newbie").market == market


def test_merchant_needs_a_store(admin_client, veg):
    response = admin_client.post("/market-admin/staff", merchant_form(veg, store=""), **htmx())
    assert response.context["form"].errors == {"store": ["상점을 골라 주세요."]}
    html = response.content.decode()
    assert "상인은 이 시장의 상점을 골라야 합니다." in html and 'value="newbie"' in html and 'value="김신입"' in html
    assert not User.objects.filter(username="newbie").exists()


def test_store_of_another_market_refused(admin_client, veg, other):
    response = admin_client.post("/market-admin/staff", merchant_form(other.store))
    assert response.context["form"].errors == {"store": ["이 시장의 상점을 골라 주세요."]}
    assert not User.objects.filter(username="newbie").exists()


def test_operator_role_refused(admin_client, veg):
    response = admin_client.post("/market-admin/staff", merchant_form(veg, role="operator"))
    assert response.context["form"].errors == {"role": ["상인, 배송센터 직원, 시장 관리자 중에서 골라 주세요."]}
    assert not Membership.objects.filter(role=Role.OPERATOR, user__username="newbie").exists()


def test_short_password_and_missing_username(admin_client, veg):
    errors = admin_client.post("/market-admin/staff", merchant_form(veg, password="1234")).context["form"].errors
    assert errors == {"password": ["8자 이상으로 정해 주세요."]}
    errors = admin_client.post("/market-admin/staff", merchant_form(veg, username=" ")).context["form"].errors
    assert errors == {"username": ["아이디를 적어 주세요."]}
    assert User.objects.filter(username__in=["newbie", ""]).count() == 0


def test_existing_login_gains_a_role_and_duplicates_are_refused(admin_client, market, veg, team):
    response = admin_client.post("/market-admin/staff", {"role": "center_staff", "username": "sangsu"})
    assert response.status_code == 302
    assert sorted(Membership.objects.filter(user__username="sangsu").values_list("role", flat=True)) == [
        "center_staff", "merchant"]
    again = admin_client.post("/market-admin/staff", {"role": "center_staff", "username": "sangsu"})
    assert "이미 같은 권한이 있습니다." in again.content.decode()
    assert Membership.objects.filter(user__username="sangsu").count() == 2


def test_confirm_step_then_remove(admin_client, team):
    center, merchant = team
    page = admin_client.get(f"/market-admin/staff/{merchant.pk}/remove")
    html = page.content.decode()
    assert "<h1>권한 빼기</h1>" in html and "sangsu의 <strong>상인</strong> (상수네 채소) 권한을 뺄까요?" in html
    assert Membership.objects.filter(pk=merchant.pk).exists()  # asking removes nothing

    partial = admin_client.get(f"/market-admin/staff/{merchant.pk}/remove", **htmx()).content.decode()
    assert partial.lstrip().startswith('<div class="ma-confirm"') and "<h1>" not in partial
    assert "네, 권한 빼기" in partial

    response = admin_client.post(f"/market-admin/staff/{merchant.pk}/remove")
    assert response.status_code == 302 and response["Location"] == "/market-admin/staff"
    assert not Membership.objects.filter(pk=merchant.pk).exists()
    assert User.objects.filter(username="sangsu").exists()  # the login stays; only the role goes
    assert "sangsu의 상인 권한을 뺐어요." in admin_client.get("/market-admin/staff").content.decode()


def test_cannot_remove_own_role(admin_client, admin):
    own = Membership.objects.get(user=admin)
    html = admin_client.get(f"/market-admin/staff/{own.pk}/remove").content.decode()
    assert "본인의 권한은 다른 관리자가 빼야 해요." in html and "네, 권한 빼기" not in html
    admin_client.post(f"/market-admin/staff/{own.pk}/remove")
    assert Membership.objects.filter(pk=own.pk).exists()


def test_other_markets_and_operator_memberships_are_404(admin_client, team, operator, other):
    op = Membership.objects.get(user=operator)
    for membership in (other.admin, op):
        assert admin_client.get(f"/market-admin/staff/{membership.pk}/remove").status_code == 404
        assert admin_client.post(f"/market-admin/staff/{membership.pk}/remove").status_code == 404
    assert Membership.objects.filter(pk__in=[other.admin.pk, op.pk]).count() == 2


def test_other_markets_merchant_is_404(admin_client, market, other):
    foreign = MembershipFactory(role=Role.MERCHANT, store=other.store)
    assert admin_client.post(f"/market-admin/staff/{foreign.pk}/remove").status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_operator_manages_the_chosen_market(client, operator, market, veg, other):
    client.force_login(operator)
    client.get(f"/market-admin/staff?market={other.market.slug}")
    client.post("/market-admin/staff", {"role": "center_staff", "username": "osan-center", "password": "longpass1"})
    assert Membership.objects.get(user__username="osan-center").market == other.market
    response = client.post(f"/market-admin/staff/{other.admin.pk}/remove")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=other.admin.pk).exists()
