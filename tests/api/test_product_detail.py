"""GET /products/{id}: the seller's identity (전자상거래법) and the fresh-food return notice."""

from jangbogi.api.catalog import PERISHABLE_RETURN_NOTICE
from jangbogi.catalog.models import Category
from tests.factories import ProductFactory, StoreFactory


def test_detail_shows_seller_identity_and_return_notice(api, market):
    store = StoreFactory(market=market, name="구리한우정육점", owner_name="최동석", bizno="1321234566",
                         mail_order_no="제2021-경기구리-0342호", phone="031-555-0104", stall="B동 1호")
    product = ProductFactory(store=store, category=Category.MEAT, name="한우 불고기", unit_label="600g",
                             price=32000, origin="국내산(한우)", livestock="beef", traceability_no="002112345678",
                             description="1++ 등급")

    response = api.get(f"/products/{product.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["store"] == {
        "id": store.pk, "name": "구리한우정육점", "owner_name": "최동석", "bizno": "132-12-34566",
        "mail_order_no": "제2021-경기구리-0342호", "mail_order_exemption": "", "phone": "031-555-0104",
        "stall": "B동 1호", "market": {"id": market.pk, "name": market.name, "address": market.address},
    }
    assert (body["name"], body["price"], body["origin"], body["traceability_no"]) == (
        "한우 불고기", 32000, "국내산(한우)", "002112345678")
    assert (body["livestock"], body["livestock_label"], body["description"]) == ("beef", "소", "1++ 등급")
    assert body["seller_notice"] == (
        "장보기는 통신판매중개자로서 통신판매의 당사자가 아닙니다. "
        "상품, 상품 정보와 거래에 관한 의무와 책임은 판매자(구리한우정육점)에게 있습니다.")
    assert body["return_notice"] == PERISHABLE_RETURN_NOTICE
    assert "단순 변심에 의한 교환·반품(청약철회)이 어렵습니다" in PERISHABLE_RETURN_NOTICE
    assert "파손·변질되었거나" in PERISHABLE_RETURN_NOTICE
    assert "받은 날부터 3개월 이내" in PERISHABLE_RETURN_NOTICE


def test_exempt_seller_and_non_perishable_product(api, market):
    store = StoreFactory(market=market, mail_order_no="",
                         mail_order_exemption="간이과세자로 통신판매업 신고 면제")
    product = ProductFactory(store=store, category=Category.PROCESSED, name="참기름", origin="",
                             vat_class="taxable", perishable=False)

    body = api.get(f"/products/{product.pk}").json()

    assert (body["store"]["mail_order_no"], body["store"]["mail_order_exemption"]) == (
        "", "간이과세자로 통신판매업 신고 면제")
    assert (body["vat_class"], body["perishable"], body["return_notice"]) == ("taxable", False, None)


def test_inactive_product_is_not_found(api, market):
    product = ProductFactory(store=StoreFactory(market=market), is_active=False)

    response = api.get(f"/products/{product.pk}")

    assert response.status_code == 404
    assert response.json() == {"code": "product_not_found", "message": "상품을 찾을 수 없습니다."}
