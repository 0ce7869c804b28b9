"""Line actions through the views: 담았어요 (weighing when sold by weight), 부족해요 with each of
the customer's substitution choices, and that another store's lines stay out of reach."""

import pytest

from jangbogi.catalog.models import Product
from jangbogi.integrations.messaging import OUTBOX
from jangbogi.markets.models import Membership, Role
from jangbogi.orders.models import (
    LineStatus,
    MerchantOrder,
    Order,
    OrderEvent,
    OrderLine,
    SubstitutionProposal,
)
from tests.factories import ProductFactory, StoreFactory, UserFactory
from tests.web.conftest import htmx
from tests.web.merchant.conftest import merchant_of, place_paid_order


def events(order) -> list[tuple[str, str]]:
    return list(OrderEvent.objects.filter(order=order).order_by("pk").values_list("to_status", "reason"))


def fresh(line) -> OrderLine:
    return OrderLine.objects.get(pk=line.pk)


# --- 담았어요 ---------------------------------------------------------------------------------

def test_pick_updates_the_row_and_the_part(merchant, paid_order, veg_part, zucchini_line):
    response = merchant.post(f"/merchant/lines/{zucchini_line.pk}/pick", **htmx())
    assert response.status_code == 200
    line = fresh(zucchini_line)
    assert (line.status, line.picked_quantity, line.line_total) == (LineStatus.PICKED, 2, 3000)
    assert MerchantOrder.objects.get(pk=veg_part.pk).status == "picking"  # started by the service
    assert ("picked", "애호박 담음") in events(paid_order)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="line-{line.pk}" class="mo-line ls-picked"')
    assert '<p class="mo-result ok">✓ 담았어요</p>' in html
    assert '<header id="part-head" class="mo-part-head" hx-swap-oob="true">' in html
    assert '<span class="mo-badge st-picking">준비 중</span>' in html
    assert '<section id="part-foot" class="mo-foot" hx-swap-oob="true">' in html
    assert "아직 처리하지 않은 상품이" not in html


def test_pick_without_htmx_redirects_to_the_line(merchant, veg_part, zucchini_line):
    response = merchant.post(f"/merchant/lines/{zucchini_line.pk}/pick")
    assert (response.status_code, response["Location"]) == (
        302, f"/merchant/parts/{veg_part.pk}/#line-{zucchini_line.pk}")
    assert fresh(zucchini_line).status == LineStatus.PICKED


@pytest.fixture
def pork_line(merchant, market, veg):
    """삼겹살 1근(600g) × 2 at 15,000원 per 600 g, sold by weight: 1,200 g expected."""
    pork = ProductFactory(store=veg, category="meat", name="삼겹살", unit_label="1근(600g)", price=15000,
                          sold_by_weight=True, estimated_grams=600)
    order = place_paid_order(market, (pork, 2), key="pork")
    return OrderLine.objects.get(merchant_order__order=order)


def test_weight_line_needs_grams_and_nothing_changes(merchant, pork_line):
    order = pork_line.merchant_order.order
    before = events(order)
    html = merchant.get(f"/merchant/parts/{pork_line.merchant_order_id}/").content.decode()
    assert "무게 상품 · 예상 1,200g" in html and '<label class="label" for="grams-' in html
    response = merchant.post(f"/merchant/lines/{pork_line.pk}/pick", {"actual_grams": ""}, **htmx())
    assert response.status_code == 200
    assert '<p class="notice error" role="alert">무게 상품은 실제 무게(g)를 적어 주세요.</p>' in \
        response.content.decode()
    assert fresh(pork_line).status == LineStatus.PENDING
    assert MerchantOrder.objects.get(pk=pork_line.merchant_order_id).status == "new"
    assert events(order) == before


def test_weight_line_rejects_text_and_keeps_it(merchant, pork_line):
    html = merchant.post(f"/merchant/lines/{pork_line.pk}/pick", {"actual_grams": "한근"}, **htmx()) \
        .content.decode()
    assert "무게는 숫자로 적어 주세요. 예: 1200" in html
    assert 'value="한근"' in html
    assert fresh(pork_line).status == LineStatus.PENDING


def test_weight_line_repriced_from_grams(merchant, pork_line):
    response = merchant.post(f"/merchant/lines/{pork_line.pk}/pick", {"actual_grams": "1000"}, **htmx())
    line = fresh(pork_line)
    assert (line.status, line.actual_grams, line.line_total) == (LineStatus.PICKED, 1000, 25000)
    order = Order.objects.get(pk=line.merchant_order.order_id)
    # 33,000원 was approved (110 % of the 30,000원 estimate); 25,000원 is the final price.
    assert (order.refund_due, order.paid_amount - order.delivery_fee) == (8000, 33000)
    html = response.content.decode()
    assert "✓ 담았어요 · 1,000g · 25,000원 <span class=\"muted\">(5,000원 덜 받아요)</span>" in html
    assert "<dt>환불 예정</dt><dd>− 5,000원</dd>" in html


