"""Every failure under /api/v1/ has the same JSON shape: {code, message (Korean), ...}."""

from tests.api.conftest import API


def test_unknown_route_is_json_404(api, db):
    response = api.get("/no/such/thing")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"code": "not_found",
                               "message": "요청한 API 주소가 없습니다. 주소와 버전(/api/v1/)을 확인해 주세요."}


def test_unparseable_json_is_400(client, db):
    response = client.post(f"{API}/carts", "{market_id: 1", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"code": "bad_request",
                               "message": "요청 형식이 올바르지 않습니다. JSON 본문을 확인해 주세요."}


def test_korean_is_sent_as_utf8_not_escaped(api, db):
    response = api.get("/markets/1")

    assert "시장을 찾을 수 없습니다." in response.content.decode("utf-8")
