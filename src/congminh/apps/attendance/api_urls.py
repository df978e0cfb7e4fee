from django.urls import URLPattern, URLResolver, path

from congminh.apps.attendance import apis

app_name = "attendance-api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("attendance/summonses/", apis.SummonsListCreateApi.as_view(), name="list"),
    path("attendance/summonses/<int:pk>/", apis.SummonsDetailApi.as_view(), name="detail"),
    path("attendance/summonses/<int:pk>/attendance/", apis.AttendanceApi.as_view(), name="attendance"),
    path("attendance/rates/", apis.RatesApi.as_view(), name="rates"),
]
