"""Claims may be filed from the DELIVERED event until (not including) the window's end."""

import datetime as dt

import pytest

from jangbogi.claims import rules
from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim
from jangbogi.core.errors import ValidationFailed
from tests.claims.builders import line_named


def _file(order, now):
    return claims.file_claim(order=order, line_id=line_named(order, "애호박").pk, reason="missing", quantity=1,
                             now=now)


def test_open_until_one_microsecond_before_the_boundary(delivered):
    last_moment = rules.delivered_at(delivered) + dt.timedelta(hours=24) - dt.timedelta(microseconds=1)

    claim = _file(delivered, last_moment)

    assert claim.pk and Claim.objects.count() == 1


def test_closed_at_the_boundary_and_nothing_is_filed(delivered):
    boundary = rules.delivered_at(delivered) + dt.timedelta(hours=24)

    with pytest.raises(ValidationFailed) as caught:
        _file(delivered, boundary)

    assert caught.value.code == "claim_window_closed"
    assert "24시간" in caught.value.message
    assert Claim.objects.count() == 0


def test_the_window_follows_the_setting(delivered, settings):
    settings.JANGBOGI_CLAIM_WINDOW_HOURS = 48
    at = rules.delivered_at(delivered) + dt.timedelta(hours=30)

    assert rules.window_open(delivered, now=at)
    assert _file(delivered, at).pk


def test_an_order_not_delivered_has_no_window(paid_order):
    assert rules.window_closes_at(paid_order) is None
    with pytest.raises(ValidationFailed):
        _file(paid_order, rules.delivered_at(paid_order) or dt.datetime.now(dt.UTC))
