"""The OpenAPI document and the docs page."""

from tests.api.conftest import API


def test_openapi_lists_every_route_with_its_security(client, db):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    doc = response.json()
    methods = {path: sorted(ops) for path, ops in doc["paths"].items()}
    assert methods == {
        "/api/v1/markets": ["get"],
        "/api/v1/markets/{market_id}": ["get"],
        "/api/v1/markets/{market_id}/slots": ["get"],
        "/api/v1/markets/{market_id}/categories": ["get"],
        "/api/v1/markets/{market_id}/products": ["get"],
        "/api/v1/products/{product_id}": ["get"],
        "/api/v1/carts": ["post"],
        "/api/v1/carts/{cart_id}": ["get"],
        "/api/v1/carts/{cart_id}/lines": ["put"],
        "/api/v1/carts/{cart_id}/checkout": ["post"],
        "/api/v1/orders/{number}": ["get"],
        "/api/v1/orders/{number}/claims": ["get", "post"],
    }
    assert doc["components"]["securitySchemes"] == {
        "CartToken": {"type": "apiKey", "in": "header", "name": "X-Cart-Token"},
        "OrderToken": {"type": "apiKey", "in": "header", "name": "X-Order-Token"},
    }
    checkout = doc["paths"]["/api/v1/carts/{cart_id}/checkout"]["post"]
    assert checkout["security"] == [{"CartToken": []}]
    assert [p["name"] for p in checkout["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]
    assert sorted(checkout["responses"]) == ["201", "400", "402", "404", "409", "422"]
    assert "security" not in doc["paths"]["/api/v1/carts"]["post"]


def test_docs_page(client, db):
    assert client.get(f"{API}/docs").status_code == 200
