from django.urls import URLPattern, URLResolver, path

from congminh.apps.complaints import views

app_name = "complaints"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.complaint_list, name="list"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.complaint_action, name="action"),
    path("new/", views.complaint_start, name="start"),
    path("new/<int:case_pk>/", views.complaint_create, name="create"),
    path("import/", views.register_upload, name="import"),
    path("import/template.xlsx", views.register_template, name="template"),
    path("import/<str:name>", views.register_errors, name="import_errors"),
]
