"""get_provider() chooses the Toss adapter by settings, reading its key and base URL from
settings first, then the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from jangbogi.integrations.payments import ApprovalRequest, get_provider
from jangbogi.integrations.payments.toss import TossPaymentProvider

from .conftest import ORDER, SECRET


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("JANGBOGI_TOSS_SECRET_KEY", raising=False)
    monkeypatch.delenv("JANGBOGI_TOSS_API_BASE", raising=False)


def test_toss_reads_key_and_base_url_from_settings(fake, toss_base_url):
    with override_settings(JANGBOGI_PAYMENT_PROVIDER="toss", JANGBOGI_TOSS_SECRET_KEY=SECRET,
                           JANGBOGI_TOSS_API_BASE=toss_base_url):
        provider = get_provider()
        result = provider.approve(ApprovalRequest(
            order_ref=ORDER, amount=14_000, tax_free_amount=0, method="card", idempotency_key="k",
            metadata={"payment_key": fake.authorize(ORDER, 14_000)}))

    assert isinstance(provider, TossPaymentProvider) and provider.name == "toss"
    assert result.approved and fake.charge_count(ORDER) == 1


def test_toss_falls_back_to_the_environment_and_the_public_api(monkeypatch):
    monkeypatch.setenv("JANGBOGI_TOSS_SECRET_KEY", "test_sk_from_env")

    with override_settings(JANGBOGI_PAYMENT_PROVIDER="toss"):
        provider = get_provider()

    assert provider.client.base_url == "https://api.tosspayments.com"
    assert provider.client._auth == "Basic dGVzdF9za19mcm9tX2Vudjo="


def test_toss_without_a_secret_key_is_improperly_configured():
    with override_settings(JANGBOGI_PAYMENT_PROVIDER="toss"), pytest.raises(ImproperlyConfigured):
        get_provider()
