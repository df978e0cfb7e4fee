from django.contrib.auth import views as auth_views
from django.urls import path

from congminh.apps.web import views

app_name = "web"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.case_list_view, name="case_list"),
    path("cases/export.csv", views.case_export_view, name="case_export"),
    path("cases/<int:pk>/", views.case_detail_view, name="case_detail"),
    path("cases/<int:pk>/events/", views.case_event_add_view, name="case_event_add"),
    path("cases/<int:pk>/edit/", views.case_edit_view, name="case_edit"),
    path("cases/<int:pk>/events/<int:event_pk>/withdraw/", views.case_event_withdraw_view,
         name="case_event_withdraw"),
    path("cases/<int:pk>/flags/", views.case_flags_view, name="case_flags"),
    path("cases/<int:pk>/merge/", views.case_merge_view, name="case_merge"),
    path("cases/new/", views.case_create_view, name="case_create"),
    path("claims/", views.claims_view, name="claims"),
    path("claims/<int:pk>/", views.claim_decide_view, name="claim_decide"),
]