def test_weight_error_without_htmx_shows_the_page_with_the_error(merchant, pork_line):
    response = merchant.post(f"/merchant/lines/{pork_line.pk}/pick", {"actual_grams": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "무게 상품은 실제 무게(g)를 적어 주세요." in html


# --- 부족해요: refund --------------------------------------------------------------------------

def test_short_form_for_a_refund_line(merchant, zucchini_line):
    response = merchant.get(f"/merchant/lines/{zucchini_line.pk}/short", **htmx())
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="line-{zucchini_line.pk}"')
    assert '<input id="avail-' in html and 'name="available" value="0" min="0" max="1"' in html
    assert "품절 · 2개 부족 · <strong>3,000원</strong>" in html
    assert "부족한 만큼 환불돼요: <strong>3,000원</strong>" in html
    assert fresh(zucchini_line).status == LineStatus.PENDING  # only a form


def test_short_form_recomputed_for_the_available_quantity(merchant, zucchini_line):
    html = merchant.get(f"/merchant/lines/{zucchini_line.pk}/short?available=1", **htmx()).content.decode()
    assert "1개 부족 · <strong>1,500원</strong>" in html
    assert "부족한 만큼 환불돼요: <strong>1,500원</strong>" in html


def test_short_form_without_htmx_is_the_part_page_with_the_form_open(merchant, zucchini_line):
    html = merchant.get(f"/merchant/lines/{zucchini_line.pk}/short").content.decode()
    assert "<html" in html and '<form class="mo-short"' in html


def test_short_with_some_left_refunds_the_rest(merchant, paid_order, zucchini_line):
    sent = len(OUTBOX)
    response = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short", {"available": "1"}, **htmx())
    line = fresh(zucchini_line)
    assert (line.status, line.picked_quantity, line.line_total) == (LineStatus.SHORT, 1, 1500)
    paid_order.refresh_from_db()
    assert (paid_order.total, paid_order.refund_due) == (12500, 1500)
    assert ("short", "애호박 1개 부족") in events(paid_order)
    assert len(OUTBOX) == sent + 1 and "1,500원을 환불" in OUTBOX[-1].text
    html = response.content.decode()
    assert '<p class="mo-result warn">1개만 담아요 · 나머지 1,500원 환불돼요</p>' in html
    assert "<dt>환불 예정</dt><dd>− 1,500원</dd>" in html


def test_sold_out_refunds_everything(merchant, paid_order, zucchini_line):
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short", {"available": "0"}, **htmx()) \
        .content.decode()
    assert fresh(zucchini_line).status == LineStatus.REFUNDED
    assert '<p class="mo-result warn">품절 · 3,000원 환불돼요</p>' in html
    assert Product.objects.get(pk=zucchini_line.product_id).stock == 0


def test_short_with_too_many_available_shows_the_error_and_changes_nothing(merchant, paid_order,
                                                                           zucchini_line):
    before = events(paid_order)
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short", {"available": "2"}, **htmx()) \
        .content.decode()
    assert '<p class="notice error" role="alert">있는 수량은 0개에서 1개 사이로 적어 주세요.</p>' in html
    assert fresh(zucchini_line).status == LineStatus.PENDING
    assert events(paid_order) == before
    assert Product.objects.get(pk=zucchini_line.product_id).stock == 8


def test_short_without_a_number_is_refused(merchant, zucchini_line):
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short", {"available": ""}, **htmx()) \
        .content.decode()
    assert "있는 수량을 적어 주세요. 하나도 없으면 0이에요." in html
    assert fresh(zucchini_line).status == LineStatus.PENDING


# --- 부족해요: a similar item from this store (proposal) ---------------------------------------

@pytest.fixture
def similar(veg, zucchini_line):
    OrderLine.objects.filter(pk=zucchini_line.pk).update(substitution="similar_same_store")
    return {
        "courgette": ProductFactory(store=veg, name="쥬키니 호박", price=1200, stock=5),
        "pumpkin": ProductFactory(store=veg, name="단호박", price=1500),
        "pricey": ProductFactory(store=veg, name="유기농 애호박", price=10000),
        "sold_out": ProductFactory(store=veg, name="가지", price=1000, stock=0),
        "off_sale": ProductFactory(store=veg, name="오이", price=1000, is_active=False),
        "elsewhere": ProductFactory(store=StoreFactory(market=veg.market), name="호박", price=1000),
    }


def test_similar_form_offers_this_stores_products_with_price_differences(merchant, zucchini_line, similar):
    html = merchant.get(f"/merchant/lines/{zucchini_line.pk}/short", **htmx()).content.decode()
    c, p, x = similar["courgette"], similar["pumpkin"], similar["pricey"]
    assert f'<option value="{c.pk}">쥬키니 호박 1개 ×2 · 2,400원 · 600원 싸요</option>' in html
    assert f'<option value="{p.pk}">단호박 1개 ×2 · 3,000원 · 값이 같아요</option>' in html
    # 20,000원 would exceed what the customer paid (the order may not grow above it).
    assert f'<option value="{x.pk}" disabled>유기농 애호박 1개 ×2 · 20,000원 · 결제 금액을 넘어요</option>' in html
    assert '<option value="refund">제안하지 않고 환불 (3,000원)</option>' in html
    for name in (">가지", ">오이", ">호박", ">애호박 1개"):
        assert name not in html


def test_choosing_a_substitute_shows_its_price_against_the_missing_amount(merchant, zucchini_line, similar):
    c = similar["courgette"]
    html = merchant.get(f"/merchant/lines/{zucchini_line.pk}/short?available=0&proposal={c.pk}", **htmx()) \
        .content.decode()
    assert f'<option value="{c.pk}" selected>' in html
    assert "쥬키니 호박 1개 × 2 = <strong>2,400원</strong><br>" in html
    assert "부족한 3,000원보다 <strong>600원 싸요</strong>" in html
    assert fresh(zucchini_line).status == LineStatus.PENDING


def test_proposal_through_the_view(merchant, paid_order, zucchini_line, similar):
    courgette = similar["courgette"]
    response = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short",
                             {"available": "0", "proposal": str(courgette.pk), "message": "더 싱싱해요"},
                             **htmx())
    proposal = SubstitutionProposal.objects.get(line=zucchini_line)
    assert (proposal.product, proposal.quantity, proposal.total, proposal.message, proposal.status) == (
        courgette, 2, 2400, "더 싱싱해요", "pending")
    assert fresh(zucchini_line).status == LineStatus.AWAITING_APPROVAL
    assert "쥬키니 호박" in OUTBOX[-1].text
    html = response.content.decode()
    assert "<strong>고객 답변 기다리는 중 (10:20까지)</strong>" in html  # 20 minutes from 10:00
    assert "제안: 쥬키니 호박 × 2 · 2,400원" in html
    assert 'hx-trigger="every 20s"' in html  # the row refreshes itself until the customer answers


def test_awaiting_row_on_the_part_page(merchant, zucchini_line, similar, veg_part):
    merchant.post(f"/merchant/lines/{zucchini_line.pk}/short",
                  {"available": "0", "proposal": str(similar["courgette"].pk)}, **htmx())
    html = merchant.get(f"/merchant/parts/{veg_part.pk}/").content.decode()
    assert "고객 답변 기다리는 중 (10:20까지)" in html
    assert '<span class="mo-lbadge ls-awaiting_approval">대체 승인 대기</span>' in html


def test_similar_needs_a_choice_and_keeps_what_was_typed(merchant, paid_order, zucchini_line, similar):
    before = events(paid_order)
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short",
                         {"available": "1", "proposal": "", "message": "죄송해요"}, **htmx()).content.decode()
    assert "대신 드릴 상품을 고르거나 &#x27;제안하지 않고 환불&#x27;을 골라 주세요." in html
    assert 'value="죄송해요"' in html and 'name="available" value="1"' in html
    assert fresh(zucchini_line).status == LineStatus.PENDING
    assert events(paid_order) == before


