from django.urls import path

from jangbogi.web.marketadmin import views

app_name = "marketadmin"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("settings", views.settings, name="settings"),
    path("stores", views.stores, name="stores"),
    path("stores/new", views.store_edit, name="store_new"),
    path("stores/<int:store_id>/edit", views.store_edit, name="store_edit"),
    path("staff", views.staff, name="staff"),
    path("staff/<int:membership_id>/remove", views.staff_remove, name="staff_remove"),
]
