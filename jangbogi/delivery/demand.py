"""What one bundle asks of a rider, from the order alone (pure: no database).

* ``note_window``: the slot, narrowed by a customer note such as "17시 이후", "오후 5시 이후",
  "after 17:00", "18시 전까지", "18:30 전" or "before 6pm" (plain regular expressions: the
  phrases are few and fixed, a morphological analyser such as kiwipiepy would add nothing).  A time outside the slot, or a note we cannot
  read, leaves the slot as it is: the note is still shown to the rider.
* ``bundle_bags``: one bag per temperature group (상온 / 냉장 / 냉동 travel apart).
* ``bundle_kg``: weighed grams where the store weighed, else the product's estimated grams,
  else the weight in the unit label ("1근(600g)", "2kg"), else half a kilo per unit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jangbogi.orders.models import OrderLine

DEFAULT_UNIT_KG = 0.5

_CLOCK = r"(?P<ampm>오전|오후)?\s*(?P<h>\d{1,2})\s*(?:시|:)\s*(?:(?P<m>\d{1,2})\s*분?)?\s*(?P<pm>pm|am)?"
_AFTER = re.compile(_CLOCK + r"\s*(?:이후|넘어서|부터|후에?)", re.IGNORECASE)
# A bare "전" counts only when no Hangul follows it ("6시 전" yes, "6시 전화 주세요" no).
_BEFORE = re.compile(_CLOCK + r"\s*(?:이전|전까지|전에|까지|전(?![가-힣]))", re.IGNORECASE)
_AFTER_EN = re.compile(r"after\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<pm>pm|am)?", re.IGNORECASE)
_BEFORE_EN = re.compile(r"(?:before|by)\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<pm>pm|am)?", re.IGNORECASE)
_GRAMS = re.compile(r"(\d+(?:\.\d+)?)\s*(kg|g)\b", re.IGNORECASE)


def _seconds(match: re.Match) -> int | None:
    hour, minute = int(match["h"]), int(match["m"] or 0)
    groups = match.groupdict()
    pm = (groups.get("ampm") == "오후") or (groups.get("pm") or "").lower() == "pm"
    if pm and hour < 12:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return hour * 3600 + minute * 60


def _read(note: str, patterns) -> int | None:
    for pattern in patterns:
        match = pattern.search(note)
        if match:
            return _seconds(match)
    return None


def _in_slot(value: int | None, start_s: int, end_s: int) -> int | None:
    """The time if it falls inside the slot; "5시" in an afternoon slot means 17:00."""
    if value is None:
        return None
    for candidate in (value, value + 12 * 3600):
        if start_s < candidate < end_s:
            return candidate
    return None


def note_window(note: str, start_s: int, end_s: int) -> tuple[int, int]:
    """(window start, window end) in seconds of the day: the slot, narrowed by the note."""
    note = note or ""
    after = _in_slot(_read(note, (_AFTER, _AFTER_EN)), start_s, end_s)
    before = _in_slot(_read(note, (_BEFORE, _BEFORE_EN)), start_s, end_s)
    if after is not None and before is not None and after >= before:
        return start_s, end_s  # contradictory ("18시 이후 17시 전"): we cannot tell which, keep the slot
    if after is not None and (before is None or after < before):
        start_s = after
    if before is not None and before > start_s:
        end_s = before
    return start_s, end_s


def bundle_bags(lines: Iterable[OrderLine]) -> int:
    """One bag per temperature group among the lines that ship (at least one)."""
    return max(1, len({line.temperature for line in lines if line.picked_quantity}))


def _label_kg(unit_label: str) -> float | None:
    match = _GRAMS.search(unit_label or "")
    if not match:
        return None
    value = float(match[1])
    return value if match[2].lower() == "kg" else value / 1000


def line_kg(line: OrderLine) -> float:
    quantity = line.picked_quantity if line.picked_quantity is not None else line.quantity
    if not quantity:
        return 0.0
    if line.actual_grams:
        return line.actual_grams / 1000
    if line.estimated_grams:
        return line.estimated_grams * quantity / 1000
    label = _label_kg(line.unit_label)
    return (label if label is not None else DEFAULT_UNIT_KG) * quantity


def bundle_kg(lines: Iterable[OrderLine]) -> float:
    """Estimated weight of the bundle, kg, one decimal."""
    return round(sum(line_kg(line) for line in lines if line.picked_quantity), 1)
