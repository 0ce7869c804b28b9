from django.contrib import admin

from jangbogi.payments.models import (
    LocalCurrencyCap,
    Payment,
    PaymentEvent,
    StorePaymentProfile,
    WebhookDelivery,
)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("order_ref", "method", "amount", "tax_free_amount", "status", "provider", "created_at")
    list_filter = ("status", "method", "provider")
    search_fields = ("order_ref", "provider_ref")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StorePaymentProfile)
class StorePaymentProfileAdmin(admin.ModelAdmin):
    list_display = ("store", "local_currency_registered", "onnuri_card_registered", "annual_revenue",
                    "revenue_year", "updated_at")
    list_filter = ("local_currency_registered", "onnuri_card_registered", "store__market")
    list_select_related = ("store",)
    search_fields = ("store__name", "store__bizno")
    autocomplete_fields = ("store",)


@admin.register(LocalCurrencyCap)
class LocalCurrencyCapAdmin(admin.ModelAdmin):
    """Editable: a 시군 that changes its cap gets a 시군 row; a province-wide change closes the
    open every-시군 row (적용 종료일) and adds the next one."""

    list_display = ("sigun_or_all", "cap_won", "effective_from", "effective_to", "note")
    list_filter = ("sigun",)
    ordering = ("sigun", "-effective_from")

    @admin.display(description="시군", ordering="sigun")
    def sigun_or_all(self, obj: LocalCurrencyCap) -> str:
        return obj.sigun or "전체 시군"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and viewed, never added, changed or deleted (append-only records)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """Read-only: what the provider sent and what we did with it."""

    list_display = ("received_at", "event_type", "payment_key", "outcome", "times_received", "payment")
    list_filter = ("outcome", "event_type", "provider")
    search_fields = ("payment_key", "order_id")


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    """Read-only: each change the provider's truth made to a payment."""

    list_display = ("created_at", "payment", "from_status", "to_status", "source", "note")
    list_filter = ("source", "to_status")
    search_fields = ("payment__order_ref", "payment__provider_ref")
