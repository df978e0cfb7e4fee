from django.urls import URLPattern, URLResolver, path

from congminh.apps.cases import apis

app_name = "cases-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/", apis.CaseListCreateApi.as_view(), name="list"),
    path("cases/<int:pk>/", apis.CaseDetailApi.as_view(), name="detail"),
    path("cases/<int:pk>/events/", apis.CaseEventsApi.as_view(), name="events"),
    path("cases/<int:pk>/events/<int:event_pk>/withdraw/", apis.EventWithdrawApi.as_view(),
         name="event_withdraw"),
]
