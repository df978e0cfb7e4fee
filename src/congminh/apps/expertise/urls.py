from django.urls import URLPattern, URLResolver, path

from congminh.apps.expertise import views

app_name = "expertise"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_list, name="list"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.request_action, name="action"),
    path("new/<int:case_pk>/", views.request_create, name="create"),
    path("import/", views.requests_upload, name="requests_import"),
    path("import/template.xlsx", views.requests_template, name="requests_template"),
    path("roster/", views.roster, name="roster"),
    path("roster/experts/new/", views.expert_edit, name="expert_new"),
    path("roster/experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("roster/organisations/new/", views.roster_entry_edit, name="entry_new"),
    path("roster/organisations/<int:pk>/", views.roster_entry_edit, name="entry_edit"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
    path("roster/import/", views.roster_upload, name="roster_import"),
    path("roster/import/<str:name>", views.roster_errors, name="roster_errors"),
]
