from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jangbogi.web"
    verbose_name = "웹"
