import pytest

from tests.claims.builders import deliver


@pytest.fixture(autouse=True)
def _demo_payments(settings, tmp_path):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delivered(paid_order, market):
    """Delivered: 애호박 2 × 1,500 at 상수네 채소 + 고등어 1 × 8,000 at 바다 수산; fee 3,000."""
    return deliver(paid_order, market)
