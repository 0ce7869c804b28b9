from django.contrib.auth import views as auth_views
from django.urls import include, path

from jangbogi.web.claims.urls import customer_patterns
from jangbogi.web.login import LoginView
from jangbogi.web.shop.views import cart, catalog, checkout, orders, places

app_name = "web"
urlpatterns = [
    path("", places.home, name="home"),
    path("address", places.address_search, name="address"),
    path("address/pick", places.address_pick, name="address_pick"),
    path("markets", places.market_list, name="markets"),
    path("m/<slug:slug>/", catalog.market, name="market"),
    path("m/<slug:slug>/s/<slug:store_slug>/", catalog.store, name="store"),
    path("p/<int:product_id>/", catalog.product, name="product"),
    path("m/<slug:slug>/cart", cart.cart, name="cart"),
    path("m/<slug:slug>/cart/add", cart.cart_add, name="cart_add"),
    path("m/<slug:slug>/cart/lines/<int:product_id>", cart.cart_line, name="cart_line"),
    path("m/<slug:slug>/checkout", checkout.checkout, name="checkout"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<str:number>/", orders.order, name="order"),
    path("orders/<str:number>/cancel", orders.order_cancel, name="order_cancel"),
    path("orders/<str:number>/claims/", include(customer_patterns)),
    path("orders/<str:number>/proposals/<int:proposal_id>", orders.proposal_answer, name="proposal_answer"),
    path("login", LoginView.as_view(), name="login"),
    path("logout", auth_views.LogoutView.as_view(), name="logout"),
]
