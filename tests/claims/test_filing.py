"""Filing a claim on one line: reasons, quantities, photos (required except for 누락, at most
3, real images, EXIF gone), one open claim per line, and a double submit files once.  A
refused claim changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jangbogi.claims import services as claims
from jangbogi.claims.models import Claim, ClaimPolicy, ClaimStatus
from jangbogi.core.errors import Conflict, NotFound, ValidationFailed
from jangbogi.payments.models import PaymentCancel
from tests.claims.builders import line_named, png, snapshot, soon_after_delivery


def _file(order, name="고등어", **fields):
    values = {"reason": "damaged", "quantity": 1, "photos": [png()], "now": soon_after_delivery(order)}
    values.update(fields)
    return claims.file_claim(order=order, line_id=line_named(order, name).pk, **values)


def _refused(order, **fields) -> dict:
    before = snapshot()
    with pytest.raises(ValidationFailed) as caught:
        _file(order, **fields)
    assert snapshot() == before
    return caught.value.details["errors"]


@pytest.mark.parametrize("reason", ["missing", "damaged", "not_fresh", "wrong_item"])
def test_each_reason_can_be_filed(delivered, reason):
    claim = _file(delivered, reason=reason, photos=[] if reason == "missing" else [png()])
    assert claim.reason == reason


def test_photos_are_required_except_for_missing(delivered):
    assert "사진을 1장 이상" in _refused(delivered, reason="not_fresh", photos=[])["photos"]
    assert _file(delivered, reason="missing", photos=[]).photos.count() == 0


def test_at_most_three_photos(delivered):
    errors = _refused(delivered, photos=[png(f"{i}.png") for i in range(4)])
    assert errors["photos"] == "사진은 3장까지 올릴 수 있어요."


def test_a_file_that_is_not_an_image_is_refused(delivered):
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    assert "사진 파일이 아닙니다" in _refused(delivered, photos=[fake])["photos"]


def test_an_oversized_file_is_refused(delivered, monkeypatch):
    monkeypatch.setattr("jangbogi.catalog.photos.MAX_UPLOAD_BYTES", 100)
    assert _refused(delivered, photos=[png(size=(400, 400))])["photos"] == "사진은 10MB까지 올릴 수 있습니다."


def test_photos_are_kept_as_jpeg_without_exif(delivered):
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    out = io.BytesIO()
    Image.new("RGB", (3000, 1000), (0, 128, 0)).save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("big.jpg", out.getvalue(), content_type="image/jpeg")

    claim = _file(delivered, photos=[upload])

    with claim.photos.get().image.open() as f, Image.open(f) as kept:
        assert kept.format == "JPEG" and max(kept.size) == 1200
        assert not kept.getexif()


@pytest.mark.parametrize(("quantity", "message"), [(0, "1개부터 1개까지"), (2, "1개부터 1개까지"), ("두 개", "1개부터")])
def test_quantity_within_what_was_delivered(delivered, quantity, message):
    assert message in _refused(delivered, quantity=quantity)["quantity"]


def test_unknown_reason_and_long_text(delivered):
    errors = _refused(delivered, reason="late", description="가" * 501)
    assert errors["reason"] == "어떤 문제인지 골라 주세요."
    assert errors["description"] == "500자 이내로 적어 주세요."


def test_a_line_of_another_order_is_not_found(delivered):
    before = snapshot()
    with pytest.raises(NotFound):
        claims.file_claim(order=delivered, line_id=999_999, reason="missing", quantity=1,
                          now=soon_after_delivery(delivered))
    assert snapshot() == before


def test_one_open_claim_per_line(delivered, market):
    ClaimPolicy.objects.create(market=market, instant_refund_limit=0)
    first = _file(delivered)
    assert first.status == ClaimStatus.IN_REVIEW
    before = snapshot()

    with pytest.raises((Conflict, ValidationFailed)):
        _file(delivered)

    assert snapshot() == before


def test_a_second_claim_after_the_first_is_closed_only_for_units_left(delivered):
    _file(delivered, "애호박", reason="missing", photos=[], quantity=1)  # instant, resolved

    second = _file(delivered, "애호박", reason="missing", photos=[], quantity=1)
    assert second.status == ClaimStatus.RESOLVED
    assert "이미 모두 신고했어요" in _refused(delivered, name="애호박", reason="missing", photos=[])["quantity"]
    assert sum(PaymentCancel.objects.values_list("amount", flat=True)) == 3000


def test_double_submit_with_the_same_key_files_and_refunds_once(delivered):
    first = _file(delivered, submit_key="form-123")
    again = _file(delivered, submit_key="form-123")

    assert again.pk == first.pk
    assert Claim.objects.count() == 1
    assert PaymentCancel.objects.count() == 1
