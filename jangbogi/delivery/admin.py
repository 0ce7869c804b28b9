from django.contrib import admin

from jangbogi.delivery.models import Rider, Route, RoutePlan, Stop


@admin.register(Rider)
class RiderAdmin(admin.ModelAdmin):
    list_display = ("name", "market", "vehicle", "capacity_bags", "capacity_kg", "shift_start", "shift_end", "is_active")
    list_filter = ("market", "is_active", "vehicle")
    raw_id_fields = ("user",)


class StopInline(admin.TabularInline):
    model = Stop
    extra = 0
    fields = ("sequence", "order", "eta", "status", "failure_reason", "delivered_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ("plan", "rider", "status", "locked", "dispatched_at", "started_at", "finished_at")
    list_filter = ("status",)
    inlines = [StopInline]


@admin.register(RoutePlan)
class RoutePlanAdmin(admin.ModelAdmin):
    list_display = ("market", "date", "slot_start", "slot_end", "status", "dispatched_at")
    list_filter = ("market", "status")
