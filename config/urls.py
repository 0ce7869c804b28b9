from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from jangbogi.api.app import api
from jangbogi.web.claims.urls import admin_patterns, center_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("merchant/", include("jangbogi.web.merchant.urls")),
    path("center/claims/", include(center_patterns)),
    path("center/", include("jangbogi.web.center.urls")),
    path("rider/", include("jangbogi.web.rider.urls")),
    path("market-admin/claims/", include(admin_patterns)),
    path("market-admin/", include("jangbogi.web.marketadmin.urls")),
    path("", include("jangbogi.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
