"""GET /carts/{id}: each store group says which payment methods that store takes, and why not."""

import pytest
import time_machine

from jangbogi.markets.models import Store
from tests.api.conftest import cart_headers
from tests.conftest import MORNING
from tests.factories import StorePaymentProfileFactory
from tests.payments.conftest import ensure_seeded_caps


@pytest.fixture(autouse=True)
def _caps_and_clock(db):
    ensure_seeded_caps()
    with time_machine.travel(MORNING, tick=False):  # 2026-11-26: cap 12억 원
        yield


def test_each_group_lists_the_methods_its_store_takes(api, cart_two_stores):
    veg, fish = Store.objects.get(name="상수네 채소"), Store.objects.get(name="바다 수산")
    StorePaymentProfileFactory(store=veg, onnuri_card_registered=True, annual_revenue=1_300_000_000)
    fish.accepts_onnuri = True
    fish.save(update_fields=["accepts_onnuri"])

    response = api.get(f"/carts/{cart_two_stores.pk}", headers=cart_headers(cart_two_stores))

    assert response.status_code == 200
    methods = {g["store"]["name"]: g["accepted_methods"] for g in response.json()["groups"]}
    assert methods == {
        "바다 수산": [
            {"method": "local_currency", "label": "경기지역화폐", "accepted": False,
             "reason": "이 가게는 경기지역화폐 가맹점이 아니에요"},
            {"method": "onnuri", "label": "온누리상품권(카드형)", "accepted": True, "reason": None},
            {"method": "card", "label": "신용·체크카드", "accepted": True, "reason": None},
        ],
        "상수네 채소": [
            {"method": "local_currency", "label": "경기지역화폐", "accepted": False,
             "reason": "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"},
            {"method": "onnuri", "label": "온누리상품권(카드형)", "accepted": True, "reason": None},
            {"method": "card", "label": "신용·체크카드", "accepted": True, "reason": None},
        ],
    }


def test_the_schema_documents_the_field(api):
    doc = api.get("/openapi.json").json()
    group = doc["components"]["schemas"]["CartGroupOut"]
    assert "accepted_methods" in group["required"]
    method = doc["components"]["schemas"]["AcceptedMethodOut"]["properties"]
    assert sorted(method) == ["accepted", "label", "method", "reason"]
