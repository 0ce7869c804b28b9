"""경기지역화폐 revenue caps: the seeded rows, the cap on each side of every change, and a
시군's own row beating the every-시군 row."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jangbogi.markets.models import Sigun
from jangbogi.payments.eligibility import cap_for
from jangbogi.payments.models import LocalCurrencyCap

pytestmark = pytest.mark.django_db

D = dt.date
BN = 1_000_000_000


def test_migration_seeds_the_documented_every_sigun_caps():
    rows = LocalCurrencyCap.objects.order_by("effective_from")
    assert [(r.sigun, r.cap_won, r.effective_from, r.effective_to) for r in rows] == [
        ("", 1_000_000_000, D(2019, 4, 1), D(2024, 7, 31)),
        ("", 1_200_000_000, D(2024, 8, 1), D(2025, 7, 31)),
        ("", 3_000_000_000, D(2025, 8, 1), D(2025, 11, 30)),
        ("", 1_200_000_000, D(2025, 12, 1), None),
    ]
    assert "관리자가 시군 행으로 추가" in rows.last().note


@pytest.mark.parametrize(("on_date", "cap"), [
    (D(2019, 3, 31), None),
    (D(2019, 4, 1), 1_000_000_000),
    (D(2024, 7, 31), 1_000_000_000),
    (D(2024, 8, 1), 1_200_000_000),
    (D(2025, 7, 31), 1_200_000_000),
    (D(2025, 8, 1), 3_000_000_000),
    (D(2025, 11, 30), 3_000_000_000),
    (D(2025, 12, 1), 1_200_000_000),
    (D(2026, 11, 26), 1_200_000_000),
])
def test_cap_on_each_side_of_every_change(on_date, cap):
    assert cap_for(Sigun.GURI, on_date) == cap
    assert cap_for(Sigun.SUWON, on_date) == cap


def test_a_sigun_row_beats_the_every_sigun_row_only_in_that_sigun_and_period():
    LocalCurrencyCap.objects.create(sigun=Sigun.ICHEON, cap_won=3 * BN, effective_from=D(2026, 1, 1),
                                    note="이천시: 2026년부터 30억 원 이하")

    assert cap_for(Sigun.ICHEON, D(2025, 12, 31)) == 1_200_000_000
    assert cap_for(Sigun.ICHEON, D(2026, 1, 1)) == 3 * BN
    assert cap_for(Sigun.GURI, D(2026, 1, 1)) == 1_200_000_000


def test_a_sigun_row_beats_a_later_every_sigun_row():
    LocalCurrencyCap.objects.create(sigun=Sigun.ICHEON, cap_won=3 * BN, effective_from=D(2026, 1, 1))
    LocalCurrencyCap.objects.filter(sigun="", effective_to=None).update(effective_to=D(2026, 5, 31))
    LocalCurrencyCap.objects.create(sigun="", cap_won=1_500_000_000, effective_from=D(2026, 6, 1))

    assert cap_for(Sigun.ICHEON, D(2026, 7, 1)) == 3 * BN
    assert cap_for(Sigun.GURI, D(2026, 7, 1)) == 1_500_000_000
    assert cap_for(Sigun.GURI, D(2026, 5, 31)) == 1_200_000_000


def test_the_latest_start_wins_among_rows_of_one_sigun():
    LocalCurrencyCap.objects.create(sigun=Sigun.ANSEONG, cap_won=1_500_000_000, effective_from=D(2026, 2, 1))
    LocalCurrencyCap.objects.create(sigun=Sigun.ANSEONG, cap_won=2 * BN, effective_from=D(2026, 9, 1))

    assert cap_for(Sigun.ANSEONG, D(2026, 1, 31)) == 1_200_000_000
    assert cap_for(Sigun.ANSEONG, D(2026, 8, 31)) == 1_500_000_000
    assert cap_for(Sigun.ANSEONG, D(2026, 9, 1)) == 2 * BN


def test_an_ended_sigun_row_falls_back_to_the_every_sigun_row():
    LocalCurrencyCap.objects.create(sigun=Sigun.SUWON, cap_won=3 * BN, effective_from=D(2026, 1, 1),
                                    effective_to=D(2026, 6, 30))

    assert cap_for(Sigun.SUWON, D(2026, 6, 30)) == 3 * BN
    assert cap_for(Sigun.SUWON, D(2026, 7, 1)) == 1_200_000_000


def test_a_period_ending_before_it_starts_is_refused():
    bad = LocalCurrencyCap(sigun=Sigun.SUWON, cap_won=3 * BN, effective_from=D(2026, 1, 1),
                           effective_to=D(2025, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        bad.full_clean()
    assert excinfo.value.message_dict == {"effective_to": ["적용 종료일은 시작일과 같거나 늦어야 합니다."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()
    assert not LocalCurrencyCap.objects.filter(sigun=Sigun.SUWON).exists()


def test_two_rows_of_one_sigun_cannot_start_on_the_same_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalCurrencyCap.objects.create(sigun="", cap_won=2 * BN, effective_from=D(2025, 12, 1))
    assert LocalCurrencyCap.objects.get(sigun="", effective_from=D(2025, 12, 1)).cap_won == 1_200_000_000
