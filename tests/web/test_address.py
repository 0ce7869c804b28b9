"""Address search: geocode what the customer typed, then the markets delivering there."""

from django.core import signing

from jangbogi.web import session as web_session
from jangbogi.web.shop.views.places import PICK_SALT
from tests.web.conftest import htmx


def test_one_result_is_remembered_and_leads_to_the_markets(client, db):
    response = client.post("/address", {"q": "구리시 인창동"})
    assert response.status_code == 302
    assert response["Location"] == "/markets"
    assert client.session[web_session.ADDRESS_KEY] == {
        "address": "경기도 구리시 인창동", "lat": 37.6012, "lng": 127.1398}


def test_one_result_over_htmx_redirects_the_whole_page(client, db):
    response = client.post("/address", {"q": "구리시 인창동"}, **htmx())
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/markets"


def test_no_result_keeps_the_input_and_shows_examples(client, db):
    response = client.post("/address", {"q": "서울시 강남구"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "주소를 찾지 못했어요" in html
    assert 'value="서울시 강남구"' in html
    assert "구리시 인창동" in html
    assert web_session.ADDRESS_KEY not in client.session


def test_no_result_over_htmx_returns_only_the_address_box(client, db):
    response = client.post("/address", {"q": "서울시 강남구"}, **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="address-box"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_empty_input_asks_for_an_address(client, db):
    html = client.post("/address", {"q": ""}).content.decode()
    assert "주소를 적어 주세요." in html


def test_several_results_let_the_customer_pick(client, db):
    response = client.post("/address", {"q": "교문"})
    html = response.content.decode()
    assert "어느 주소인가요?" in html
    assert "경기도 구리시 교문1동" in html and "경기도 구리시 교문2동" in html
    assert web_session.ADDRESS_KEY not in client.session

    signed = response.context["choices"][1][1]
    picked = client.post("/address/pick", {"pick": signed})
    assert picked["Location"] == "/markets"
    assert client.session[web_session.ADDRESS_KEY]["address"] == "경기도 구리시 교문2동"


def test_a_tampered_pick_is_refused(client, db):
    forged = signing.dumps({"address": "x", "lat": 0, "lng": 0}, salt=PICK_SALT) + "x"
    response = client.post("/address/pick", {"pick": forged})
    assert response["Location"] == "/"
    assert web_session.ADDRESS_KEY not in client.session
