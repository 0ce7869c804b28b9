"""What a basket costs: lines grouped per store, items total, delivery fee, tax-free part.

One function prices both the cart page and the order, so the customer pays what was shown.
The delivery fee depends on where it goes: with a location (`price_lines(..., location=)`),
the market's delivery zone there decides it (`markets.selectors.delivery_quote`: flat, free
above a threshold, or by distance band); without one yet, the market's default fee and free
threshold.  A location outside every zone is `out_of_zone` (the default fee is shown; the
order itself is refused by `orders.services`)."""

from dataclasses import dataclass, field
from functools import cached_property

from jangbogi.catalog.models import Product, VatClass
from jangbogi.core.money import progress_percent
from jangbogi.markets import selectors as markets
from jangbogi.markets import zones
from jangbogi.markets.models import Market, Store


@dataclass
class PricedLine:
    product: Product
    quantity: int
    substitution: str
    note: str
    line_id: int | None = None

    @property
    def unit_price(self) -> int:
        return self.product.price

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity

    @property
    def tax_free(self) -> bool:
        return self.product.vat_class == VatClass.EXEMPT


@dataclass
class StoreGroup:
    store: Store
    lines: list[PricedLine] = field(default_factory=list)

    @property
    def items_total(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def tax_free_amount(self) -> int:
        return sum(line.line_total for line in self.lines if line.tax_free)


@dataclass
class Pricing:
    market: Market
    groups: list[StoreGroup]
    location: tuple[float, float] | None = None  # (lat, lng) of the delivery address, when known

    @cached_property
    def quote(self) -> zones.Quote | None:
        """The delivery zone and fee at `location` for this basket (None: no location, or out of zone)."""
        if self.location is None:
            return None
        lat, lng = self.location
        return markets.delivery_quote(self.market, lat=lat, lng=lng, items_total=self.items_total)

    @property
    def out_of_zone(self) -> bool:
        return self.location is not None and self.quote is None

    @property
    def free_delivery_threshold(self) -> int | None:
        """From this items total delivery is free; None when it never is (a flat-fee zone)."""
        if self.quote is None:
            return self.market.free_delivery_threshold
        return self.quote.zone.rule.free_from

    @property
    def lines(self) -> list[PricedLine]:
        return [line for g in self.groups for line in g.lines]

    @property
    def items_total(self) -> int:
        return sum(g.items_total for g in self.groups)

    @property
    def tax_free_amount(self) -> int:
        return sum(g.tax_free_amount for g in self.groups)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def delivery_fee(self) -> int:
        if not self.groups:
            return 0
        if self.quote is not None:
            return self.quote.fee
        if self.items_total >= self.market.free_delivery_threshold:
            return 0
        return self.market.delivery_fee

    @property
    def total(self) -> int:
        return self.items_total + self.delivery_fee

    @property
    def left_for_free_delivery(self) -> int:
        threshold = self.free_delivery_threshold
        return 0 if threshold is None else max(0, threshold - self.items_total)

    @property
    def free_delivery_percent(self) -> int:
        threshold = self.free_delivery_threshold
        if threshold is None:
            return 0
        return progress_percent(self.items_total, threshold)


def price_lines(market: Market, lines: list[PricedLine], *, location: tuple[float, float] | None = None) -> Pricing:
    by_store: dict[int, StoreGroup] = {}
    for line in lines:
        group = by_store.setdefault(line.product.store_id, StoreGroup(line.product.store))
        group.lines.append(line)
    groups = sorted(by_store.values(), key=lambda g: (g.store.name, g.store.pk))
    return Pricing(market, groups, location)
