"""Claim routes: the console under /center/claims/ and /market-admin/claims/ (config/urls.py
includes each with its namespace), the customer's report under /orders/<number>/claims/."""

from django.urls import path

from jangbogi.web.claims import console, customer


def _console(views: dict) -> list:
    return [
        path("", views["list"], name="list"),
        path("<int:claim_id>/", views["detail"], name="detail"),
        path("<int:claim_id>/decide", views["decide"], name="decide"),
        path("<int:claim_id>/retry", views["retry"], name="retry"),
        path("<int:claim_id>/photos/<int:photo_id>", views["photo"], name="photo"),
    ]


center_patterns = (_console(console.center), "center_claims")
admin_patterns = (_console(console.admin), "admin_claims")
customer_patterns = [path("new", customer.claim_new, name="claim_new")]
