"""The claims console: the market's claims by SLA deadline (overdue first, in red), scoped to
the staff member's market, with photos, history and the decision form."""

import datetime as dt
import re

import pytest

from jangbogi.claims.models import Claim, ClaimStatus
from jangbogi.core import time as btime
from jangbogi.markets.models import Role
from jangbogi.payments.models import PaymentCancel
from tests.claims.builders import snapshot
from tests.factories import DeliveryCenterFactory, MarketFactory, StoreFactory
from tests.web.center.builders import staff_user
from tests.web.claims.conftest import delivered_with, file


@pytest.fixture
def three_waiting(market, two_stores, review_all):
    """Three claims in review with deadlines: one overdue, one in 30 min, one in 90 min."""
    first = delivered_with(market, two_stores, "a")
    second = delivered_with(market, two_stores, "b")
    now = btime.now()
    claims = {
        "later": file(first, "시금치-a"),
        "overdue": file(first, "갈치-a"),
        "soon": file(second, "시금치-b"),
    }
    for name, minutes in (("later", 90), ("overdue", -15), ("soon", 30)):
        Claim.objects.filter(pk=claims[name].pk).update(sla_due_at=now + dt.timedelta(minutes=minutes))
    return claims


def _rows(html: str) -> list[str]:
    return re.findall(r'<li class="card claim-row ([^"]*)">\s*<a href="/center/claims/(\d+)/"', html)


def test_sorted_by_deadline_with_the_overdue_first_and_red(center_client, three_waiting):
    response = center_client.get("/center/claims/")

    assert response.status_code == 200
    rows = _rows(response.content.decode())
    assert [int(pk) for _, pk in rows] == [three_waiting[k].pk for k in ("overdue", "soon", "later")]
    assert ["is-overdue" in cls for cls, _ in rows] == [True, False, False]
    assert "기한 15분 지남" in response.content.decode()


def test_list_queries_do_not_grow_with_claims(center_client, three_waiting, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        center_client.get("/center/claims/")


def test_empty_state(center_client, market):
    response = center_client.get("/center/claims/")
    assert "처리할 신고가 없어요" in response.content.decode()


def test_pagination(center_client, three_waiting, monkeypatch):
    monkeypatch.setattr("jangbogi.web.claims.console.PER_PAGE", 2)

    first = center_client.get("/center/claims/").content.decode()
    second = center_client.get("/center/claims/?page=2").content.decode()

    assert len(_rows(first)) == 2 and "1 / 2" in first
    assert [int(pk) for _, pk in _rows(second)] == [three_waiting["later"].pk]


def test_detail_shows_photos_and_history(center_client, three_waiting):
    claim = three_waiting["soon"]
    html = center_client.get(f"/center/claims/{claim.pk}/").content.decode()

    photo = claim.photos.get()
    assert f"/center/claims/{claim.pk}/photos/{photo.pk}" in html
    assert "신고 접수: 시금치-b 1개" in html and "검토로 보냄" in html
    image = center_client.get(f"/center/claims/{claim.pk}/photos/{photo.pk}")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_decide_refund_from_the_console(center_client, three_waiting):
    claim = three_waiting["soon"]
    response = center_client.post(f"/center/claims/{claim.pk}/decide",
                                  {"decision": "approve", "remedy": "refund", "refund_amount": "4000",
                                   "bearer": "store", "note": "사진 확인"})

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.refunded_amount, claim.bearer) == (ClaimStatus.RESOLVED, 4000, "store")
    page = center_client.get(response["Location"]).content.decode()
    assert "처리했어요" in page and "가게 부담" in page


def test_a_refund_over_the_cap_re_shows_the_form_and_changes_nothing(center_client, three_waiting):
    claim = three_waiting["soon"]
    before = snapshot()

    response = center_client.post(f"/center/claims/{claim.pk}/decide",
                                  {"decision": "approve", "remedy": "refund", "refund_amount": "4001",
                                   "bearer": "platform", "note": "메모"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "4,000원까지" in html
    assert 'value="4001"' in html and 'value="메모"' in html
    assert re.search(r'value="platform"[^>]*checked', html)
    assert snapshot() == before


def test_double_submit_refunds_once(center_client, three_waiting):
    claim = three_waiting["soon"]
    data = {"decision": "approve", "remedy": "refund", "refund_amount": "4000", "bearer": "store"}
    center_client.post(f"/center/claims/{claim.pk}/decide", data)

    again = center_client.post(f"/center/claims/{claim.pk}/decide", data)

    assert again.status_code == 409 and "이미 처리한 신고" in again.content.decode()
    assert PaymentCancel.objects.count() == 1


def test_reject_from_the_console_needs_a_reason(center_client, three_waiting):
    claim = three_waiting["soon"]
    refused = center_client.post(f"/center/claims/{claim.pk}/decide", {"decision": "reject", "reject_reason": ""})
    assert refused.status_code == 422

    center_client.post(f"/center/claims/{claim.pk}/decide", {"decision": "reject", "reject_reason": "정상 상품"})
    claim.refresh_from_db()
    assert (claim.status, claim.reject_reason) == ("rejected", "정상 상품")


def test_market_admin_sees_the_same_console(client, market, three_waiting):
    client.force_login(staff_user(Role.MARKET_ADMIN, market=market))

    response = client.get("/market-admin/claims/")

    assert response.status_code == 200
    assert f'/market-admin/claims/{three_waiting["overdue"].pk}/' in response.content.decode()
    assert client.get(f'/market-admin/claims/{three_waiting["overdue"].pk}/').status_code == 200


def test_another_markets_staff_cannot_see_or_decide(client, three_waiting):
    other = MarketFactory()
    DeliveryCenterFactory(market=other)
    client.force_login(staff_user(Role.CENTER_STAFF, market=other))
    claim = three_waiting["soon"]
    photo = claim.photos.get()

    assert _rows(client.get("/center/claims/").content.decode()) == []
    assert client.get(f"/center/claims/{claim.pk}/").status_code == 404
    assert client.get(f"/center/claims/{claim.pk}/photos/{photo.pk}").status_code == 404
    before = snapshot()
    assert client.post(f"/center/claims/{claim.pk}/decide",
                       {"decision": "reject", "reject_reason": "남의 시장"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("url", ["/center/claims/", "/market-admin/claims/"])
def test_merchants_and_riders_cannot_open_the_console(client, market, url):
    client.force_login(staff_user(Role.MERCHANT, store=StoreFactory(market=market)))
    assert client.get(url).status_code == 403

    from tests.delivery.builders import rider

    client.force_login(rider(market).user)
    assert client.get(url).status_code == 403


def test_center_staff_cannot_open_the_market_admin_console(center_client):
    assert center_client.get("/market-admin/claims/").status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get("/center/claims/")
    assert response.status_code == 302 and response["Location"].startswith("/login")
