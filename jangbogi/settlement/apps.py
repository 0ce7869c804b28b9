from django.apps import AppConfig


class SettlementConfig(AppConfig):
    name = "jangbogi.settlement"
    verbose_name = "정산"
