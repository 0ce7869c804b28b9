"""Categories and the paginated product search of one market."""

from jangbogi.catalog.models import Category
from tests.factories import MarketFactory, ProductFactory, StoreFactory


def stock_market(market, two_stores):
    """25 vegetables at 상수네 채소, 3 fish at 바다 수산, and noise that must never show."""
    veg, fish = two_stores
    for i in range(25):
        ProductFactory(store=veg, name=f"채소{i:02d}", price=1000 + i * 100, stock=5)
    for name in ("고등어", "갈치", "오징어"):
        ProductFactory(store=fish, category=Category.SEAFOOD, name=name, price=8000, origin="국내산(부산)")
    ProductFactory(store=veg, name="내린 상품", is_active=False)
    ProductFactory(store=StoreFactory(market=market, is_active=False), name="휴업 가게 상품")
    ProductFactory(store=StoreFactory(market=MarketFactory()), name="다른 시장 상품")
    return veg, fish


def test_categories_with_counts(api, market, two_stores):
    stock_market(market, two_stores)

    response = api.get(f"/markets/{market.pk}/categories")

    assert response.status_code == 200
    assert response.json() == [
        {"code": "veg_fruit", "label": "채소·과일", "icon": "🥬", "count": 25},
        {"code": "seafood", "label": "수산", "icon": "🐟", "count": 3},
    ]


def test_first_page_has_twenty_and_a_next_link(api, market, two_stores, django_assert_num_queries):
    stock_market(market, two_stores)

    # market, count, page: the store comes in the same query (no N+1)
    with django_assert_num_queries(3):
        response = api.get(f"/markets/{market.pk}/products")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"], len(body["items"])) == (28, 1, 20, 20)
    assert body["next"] == f"http://testserver/api/v1/markets/{market.pk}/products?page=2"
    assert body["previous"] is None
    # by category code (seafood < veg_fruit), then name
    assert [p["name"] for p in body["items"][:5]] == ["갈치", "고등어", "오징어", "채소00", "채소01"]


def test_last_page(api, market, two_stores):
    stock_market(market, two_stores)

    body = api.get(f"/markets/{market.pk}/products", page=2, page_size=20).json()

    assert (body["count"], len(body["items"]), body["next"]) == (28, 8, None)
    assert body["previous"] == f"http://testserver/api/v1/markets/{market.pk}/products?page=1&page_size=20"
    assert [p["name"] for p in body["items"]] == [f"채소{i}" for i in range(17, 25)]


def test_product_fields(api, market, two_stores):
    veg, fish = two_stores
    # listed by category code: seafood before veg_fruit
    sold_out = ProductFactory(store=veg, name="애호박", unit_label="1개", price=1500, stock=0)
    mackerel = ProductFactory(store=fish, category=Category.SEAFOOD, name="고등어", price=8000,
                              origin="국내산(부산)", sold_by_weight=True, estimated_grams=600,
                              photo="products/godeungeo.jpg")

    items = api.get(f"/markets/{market.pk}/products").json()["items"]

    assert items == [
        {"id": mackerel.pk, "name": "고등어", "unit_label": "1개", "price": 8000, "category": "seafood",
         "category_label": "수산", "category_icon": "🐟", "origin": "국내산(부산)", "traceability_no": "",
         "sold_by_weight": True, "estimated_grams": 600, "sold_out": False, "stock_left": None,
         "store": {"id": fish.pk, "name": "바다 수산"}, "vat_class": "exempt", "perishable": True,
         "photo_url": "http://testserver/media/products/godeungeo.jpg"},
        {"id": sold_out.pk, "name": "애호박", "unit_label": "1개", "price": 1500, "category": "veg_fruit",
         "category_label": "채소·과일", "category_icon": "🥬", "origin": "국내산", "traceability_no": "",
         "sold_by_weight": False, "estimated_grams": None, "sold_out": True, "stock_left": 0,
         "store": {"id": veg.pk, "name": "상수네 채소"}, "vat_class": "exempt", "perishable": True,
         "photo_url": None},
    ]


def test_search_by_word_category_and_store(api, market, two_stores):
    veg, fish = stock_market(market, two_stores)

    by_word = api.get(f"/markets/{market.pk}/products", q="고등어").json()
    by_store_name = api.get(f"/markets/{market.pk}/products", q="바다").json()
    by_category = api.get(f"/markets/{market.pk}/products", category="seafood").json()
    by_store = api.get(f"/markets/{market.pk}/products", store=fish.pk, q="갈치").json()

    assert [p["name"] for p in by_word["items"]] == ["고등어"]
    assert by_store_name["count"] == 3
    assert [p["name"] for p in by_category["items"]] == ["갈치", "고등어", "오징어"]
    assert [p["name"] for p in by_store["items"]] == ["갈치"]


def test_bad_paging_and_category_are_validation_errors(api, market):
    response = api.get(f"/markets/{market.pk}/products", page=0, page_size=101, category="toys")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["errors"] == {
        "category": "다음 중 하나를 골라 주세요: veg_fruit, seafood, meat, side_dish, rice_cake, dried, "
                    "kimchi, grain, snack, processed, etc",
        "page": "1 이상이어야 합니다.",
        "page_size": "100 이하여야 합니다.",
    }


def test_products_of_unknown_market(api, db):
    response = api.get("/markets/424242/products")

    assert response.status_code == 404
    assert response.json()["code"] == "market_not_found"
