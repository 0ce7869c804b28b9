from django.contrib import admin

from jangbogi.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("order_ref", "method", "amount", "tax_free_amount", "status", "provider", "created_at")
    list_filter = ("status", "method", "provider")
    search_fields = ("order_ref", "provider_ref")

    def has_change_permission(self, request, obj=None):
        return False
