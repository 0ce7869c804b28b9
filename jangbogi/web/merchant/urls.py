from django.urls import include, path

app_name = "merchant"
urlpatterns = [
    path("", include("jangbogi.web.merchant.order_urls")),
    path("products/", include("jangbogi.web.merchant.product_urls")),
    path("settlement/", include("jangbogi.web.merchant.settlement_urls")),
]
