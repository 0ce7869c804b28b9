"""Who may use the product pages: only a merchant, only on their own store's products."""

import pytest

from jangbogi.catalog.models import Product
from jangbogi.markets.models import Membership, Role
from tests.factories import ProductFactory, UserFactory
from tests.web.merchant.conftest import merchant_of

PAGES = ["/merchant/products/", "/merchant/products/new", "/merchant/products/prices",
         "/merchant/products/import", "/merchant/products/export.csv", "/merchant/products/export.xlsx"]
PRODUCT_GETS = ["edit", "sold-out", "sold-out?ask=1"]
PRODUCT_POSTS = [("edit", {"name": "남의 상품", "price": "1"}), ("sold-out", {"sold_out": "1"}),
                 ("photo", {}), ("photo/remove", {})]


@pytest.fixture
def mackerel(fish):
    """바다 수산's product (the logged-in merchant is 상수네 채소's)."""
    return ProductFactory(store=fish, category="seafood", name="고등어", price=8000, stock=4, origin="국내산")


@pytest.mark.parametrize("path", PRODUCT_GETS)
def test_another_stores_product_is_not_found(merchant, mackerel, path):
    assert merchant.get(f"/merchant/products/{mackerel.pk}/{path}").status_code == 404


@pytest.mark.parametrize(("path", "data"), PRODUCT_POSTS)
def test_another_stores_product_cannot_be_changed(merchant, mackerel, path, data):
    assert merchant.post(f"/merchant/products/{mackerel.pk}/{path}", data).status_code == 404
    assert Product.objects.values_list("name", "price", "stock").get(pk=mackerel.pk) == ("고등어", 8000, 4)


def test_a_missing_product_is_not_found(merchant):
    assert merchant.get("/merchant/products/999999/edit").status_code == 404


def test_a_merchant_of_two_stores_acts_for_the_chosen_one(client, veg, fish, mackerel, morning):
    user = merchant_of(veg)
    Membership.objects.create(user=user, role=Role.MERCHANT, store=fish)
    client.force_login(user)
    assert client.get(f"/merchant/products/{mackerel.pk}/edit").status_code == 404
    assert client.get(f"/merchant/products/{mackerel.pk}/edit?store={fish.pk}").status_code == 200


@pytest.mark.parametrize("path", PAGES + ["/merchant/products/1/edit"])
def test_center_staff_and_customers_are_forbidden(client, market, path):
    center = UserFactory()
    Membership.objects.create(user=center, role=Role.CENTER_STAFF, market=market)
    for user in (center, UserFactory(username="customer")):
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 403
        assert "이 화면을 볼 권한이 없어요" in response.content.decode()


@pytest.mark.parametrize("path", PAGES + ["/merchant/products/1/edit"])
def test_anonymous_goes_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=%2Fmerchant%2Fproducts%2F")


def test_anonymous_post_changes_nothing(client, mackerel):
    response = client.post(f"/merchant/products/{mackerel.pk}/sold-out", {"sold_out": "1"})
    assert response.status_code == 302
    assert Product.objects.get(pk=mackerel.pk).stock == 4
