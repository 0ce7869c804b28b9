"""`manage.py settle_day --date YYYY-MM-DD`: orders paid or changed that day, re-runnable."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from jangbogi.orders import fulfilment
from jangbogi.orders.models import MerchantOrder
from jangbogi.settlement.models import LedgerEntry
from tests.settlement.conftest import DAY, rows


def settle_day(*args) -> str:
    out = io.StringIO()
    call_command("settle_day", *args, stdout=out)
    return out.getvalue().strip()


def test_settles_the_orders_paid_that_day_once(paid_order):
    assert settle_day("--date", "2026-11-26") == "2026-11-26 정산 기록: 주문 1건, 새 장부 5줄"
    before = rows()
    assert settle_day("--date", "2026-11-26") == "2026-11-26 정산 기록: 주문 1건, 새 장부 0줄"
    assert rows() == before


def test_defaults_to_today_in_seoul(paid_order):
    assert settle_day() == "2026-11-26 정산 기록: 주문 1건, 새 장부 5줄"


def test_another_day_leaves_the_order_alone(paid_order):
    assert settle_day("--date", "2026-11-25") == "2026-11-25 정산 기록: 주문 0건, 새 장부 0줄"
    assert not LedgerEntry.objects.exists()


def test_a_change_on_a_later_day_is_settled_on_that_day(paid_order, veg, next_morning):
    settle_day("--date", "2026-11-26")
    fulfilment.mark_short(line=MerchantOrder.objects.get(order=paid_order, store=veg).lines.get(), available=1)
    assert settle_day("--date", "2026-11-27") == "2026-11-27 정산 기록: 주문 1건, 새 장부 2줄"
    later = DAY + dt.timedelta(days=1)
    assert list(LedgerEntry.objects.filter(business_date=later).values_list("kind", "amount")) == [
        ("refund", -1500), ("commission_reversal", 15)]


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        settle_day("--date", "26/11/2026")
