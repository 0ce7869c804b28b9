from django.urls import path

from jangbogi.web.merchant import products

urlpatterns = [
    path("", products.product_list, name="products"),
    path("new", products.product_new, name="product_new"),
    path("<int:product_id>/edit", products.product_edit, name="product_edit"),
    path("<int:product_id>/sold-out", products.product_sold_out, name="product_sold_out"),
    path("<int:product_id>/photo", products.product_photo, name="product_photo"),
    path("<int:product_id>/photo/remove", products.product_photo_remove, name="product_photo_remove"),
    path("prices", products.prices, name="product_prices"),
    path("import", products.import_sheet, name="product_import"),
    path("export.csv", products.export, {"fmt": "csv"}, name="product_export_csv"),
    path("export.xlsx", products.export, {"fmt": "xlsx"}, name="product_export_xlsx"),
]
