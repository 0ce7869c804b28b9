from django.urls import path

from jangbogi.web.merchant import settlement

urlpatterns = [
    path("", settlement.statement_page, name="settlement"),
    path("payout", settlement.payout, name="settlement_payout"),
    path("export.csv", settlement.export, {"fmt": "csv"}, name="settlement_export_csv"),
    path("export.xlsx", settlement.export, {"fmt": "xlsx"}, name="settlement_export_xlsx"),
]
