"""Transition tables and a compare-and-set state change.

A model's status moves only along its table, with an UPDATE ... WHERE status IN (sources),
so two concurrent requests cannot both move the same row."""

from collections.abc import Iterable, Mapping

from django.db import models

from jangbogi.core.errors import InvalidTransition


def sources_for(table: Mapping[str, Iterable[str]], target: str) -> list[str]:
    return [src for src, targets in table.items() if target in targets]


def compare_and_set(
    queryset: models.QuerySet, *, table: Mapping[str, Iterable[str]], target: str,
    field: str = "status", **extra,
) -> int:
    """Move the rows of `queryset` to `target` if their current status allows it.
    Returns the number of rows changed (0 when another request got there first)."""
    allowed = sources_for(table, target)
    if not allowed:
        raise InvalidTransition(f"no transition leads to {target}")
    return queryset.filter(**{f"{field}__in": allowed}).update(**{field: target}, **extra)
