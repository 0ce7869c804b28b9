"""Delivery fixtures: the test day frozen at 10:00, riders and packed bundles of `market`."""

import pytest
import time_machine

from tests.conftest import MORNING
from tests.delivery.builders import packed_many, rider


@pytest.fixture
def day():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def riders(market):
    """Two motorbike riders of the market, 8 bags / 40 kg each, 15:30–19:30."""
    return [rider(market, "김배달", username="rider1", phone="010-7000-0001"),
            rider(market, "이배달", username="rider2", phone="010-7000-0002")]


@pytest.fixture
def bundles(market, day):
    """Six packed bundles within 2 km of the market, 16:00–19:00 slot of the test day."""
    return packed_many(market, 6)
