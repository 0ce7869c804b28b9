"""The store's products: the list with its one-tap 품절 switch, the listing form (with photo),
오늘 시세 (every price and stock on one screen) and spreadsheets (export, checked import).

Every product is looked up through `catalog.selectors.product_for_store` with the acting store,
so another store's product is a 404.  Forms post normally and, with htmx, swap a partial."""

import re
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from jangbogi.catalog import io as product_sheets
from jangbogi.catalog import photos
from jangbogi.catalog import selectors as products
from jangbogi.catalog import services as catalog
from jangbogi.core import time as btime
from jangbogi.core.errors import DomainError, ValidationFailed
from jangbogi.markets.models import Role
from jangbogi.web.merchant.product_forms import (
    ImportForm,
    ListForm,
    PhotoForm,
    PricesForm,
    ProductForm,
    SoldOutForm,
    add_service_errors,
)
from jangbogi.web.shop.htmx import is_partial, redirect_back, render_page
from jangbogi.web.staff.access import current_store, staff_view

PER_PAGE = 30
LIST, FORM, RESTOCK = "merchant/products/list.html", "merchant/products/form.html", "merchant/products/restock.html"
PRICES, IMPORT = "merchant/products/prices.html", "merchant/products/import.html"


def _product_or_404(request, product_id: int):
    product = products.product_for_store(store=current_store(request), product_id=product_id)
    if product is None:
        raise Http404("상품을 찾을 수 없어요.")
    return product


def _attempt(form, service, **kwargs):
    """Call one service; its result, or None with its Korean errors added to `form`."""
    try:
        return service(**kwargs)
    except DomainError as exc:
        add_service_errors(form, exc)
        return None


@staff_view(Role.MERCHANT)
def product_list(request):
    store, form = current_store(request), ListForm(request.GET)
    query = form.query()
    page_obj = Paginator(products.products_of_store(store, **query), PER_PAGE).get_page(form.page_number)
    context = {
        "store": store, "form": form, "query": query, "page_obj": page_obj,
        "categories": products.categories_of_store(store),
        "query_string": urlencode({k: v for k, v in (("q", query["q"]), ("c", query["category"])) if v}),
    }
    return render_page(request, LIST, context, partial="list")


@staff_view(Role.MERCHANT)
def product_new(request):
    store = current_store(request)
    form = ProductForm(request.POST or None, initial=ProductForm.NEW_INITIAL)
    if request.method == "POST" and form.is_valid():
        product = _attempt(form, catalog.create_product, store=store, **form.values())
        if product is not None:
            return _saved(request, product, f"‘{product.name}’ 상품을 추가했어요.")
    return render_page(request, FORM, {"store": store, "form": form}, partial="form")


@staff_view(Role.MERCHANT)
def product_edit(request, product_id: int):
    product = _product_or_404(request, product_id)
    form = ProductForm(request.POST or None, initial=ProductForm.initial_for(product))
    if request.method == "POST" and form.is_valid() \
            and _attempt(form, catalog.update_product, product=product, **form.changes()) is not None:
        return _saved(request, product, f"‘{product.name}’ 상품을 저장했어요.")
    return _edit_page(request, product, form, PhotoForm())


def _edit_page(request, product, form, photo_form, *, partial: str = "form", photo_done: str = ""):
    context = {"store": current_store(request), "product": product, "form": form, "photo_form": photo_form,
               "photo_done": photo_done}
    return render_page(request, FORM, context, partial=partial)


def _saved(request, product, message: str):
    """Back to the list, at the product's row."""
    messages.success(request, message)
    url = f"{reverse('merchant:products')}#product-{product.pk}"
    return HttpResponseClientRedirect(url) if is_partial(request) else redirect(url)


@staff_view(Role.MERCHANT)
@require_POST
def product_photo(request, product_id: int):
    """사진 올리기: any phone photo, kept as a JPEG of at most 1200 px.  htmx swaps the photo
    card only, so what is typed in the listing form below stays."""
    product = _product_or_404(request, product_id)
    photo_form = PhotoForm(request.POST, request.FILES)
    if photo_form.is_valid() and _attempt(photo_form, photos.set_product_photo, product=product,
                                          upload=photo_form.cleaned_data["photo"]):
        return _photo_done(request, product, "사진을 올렸어요.")
    return _edit_page(request, product, ProductForm(initial=ProductForm.initial_for(product)), photo_form,
                      partial="photo")


