from django.urls import path

from congminh.apps.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template/", views.template, name="template"),
    path("sample/", views.sample, name="sample"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/status/", views.batch_status_json, name="status"),
    path("<int:pk>/errors.xlsx", views.batch_errors, name="errors"),
]
