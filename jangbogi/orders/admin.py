from django.contrib import admin

from jangbogi.orders.models import MerchantOrder, Order, OrderEvent


class MerchantOrderInline(admin.TabularInline):
    model = MerchantOrder
    extra = 0
    can_delete = False
    readonly_fields = ("store", "status", "items_total", "tax_free_amount")


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor_label", "reason", "created_at")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only: orders change only through services (state machine + events)."""

    list_display = ("number", "market", "status", "total", "slot_date", "created_at")
    list_filter = ("status", "market", "slot_date")
    search_fields = ("number",)
    inlines = [MerchantOrderInline, OrderEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
