from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jangbogi.accounts"
    verbose_name = "계정"
