"""Session lifetimes: every login ends after 12 hours; staff sessions also end after 30 idle
minutes (a shared stall tablet must not stay logged in)."""

import time

from django.conf import settings
from django.contrib.auth import logout

from jangbogi.markets.staff import is_staff_member

LOGIN_AT = "login_at"
IS_STAFF = "is_staff_member"
# Polling elements send this header (hx-headers) so that a screen left open still idles out.
POLL_HEADER = "X-Jangbogi-Poll"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            if LOGIN_AT not in session:
                # A login that did not pass through web.login.LoginView (admin, tests).
                session[LOGIN_AT] = int(time.time())
                session[IS_STAFF] = is_staff_member(request.user)
            if time.time() - session[LOGIN_AT] > settings.JANGBOGI_SESSION_MAX_SECONDS:
                logout(request)
            elif session[IS_STAFF] and POLL_HEADER not in request.headers:
                # Sliding idle timeout: each request a person makes starts the 30 minutes
                # again; a screen refreshing itself (htmx polling) does not.
                session.set_expiry(settings.JANGBOGI_STAFF_IDLE_SECONDS)
        return self.get_response(request)
