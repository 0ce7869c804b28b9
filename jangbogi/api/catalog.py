"""A market's categories and products, and one product with its seller's identity."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from jangbogi.api.common import MarketRef, StoreRef, market_or_404
from jangbogi.api.errors import ErrorOut, ValidationErrorOut
from jangbogi.catalog import selectors as catalog
from jangbogi.catalog.models import Category, Product
from jangbogi.core.bizno import format_bizno
from jangbogi.core.errors import NotFound
from jangbogi.markets.models import Store

router = Router(tags=["catalog"])

# 전자상거래법 제17조: fresh food may exclude withdrawal for a change of mind (제2항 제3호, if
# shown before purchase), but goods that are damaged, spoiled or not as described stay
# returnable (제3항: 3 months from receipt / 30 days from when it was or could be known).
PERISHABLE_RETURN_NOTICE = (
    "신선식품은 시간이 지나면 가치가 크게 떨어져 다시 판매하기 어려운 상품이므로, "
    "단순 변심에 의한 교환·반품(청약철회)이 어렵습니다(전자상거래법 제17조 제2항). "
    "다만 상품이 파손·변질되었거나 표시·광고 또는 주문 내용과 다른 경우에는 교환·반품·환불을 "
    "받을 수 있습니다. 받은 날부터 3개월 이내, 그 사실을 안 날 또는 알 수 있었던 날부터 30일 "
    "이내에 신고해 주세요(같은 조 제3항). 신선식품은 상태가 빨리 변하니 받은 날 사진과 함께 "
    "알려 주시면 빠르게 처리해 드립니다."
)

# 전자상거래법 제20조: the platform is a 통신판매중개자 and must say so.
SELLER_NOTICE = (
    "장보기는 통신판매중개자로서 통신판매의 당사자가 아닙니다. "
    "상품, 상품 정보와 거래에 관한 의무와 책임은 판매자({name})에게 있습니다."
)


class CategoryOut(Schema):
    code: str
    label: str
    icon: str
    count: int


class ProductQuery(Schema):
    q: str = Field("", max_length=100, description="상품명·가게 이름·원산지·분류에서 찾을 낱말")
    category: Category | None = None
    store: int | None = Field(None, description="가게 id")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


class ProductOut(Schema):
    id: int
    name: str
    unit_label: str
    price: int
    category: str
    category_label: str
    category_icon: str
    origin: str
    traceability_no: str
    sold_by_weight: bool
    estimated_grams: int | None
    sold_out: bool
    stock_left: int | None  # null: the store does not count stock
    store: StoreRef
    vat_class: str
    perishable: bool
    photo_url: str | None

    @classmethod
    def fields_of(cls, p: Product, request: HttpRequest) -> dict:
        return dict(
            id=p.pk, name=p.name, unit_label=p.unit_label, price=p.price, category=p.category,
            category_label=p.get_category_display(), category_icon=p.category_icon, origin=p.origin,
            traceability_no=p.traceability_no, sold_by_weight=p.sold_by_weight,
            estimated_grams=p.estimated_grams, sold_out=p.is_sold_out,
            stock_left=max(p.stock, 0) if p.stock is not None else None,
            store=StoreRef(id=p.store.pk, name=p.store.name), vat_class=p.vat_class,
            perishable=p.perishable,
            photo_url=request.build_absolute_uri(p.photo.url) if p.photo else None,
        )

    @classmethod
    def of(cls, p: Product, request: HttpRequest) -> "ProductOut":
        return cls(**cls.fields_of(p, request))


class ProductPageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None  # absolute URL of the next page
    previous: str | None
    items: list[ProductOut]


class SellerMarketOut(MarketRef):
    address: str


class SellerOut(Schema):
    """The seller of record, as 전자상거래법 제13조 requires it shown."""

    id: int
    name: str  # 상호
    owner_name: str  # 대표자
    bizno: str  # 사업자등록번호 "123-45-67890"
    mail_order_no: str  # 통신판매업 신고번호 ("" when exempt)
    mail_order_exemption: str  # 신고 면제 사유 ("" when registered)
    phone: str
    stall: str
    market: SellerMarketOut

    @classmethod
    def of(cls, store: Store) -> "SellerOut":
        market = store.market
        return cls(
            id=store.pk, name=store.name, owner_name=store.owner_name, bizno=format_bizno(store.bizno),
            mail_order_no=store.mail_order_no, mail_order_exemption=store.mail_order_exemption,
            phone=store.phone, stall=store.stall,
            market=SellerMarketOut(id=market.pk, name=market.name, address=market.address),
        )


class ProductDetailOut(ProductOut):
    store: SellerOut  # full identity instead of {id, name}
    description: str
    livestock: str
    livestock_label: str
    seller_notice: str
    return_notice: str | None  # the fresh-food return rule; null when not perishable


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@router.get("/markets/{market_id}/categories", response={200: list[CategoryOut], 404: ErrorOut})
def list_categories(request, market_id: int):
    """Categories that have products in this market, with how many."""
    return [CategoryOut(**c.__dict__) for c in catalog.categories_for_market(market_or_404(market_id))]


@router.get("/markets/{market_id}/products",
            response={200: ProductPageOut, 404: ErrorOut, 422: ValidationErrorOut})
def list_products(request, market_id: int, params: Query[ProductQuery]):
    """Products of the market's open stores, 20 a page by default (at most 100)."""
    qs = catalog.search_products(market_or_404(market_id), q=params.q,
                                 category=params.category or "", store=params.store)
    count = qs.count()
    start = (params.page - 1) * params.page_size
    items = [ProductOut.of(p, request) for p in qs[start:start + params.page_size]]
    return ProductPageOut(
        count=count, page=params.page, page_size=params.page_size, items=items,
        next=_page_url(request, params.page + 1) if start + params.page_size < count else None,
        previous=_page_url(request, params.page - 1) if params.page > 1 else None,
    )


@router.get("/products/{product_id}", response={200: ProductDetailOut, 404: ErrorOut})
def product_detail(request, product_id: int):
    product = catalog.product_detail(product_id)
    if product is None:
        raise NotFound("상품을 찾을 수 없습니다.", code="product_not_found")
    return ProductDetailOut(
        **{**ProductOut.fields_of(product, request), "store": SellerOut.of(product.store)},
        description=product.description, livestock=product.livestock,
        livestock_label=product.get_livestock_display() if product.livestock else "",
        seller_notice=SELLER_NOTICE.format(name=product.store.name),
        return_notice=PERISHABLE_RETURN_NOTICE if product.perishable else None,
    )
