"""Korean mobile numbers: normalize to 010-1234-5678, mask for staff."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jangbogi.core.errors import ValidationFailed
from jangbogi.core.phones import mask_phone, normalize_mobile


@pytest.mark.parametrize("raw", [
    "01012345678", "010-1234-5678", "010 1234 5678", "+82 10-1234-5678", "+82-10-1234-5678",
    "+821012345678",
])
def test_normalize_mobile(raw):
    assert normalize_mobile(raw) == "010-1234-5678"


@pytest.mark.parametrize("raw", [
    "02-123-4567",     # Seoul landline
    "031-555-0000",    # Gyeonggi landline
    "1588-1234",       # service number
    "abc",
    "",
    None,
    "010-1234-56789012",
    "+1 650-253-0000",     # valid US number (fixed-line-or-mobile), not Korean
    "+81 90-1234-5678",    # Japanese mobile: would have become "090-1234-5678"
    "+86 138 0013 8000",   # Chinese mobile: would have become "138-0013-8000"
])
def test_normalize_mobile_refuses_non_mobile(raw):
    with pytest.raises(ValidationFailed) as exc:
        normalize_mobile(raw)
    assert exc.value.code == "invalid_phone"
    assert exc.value.message == "휴대폰 번호를 확인해 주세요. 예: 010-1234-5678"


@given(st.text(max_size=30))
def test_normalize_mobile_returns_a_dashed_number_or_raises_validation_failed(raw):
    try:
        phone = normalize_mobile(raw)
    except ValidationFailed as exc:
        assert exc.code == "invalid_phone"
    else:
        assert re.fullmatch(r"01\d-\d{3,4}-\d{4}", phone)
        assert normalize_mobile(phone) == phone


@given(st.from_regex(r"010[2-9][0-9]{7}", fullmatch=True))
def test_every_010_number_normalizes_and_masks(digits):
    phone = normalize_mobile(digits)
    assert phone == f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    assert mask_phone(phone) == f"{digits[:3]}-****-{digits[7:]}"


@pytest.mark.parametrize(("phone", "masked"), [
    ("010-1234-5678", "010-****-5678"),
    ("011-123-4567", "011-***-4567"),
    ("01012345678", "010****5678"),
    ("12345678", "123*5678"),
    ("1234567", "***"),
    ("", "***"),
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_a_block_phonenumbers_leaves_out_is_still_a_mobile():
    assert normalize_mobile("01059700000") == "010-5970-0000"
    assert normalize_mobile("+82 10-5970-1234") == "010-5970-1234"
