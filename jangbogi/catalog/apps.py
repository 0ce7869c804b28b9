from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "jangbogi.catalog"
    verbose_name = "상품"
