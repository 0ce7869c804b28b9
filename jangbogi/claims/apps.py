from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "jangbogi.claims"
    verbose_name = "상품 문제 신고"
