"""Browse a market: by item category across its stores (the main way), by store, by search."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from jangbogi.catalog import selectors as catalog
from jangbogi.markets import selectors as markets
from jangbogi.web import session
from jangbogi.web.shop.forms import CatalogForm
from jangbogi.web.shop.htmx import render_page

PER_PAGE = 30


def _market(request, slug: str):
    market = get_object_or_404(markets.active_markets(), slug=slug)
    session.remember_market(request, market)
    return market


def _products_partial(request) -> str:
    """"더 보기" swaps in the next page only; chips, tabs and search swap the catalogue."""
    return "products_page" if request.htmx.target == "more" else "catalog"


def market(request, slug: str):
    market = _market(request, slug)
    form = CatalogForm(request.GET)
    products = catalog.search_products(market, **form.query())
    context = {
        "market": market, "form": form, "tab": form.tab_name,
        "categories": catalog.categories_for_market(market),
        "stores": catalog.active_stores(market) if form.tab_name == "stores" else None,
        "page_obj": Paginator(products, PER_PAGE).get_page(form.page_number),
    }
    return render_page(request, "shop/market.html", context, partial=_products_partial(request))


def store(request, slug: str, store_slug: str):
    market = _market(request, slug)
    store = get_object_or_404(catalog.active_stores(market), slug=store_slug)
    form = CatalogForm(request.GET)
    products = catalog.search_products(market, store=store)
    context = {"market": market, "store": store,
               "page_obj": Paginator(products, PER_PAGE).get_page(form.page_number)}
    return render_page(request, "shop/store.html", context, partial="products_page")


def product(request, product_id: int):
    product = catalog.product_detail(product_id)
    if product is None:
        raise Http404("상품을 찾을 수 없어요.")
    session.remember_market(request, product.store.market)
    return render(request, "shop/product.html", {"product": product, "market": product.store.market})
