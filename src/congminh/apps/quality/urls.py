from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.report, name="report"),
    path("outcomes/", views.outcome_list, name="outcomes"),
    path("returns/", views.return_list, name="returns"),
    path("judgments/", views.judgment_list, name="judgments"),
]
