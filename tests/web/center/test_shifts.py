"""근무표: the center (and the market admin) set a rider's shift for a day, see the day's slot
places and where they come from (shifts or the typed count), copy last week; another market's
rider or shift is 404 and nothing changes."""

import datetime as dt

import pytest
import time_machine

from jangbogi.markets.models import RiderShift, Role
from tests.conftest import MORNING
from tests.delivery.builders import rider
from tests.factories import DeliveryCenterFactory, DeliverySlotRuleFactory, MarketFactory
from tests.web.center.builders import staff_user

pytestmark = pytest.mark.django_db
TODAY = MORNING.date()
T = dt.time


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def slot(market):
    return DeliverySlotRuleFactory(market=market, start=T(16), end=T(19), order_cutoff=T(13), riders=2,
                                   bundles_per_rider=10, packing_capacity=30)


@pytest.fixture
def kim(market):
    return rider(market, "김배달", username="rider1", bags=8, kg=40)


def test_page_says_the_typed_count_applies_without_shifts(center_client, market, slot, kim):
    html = center_client.get(f"/center/shifts/?date={TODAY}").content.decode()
    assert "김배달" in html and "쉬는 날" in html
    assert "20자리" in html and "이날 근무표가 없어 배송 시간에 적은 기사 수(2명) 기준" in html


def test_saving_a_shift_changes_the_slot_places(center_client, market, slot, kim):
    response = center_client.post(f"/center/shifts/riders/{kim.pk}", {
        "date": TODAY.isoformat(), "start": "15:30", "end": "19:30", "capacity_bags": "6", "capacity_kg": "30"})
    assert response.status_code == 302
    shift = RiderShift.objects.get()
    assert (shift.user, shift.date, shift.start, shift.end, shift.capacity_bags) == (kim.user, TODAY, T(15, 30),
                                                                                      T(19, 30), 6)
    html = center_client.get(response["Location"]).content.decode()
    assert "10자리" in html and "근무표 기준: 이 시간을 모두 맡는 기사 1명" in html


def test_bad_shift_is_refused_in_korean(center_client, market, slot, kim):
    response = center_client.post(f"/center/shifts/riders/{kim.pk}", {
        "date": TODAY.isoformat(), "start": "19:00", "end": "15:00", "capacity_bags": "6", "capacity_kg": "30"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "근무 끝은 근무 시작보다 늦어야 해요." in html
    assert not RiderShift.objects.exists()
    # What was typed stays in that rider's form, to be corrected rather than typed again.
    assert f'id="s{kim.pk}-start" type="time" name="start" step="60" aria-label="김배달 근무 시작" value="19:00"' in html
    assert f'id="s{kim.pk}-end" type="time" name="end" step="60" aria-label="김배달 근무 끝" value="15:00"' in html


def test_copy_last_week_button(center_client, market, kim):
    RiderShift.objects.create(market=market, user=kim.user, date=TODAY - dt.timedelta(days=6), start=T(15), end=T(19))
    response = center_client.post("/center/shifts/copy-week", {"date": TODAY.isoformat()})
    assert response.status_code == 302
    assert RiderShift.objects.filter(date=TODAY + dt.timedelta(days=1)).exists()  # last Friday → this Friday


def test_market_admin_may_use_it_and_other_markets_are_404(client, market, kim):
    client.force_login(staff_user(Role.MARKET_ADMIN, market=market))
    assert client.get("/center/shifts/").status_code == 200
    other = MarketFactory(slug="osan")
    DeliveryCenterFactory(market=other)
    theirs = rider(other, "남의기사", username="other-rider", phone="010-7000-0099")
    response = client.post(f"/center/shifts/riders/{theirs.pk}", {
        "date": TODAY.isoformat(), "start": "15:00", "end": "19:00", "capacity_bags": "6", "capacity_kg": "30"})
    assert response.status_code == 404
    shift = RiderShift.objects.create(market=other, user=theirs.user, date=TODAY, start=T(15), end=T(19))
    assert client.post(f"/center/shifts/{shift.pk}/remove").status_code == 404
    assert RiderShift.objects.filter(pk=shift.pk).exists()
