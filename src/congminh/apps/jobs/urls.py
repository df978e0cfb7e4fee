from django.urls import path

from congminh.apps.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list_view, name="list"),
    path("export/", views.export_start_view, name="export"),
    path("<int:pk>/file/", views.job_file_view, name="file"),
]
