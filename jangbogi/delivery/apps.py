from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "jangbogi.delivery"
    verbose_name = "배송센터"
