"""What a basket costs: lines grouped per store, items total, delivery fee, tax-free part.

One function prices both the cart page and the order, so the customer pays what was shown."""

from dataclasses import dataclass, field

from jangbogi.catalog.models import Product, VatClass
from jangbogi.core.money import progress_percent
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
        if not self.groups or self.items_total >= self.market.free_delivery_threshold:
            return 0
        return self.market.delivery_fee

    @property
    def total(self) -> int:
        return self.items_total + self.delivery_fee

    @property
    def left_for_free_delivery(self) -> int:
        return max(0, self.market.free_delivery_threshold - self.items_total)

    @property
    def free_delivery_percent(self) -> int:
        return progress_percent(self.items_total, self.market.free_delivery_threshold)


def price_lines(market: Market, lines: list[PricedLine]) -> Pricing:
    by_store: dict[int, StoreGroup] = {}
    for line in lines:
        group = by_store.setdefault(line.product.store_id, StoreGroup(line.product.store))
        group.lines.append(line)
    groups = sorted(by_store.values(), key=lambda g: (g.store.name, g.store.pk))
    return Pricing(market, groups)