def test_similar_with_refund_choice_refunds(merchant, zucchini_line, similar):
    merchant.post(f"/merchant/lines/{zucchini_line.pk}/short", {"available": "0", "proposal": "refund"}, **htmx())
    assert fresh(zucchini_line).status == LineStatus.REFUNDED
    assert not SubstitutionProposal.objects.exists()


def test_proposal_above_paid_shows_the_error_and_keeps_the_choice(merchant, paid_order, zucchini_line, similar):
    pricey = similar["pricey"]
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short",
                         {"available": "0", "proposal": str(pricey.pk)}, **htmx()).content.decode()
    assert "결제한 금액을 넘는 대체 상품은 제안할 수 없어요. 더 싼 상품을 골라 주세요." in html
    assert fresh(zucchini_line).status == LineStatus.PENDING
    assert not SubstitutionProposal.objects.exists()
    assert Product.objects.get(pk=zucchini_line.product_id).stock == 8


def test_proposing_another_stores_product_is_refused(merchant, zucchini_line, similar):
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/short",
                         {"available": "0", "proposal": str(similar["elsewhere"].pk)}, **htmx()).content.decode()
    assert "같은 가게에서 파는 다른 상품을 골라 주세요." in html
    assert fresh(zucchini_line).status == LineStatus.PENDING


