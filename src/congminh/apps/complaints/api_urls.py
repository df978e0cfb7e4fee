from django.urls import URLPattern, URLResolver, path

from congminh.apps.complaints import apis

app_name = "complaints-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("complaints/", apis.ComplaintListCreateApi.as_view(), name="list"),
    path("complaints/import/", apis.RegisterImportApi.as_view(), name="import"),
    path("complaints/import/<str:name>", apis.RegisterImportErrorsApi.as_view(), name="import_errors"),
    path("complaints/<int:pk>/", apis.ComplaintDetailApi.as_view(), name="detail"),
    path("complaints/<int:pk>/<slug:step>/", apis.ComplaintStepApi.as_view(), name="step"),
]
