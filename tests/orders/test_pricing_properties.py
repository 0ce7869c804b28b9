"""Property: for any basket, the total is items + fee, the items total is the sum of the store
groups, and the tax-free part never exceeds the items (DB-free)."""

from hypothesis import given
from hypothesis import strategies as st

from jangbogi.orders.pricing import PricedLine, price_lines
from tests.factories import MarketFactory, ProductFactory, StoreFactory

STORE_NAMES = ["상수네 채소", "바다 수산", "이천 정육점", "할머니 반찬"]

a_line = st.tuples(
    st.integers(0, len(STORE_NAMES) - 1),   # store
    st.integers(1, 300_000),                # unit price
    st.integers(1, 99),                     # quantity
    st.sampled_from(["exempt", "taxable"]),
)


@given(lines=st.lists(a_line, max_size=20), fee=st.integers(0, 10_000), threshold=st.integers(0, 200_000))
def test_pricing_adds_up(lines, fee, threshold):
    market = MarketFactory.build(delivery_fee=fee, free_delivery_threshold=threshold)
    stores = [StoreFactory.build(pk=i + 1, market=market, name=name) for i, name in enumerate(STORE_NAMES)]
    priced = [
        PricedLine(product=ProductFactory.build(store=stores[s], price=price, vat_class=vat), quantity=q,
                   substitution="refund", note="")
        for s, price, q, vat in lines
    ]

    pricing = price_lines(market, priced)

    expected_items = sum(price * q for _, price, q, _ in lines)
    assert pricing.items_total == expected_items == sum(g.items_total for g in pricing.groups)
    assert pricing.total == pricing.items_total + pricing.delivery_fee
    assert pricing.tax_free_amount == sum(price * q for _, price, q, vat in lines if vat == "exempt")
    assert pricing.tax_free_amount == sum(g.tax_free_amount for g in pricing.groups)
    assert 0 <= pricing.tax_free_amount <= pricing.items_total
    assert pricing.item_count == sum(q for _, _, q, _ in lines)

    free = not lines or expected_items >= threshold
    assert pricing.delivery_fee == (0 if free else fee)
    assert pricing.left_for_free_delivery == max(0, threshold - expected_items)

    # one group per store that has lines, sorted by name, every line in its own store's group
    used = {s for s, *_ in lines}
    assert [g.store.name for g in pricing.groups] == sorted(STORE_NAMES[s] for s in used)
    for group in pricing.groups:
        assert group.lines
        assert all(ln.product.store is group.store for ln in group.lines)
    assert sorted(id(ln) for ln in pricing.lines) == sorted(id(ln) for ln in priced)
