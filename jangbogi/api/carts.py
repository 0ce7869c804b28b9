"""Carts: create one per market, read it, set its lines.  Every route but `POST /carts` needs
the cart's secret in the `X-Cart-Token` header."""

from ninja import Field, Query, Router, Schema, Status

from jangbogi.api.auth import CartToken, cart_for
from jangbogi.api.common import StoreRef, current_user, market_or_404
from jangbogi.api.errors import ConflictOut, ErrorOut, ValidationErrorOut
from jangbogi.core import time as btime
from jangbogi.orders import carts
from jangbogi.orders import selectors as orders
from jangbogi.orders.carts import MAX_QUANTITY
from jangbogi.orders.models import Cart, Substitution
from jangbogi.orders.pricing import PricedLine, StoreGroup
from jangbogi.payments import eligibility
from jangbogi.payments.models import Method

router = Router(tags=["carts"])


class CartCreateIn(Schema):
    market_id: int


class CartLineIn(Schema):
    """One line; `quantity` 0 removes it.  `substitution`/`note` are kept when omitted."""

    product_id: int
    quantity: int = Field(..., ge=0, le=MAX_QUANTITY)
    substitution: Substitution | None = Field(None, description="품절 시 대체 방법")
    note: str | None = Field(None, max_length=200, description="가게에 남길 요청사항")


class CartLineOut(Schema):
    product_id: int
    name: str
    unit_label: str
    unit_price: int
    quantity: int
    line_total: int
    substitution: str
    substitution_label: str
    note: str
    sold_out: bool

    @classmethod
    def of(cls, line: PricedLine) -> "CartLineOut":
        p = line.product
        return cls(
            product_id=p.pk, name=p.name, unit_label=p.unit_label, unit_price=line.unit_price,
            quantity=line.quantity, line_total=line.line_total, substitution=line.substitution,
            substitution_label=Substitution(line.substitution).label, note=line.note,
            sold_out=p.is_sold_out,
        )


class AcceptedMethodOut(Schema):
    """Whether the store takes a payment method today (each store is the merchant of record:
    지역화폐 and 온누리 need an approval in an eligible store's name)."""

    method: Method
    label: str
    accepted: bool
    reason: str | None  # why not, in Korean; null when accepted


class CartGroupOut(Schema):
    store: StoreRef
    items_total: int
    lines: list[CartLineOut]
    accepted_methods: list[AcceptedMethodOut]  # 경기지역화폐 (card-type, the store's 시군), 온누리(카드형), 카드

    @classmethod
    def of(cls, group: StoreGroup, accepted: eligibility.Accepted) -> "CartGroupOut":
        return cls(store=StoreRef(id=group.store.pk, name=group.store.name),
                   items_total=group.items_total, lines=[CartLineOut.of(x) for x in group.lines],
                   accepted_methods=[AcceptedMethodOut(method=m, label=m.label, accepted=reason is None,
                                                       reason=reason) for m, reason in accepted.items()])


class CartOut(Schema):
    id: int
    token: str  # send it back as X-Cart-Token
    market_id: int
    ordered: bool  # checked out; create a new cart to shop again
    groups: list[CartGroupOut]  # one per store, by store name
    item_count: int
    items_total: int
    delivery_fee: int
    total: int
    tax_free_amount: int
    free_delivery_threshold: int | None  # null: this zone's fee is never waived
    left_for_free_delivery: int
    free_delivery_percent: int
    delivery_zone: str | None = None  # the zone the fee comes from; null without lat/lng or out of zone
    out_of_zone: bool = False  # lat/lng given and the market does not deliver there

    @classmethod
    def of(cls, cart: Cart, *, lat: float | None = None, lng: float | None = None) -> "CartOut":
        pricing = orders.cart_pricing(cart, lat=lat, lng=lng)
        accepted = eligibility.accepted_methods_by_store([g.store for g in pricing.groups], on_date=btime.today())
        return cls(
            id=cart.pk, token=cart.token, market_id=cart.market_id, ordered=cart.ordered_at is not None,
            groups=[CartGroupOut.of(g, accepted[g.store.pk]) for g in pricing.groups],
            item_count=pricing.item_count,
            items_total=pricing.items_total, delivery_fee=pricing.delivery_fee, total=pricing.total,
            tax_free_amount=pricing.tax_free_amount,
            free_delivery_threshold=pricing.free_delivery_threshold,
            left_for_free_delivery=pricing.left_for_free_delivery,
            free_delivery_percent=pricing.free_delivery_percent,
            delivery_zone=pricing.quote.zone.name if pricing.quote else None, out_of_zone=pricing.out_of_zone,
        )


@router.post("/carts", response={201: CartOut, 404: ErrorOut, 422: ValidationErrorOut})
def create_cart(request, payload: CartCreateIn):
    """A new empty cart; a logged-in session user becomes its customer, otherwise a guest.
    Keep `token`: every other cart route needs it."""
    cart = carts.create_cart(market=market_or_404(payload.market_id), customer=current_user(request))
    return Status(201, CartOut.of(cart))


@router.get("/carts/{cart_id}", auth=CartToken(), response={200: CartOut, 404: ErrorOut})
def get_cart(request, cart_id: int, lat: float | None = Query(None, ge=33, le=39, description="배송지 위도"),
             lng: float | None = Query(None, ge=124, le=132, description="배송지 경도")):
    """The cart; with the delivery point (`lat` and `lng`) the delivery fee is that address's
    zone's (without it, the market's default fee), and `out_of_zone` says the market does not
    deliver there (checkout would answer 422 `out_of_zone`)."""
    return CartOut.of(cart_for(request, cart_id), lat=lat, lng=lng)


@router.put("/carts/{cart_id}/lines", auth=CartToken(),
            response={200: CartOut, 404: ErrorOut, 409: ConflictOut, 422: ValidationErrorOut})
def set_line(request, cart_id: int, payload: CartLineIn):
    """Set one product's quantity (0 removes it) and return the whole cart."""
    cart = cart_for(request, cart_id)
    carts.set_line(cart=cart, product_id=payload.product_id, quantity=payload.quantity,
                   substitution=payload.substitution, note=payload.note)
    return CartOut.of(cart)
