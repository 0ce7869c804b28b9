from django.urls import path

from jangbogi.web.merchant import orders, picking

urlpatterns = [
    path("", orders.today, name="home"),
    path("notifications", orders.notification_list, name="notifications"),
    path("parts/<int:part_id>/", picking.part, name="part"),
    path("parts/<int:part_id>/start", picking.part_start, name="part_start"),
    path("parts/<int:part_id>/ready", picking.part_ready, name="part_ready"),
    path("parts/<int:part_id>/label.pdf", picking.label, name="part_label"),
    path("lines/<int:line_id>/", picking.line, name="line"),
    path("lines/<int:line_id>/pick", picking.line_pick, name="line_pick"),
    path("lines/<int:line_id>/short", picking.line_short, name="line_short"),
]
