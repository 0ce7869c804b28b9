"""Rider portal fixtures: a dispatched plan of six bundles for two riders, the test day frozen."""

import pytest

from jangbogi.delivery import services as delivery
from jangbogi.delivery.models import Route, Stop
from tests.conftest import MORNING
from tests.delivery.builders import SLOT, packed_many, rider


@pytest.fixture
def riders(market):
    return [rider(market, "김배달", username="rider1", phone="010-7000-0001"),
            rider(market, "이배달", username="rider2", phone="010-7000-0002")]


def plan_and_dispatch(market, riders, *, dispatch: bool = True):
    """Six bundles; each rider gets a route with three stops (moved so, whatever the planner did)."""
    packed_many(market, 6)
    made = delivery.plan_slot(market=market, date=MORNING.date(), slot_start=SLOT[0], slot_end=SLOT[1],
                              seconds=0.3)
    for r in riders:
        Route.objects.get_or_create(plan=made, rider=r)
    first, second = (Route.objects.get(plan=made, rider=r) for r in riders)
    while first.stops.count() > 3:
        delivery.move_stop(stop=first.stops.order_by("-sequence").first(), to_route=second)
    while second.stops.count() > 3:
        delivery.move_stop(stop=second.stops.order_by("-sequence").first(), to_route=first)
    if dispatch:
        delivery.dispatch(plan=made)
    return first, second


@pytest.fixture
def routes(market, riders, morning):
    return plan_and_dispatch(market, riders)


@pytest.fixture
def rider_client(client, riders):
    client.force_login(riders[0].user)
    return client


def first_stop(route) -> Stop:
    return route.stops.select_related("order").order_by("sequence").first()
