"""What the consumer web keeps in the session: the chosen delivery address, the market being
browsed, the cart token per market, and a guest's order numbers with their access tokens.

Views read and write the session only through these helpers."""

from dataclasses import dataclass
from functools import cached_property

from jangbogi.markets.models import Market
from jangbogi.orders import carts
from jangbogi.orders import selectors as orders
from jangbogi.orders.models import Cart

CART_KEY = "cart_tokens"
ADDRESS_KEY = "delivery_address"
MARKET_KEY = "current_market"
ORDERS_KEY = "guest_orders"


# --- delivery address -------------------------------------------------------------------

@dataclass(frozen=True)
class Address:
    address: str
    lat: float
    lng: float


def address(request) -> Address | None:
    data = request.session.get(ADDRESS_KEY)
    if not data:
        return None
    return Address(data["address"], float(data["lat"]), float(data["lng"]))


def remember_address(request, *, address: str, lat: float, lng: float) -> None:
    request.session[ADDRESS_KEY] = {"address": address, "lat": lat, "lng": lng}


# --- the market being browsed (header cart link) ----------------------------------------

def remember_market(request, market: Market) -> None:
    current = {"id": market.pk, "slug": market.slug, "name": market.name}
    if request.session.get(MARKET_KEY) != current:
        request.session[MARKET_KEY] = current


def current_market(request) -> dict | None:
    return request.session.get(MARKET_KEY)


# --- carts --------------------------------------------------------------------------------

def cart_token(request, market_id: int) -> str:
    return request.session.get(CART_KEY, {}).get(str(market_id), "")


def remember_cart(request, market_id: int, token: str) -> None:
    tokens = dict(request.session.get(CART_KEY, {}))
    tokens[str(market_id)] = token
    request.session[CART_KEY] = tokens


def cart(request, market: Market) -> Cart | None:
    """The session's cart in `market`, ordered or not (checkout replays need the ordered one)."""
    found = orders.cart_by_token(cart_token(request, market.pk))
    return found if found is not None and found.market_id == market.pk else None


def open_cart(request, market: Market) -> Cart | None:
    """The session's cart if it can still take lines (not yet ordered)."""
    found = cart(request, market)
    return found if found is not None and found.ordered_at is None else None


def open_or_new_cart(request, market: Market) -> Cart:
    found = open_cart(request, market)
    if found is None:
        user = request.user if request.user.is_authenticated else None
        found = carts.create_cart(market=market, customer=user)
        remember_cart(request, market.pk, found.token)
    return found


class CartBadge:
    """The header's cart link: the market being browsed and how many items its cart holds.
    Counted lazily, after the view has changed the cart."""

    def __init__(self, request):
        self._request = request
        self.market = current_market(request)

    @cached_property
    def count(self) -> int:
        if not self.market:
            return 0
        token = cart_token(self._request, self.market["id"])
        found = orders.cart_by_token(token) if token else None
        if found is None or found.ordered_at is not None:
            return 0
        return orders.cart_count(found)


# --- a guest's orders ---------------------------------------------------------------------

def remember_order(request, *, number: str, token: str) -> None:
    remembered = dict(request.session.get(ORDERS_KEY, {}))
    remembered[number] = token
    request.session[ORDERS_KEY] = remembered


def order_token(request, number: str) -> str:
    return request.session.get(ORDERS_KEY, {}).get(number, "")


def order_numbers(request) -> list[str]:
    return list(request.session.get(ORDERS_KEY, {}))
