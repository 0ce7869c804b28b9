from django.contrib import admin

from jangbogi.markets.models import DeliveryCenter, Market, Membership, Store


class DeliveryCenterInline(admin.StackedInline):
    model = DeliveryCenter


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("name", "sigun", "order_cutoff", "delivery_start", "delivery_end", "is_active")
    inlines = [DeliveryCenterInline]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ("name", "market", "owner_name", "bizno", "accepts_onnuri", "accepts_local_currency", "is_active")
    list_filter = ("market", "accepts_onnuri", "accepts_local_currency")
    search_fields = ("name", "owner_name", "bizno")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "market", "store")
    list_filter = ("role",)
