from django.urls import URLPattern, URLResolver, path

from congminh.apps.expertise import apis

app_name = "expertise-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("expertise/", apis.RequestListCreateApi.as_view(), name="list"),
    path("expertise/import/", apis.RequestImportApi.as_view(), name="import"),
    path("expertise/roster/import/", apis.RosterImportApi.as_view(), name="roster_import"),
    path("expertise/import/<str:name>", apis.ImportErrorsApi.as_view(), name="import_errors"),
    path("expertise/<int:pk>/", apis.RequestDetailApi.as_view(), name="detail"),
    path("expertise/<int:pk>/<slug:step>/", apis.RequestStepApi.as_view(), name="step"),
]
