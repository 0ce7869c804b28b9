"""Center console fixtures: a logged-in center staff member of the `market` fixture."""

import pytest

from jangbogi.markets.models import Role
from tests.web.center.builders import staff_user


@pytest.fixture
def center_client(client, market):
    client.force_login(staff_user(Role.CENTER_STAFF, market=market))
    return client
