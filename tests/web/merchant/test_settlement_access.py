"""Who may see 정산: a merchant, for their own store only; center staff and customers get 403,
anonymous users the login page — and nobody pays out another store."""

import datetime as dt

import pytest

from jangbogi.markets.models import Membership, Role
from jangbogi.settlement import ingest
from jangbogi.settlement.models import Payout
from tests.conftest import MORNING
from tests.factories import UserFactory
from tests.web.merchant.conftest import merchant_of

GETS = ["/merchant/settlement/", "/merchant/settlement/export.csv", "/merchant/settlement/export.xlsx"]
PAYOUT = "/merchant/settlement/payout"


@pytest.fixture
def settled(morning, paid_order):
    ingest.settle_order(paid_order)
    return paid_order


def test_another_stores_statement_is_impossible(merchant, settled, veg, fish):
    response = merchant.get(f"/merchant/settlement/?store={fish.pk}")
    assert response.context["statement"].store == veg
    assert "8,000원" not in response.content.decode()
    csv = merchant.get(f"/merchant/settlement/export.csv?store={fish.pk}").content.decode("utf-8-sig")
    assert "8000" not in csv and "3000" in csv


def test_another_store_cannot_be_paid_out(client, settled, veg, fish, morning):
    morning.move_to(MORNING + dt.timedelta(days=1))
    client.force_login(merchant_of(fish))
    client.post(f"{PAYOUT}?store={veg.pk}", {"period": "day", "date": "2026-11-26"})
    assert list(Payout.objects.values_list("store", "amount")) == [(fish.pk, 7920)]


def test_a_merchant_of_two_stores_switches_between_them(client, settled, veg, fish, morning):
    user = merchant_of(veg)
    Membership.objects.create(user=user, role=Role.MERCHANT, store=fish)
    client.force_login(user)
    assert client.get("/merchant/settlement/").context["statement"].store == veg
    response = client.get(f"/merchant/settlement/?store={fish.pk}")
    assert response.context["statement"].store == fish
    assert response.context["statement"].captured == 8000


@pytest.mark.parametrize("path", GETS)
def test_center_staff_and_customers_are_forbidden(client, market, settled, path):
    center = UserFactory()
    Membership.objects.create(user=center, role=Role.CENTER_STAFF, market=market)
    for user in (center, UserFactory(username="customer")):
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 403
        assert "이 화면을 볼 권한이 없어요" in response.content.decode()


def test_center_staff_cannot_request_a_payout(client, market, settled, morning):
    morning.move_to(MORNING + dt.timedelta(days=1))
    center = UserFactory()
    Membership.objects.create(user=center, role=Role.CENTER_STAFF, market=market)
    client.force_login(center)
    assert client.post(PAYOUT, {"period": "day", "date": "2026-11-26"}).status_code == 403
    assert not Payout.objects.exists()


@pytest.mark.parametrize("path", GETS)
def test_anonymous_goes_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=%2Fmerchant%2Fsettlement%2F")


def test_anonymous_payout_changes_nothing(client, settled):
    assert client.post(PAYOUT, {"period": "day", "date": "2026-11-25"}).status_code == 302
    assert not Payout.objects.exists()
