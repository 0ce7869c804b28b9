from django.contrib import admin

from jangbogi.claims.models import Claim, ClaimEvent, ClaimPolicy


@admin.register(ClaimPolicy)
class ClaimPolicyAdmin(admin.ModelAdmin):
    list_display = ("market", "instant_refund_limit", "instant_bearer", "review_sla_minutes", "abuse_claims",
                    "abuse_days")


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor_label", "note", "created_at")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("pk", "order", "market", "reason", "status", "claimed_amount", "refund_amount", "sla_due_at")
    list_filter = ("status", "reason", "market")
    readonly_fields = [f.name for f in Claim._meta.fields]
    inlines = [ClaimEventInline]
