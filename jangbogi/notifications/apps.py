from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "jangbogi.notifications"
    verbose_name = "알림"
