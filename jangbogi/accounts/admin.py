from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from jangbogi.accounts.models import User


@admin.register(User)
class JangbogiUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("연락처", {"fields": ("name", "phone")}))
    list_display = ("username", "name", "phone", "is_staff")
