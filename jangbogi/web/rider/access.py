"""Every rider page goes through `rider_view`: login required, and the user must be a rider
(a `delivery.Rider` row linked to the login; riders hold no staff Membership).  The rider is
`request.rider`; what they may open is then scoped by `delivery.selectors` (their own routes
of today, while assigned or under way)."""

from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render

from jangbogi.delivery import selectors as delivery


def rider_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            login_url = f"/login?{urlencode({'next': request.get_full_path()})}"
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url
                return response
            return redirect(login_url)
        rider = delivery.rider_for_user(request.user)
        if rider is None:
            return render(request, "staff/forbidden.html", status=403)
        request.rider = rider
        return view(request, *args, **kwargs)

    return wrapper
