"""Secret-token headers, declared as ninja auth classes so OpenAPI documents them.

A wrong or missing token answers 404 (never 401/403): a caller without the token cannot tell
whether the cart or order exists.  Header tokens are not cookies, so these routes need no
CSRF token (a cross-site form cannot set custom headers)."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader

from jangbogi.core.errors import NotFound
from jangbogi.orders import selectors as orders
from jangbogi.orders.models import Cart

CART_NOT_FOUND = "장바구니를 찾을 수 없습니다. 장바구니 토큰(X-Cart-Token)을 확인해 주세요."


def cart_not_found() -> NotFound:
    return NotFound(CART_NOT_FOUND, code="cart_not_found")


class CartToken(APIKeyHeader):
    """`X-Cart-Token`: the `token` returned by `POST /carts`."""

    param_name = "X-Cart-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Cart:
        cart = orders.cart_by_token(key or "")
        if cart is None:
            raise cart_not_found()
        return cart


def cart_for(request: HttpRequest, cart_id: int) -> Cart:
    """The cart the token opened, if it is the one in the path."""
    cart = request.auth
    if not isinstance(cart, Cart) or cart.pk != cart_id:
        raise cart_not_found()
    return cart


@dataclass(frozen=True)
class OrderCredentials:
    token: str
    user: Any


class OrderToken(APIKeyHeader):
    """`X-Order-Token`: the order's `access_token` (returned by checkout).  A logged-in
    customer may omit it for their own orders; the selector decides."""

    param_name = "X-Order-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> OrderCredentials:
        return OrderCredentials(token=key or "", user=getattr(request, "user", None))