# --- 부족해요: the same item from another store -------------------------------------------------

@pytest.fixture
def fish_merchant(client, fish, morning):
    client.force_login(merchant_of(fish))
    return client


def test_other_store_form_explains_the_move(fish_merchant, mackerel_line):
    html = fish_merchant.get(f"/merchant/lines/{mackerel_line.pk}/short", **htmx()).content.decode()
    assert "다른 가게에서 찾아 옮겨요. 없으면 8,000원 환불돼요." in html


def test_short_moves_the_line_to_another_store(fish_merchant, market, paid_order, mackerel_line):
    other = StoreFactory(market=market, name="싱싱 수산")
    ProductFactory(store=other, category="seafood", name="고등어", unit_label="2마리", price=7000, stock=3)
    html = fish_merchant.post(f"/merchant/lines/{mackerel_line.pk}/short", {"available": "0"}, **htmx()) \
        .content.decode()
    assert fresh(mackerel_line).status == LineStatus.MOVED
    moved = OrderLine.objects.get(replaces=mackerel_line)
    assert (moved.merchant_order.store, moved.quantity, moved.line_total) == (other, 1, 7000)
    assert '<p class="mo-result info">싱싱 수산(으)로 1개 옮겼어요</p>' in html

    # The other store's merchant sees the moved line as theirs, marked as moved in.
    fish_merchant.force_login(merchant_of(other))
    page = fish_merchant.get(f"/merchant/parts/{moved.merchant_order_id}/").content.decode()
    assert "다른 가게에서 옮겨 온 상품이에요" in page
    assert "담았어요</button>" in page


def test_move_falls_back_to_refund(fish_merchant, mackerel_line):
    html = fish_merchant.post(f"/merchant/lines/{mackerel_line.pk}/short", {"available": "0"}, **htmx()) \
        .content.decode()
    assert fresh(mackerel_line).status == LineStatus.REFUNDED
    assert "품절 · 8,000원 환불돼요" in html


# --- the row on its own, and scoping -------------------------------------------------------

def test_line_row_partial_and_full_page_redirect(merchant, veg_part, zucchini_line):
    html = merchant.get(f"/merchant/lines/{zucchini_line.pk}/", **htmx()).content.decode()
    assert html.lstrip().startswith(f'<li id="line-{zucchini_line.pk}"')
    response = merchant.get(f"/merchant/lines/{zucchini_line.pk}/")
    assert response["Location"] == f"/merchant/parts/{veg_part.pk}/#line-{zucchini_line.pk}"


def test_settled_lines_offer_no_pick(merchant, veg_part, zucchini_line):
    merchant.post(f"/merchant/lines/{zucchini_line.pk}/short", {"available": "0"}, **htmx())
    html = merchant.get(f"/merchant/parts/{veg_part.pk}/").content.decode()
    assert "담았어요</button>" not in html
    html = merchant.post(f"/merchant/lines/{zucchini_line.pk}/pick", **htmx()).content.decode()
    assert "이미 처리한 상품입니다 (환불)." in html
    assert fresh(zucchini_line).status == LineStatus.REFUNDED
    html = merchant.get(f"/merchant/lines/{zucchini_line.pk}/short", **htmx()).content.decode()
    assert '<form class="mo-short"' not in html


@pytest.mark.parametrize(("method", "path", "data"), [
    ("get", "", None),
    ("post", "pick", {}),
    ("get", "short", None),
    ("post", "short", {"available": "0"}),
])
def test_another_stores_line_is_not_found(merchant, paid_order, mackerel_line, method, path, data):
    before = events(paid_order)
    response = getattr(merchant, method)(f"/merchant/lines/{mackerel_line.pk}/{path}", data, **htmx())
    assert response.status_code == 404
    assert fresh(mackerel_line).status == LineStatus.PENDING
    assert events(paid_order) == before


def test_line_actions_need_a_merchant(client, market, zucchini_line):
    assert client.post(f"/merchant/lines/{zucchini_line.pk}/pick")["Location"].startswith("/login?next=")
    staff = UserFactory()
    Membership.objects.create(user=staff, role=Role.CENTER_STAFF, market=market)
    client.force_login(staff)
    assert client.post(f"/merchant/lines/{zucchini_line.pk}/pick").status_code == 403
    assert fresh(zucchini_line).status == LineStatus.PENDING
