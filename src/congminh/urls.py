from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script as a file (CSP: no inline script); its widgets style inline.
    path("api/docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/", include("congminh.apps.cases.api_urls")),
    path("api/", include("congminh.apps.imports.api_urls")),
    path("imports/", include("congminh.apps.imports.urls")),
    path("jobs/", include("congminh.apps.jobs.urls")),
    path("directives/", include("congminh.apps.directives.urls")),
    path("law/", include("congminh.apps.law.urls")),
    path("reports/", include("congminh.apps.reports.urls")),
    path("attendance/", include("congminh.apps.attendance.urls")),
    path("api/", include("congminh.apps.attendance.api_urls")),
    path("expertise/", include("congminh.apps.expertise.urls")),
    path("api/", include("congminh.apps.expertise.api_urls")),
    path("evidence/", include("congminh.apps.evidence.urls")),
    path("api/", include("congminh.apps.evidence.api_urls")),
    path("complaints/", include("congminh.apps.complaints.urls")),
    path("api/", include("congminh.apps.complaints.api_urls")),
    path("quality/", include("congminh.apps.quality.urls")),
    path("supervision/", include("congminh.apps.supervision.urls")),
    path("api/", include("congminh.apps.supervision.api_urls")),
    path("account/", include("congminh.apps.accounts.urls")),
    path("national/", include("congminh.apps.national.urls")),
    path("", include("congminh.apps.web.urls")),
]
