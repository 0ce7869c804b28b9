import pytest

from jangbogi.claims import services as claims
from jangbogi.claims.models import ClaimPolicy
from jangbogi.markets.models import Role
from jangbogi.orders import carts
from jangbogi.orders import services as ordering
from tests.claims.builders import deliver, line_named, png
from tests.conftest import MORNING, delivery_details
from tests.factories import ProductFactory
from tests.web.center.builders import staff_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delivered(paid_order, market):
    """Delivered: 애호박 2 × 1,500 at 상수네 채소 + 고등어 1 × 8,000 at 바다 수산; fee 3,000."""
    return deliver(paid_order, market)


@pytest.fixture
def review_all(market):
    """The market refunds nothing instantly: every claim waits for a person."""
    return ClaimPolicy.objects.create(market=market, instant_refund_limit=0)


def file(order, name: str, **extra):
    values = {"reason": "damaged", "quantity": 1, "photos": [png()]}
    values.update(extra)
    return claims.file_claim(order=order, line_id=line_named(order, name).pk, **values)


def delivered_with(market, stores, key: str):
    """A delivered order with 시금치-<key> and 갈치-<key> (4,000원 each), one at each store."""
    cart = carts.create_cart(market=market)
    for store, name in zip(stores, ("시금치", "갈치"), strict=True):
        product = ProductFactory(store=store, name=f"{name}-{key}", price=4000)
        carts.set_line(cart=cart, product_id=product.pk, quantity=1)
    order = ordering.checkout(cart=cart, details=delivery_details(market), idempotency_key=key, now=MORNING)
    return deliver(order, market)


@pytest.fixture
def center_client(client, market):
    client.force_login(staff_user(Role.CENTER_STAFF, market=market))
    return client
