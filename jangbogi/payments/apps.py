from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "jangbogi.payments"
    verbose_name = "결제"
