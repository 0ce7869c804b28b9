"""product_errors: the legal and money rules of a product listing (원산지, 이력번호, price,
weight)."""

import pytest

from jangbogi.catalog.models import ORIGIN_REQUIRED, Category
from jangbogi.catalog.services import product_errors

ORIGIN_MSG = "농·수·축산물은 원산지를 꼭 적어야 합니다. 예: 국내산, 국내산(전남 해남)"
TRACE_MSG = "국내산 소·돼지·닭·오리·계란은 이력번호(12자리)를 적어야 합니다."


def errors(**overrides) -> dict[str, str]:
    values = dict(category="veg_fruit", origin="국내산", livestock="", traceability_no="", price=1500,
                  sold_by_weight=False, estimated_grams=None)
    values.update(overrides)
    return product_errors(**values)


def test_valid_product_has_no_errors():
    assert errors() == {}


def test_origin_required_categories_are_the_farm_and_sea_goods():
    assert {"veg_fruit", "seafood", "meat", "dried", "grain", "kimchi"} == ORIGIN_REQUIRED


@pytest.mark.parametrize("category", sorted(ORIGIN_REQUIRED))
@pytest.mark.parametrize("origin", ["", "   "])
def test_origin_required_per_category(category, origin):
    assert errors(category=category, origin=origin) == {"origin": ORIGIN_MSG}


@pytest.mark.parametrize("category", sorted(set(Category.values) - ORIGIN_REQUIRED))
def test_origin_optional_for_other_categories(category):
    assert errors(category=category, origin="") == {}


def test_unknown_category():
    assert errors(category="toys") == {"category": "분류를 선택해 주세요."}
    assert errors(category="") == {"category": "분류를 선택해 주세요."}


@pytest.mark.parametrize("origin", ["국내산", "국산", "한우", "한돈", "육우", " 국내산(경기 이천)"])
@pytest.mark.parametrize("traceability_no", ["", "12345678901", "1234567890123", "abcdefghijkl", "L 123456789012"])
def test_domestic_livestock_needs_a_12_or_15_digit_traceability_no(origin, traceability_no):
    assert errors(category="meat", livestock="beef", origin=origin, traceability_no=traceability_no) == {
        "traceability_no": TRACE_MSG,
    }


@pytest.mark.parametrize("traceability_no", ["002012345678", "0020-1234-5678", " 002012345678 ",
                                             "002012345678901", "123456789012345"])
def test_domestic_livestock_with_traceability_no_is_valid(traceability_no):
    assert errors(category="meat", livestock="pork", origin="국내산", traceability_no=traceability_no) == {}


@pytest.mark.parametrize("livestock", ["beef", "pork", "chicken", "duck", "egg"])
def test_every_species_needs_it_when_domestic(livestock):
    assert errors(category="meat", livestock=livestock, origin="국내산") == {"traceability_no": TRACE_MSG}


@pytest.mark.parametrize("origin", ["미국산", "호주산", "수입산(캐나다)", "브라질산"])
def test_imported_livestock_needs_no_traceability_no(origin):
    assert errors(category="meat", livestock="beef", origin=origin, traceability_no="") == {}


def test_non_livestock_domestic_needs_no_traceability_no():
    assert errors(category="seafood", livestock="", origin="국내산(부산)") == {}


@pytest.mark.parametrize("price", [0, -1, None])
def test_price_must_be_at_least_one_won(price):
    assert errors(price=price) == {"price": "가격은 1원 이상이어야 합니다."}


def test_price_of_one_won_is_fine():
    assert errors(price=1) == {}


@pytest.mark.parametrize("grams", [None, 0, -100])
def test_sold_by_weight_needs_estimated_grams(grams):
    assert errors(sold_by_weight=True, estimated_grams=grams) == {
        "estimated_grams": "무게 단위 상품은 예상 무게(g)를 적어야 합니다.",
    }


def test_sold_by_weight_with_grams_is_fine():
    assert errors(sold_by_weight=True, estimated_grams=600) == {}


def test_all_errors_are_reported_at_once():
    assert set(errors(category="meat", origin="", livestock="beef", price=0, sold_by_weight=True)) == {
        "origin", "price", "estimated_grams",
    }
    assert set(errors(category="nope", origin="한우", livestock="beef", price=0)) == {
        "category", "traceability_no", "price",
    }
