from django.urls import URLPattern, URLResolver, path

from congminh.apps.supervision import views

app_name = "supervision"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list_view, name="plans"),
    path("plans/new/", views.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail_view, name="plan"),
    path("recommendations/", views.recommendation_list_view, name="recommendations"),
    path("recommendations/import/", views.recommendation_upload_view, name="import"),
    path("recommendations/import/template.xlsx", views.recommendation_template_view, name="import_template"),
    path("recommendations/import/<str:name>", views.recommendation_errors_view, name="import_errors"),
    path("recommendations/by-body/", views.addressee_table_view, name="by_body"),
    path("recommendations/<int:pk>/", views.recommendation_detail_view, name="recommendation"),
    path("followed/", views.watched_cases_view, name="cases"),
    path("followed/flag/", views.case_flag_view, name="case_flag"),
]