@staff_view(Role.MERCHANT)
@require_POST
def product_photo_remove(request, product_id: int):
    product = photos.remove_product_photo(product=_product_or_404(request, product_id))
    return _photo_done(request, product, "사진을 뺐어요.")


def _photo_done(request, product, message: str):
    if is_partial(request):
        return _edit_page(request, product, None, PhotoForm(), partial="photo", photo_done=message)
    messages.success(request, message)
    return redirect("merchant:product_edit", product.pk)


@staff_view(Role.MERCHANT)
def product_sold_out(request, product_id: int):
    """The one-tap 품절 switch.  GET: the product's row (`?ask=1`: asking how many there are to
    sell again); POST: 품절로 바꾸기 / 다시 팔기, answered with the row."""
    product = _product_or_404(request, product_id)
    if request.method != "POST":
        return _row(request, product, ask=request.GET.get("ask") == "1")
    form = SoldOutForm(request.POST)
    if form.is_valid():
        _attempt(form, catalog.toggle_sold_out, product=product, **form.service_kwargs())
    if form.errors:
        return _row(request, product, ask=True, form=form)
    done = "품절로 바꿨어요. 손님 화면에 품절로 보여요." if product.is_sold_out else "다시 팔아요."
    if not is_partial(request):
        messages.success(request, f"‘{product.name}’ {done}")
        return redirect_back(request, reverse("merchant:products"))
    return _row(request, product, done=done)


def _row(request, product, *, ask: bool = False, form=None, done: str = ""):
    """htmx: the row; otherwise the row alone on a page (asking), or back to the list."""
    if not ask and not is_partial(request):
        return redirect_back(request, f"{reverse('merchant:products')}#product-{product.pk}")
    context = {"store": current_store(request), "product": product, "ask": ask, "sold_out_form": form,
               "done": done, "next": request.GET.get("next") or request.POST.get("next") or ""}
    return render_page(request, RESTOCK, context, partial="row")


@staff_view(Role.MERCHANT)
def prices(request):
    """오늘 시세: every product on sale, price and stock in one form; saved all or nothing."""
    store, form, changed = current_store(request), PricesForm(request.POST or None), None
    if request.method == "POST":
        try:
            changed = catalog.bulk_update_prices(store=store, rows=form.rows())
        except ValidationFailed as exc:
            form.fail(exc)
        else:
            if not is_partial(request):
                messages.success(request, f"오늘 시세를 저장했어요. {changed}개 상품이 바뀌었어요.")
                return redirect("merchant:product_prices")
            form = PricesForm()
    context = {"store": store, "form": form, "changed": changed,
               "lines": form.lines(products.products_on_sale_of_store(store))}
    return render_page(request, PRICES, context, partial="sheet")


@staff_view(Role.MERCHANT)
def import_sheet(request):
    """Upload a CSV/XLSX: 검사만 하기 (dry run) or 가져오기 (all rows or none)."""
    store, report = current_store(request), None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = product_sheets.import_products(store=store, data=upload.read(), filename=upload.name,
                                                dry_run=form.dry_run)
    context = {"store": store, "form": form, "report": report, "max_rows": product_sheets.MAX_ROWS}
    return render_page(request, IMPORT, context, partial="report")


@staff_view(Role.MERCHANT)
def export(request, fmt: str):
    """The store's products as a spreadsheet, in the columns the import reads back."""
    store = current_store(request)
    response = HttpResponse(product_sheets.export_products(store, fmt), content_type=product_sheets.CONTENT_TYPES[fmt])
    day = f"{btime.today():%Y-%m-%d}"
    response["Content-Disposition"] = attachment(f"{store.name} 상품 {day}.{fmt}", fallback=f"products-{day}.{fmt}")
    return response


def attachment(filename: str, *, fallback: str) -> str:
    """Content-Disposition for a download with a Korean name (RFC 6266 / RFC 5987), with an
    ASCII `filename` for old clients."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", filename).strip() or fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"
