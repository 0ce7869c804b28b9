"""Reads of the catalogue, always scoped to one market's active stores."""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When

from jangbogi.catalog.models import CATEGORY_ICONS, Category, Product
from jangbogi.markets.models import Market, Store


@dataclass(frozen=True)
class CategoryCount:
    code: str
    label: str
    icon: str
    count: int


def products_for_market(market: Market) -> QuerySet[Product]:
    return (
        Product.objects.filter(store__market=market, store__is_active=True, is_active=True)
        .select_related("store")
        .order_by("category", "name", "pk")
    )


def search_products(market: Market, *, q: str = "", category: str = "",
                    store: Store | int | None = None) -> QuerySet[Product]:
    """Every word of `q` must appear in the product name, its store's name, its origin or
    its category's label (simple search; a later issue brings morphology)."""
    qs = products_for_market(market)
    if category:
        qs = qs.filter(category=category)
    if store:
        qs = qs.filter(store=store)
    for word in q.split()[:8]:
        labels = [c.value for c in Category if word in c.label]
        qs = qs.filter(
            Q(name__icontains=word) | Q(store__name__icontains=word) | Q(origin__icontains=word)
            | Q(category__in=labels)
        )
    return qs


def categories_for_market(market: Market) -> list[CategoryCount]:
    counts = dict(
        products_for_market(market).order_by().values_list("category").annotate(n=Count("pk"))
    )
    return [
        CategoryCount(c.value, c.label, CATEGORY_ICONS[c], counts[c.value])
        for c in Category if counts.get(c.value)
    ]


def active_stores(market: Market) -> QuerySet[Store]:
    return (
        Store.objects.filter(market=market, is_active=True)
        .annotate(product_count=Count("products", filter=Q(products__is_active=True)))
        .order_by("name")
    )


def product_detail(product_id: int) -> Product | None:
    return (
        Product.objects.filter(pk=product_id, is_active=True, store__is_active=True, store__market__is_active=True)
        .select_related("store", "store__market")
        .first()
    )


# --- A merchant's own products (the merchant portal) ---------------------------------------
# Every read of a store's listings goes through these, scoped to the acting store: another
# store's product is simply not found.


def products_of_store(store: Store, q: str = "", category: str = "") -> QuerySet[Product]:
    """All of `store`'s products, on sale or not (on sale first, then by name).  Every word
    of `q` must appear in the name, the origin or the category's label."""
    qs = Product.objects.filter(store=store)
    if category:
        qs = qs.filter(category=category)
    for word in q.split()[:8]:
        labels = [c.value for c in Category if word in c.label]
        qs = qs.filter(Q(name__icontains=word) | Q(origin__icontains=word) | Q(category__in=labels))
    return qs.order_by("-is_active", "name", "pk")


def product_for_store(*, store: Store, product_id: int) -> Product | None:
    """`store`'s product `product_id`, or None (also when it is another store's)."""
    return Product.objects.filter(store=store, pk=product_id).first()


def categories_of_store(store: Store) -> list[CategoryCount]:
    """The categories `store` has products in (on sale or not), in the shop's order."""
    counts = dict(
        Product.objects.filter(store=store).order_by().values_list("category").annotate(n=Count("pk"))
    )
    return [
        CategoryCount(c.value, c.label, CATEGORY_ICONS[c], counts[c.value])
        for c in Category if counts.get(c.value)
    ]


def products_on_sale_of_store(store: Store) -> QuerySet[Product]:
    """`store`'s products on sale, by category (in the shop's order) and name: the 오늘 시세 list."""
    order = Case(*(When(category=c.value, then=Value(i)) for i, c in enumerate(Category)),
                 default=Value(len(Category)))
    return Product.objects.filter(store=store, is_active=True).order_by(order, "name", "pk")
