from django.urls import path

from congminh.apps.national import views

app_name = "national"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("province/<str:code>/", views.province, name="province"),
    path("cases/", views.cases, name="cases"),
    path("review/", views.review, name="review"),
]
