"""The payments admin: caps and store profiles are editable by staff."""

import datetime as dt

import pytest

from jangbogi.payments.models import LocalCurrencyCap, StorePaymentProfile
from tests.factories import StoreFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_caps_are_listed_and_a_sigun_row_can_be_added(admin_client):
    listing = admin_client.get("/admin/payments/localcurrencycap/")
    assert listing.status_code == 200
    assert "전체 시군" in listing.content.decode()

    response = admin_client.post("/admin/payments/localcurrencycap/add/", {
        "sigun": "이천시", "cap_won": "3000000000", "effective_from": "2026-01-01", "effective_to": "",
        "note": "이천시 2026년부터 30억 원"})

    assert response.status_code == 302
    row = LocalCurrencyCap.objects.get(sigun="이천시")
    assert (row.cap_won, row.effective_from, row.effective_to) == (3_000_000_000, dt.date(2026, 1, 1), None)


def test_a_cap_ending_before_it_starts_is_refused_in_korean(admin_client):
    response = admin_client.post("/admin/payments/localcurrencycap/add/", {
        "sigun": "수원시", "cap_won": "3000000000", "effective_from": "2026-01-01", "effective_to": "2025-12-31"})

    assert response.status_code == 200
    assert "적용 종료일은 시작일과 같거나 늦어야 합니다." in response.content.decode()
    assert not LocalCurrencyCap.objects.filter(sigun="수원시").exists()


def test_a_store_profile_can_be_added(admin_client):
    store = StoreFactory()
    assert admin_client.get("/admin/payments/storepaymentprofile/").status_code == 200

    response = admin_client.post("/admin/payments/storepaymentprofile/add/", {
        "store": store.pk, "local_currency_registered": "on", "annual_revenue": "900000000",
        "revenue_year": "2025"})

    assert response.status_code == 302
    profile = StorePaymentProfile.objects.get(store=store)
    assert (profile.local_currency_registered, profile.onnuri_card_registered, profile.annual_revenue) == (
        True, False, 900_000_000)


def test_a_revenue_without_its_year_is_refused_in_korean(admin_client):
    store = StoreFactory()

    response = admin_client.post("/admin/payments/storepaymentprofile/add/", {
        "store": store.pk, "annual_revenue": "900000000", "revenue_year": ""})

    assert response.status_code == 200
    assert "연 매출을 적으면 몇 년 매출인지도 적어 주세요." in response.content.decode()
    assert not StorePaymentProfile.objects.exists()
