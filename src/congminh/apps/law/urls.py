from django.urls import URLPattern, URLResolver, path

from congminh.apps.law import views

app_name = "law"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.rule_list, name="list"),
    path("<str:rule_id>/", views.rule_detail, name="detail"),
]
