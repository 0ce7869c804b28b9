from django.urls import path

from jangbogi.web.center import views

app_name = "center"
urlpatterns = [
    path("", views.board, name="board"),
    path("scan", views.scan, name="scan"),
    path("orders/<str:number>/", views.packing, name="order"),
    path("orders/<str:number>/pack", views.pack, name="pack"),
    path("orders/<str:number>/slip.pdf", views.slip_pdf, name="slip"),
    path("orders/<str:number>/label.pdf", views.label_pdf, name="label"),
]
