from django.contrib import admin

from jangbogi.core import time as btime
from jangbogi.settlement.models import CommissionRate, LedgerEntry, Payout


@admin.register(CommissionRate)
class CommissionRateAdmin(admin.ModelAdmin):
    """Rates change by adding a row from a date on; a row already in force is history."""

    list_display = ("market", "rate_bp", "effective_from", "created_at")
    list_filter = ("market",)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.effective_from > btime.today())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is not None and obj.effective_from > btime.today())


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only (corrections are reversing entries)."""

    list_display = ("business_date", "market", "store", "kind", "amount", "order_ref", "memo")
    list_filter = ("kind", "market")
    search_fields = ("order_ref", "tender_ref", "idempotency_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ("store", "period_start", "period_end", "amount", "status", "provider_ref", "requested_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
