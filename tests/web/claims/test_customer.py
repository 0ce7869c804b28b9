"""The customer's side: "문제 신고" per delivered line while the window is open, the report
form (values kept on a refusal), and the outcome on the order page."""

import datetime as dt
import re

import pytest

from jangbogi.claims import rules
from jangbogi.claims.models import Claim
from tests.claims.builders import line_named, png, snapshot
from tests.web.claims.conftest import file


@pytest.fixture
def guest(client, delivered):
    """The guest who placed `delivered`, back through the order's secret link."""
    assert client.get(f"/orders/{delivered.number}/?t={delivered.access_token}").status_code == 200
    return client


def _new_url(order, name):
    return f"/orders/{order.number}/claims/new?line={line_named(order, name).pk}"


def test_each_delivered_line_offers_a_report(guest, delivered):
    html = guest.get(f"/orders/{delivered.number}/").content.decode()

    assert 'id="claims"' in html
    for name in ("애호박", "고등어"):
        assert _new_url(delivered, name).replace("&", "&amp;") in html
    assert html.count(">문제 신고</a>") == 2


def test_no_report_before_delivery(client, paid_order):
    html = client.get(f"/orders/{paid_order.number}/?t={paid_order.access_token}").content.decode()
    assert 'id="claims"' not in html and "문제 신고" not in html


def test_no_report_after_the_window(guest, delivered, time_machine):
    time_machine.move_to(rules.delivered_at(delivered) + dt.timedelta(hours=24, seconds=1))

    token = f"t={delivered.access_token}"  # the session has ended meanwhile; the link still works
    page = guest.get(f"/orders/{delivered.number}/?{token}")
    assert page.status_code == 200 and "배송 완료" in page.content.decode()
    assert ">문제 신고</a>" not in page.content.decode()
    response = guest.get(f"{_new_url(delivered, '고등어')}&{token}")
    assert response.status_code == 302 and response["Location"] == f"/orders/{delivered.number}/"


def test_someone_without_the_link_cannot_report(client, delivered):
    assert client.get(_new_url(delivered, "고등어")).status_code == 404
    assert client.post(_new_url(delivered, "고등어"), {"reason": "missing", "quantity": 1}).status_code == 404
    assert not Claim.objects.exists()


def test_a_refused_report_keeps_what_was_typed(guest, delivered):
    form = guest.get(_new_url(delivered, "고등어")).content.decode()
    key = re.search(r'name="submit_key" value="([^"]+)"', form).group(1)
    before = snapshot()

    response = guest.post(_new_url(delivered, "고등어"), {
        "line": line_named(delivered, "고등어").pk, "reason": "not_fresh", "quantity": "1",
        "description": "냄새가 나요", "submit_key": key})

    assert response.status_code == 422
    html = response.content.decode()
    assert "사진을 1장 이상" in html
    assert re.search(r'value="not_fresh"[^>]*checked', html)
    assert "냄새가 나요" in html and f'value="{key}"' in html
    assert snapshot() == before


def test_a_report_with_a_photo_is_refunded_and_shown(guest, delivered):
    form = guest.get(_new_url(delivered, "고등어")).content.decode()
    key = re.search(r'name="submit_key" value="([^"]+)"', form).group(1)
    data = {"line": line_named(delivered, "고등어").pk, "reason": "damaged", "quantity": "1", "description": "",
            "submit_key": key, "photos": png()}

    response = guest.post(_new_url(delivered, "고등어"), data)
    assert response.status_code == 302
    again = guest.post(_new_url(delivered, "고등어"), {**data, "photos": png()})  # double submit

    assert again.status_code == 302 and Claim.objects.count() == 1
    page = guest.get(f"/orders/{delivered.number}/").content.decode()
    assert "처리 완료" in page and "8,000원을 결제하신 수단으로 돌려드렸어요" in page
    assert _new_url(delivered, "고등어").replace("&", "&amp;") not in page  # nothing left to claim


def test_a_claim_in_review_and_its_rejection_show_on_the_order(guest, delivered, review_all):
    from jangbogi.claims import services as claims

    claim = file(delivered, "고등어")
    assert "확인해서 알려 드릴게요" in guest.get(f"/orders/{delivered.number}/").content.decode()

    claims.reject_claim(claim=claim, reason="사진으로는 파손이 보이지 않아요")
    page = guest.get(f"/orders/{delivered.number}/").content.decode()
    assert "반려" in page and "사진으로는 파손이 보이지 않아요" in page
