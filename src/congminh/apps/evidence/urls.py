from django.urls import URLPattern, URLResolver, path

from congminh.apps.evidence import views

app_name = "evidence"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_list, name="list"),
    path("league/", views.league, name="league"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.request_action, name="action"),
    path("new/<int:case_pk>/", views.request_create, name="create"),
    path("import/", views.requests_upload, name="import"),
    path("import/template.xlsx", views.requests_template, name="template"),
    path("import/errors/<str:name>", views.requests_errors, name="errors"),
]
