"""Korean phone numbers via `phonenumbers`."""

import re

import phonenumbers

from jangbogi.core.errors import ValidationFailed

_OH_ONE_OH = re.compile(r"10([2-9]\d{3})(\d{4})")


def normalize_mobile(value: str) -> str:
    """"01012345678" / "+82 10-1234-5678" -> "010-1234-5678"; raises ValidationFailed."""
    try:
        parsed = phonenumbers.parse(value or "", "KR")
    except phonenumbers.NumberParseException as exc:
        raise ValidationFailed("휴대폰 번호를 확인해 주세요. 예: 010-1234-5678", code="invalid_phone") from exc
    if parsed.country_code == 82 and (m := _OH_ONE_OH.fullmatch(str(parsed.national_number))):
        # Every 010-[2-9]xxx-xxxx is a mobile number; phonenumbers' metadata leaves out some
        # blocks (e.g. 010-597x), which would turn real customers away.
        return f"010-{m[1]}-{m[2]}"
    if parsed.country_code != 82 or not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationFailed("휴대폰 번호를 확인해 주세요. 예: 010-1234-5678", code="invalid_phone")
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return national.replace(" ", "-")


def mask_phone(value: str) -> str:
    """"010-1234-5678" -> "010-****-5678" for anyone but the customer."""
    parts = (value or "").split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:] if len(value) > 7 else "***"
