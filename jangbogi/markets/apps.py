from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "jangbogi.markets"
    verbose_name = "시장"
