import pytest

from jangbogi.delivery import documents
from jangbogi.orders import fulfilment
from jangbogi.orders.models import MerchantOrder, Order


@pytest.fixture
def ready_order(paid_order):
    for part in MerchantOrder.objects.filter(order=paid_order):
        for line in part.lines.all():
            fulfilment.pick_line(line=line)
        fulfilment.mark_ready(part=part)
    return Order.objects.get(pk=paid_order.pk)


def test_bag_label_is_a_one_page_label_pdf(ready_order):
    part = ready_order.merchant_orders.first()
    pdf = documents.bag_label_pdf(part)
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 1


def test_bundle_label_and_packing_slip(ready_order):
    assert documents.bundle_code(ready_order) == f"{ready_order.number}-B"
    for pdf in (documents.bundle_label_pdf(ready_order), documents.packing_slip_pdf(ready_order)):
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_temperature_groups_follow_lines(ready_order):
    lines = [ln for part in ready_order.merchant_orders.all() for ln in part.lines.all()]
    groups = documents.temperature_groups(lines)
    assert {t: [ln.product_name for ln in ls] for t, ls in groups.items()} == {
        "ambient": ["애호박"], "chilled": ["고등어"]}
