from django.db import models
from django.db.models import Q

from jangbogi.markets.models import Store


class Category(models.TextChoices):
    VEG_FRUIT = "veg_fruit", "채소·과일"
    SEAFOOD = "seafood", "수산"
    MEAT = "meat", "정육·계란"
    SIDE_DISH = "side_dish", "반찬"
    RICE_CAKE = "rice_cake", "떡·방앗간"
    DRIED = "dried", "건어물"
    KIMCHI = "kimchi", "김치"
    GRAIN = "grain", "곡물·잡곡"
    SNACK = "snack", "분식"
    PROCESSED = "processed", "가공·양념"
    ETC = "etc", "기타"


# 원산지표시법: agricultural, fishery and livestock goods (and 김치's main ingredients) must show
# their origin online.
ORIGIN_REQUIRED = frozenset(
    {Category.VEG_FRUIT, Category.SEAFOOD, Category.MEAT, Category.DRIED, Category.GRAIN, Category.KIMCHI}
)

CATEGORY_ICONS = {
    Category.VEG_FRUIT: "🥬", Category.SEAFOOD: "🐟", Category.MEAT: "🥩", Category.SIDE_DISH: "🍱",
    Category.RICE_CAKE: "🍡", Category.DRIED: "🦑", Category.KIMCHI: "🌶️", Category.GRAIN: "🌾",
    Category.SNACK: "🍢", Category.PROCESSED: "🫙", Category.ETC: "🛍️",
}


# How a category travels by default (the center may change it per line when packing).
CHILLED_CATEGORIES = frozenset({Category.SEAFOOD, Category.MEAT, Category.SIDE_DISH, Category.KIMCHI})


def default_temperature(category: str) -> str:
    """"chilled" or "ambient" (orders.models.Temperature values)."""
    return "chilled" if category in CHILLED_CATEGORIES else "ambient"


class Livestock(models.TextChoices):
    """Species whose domestic products carry a 이력번호 (축산물 이력제)."""

    BEEF = "beef", "소"
    PORK = "pork", "돼지"
    CHICKEN = "chicken", "닭"
    DUCK = "duck", "오리"
    EGG = "egg", "계란"


class VatClass(models.TextChoices):
    EXEMPT = "exempt", "면세(미가공 식품)"
    TAXABLE = "taxable", "과세"


DOMESTIC_ORIGIN_PREFIXES = ("국내산", "국산", "한우", "한돈", "육우")


def is_domestic(origin: str) -> bool:
    return origin.strip().startswith(DOMESTIC_ORIGIN_PREFIXES)


class Product(models.Model):
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="products")
    category = models.CharField("분류", max_length=20, choices=Category.choices)
    name = models.CharField("상품명", max_length=100)
    unit_label = models.CharField("판매 단위", max_length=50, help_text='예: "1근(600g)", "1봉", "2마리"')
    price = models.PositiveIntegerField("가격(원)")
    sold_by_weight = models.BooleanField("무게 단위 판매", default=False)
    estimated_grams = models.PositiveIntegerField("예상 무게(g)", null=True, blank=True)
    stock = models.IntegerField("재고", null=True, blank=True, help_text="비워 두면 재고를 세지 않습니다.")
    origin = models.CharField("원산지", max_length=100, blank=True)
    livestock = models.CharField("축산물 종류", max_length=10, choices=Livestock.choices, blank=True)
    traceability_no = models.CharField("이력번호", max_length=20, blank=True)
    vat_class = models.CharField("부가세", max_length=10, choices=VatClass.choices, default=VatClass.EXEMPT)
    description = models.TextField("설명", blank=True)
    photo = models.ImageField("사진", upload_to="products/", blank=True)
    perishable = models.BooleanField(
        "신선식품(청약철회 제한 안내)", default=True,
        help_text="신선·부패하기 쉬운 상품은 단순 변심에 의한 반품이 제한됨을 구매 전에 안내합니다.",
    )
    is_active = models.BooleanField("판매 중", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "상품"
        verbose_name_plural = "상품"
        ordering = ["store", "category", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__isnull=True) | Q(stock__gte=0), name="product_stock_gte_0"),
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(
                # isnull=False: "NULL > 0" is unknown, and a CHECK passes on unknown.
                condition=Q(sold_by_weight=False) | Q(estimated_grams__isnull=False, estimated_grams__gt=0),
                name="product_weight_needs_grams",
            ),
        ]
        indexes = [models.Index(fields=["category", "is_active"])]

    def __str__(self) -> str:
        return f"{self.name} {self.unit_label}"

    @property
    def is_sold_out(self) -> bool:
        return self.stock is not None and self.stock <= 0

    @property
    def needs_traceability_no(self) -> bool:
        return bool(self.livestock) and is_domestic(self.origin)

    @property
    def category_icon(self) -> str:
        return CATEGORY_ICONS.get(self.category, "🛍️")
