"""Reads of sent notifications, scoped to who may see them."""

from django.db.models import QuerySet

from jangbogi.notifications.models import Notification


def notifications_for_store(store_id: int) -> QuerySet[Notification]:
    """What we told one store (new orders, moved lines, answers to substitutions), newest first."""
    return Notification.objects.filter(store_id=store_id).order_by("-created_at", "-pk")
