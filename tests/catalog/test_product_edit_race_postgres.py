"""Merchant edits race checkouts on PostgreSQL: price edits (one product, 오늘 시세, a price
sheet) never write back a stock they read before a checkout took from it."""

import threading

import pytest
from django.db import connection, transaction

from jangbogi.catalog import io as product_sheets
from jangbogi.catalog import services as catalog
from jangbogi.catalog.models import Product
from jangbogi.core.errors import OutOfStock
from tests.factories import MarketFactory, ProductFactory, StoreFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUYERS = 30
EDITS = 30
STOCK = 20


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("race test needs PostgreSQL (SQLite serialises writers); CI runs it with DATABASE_URL")


def race(jobs) -> list[str]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait()
            result = job()
        except OutOfStock:
            result = "out_of_stock"
        except Exception as exc:  # anything else is a bug the test must show
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_price_edits_during_checkouts_lose_no_reservation():
    store = StoreFactory(market=MarketFactory())
    product = ProductFactory(store=store, stock=STOCK, price=1000)
    other = ProductFactory(store=store, name="대파", stock=None, price=3000)

    def buy():
        with transaction.atomic():
            catalog.reserve_stock(quantities={product.pk: 1})
        return "bought"

    def edit(i):
        def job():
            stale = Product.objects.get(pk=product.pk)  # the merchant's screen, read before saving
            match i % 3:
                case 0:
                    catalog.update_product(product=stale, price=1000 + i)
                case 1:
                    catalog.bulk_update_prices(store=store, rows=[
                        {"product_id": stale.pk, "price": 1000 + i, "stock": stale.stock, "stock_seen": stale.stock},
                        {"product_id": other.pk, "price": 3000 + i},
                    ])
                case 2:  # a price sheet without the 재고 column leaves stock alone
                    data = (f"상품번호,분류,상품명,판매단위,가격,원산지,부가세\r\n"
                            f"{stale.pk},채소·과일,{stale.name},1개,{1000 + i},국내산,면세\r\n").encode()
                    report = product_sheets.import_products(store=store, data=data, filename="a.csv")
                    assert report.ok, report.lines()
            return "edited"
        return job

    outcomes = race([buy] * BUYERS + [edit(i) for i in range(EDITS)])

    assert sorted(set(outcomes)) == ["bought", "edited", "out_of_stock"], outcomes
    assert outcomes.count("bought") == STOCK
    assert outcomes.count("edited") == EDITS
    product.refresh_from_db()
    assert product.stock == 0
