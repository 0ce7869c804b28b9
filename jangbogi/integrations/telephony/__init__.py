"""Masked-number port (안심번호): a rider calls a customer through a virtual number, so the
customer's real number is never shown to the rider (and the rider's never to the customer).

    get_masked_numbers().masked_number(caller="010-…", callee="010-…") -> "0504-1234-5678"

A real provider (an 050 virtual-number service) maps the virtual number to the pair and
forwards the call; the pair is usually released some time after delivery.  The local default
derives a stable fake 0504 number from the pair (the same pair always gets the same number),
logs the mapping without the real numbers, and never returns the callee's own number."""

import hashlib
import hmac
import logging
import re
from typing import Protocol

log = logging.getLogger("jangbogi.telephony")


class MaskedNumbers(Protocol):
    name: str

    def masked_number(self, caller: str, callee: str) -> str:
        """A virtual number that rings `callee` when `caller` dials it."""
        ...


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


class LocalMaskedNumbers:
    """Offline default: "0504-xxxx-xxxx" from an HMAC of the pair; nothing is dialled."""

    name = "local"

    def __init__(self, secret: str = "jangbogi-local"):
        self._secret = secret.encode()

    def masked_number(self, caller: str, callee: str) -> str:
        pair = f"{_digits(caller)}>{_digits(callee)}".encode()
        digest = hmac.new(self._secret, pair, hashlib.sha256).hexdigest()
        number = f"0504{int(digest[:12], 16) % 10**8:08d}"
        if number == _digits(callee) or number == _digits(caller):  # cannot happen with 0504, but never leak
            number = number[:-1] + str((int(number[-1]) + 1) % 10)
        masked = f"{number[:4]}-{number[4:8]}-{number[8:]}"
        log.info("안심번호 %s → 고객 …%s", masked, _digits(callee)[-2:])
        return masked


def get_masked_numbers() -> MaskedNumbers:
    """The adapter chosen by settings.JANGBOGI_TELEPHONY ("local" when unset)."""
    from django.conf import settings

    kind = getattr(settings, "JANGBOGI_TELEPHONY", "local")
    if kind == "local":
        return LocalMaskedNumbers(secret=settings.SECRET_KEY)
    raise ValueError(f"unknown telephony adapter: {kind}")
