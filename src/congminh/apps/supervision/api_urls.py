from django.urls import URLPattern, URLResolver, path

from congminh.apps.supervision import apis

app_name = "supervision-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("supervision/plans/", apis.PlanListCreateApi.as_view(), name="plans"),
    path("supervision/plans/<int:pk>/", apis.PlanDetailApi.as_view(), name="plan"),
    path("supervision/plans/<int:pk>/visits/", apis.VisitCreateApi.as_view(), name="visits"),
    path("supervision/recommendations/", apis.RecommendationListCreateApi.as_view(),
         name="recommendations"),
    path("supervision/recommendations/import/", apis.RecommendationImportApi.as_view(),
         name="import"),
    path("supervision/recommendations/import/<str:name>", apis.RecommendationImportErrorsApi.as_view(),
         name="import_errors"),
    path("supervision/recommendations/<int:pk>/", apis.RecommendationDetailApi.as_view(),
         name="recommendation"),
    path("supervision/recommendations/<int:pk>/responses/", apis.ResponseCreateApi.as_view(),
         name="responses"),
]
