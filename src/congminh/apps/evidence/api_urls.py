from django.urls import URLPattern, URLResolver, path

from congminh.apps.evidence import apis

app_name = "evidence-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("evidence/", apis.RequestListCreateApi.as_view(), name="list"),
    path("evidence/<int:pk>/", apis.RequestDetailApi.as_view(), name="detail"),
    path("evidence/<int:pk>/<slug:step>/", apis.RequestStepApi.as_view(), name="step"),
]
