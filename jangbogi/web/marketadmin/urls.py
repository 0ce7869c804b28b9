from django.urls import path

from jangbogi.web.marketadmin import schedule, views, zones

app_name = "marketadmin"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("settings", views.settings, name="settings"),
    path("slots", schedule.slot_rules, name="slots"),
    path("slots/<int:rule_id>/edit", schedule.slot_rule_edit, name="slot_edit"),
    path("slots/<int:rule_id>/active", schedule.slot_rule_active, name="slot_active"),
    path("zones", zones.zone_list, name="zones"),
    path("zones/<int:zone_id>/edit", zones.zone_edit, name="zone_edit"),
    path("zones/<int:zone_id>/active", zones.zone_active, name="zone_active"),
    path("calendar", schedule.calendar_page, name="calendar"),
    path("calendar/exceptions", schedule.calendar_exception, name="calendar_exception"),
    path("calendar/exceptions/<str:date>/remove", schedule.calendar_exception_remove,
         name="calendar_exception_remove"),
    path("stores", views.stores, name="stores"),
    path("stores/new", views.store_edit, name="store_new"),
    path("stores/<int:store_id>/edit", views.store_edit, name="store_edit"),
    path("staff", views.staff, name="staff"),
    path("staff/<int:membership_id>/remove", views.staff_remove, name="staff_remove"),
]
