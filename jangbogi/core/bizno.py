"""사업자등록번호 (Korean business registration number) validation.

The tenth digit is a check digit over the first nine, with weights 1,3,7,1,3,7,1,3,5 and an
extra term (digit9 * 5) // 10.  python-stdnum does not verify it, so it is written here.
"""

import re

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_bizno(value: str) -> str:
    """Strip the usual separators: "123-45-67890" -> "1234567890"."""
    return re.sub(r"[\s-]", "", value or "")


def bizno_check_digit(first_nine: str) -> int:
    if len(first_nine) != 9 or not (first_nine.isascii() and first_nine.isdigit()):
        raise ValueError("first_nine must be nine digits")
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def is_valid_bizno(value: str) -> bool:
    number = normalize_bizno(value)
    if len(number) != 10 or not (number.isascii() and number.isdigit()):
        return False
    return bizno_check_digit(number[:9]) == int(number[9])


def format_bizno(value: str) -> str:
    number = normalize_bizno(value)
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"
