"""Store identity: a valid 사업자등록번호 and a 통신판매업 신고번호 or its exemption."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jangbogi.markets.models import Store
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def _unsaved_store(market, **overrides) -> Store:
    values = dict(market=market, slug="sangsu", name="상수네 채소", owner_name="박상인",
                  bizno="220-81-62517", mail_order_no="제2021-경기구리-0001호", phone="031-555-0000")
    values.update(overrides)
    return Store(**values)


def test_valid_store_passes_full_clean(market):
    store = _unsaved_store(market)
    store.full_clean()
    store.save()
    assert Store.objects.get(slug="sangsu").bizno == "220-81-62517"


def test_full_clean_formats_a_bare_bizno(market):
    store = _unsaved_store(market, bizno="2208162517")
    store.full_clean()
    assert store.bizno == "220-81-62517"


@pytest.mark.parametrize("bizno", ["220-81-62518", "220-81-6251", "22O-81-62517", ""])
def test_full_clean_rejects_an_invalid_bizno(market, bizno):
    store = _unsaved_store(market, bizno=bizno)
    with pytest.raises(ValidationError) as exc:
        store.full_clean()
    assert "bizno" in exc.value.message_dict
    if bizno:
        assert exc.value.message_dict["bizno"] == [
            "사업자등록번호가 올바르지 않습니다. 10자리 숫자를 확인해 주세요."
        ]
    assert Store.objects.count() == 0


def test_full_clean_needs_mail_order_no_or_exemption(market):
    store = _unsaved_store(market, mail_order_no="", mail_order_exemption="")
    with pytest.raises(ValidationError) as exc:
        store.full_clean()
    assert "통신판매업 신고번호 또는 면제 사유 중 하나를 입력해 주세요." in exc.value.messages


def test_exemption_alone_is_enough(market):
    store = _unsaved_store(market, mail_order_no="",
                           mail_order_exemption="간이과세자로 통신판매업 신고 면제")
    store.full_clean()
    store.save()
    assert Store.objects.filter(pk=store.pk).exists()


def test_database_refuses_a_store_without_mail_order_no_or_exemption(market):
    with pytest.raises(IntegrityError), transaction.atomic():
        _unsaved_store(market, mail_order_no="", mail_order_exemption="").save()
    assert Store.objects.count() == 0


def test_database_refuses_clearing_both_on_an_existing_store(market):
    store = StoreFactory(market=market)
    with pytest.raises(IntegrityError), transaction.atomic():
        Store.objects.filter(pk=store.pk).update(mail_order_no="")
    store.refresh_from_db()
    assert store.mail_order_no != ""


def test_bizno_is_unique(market):
    StoreFactory(market=market, bizno="220-81-62517")
    with pytest.raises(IntegrityError), transaction.atomic():
        StoreFactory(market=market, bizno="220-81-62517")
    assert Store.objects.count() == 1
