from django.urls import path

from jangbogi.web.center import routes, shifts, views

app_name = "center"
urlpatterns = [
    path("", views.board, name="board"),
    path("scan", views.scan, name="scan"),
    path("orders/<str:number>/", views.packing, name="order"),
    path("orders/<str:number>/pack", views.pack, name="pack"),
    path("orders/<str:number>/slip.pdf", views.slip_pdf, name="slip"),
    path("orders/<str:number>/label.pdf", views.label_pdf, name="label"),
    path("routes/", routes.routes, name="routes"),
    path("routes/plan", routes.plan, name="routes_plan"),
    path("routes/<int:plan_id>/replan", routes.replan, name="routes_replan"),
    path("routes/<int:plan_id>/dispatch", routes.dispatch, name="routes_dispatch"),
    path("routes/stops/<int:stop_id>/move", routes.move, name="routes_move"),
    path("routes/r/<int:route_id>/sheet.pdf", routes.sheet_pdf, name="routes_sheet"),
    path("shifts/", shifts.shifts, name="shifts"),
    path("shifts/copy-week", shifts.shift_copy_week, name="shifts_copy_week"),
    path("shifts/riders/<int:rider_id>", shifts.shift_save, name="shift_save"),
    path("shifts/<int:shift_id>/remove", shifts.shift_remove, name="shift_remove"),
]
