from django.urls import URLPattern, URLResolver, path

from congminh.apps.attendance import views

app_name = "attendance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.summons_list_view, name="list"),
    path("rates/", views.rates_view, name="rates"),
    path("import/", views.import_view, name="import"),
    path("import/template.xlsx", views.import_template_view, name="import_template"),
    path("cases/<int:case_pk>/new/", views.summons_create_view, name="create"),
    path("<int:pk>/", views.summons_detail_view, name="detail"),
]
