from django.contrib import admin

from jangbogi.markets.models import (
    DeliveryCenter,
    DeliverySlotRule,
    Market,
    Membership,
    SlotBooking,
    Store,
)


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


@admin.register(DeliverySlotRule)
class DeliverySlotRuleAdmin(admin.ModelAdmin):
    list_display = ("market", "start", "end", "order_cutoff", "riders", "bundles_per_rider", "packing_capacity",
                    "is_active")
    list_filter = ("market", "is_active")


@admin.register(SlotBooking)
class SlotBookingAdmin(admin.ModelAdmin):
    """Read-only: the counts move with orders (markets.services.book_slot / release_slot)."""

    list_display = ("market", "date", "rule", "booked", "updated_at")
    list_filter = ("market",)
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
