from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "jangbogi.orders"
    verbose_name = "주문"
