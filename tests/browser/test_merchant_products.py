"""A merchant on a phone: marks a product 품절 with one tap, puts another back on sale, changes a
price on 오늘 시세 and sees it in the list; adds a product (errors shown by the fields); checks
and imports a spreadsheet.  Screenshots at 390×844 go to var/screenshots/ for a human look."""

import csv
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from jangbogi.catalog.io import HEADERS
from jangbogi.catalog.models import Product
from jangbogi.markets.models import Role
from tests.browser.conftest import SCREENSHOTS
from tests.factories import (
    DeliveryCenterFactory,
    MarketFactory,
    MembershipFactory,
    ProductFactory,
    StoreFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def stall(transactional_db, settings):
    settings.JANGBOGI_PAYMENT_PROVIDER = "demo"
    market = MarketFactory(name="구리전통시장", slug="guri")
    DeliveryCenterFactory(market=market)
    veg = StoreFactory(market=market, name="상수네 채소", owner_name="박상수", stall="A동 12호")
    other = StoreFactory(market=market, name="바다 수산")
    MembershipFactory(user=UserFactory(username="sangsu", name="박상수"), role=Role.MERCHANT, store=veg)
    products = {
        "zucchini": ProductFactory(store=veg, name="애호박", price=1500, stock=10, origin="국내산(경기 구리)"),
        "strawberry": ProductFactory(store=veg, name="딸기", unit_label="1팩(500g)", price=9000, stock=0,
                                     origin="국내산(충남 논산)"),
        "tofu": ProductFactory(store=veg, category="processed", name="손두부", unit_label="1모", price=3000,
                               origin="", vat_class="taxable", stock=None),
        "cabbage": ProductFactory(store=veg, name="배추", unit_label="1포기", price=4000, is_active=False),
    }
    ProductFactory(store=other, category="seafood", name="고등어", price=8000)
    return products


def shoot(page, name):
    """Like the `screenshot` fixture, with the 오늘 시세 save bar also painted where it sits."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"merchant-products-{name}-390.png"), full_page=True,
                    style=".top, .pm-savebar { position: static !important; }")


def csv_file(rows) -> dict:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return {"name": "상품.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode("utf-8-sig")}


def test_sold_out_and_todays_prices(stall, morning, live_server, page):
    zucchini, strawberry = stall["zucchini"], stall["strawberry"]
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("sangsu")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="상품 관리").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("상품 관리")
    shoot(page, "01-list")

    # One tap: 애호박 is sold out; the row says so, nothing else moves.
    row = page.locator(f"#product-{zucchini.pk}")
    row.get_by_role("button", name="애호박 품절로 바꾸기").click()
    expect(row.get_by_role("status")).to_have_text("✓ 품절로 바꿨어요. 손님 화면에 품절로 보여요.")
    expect(row.get_by_role("link", name="다시 팔기")).to_be_visible()
    assert Product.objects.get(pk=zucchini.pk).stock == 0

    # 딸기 back on sale: it asks how many.
    row = page.locator(f"#product-{strawberry.pk}")
    row.get_by_role("link", name="다시 팔기").click()
    row.get_by_label("지금 몇 개 있어요?").fill("6")
    shoot(page, "02-restock")
    row.get_by_role("button", name="이 개수로 다시 팔기").click()
    expect(row.get_by_role("status")).to_have_text("✓ 다시 팔아요.")
    expect(row).to_contain_text("재고 6개")
    assert Product.objects.get(pk=strawberry.pk).stock == 6

    # 오늘 시세: a bad price saves nothing; fixed, everything is saved at once.
    page.get_by_role("link", name="오늘 시세").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("오늘 시세")
    shoot(page, "03-prices")
    page.get_by_label("애호박 가격").fill("1800")
    page.get_by_label("애호박 재고").fill("12")
    page.get_by_label("손두부 가격").fill("0")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_role("alert").first).to_contain_text("저장하지 못했어요.")
    expect(page.locator(f"#price-{stall['tofu'].pk}")).to_contain_text("가격은 1원 이상이어야 합니다.")
    expect(page.get_by_label("애호박 가격")).to_have_value("1800")
    shoot(page, "04-prices-error")
    assert Product.objects.get(pk=zucchini.pk).price == 1500

    page.get_by_label("손두부 가격").fill("3200")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_role("status")).to_have_text("✓ 저장했어요. 2개 상품이 바뀌었어요.")
    shoot(page, "05-prices-saved")
    assert Product.objects.values_list("price", "stock").get(pk=zucchini.pk) == (1800, 12)

    page.get_by_role("link", name="상품 관리").click()
    expect(page.locator(f"#product-{zucchini.pk}")).to_contain_text("1,800원")
    expect(page.locator(f"#product-{zucchini.pk}")).to_contain_text("재고 12개")


def png_file() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 80, 60)).save(out, "PNG")
    return {"name": "삼겹살.png", "mimeType": "image/png", "buffer": out.getvalue()}


def test_add_a_product_and_import_a_sheet(stall, morning, live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page.goto(live_server.url + "/login")
    page.get_by_label("아이디").fill("sangsu")
    page.get_by_label("비밀번호").fill("pass1234!")
    page.get_by_role("button", name="로그인").click()
    page.goto(live_server.url + "/merchant/products/")
    page.get_by_role("link", name="+ 상품 추가").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("상품 추가")
    expect(page.get_by_label("이력번호")).to_be_hidden()
    shoot(page, "06-form")

    page.get_by_label("분류").select_option(label="정육·계란")
    expect(page.get_by_label("이력번호")).to_be_visible()
    page.get_by_label("상품명").fill("삼겹살")
    page.get_by_label("축산물 종류").select_option(label="돼지")
    page.get_by_label("판매 단위").fill("1근(600g)")
    page.get_by_label("가격(원)").fill("15000")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("농·수·축산물은 원산지를 꼭 적어야 합니다.")).to_be_visible()
    expect(page.get_by_label("상품명")).to_have_value("삼겹살")
    shoot(page, "07-form-error")

    page.get_by_label("원산지").fill("국내산")
    page.get_by_label("이력번호").fill("160012345678")
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("‘삼겹살’ 상품을 추가했어요.")).to_be_visible()
    pork = Product.objects.get(name="삼겹살")
    assert (pork.origin, pork.livestock, pork.traceability_no) == ("국내산", "pork", "160012345678")

    page.locator(f"#product-{pork.pk}").get_by_role("link", name="삼겹살 고치기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("삼겹살 고치기")
    expect(page.get_by_label("이력번호")).to_have_value("160012345678")
    shoot(page, "08-edit")
    # Choosing a photo uploads it at once; what was typed in the listing form stays.
    page.get_by_label("가격(원)").fill("16000")
    page.get_by_label("사진 올리기", exact=True).set_input_files(png_file())
    expect(page.locator("#photo").get_by_role("status")).to_have_text("✓ 사진을 올렸어요.")
    expect(page.get_by_label("가격(원)")).to_have_value("16000")
    assert Product.objects.get(pk=pork.pk).photo.name.endswith(".jpg")
    page.get_by_role("link", name="← 상품 목록으로").click()

    page.get_by_role("link", name="엑셀로 올리기 · 내려받기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("엑셀로 올리기 · 내려받기")
    bad = csv_file([
        ["", "채소·과일", "오이", "1개", "천원", "국내산", "", "", "면세", "", "", "", "", ""],
        ["", "수산", "갈치", "1마리", "12000", "", "", "", "면세", "", "", "", "", ""],
    ])
    page.get_by_label("상품 파일").set_input_files(bad)
    page.get_by_role("button", name="검사만 하기").click()
    expect(page.locator("#import-report")).to_contain_text("틀린 곳 2건 · 아무것도 가져오지 않았어요")
    expect(page.locator("#import-report")).to_contain_text("2행 [가격]")
    shoot(page, "09-import-errors")

    good = csv_file([["", "채소·과일", "오이", "1개", "1,000", "국내산", "", "", "면세", "", "", "", "", ""]])
    page.get_by_label("상품 파일").set_input_files(good)
    page.get_by_role("button", name="검사만 하기").click()
    expect(page.locator("#import-report")).to_contain_text("검사 통과 · 아직 저장하지 않았어요")
    shoot(page, "10-import-checked")
    assert not Product.objects.filter(name="오이").exists()
    page.get_by_role("button", name="가져오기").click()  # the same file, still chosen
    expect(page.locator("#import-report")).to_contain_text("가져오기 끝")
    assert Product.objects.get(name="오이").price == 1000
