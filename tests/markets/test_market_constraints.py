"""Market windows: the order cutoff after the opening, delivery end after its start."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jangbogi.markets.models import Market
from tests.factories import MarketFactory

pytestmark = pytest.mark.django_db


def test_defaults_are_the_2021_service_hours():
    market = MarketFactory()
    market.refresh_from_db()
    assert (market.order_open, market.order_cutoff) == (dt.time(9, 0), dt.time(13, 0))
    assert (market.delivery_start, market.delivery_end) == (dt.time(16, 0), dt.time(19, 0))
    assert (market.delivery_fee, market.free_delivery_threshold, market.delivery_radius_m) == (3000, 50000, 3000)


@pytest.mark.parametrize("fields", [
    {"order_open": dt.time(13, 0), "order_cutoff": dt.time(13, 0)},
    {"order_open": dt.time(14, 0), "order_cutoff": dt.time(13, 0)},
    {"delivery_start": dt.time(19, 0), "delivery_end": dt.time(16, 0)},
    {"delivery_start": dt.time(16, 0), "delivery_end": dt.time(16, 0)},
])
def test_window_must_not_be_empty(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketFactory(**fields)
    assert Market.objects.count() == 0
