"""Login: one form for customers and staff; staff land on their portal."""

import time

from django.conf import settings
from django.contrib.auth import views as auth_views

from jangbogi.delivery.selectors import rider_for_user
from jangbogi.markets.staff import home_for, is_staff_member
from jangbogi.web.middleware import IS_STAFF, LOGIN_AT
from jangbogi.web.shop.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "shop/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The 12-hour limit counts from this login, even when the session existed before.
        self.request.session[LOGIN_AT] = int(time.time())
        staff = self.request.session[IS_STAFF] = is_staff_member(self.request.user)
        if staff:
            self.request.session.set_expiry(settings.JANGBOGI_STAFF_IDLE_SECONDS)
        return response

    def get_default_redirect_url(self):
        if home := home_for(self.request.user):
            return home
        if rider_for_user(self.request.user):  # riders hold no staff membership
            return "/rider/"
        return super().get_default_redirect_url()
