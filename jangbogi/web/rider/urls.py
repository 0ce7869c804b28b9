from django.urls import path

from jangbogi.web.rider import views

app_name = "rider"
urlpatterns = [
    path("", views.home, name="home"),
    path("routes/<int:route_id>/", views.route, name="route"),
    path("routes/<int:route_id>/pickup", views.pickup, name="pickup"),
    path("routes/<int:route_id>/start", views.start, name="start"),
    path("stops/<int:stop_id>/", views.stop, name="stop"),
    path("stops/<int:stop_id>/deliver", views.deliver, name="deliver"),
    path("stops/<int:stop_id>/fail", views.fail, name="fail"),
]
