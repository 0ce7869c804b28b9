"""The cart shows, per store, which payments it takes (지역화폐 / 온누리 / 카드), with the reason
behind a tap on a refused one."""

import re

import pytest

from tests.factories import ProductFactory, StoreFactory, StorePaymentProfileFactory
from tests.web.conftest import add, htmx

pytestmark = pytest.mark.usefixtures("seeded_caps")

BADGE = re.compile(r'class="pay (?:ok|no)">(?:<summary>)?(\S+) <span aria-hidden="true">([✓✗])</span>'
                   r'<span class="sr-only">[^<]*</span>(?:</summary><p>([^<]*)</p>)?')
BOTH = [("지역화폐", "✓", "구리시 지역화폐 카드만 돼요"), ("온누리", "✓", ""), ("카드", "✓", "")]
# session, market, cart, lines with products and stores, cart badge, the market's delivery zones
# (the fee at the address); then for the badges: the markets' 시군, the payment profiles, the
# caps in force
CART_QUERIES = 10
CARD_ONLY = [("지역화폐", "✗", "이 가게는 경기지역화폐 가맹점이 아니에요"),
             ("온누리", "✗", "이 가게는 온누리상품권(카드형) 가맹점이 아니에요"), ("카드", "✓", "")]


@pytest.fixture
def seeded_caps(db):
    from tests.payments.conftest import ensure_seeded_caps

    ensure_seeded_caps()


def badges(html: str, store_name: str) -> list[tuple[str, str, str]]:
    """(label, ✓/✗, what a tap shows) for each badge of one store's group."""
    block = re.search(rf'<ul class="pay-accepts" aria-label="{store_name}에서 되는 결제">(.*?)</ul>', html, re.S)
    assert block, f"no payment badges for {store_name}"
    return BADGE.findall(block.group(1))


def test_each_store_shows_what_it_takes(filled_cart, market):
    html = filled_cart.get(f"/m/{market.slug}/cart").content.decode()

    assert badges(html, "상수네 채소") == BOTH  # flags: both vouchers
    assert badges(html, "바다 수산") == CARD_ONLY
    assert '<details class="pay no"><summary>지역화폐' in html  # the reason opens on tap, no JS


def test_a_registered_store_over_the_cap_says_so(filled_cart, market, shop):
    StorePaymentProfileFactory(store=shop.veg, onnuri_card_registered=False, annual_revenue=1_300_000_000)

    html = filled_cart.get(f"/m/{market.slug}/cart").content.decode()

    assert badges(html, "상수네 채소") == [
        ("지역화폐", "✗", "지역화폐 가맹 매출 한도(12억 원)를 넘는 가게예요"),
        ("온누리", "✗", "이 가게는 온누리상품권(카드형) 가맹점이 아니에요"), ("카드", "✓", "")]


def test_the_htmx_cart_keeps_the_badges(filled_cart, market, shop):
    response = filled_cart.post(f"/m/{market.slug}/cart/lines/{shop.zucchini.pk}", {"quantity": 3}, **htmx())
    html = response.content.decode()

    assert html.lstrip().startswith('<section id="cart"')
    assert badges(html, "상수네 채소") == BOTH
    assert badges(html, "바다 수산") == CARD_ONLY


def test_cart_queries_do_not_grow_with_stores(filled_cart, market, shop, django_assert_num_queries):
    StorePaymentProfileFactory(store=shop.veg, annual_revenue=100_000_000)
    with django_assert_num_queries(CART_QUERIES):
        filled_cart.get(f"/m/{market.slug}/cart")
    for i in range(4):
        store = StoreFactory(market=market, name=f"가게 {i}")
        StorePaymentProfileFactory(store=store, annual_revenue=500_000_000 * i)
        add(filled_cart, market, ProductFactory(store=store))

    with django_assert_num_queries(CART_QUERIES):
        html = filled_cart.get(f"/m/{market.slug}/cart").content.decode()
    assert html.count('<ul class="pay-accepts"') == 6
