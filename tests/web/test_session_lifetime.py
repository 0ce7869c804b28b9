"""Logins end after 12 hours; staff logins also after 30 idle minutes; staff land on their
portal."""

import datetime as dt

import time_machine

from jangbogi.markets.models import Membership, Role
from tests.factories import StoreFactory, UserFactory

START = dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC)


def _login(client, user):
    return client.post("/login", {"username": user.username, "password": "pass1234!"})


def test_customer_session_ends_after_twelve_hours(client, db):
    customer = UserFactory()
    with time_machine.travel(START, tick=False):
        assert _login(client, customer).status_code == 302
        assert client.get("/orders/").wsgi_request.user.is_authenticated
    with time_machine.travel(START + dt.timedelta(hours=11, minutes=59), tick=False):
        assert client.get("/orders/").wsgi_request.user.is_authenticated
    with time_machine.travel(START + dt.timedelta(hours=12, minutes=1), tick=False):
        assert not client.get("/orders/").wsgi_request.user.is_authenticated


def test_staff_session_idles_out_after_thirty_minutes(client, db):
    merchant = UserFactory()
    Membership.objects.create(user=merchant, role=Role.MERCHANT, store=StoreFactory())
    with time_machine.travel(START, tick=False):
        response = _login(client, merchant)
        assert response["Location"] == "/merchant/"
        assert client.session.get_expiry_age() == 30 * 60
    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        assert client.get("/").wsgi_request.user.is_authenticated
    with time_machine.travel(START + dt.timedelta(minutes=29 + 31), tick=False):
        assert not client.get("/").wsgi_request.user.is_authenticated


def test_customer_goes_home_after_login(client, db):
    assert _login(client, UserFactory())["Location"] == "/"


def test_polling_does_not_keep_a_staff_session_alive(client, db):
    merchant = UserFactory()
    Membership.objects.create(user=merchant, role=Role.MERCHANT, store=StoreFactory())
    with time_machine.travel(START, tick=False):
        _login(client, merchant)
    for minutes in (10, 20, 29):
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            client.get("/", HTTP_X_JANGBOGI_POLL="1", HTTP_HX_REQUEST="true")
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        assert not client.get("/").wsgi_request.user.is_authenticated


def test_an_expired_staff_poll_sends_the_page_to_login(client, db):
    response = client.get("/merchant/?seen=0", HTTP_HX_REQUEST="true", HTTP_X_JANGBOGI_POLL="1")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login?next=%2Fmerchant%2F%3Fseen%3D0"
