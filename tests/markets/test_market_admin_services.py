import datetime as dt

import pytest

from jangbogi.core.errors import Conflict, PermissionDenied, ValidationFailed
from jangbogi.markets import services
from jangbogi.markets.models import Market, Membership, Role, Store
from tests.factories import MarketFactory, StoreFactory, UserFactory


def test_update_market_settings(market):
    services.update_market_settings(market=market, order_cutoff=dt.time(14, 0), delivery_fee=2500)
    market.refresh_from_db()
    assert (market.order_cutoff, market.delivery_fee, market.delivery_start) == (dt.time(14), 2500, dt.time(16))


@pytest.mark.parametrize(("values", "field"), [
    ({"order_cutoff": dt.time(8, 0)}, "order_cutoff"),
    ({"delivery_end": dt.time(15, 0)}, "delivery_end"),
    ({"delivery_start": dt.time(12, 0)}, "delivery_start"),
    ({"delivery_fee": -1}, "delivery_fee"),
    ({"delivery_radius_m": 50}, "delivery_radius_m"),
])
def test_bad_market_settings_change_nothing(market, values, field):
    with pytest.raises(ValidationFailed) as exc:
        services.update_market_settings(market=market, **values)
    assert field in exc.value.details["errors"]
    fresh = Market.objects.get(pk=market.pk)
    assert (fresh.order_cutoff, fresh.delivery_fee, fresh.delivery_radius_m) == (dt.time(13), 3000, 3000)


def test_create_and_edit_store(market):
    store = services.save_store(market=market, name="새싹 채소", owner_name="이새싹", bizno="2208162517",
                                mail_order_no="", mail_order_exemption="간이과세자", phone="031-555-9999",
                                stall="C동 3호", accepts_onnuri=True)
    assert (store.bizno, store.accepts_onnuri, store.is_active) == ("220-81-62517", True, True)
    services.save_store(market=market, store=store, stall="C동 4호", is_active=False)
    store.refresh_from_db()
    assert (store.stall, store.is_active, store.name) == ("C동 4호", False, "새싹 채소")


def test_store_with_bad_bizno_or_no_mail_order_info_refused(market):
    with pytest.raises(ValidationFailed) as exc:
        services.save_store(market=market, name="가게", owner_name="김", bizno="220-81-62518", phone="031")
    assert set(exc.value.details["errors"]) == {"bizno", "mail_order_no"}
    assert Store.objects.count() == 0


def test_store_of_another_market_refused(market):
    other = StoreFactory(market=MarketFactory())
    with pytest.raises(PermissionDenied):
        services.save_store(market=market, store=other, stall="X")


def test_add_and_remove_staff(market):
    store = StoreFactory(market=market)
    m = services.add_staff(market=market, role=Role.MERCHANT, username="kim", name="김상인", password="longpass1",
                           store=store)
    assert (m.user.username, m.store, m.market) == ("kim", store, None)
    assert m.user.check_password("longpass1")
    with pytest.raises(Conflict):
        services.add_staff(market=market, role=Role.MERCHANT, username="kim", name="", password="", store=store)
    center = services.add_staff(market=market, role=Role.CENTER_STAFF, username="kim", name="", password="")
    assert center.user_id == m.user_id
    services.remove_staff(market=market, membership=m)
    assert list(Membership.objects.values_list("role", flat=True)) == [Role.CENTER_STAFF]


def test_staff_rules(market):
    with pytest.raises(ValidationFailed):
        services.add_staff(market=market, role=Role.OPERATOR, username="op", name="", password="longpass1")
    with pytest.raises(ValidationFailed):
        services.add_staff(market=market, role=Role.MERCHANT, username="m", name="", password="longpass1",
                           store=StoreFactory(market=MarketFactory()))
    with pytest.raises(ValidationFailed):
        services.add_staff(market=market, role=Role.CENTER_STAFF, username="short", name="", password="123")
    foreign = Membership.objects.create(user=UserFactory(), role=Role.MARKET_ADMIN, market=MarketFactory())
    with pytest.raises(PermissionDenied):
        services.remove_staff(market=market, membership=foreign)
    assert Membership.objects.count() == 1
