from django.contrib import admin

from jangbogi.catalog.models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "store", "category", "unit_label", "price", "origin", "stock", "is_active")
    list_filter = ("category", "store__market", "is_active")
    search_fields = ("name", "store__name", "origin")
    list_select_related = ("store",)
