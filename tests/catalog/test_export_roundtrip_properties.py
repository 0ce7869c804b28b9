"""Property: for any valid set of products, export → import of the same file is a no-op
(CSV and XLSX): nothing created, nothing updated, not one column of one row changed."""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from jangbogi.catalog import io as product_sheets
from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Category, Livestock, Product, VatClass, is_domestic
from tests.factories import MarketFactory, StoreFactory

KOREAN = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
TEXT = st.text(st.one_of(KOREAN, st.sampled_from(list('abZ09 ,."\'()/-·=%'))), min_size=1, max_size=30)


@st.composite
def listings(draw) -> dict:
    livestock = draw(st.sampled_from(["", *Livestock.values]))
    origin = draw(st.sampled_from(["국내산", "국내산(전남 해남)", "한우", "중국산", "노르웨이산", ""]))
    by_weight = draw(st.booleans())
    return dict(
        category=draw(st.sampled_from(Category.values)),
        name=draw(TEXT).strip(),
        unit_label=draw(TEXT).strip(),
        price=draw(st.integers(1, catalog.MAX_PRICE)),
        origin=origin,
        livestock=livestock,
        traceability_no=draw(st.from_regex(r"\A(\d{12}|\d{15}|\d{3}-\d{4}-\d{4}-\d)\Z"))
        if livestock and is_domestic(origin) else draw(st.sampled_from(["", "US1234"])),
        vat_class=draw(st.sampled_from(VatClass.values)),
        sold_by_weight=by_weight,
        estimated_grams=draw(st.integers(1, catalog.MAX_GRAMS) if by_weight
                             else st.one_of(st.none(), st.integers(1, catalog.MAX_GRAMS))),
        stock=draw(st.one_of(st.none(), st.integers(0, catalog.MAX_STOCK))),
        perishable=draw(st.booleans()),
        description="",
        is_active=draw(st.booleans()),
    )


def key(values: dict) -> tuple[str, str]:
    return tuple(re.sub(r"\s+", " ", values[f]).strip().casefold() for f in ("name", "unit_label"))


class ExportImportRoundTrip(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(items=st.lists(listings(), min_size=1, max_size=5), fmt=st.sampled_from(["csv", "xlsx"]))
    def test_export_then_import_changes_nothing(self, items, fmt):
        assume(all(catalog.listing_errors(item) == {} for item in items))
        assume(len({key(item) for item in items}) == len(items))
        store = StoreFactory(market=MarketFactory())
        for item in items:
            catalog.create_product(store=store, **item)
        before = list(Product.objects.order_by("pk").values())

        data = product_sheets.export_products(store, fmt)
        report = product_sheets.import_products(store=store, data=data, filename=f"상품.{fmt}")

        assert report.errors == []
        assert (report.created, report.updated, report.unchanged) == (0, 0, len(items))
        assert list(Product.objects.order_by("pk").values()) == before
