"""The masked-number port's local default: a stable 0504 virtual number per (caller, callee),
never either real number, and the real numbers are not written to the log."""

import logging
import re

import pytest

from jangbogi.integrations.telephony import LocalMaskedNumbers, get_masked_numbers

RIDER, CUSTOMER = "010-7000-0001", "010-5550-1234"


def test_virtual_number_is_stable_per_pair_and_never_the_real_one():
    port = LocalMaskedNumbers(secret="s")
    number = port.masked_number(RIDER, CUSTOMER)
    assert re.fullmatch(r"0504-\d{4}-\d{4}", number)
    assert port.masked_number("01070000001", "010 5550 1234") == number  # formatting does not matter
    assert port.masked_number("010-7000-0002", CUSTOMER) != number  # another rider, another number
    assert LocalMaskedNumbers(secret="other").masked_number(RIDER, CUSTOMER) != number
    assert number.replace("-", "") not in {RIDER.replace("-", ""), CUSTOMER.replace("-", "")}


def test_never_the_callee_even_for_0504_numbers():
    for i in range(200):
        callee = f"0504-{i:04d}-{i * 37 % 10_000:04d}"
        assert LocalMaskedNumbers(secret=str(i)).masked_number(RIDER, callee) != callee


def test_log_keeps_only_the_last_two_digits(caplog):
    with caplog.at_level(logging.INFO, logger="jangbogi.telephony"):
        LocalMaskedNumbers().masked_number(RIDER, CUSTOMER)
    assert "5550" not in caplog.text and "1234" not in caplog.text and "7000" not in caplog.text
    assert "…34" in caplog.text


def test_chosen_by_settings(settings):
    assert get_masked_numbers().name == "local"
    settings.JANGBOGI_TELEPHONY = "vendor"
    with pytest.raises(ValueError, match="unknown telephony adapter: vendor"):
        get_masked_numbers()
