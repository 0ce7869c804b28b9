"""사업자등록번호: check digit, normalization and formatting."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jangbogi.core.bizno import bizno_check_digit, format_bizno, is_valid_bizno, normalize_bizno

# Published numbers of real companies (their check digits are known to be right).
REAL_NUMBERS = ["220-81-62517", "124-81-00998", "120-81-47521", "211-88-03003"]


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_real_numbers_are_valid_with_and_without_separators(number):
    assert is_valid_bizno(number) is True
    assert is_valid_bizno(number.replace("-", "")) is True
    assert is_valid_bizno(number.replace("-", " ")) is True


@pytest.mark.parametrize(("first_nine", "digit"), [
    ("220816251", 7), ("124810099", 8), ("120814752", 1), ("211880300", 3),
])
def test_check_digit_of_real_numbers(first_nine, digit):
    assert bizno_check_digit(first_nine) == digit


@pytest.mark.parametrize("number", [
    "220-81-62518",   # wrong check digit
    "124-81-00990",   # wrong check digit
    "220-81-6251",    # nine digits
    "220-81-625170",  # eleven digits
    "22O-81-62517",   # letter O instead of zero
    "abc-de-fghij",
    "",
    "   ",
    "２２０-８１-６２５１７",  # full-width digits: look right, are not ASCII
    "²²⁰⁸¹⁶²⁵¹⁷",          # superscripts: str.isdigit() is True, int() fails
])
def test_invalid_numbers(number):
    assert is_valid_bizno(number) is False


def test_none_is_invalid():
    assert is_valid_bizno(None) is False


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678a", "", "²²²²²²²²²"])
def test_check_digit_needs_nine_ascii_digits(bad):
    with pytest.raises(ValueError, match="first_nine must be nine digits"):
        bizno_check_digit(bad)


@pytest.mark.parametrize(("raw", "normalized"), [
    ("220-81-62517", "2208162517"),
    (" 220 81 62517 ", "2208162517"),
    ("220-81-\t62517", "2208162517"),
    ("", ""),
    (None, ""),
])
def test_normalize_strips_spaces_and_hyphens(raw, normalized):
    assert normalize_bizno(raw) == normalized


@pytest.mark.parametrize("raw", ["2208162517", "220-81-62517", "220 81 62517", "22081-62517"])
def test_format_puts_hyphens_3_2_5(raw):
    assert format_bizno(raw) == "220-81-62517"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_appending_the_check_digit_makes_a_valid_number(first_nine):
    check = bizno_check_digit(first_nine)
    assert 0 <= check <= 9
    assert is_valid_bizno(first_nine + str(check))
    for other in set(range(10)) - {check}:
        assert not is_valid_bizno(first_nine + str(other))


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_format_then_normalize_round_trips(number):
    formatted = format_bizno(number)
    assert len(formatted) == 12
    assert normalize_bizno(formatted) == number
    assert is_valid_bizno(formatted) == is_valid_bizno(number)


@given(st.text())
def test_any_text_gives_a_bool_and_never_raises(value):
    assert is_valid_bizno(value) in (True, False)
