"""Login and logout with large, simple forms."""

from tests.factories import UserFactory


def test_login_with_the_right_password(client, db):
    UserFactory(username="soonja")
    response = client.post("/login", {"username": "soonja", "password": "pass1234!"})
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert "로그아웃" in html


def test_wrong_password_says_so_in_korean(client, db):
    UserFactory(username="soonja")
    html = client.post("/login", {"username": "soonja", "password": "nope"}).content.decode()
    assert "아이디 또는 비밀번호가 맞지 않아요." in html
    assert 'value="soonja"' in html


def test_logout_is_a_post(client, db):
    client.force_login(UserFactory())
    response = client.post("/logout")
    assert response["Location"] == "/"
    assert "로그인" in client.get("/").content.decode()
