from django.urls import path

from congminh.apps.reports import leadership_views, views

app_name = "reports"

urlpatterns = [
    path("quarterly/", views.quarterly_view, name="quarterly"),
    path("leadership/", leadership_views.leadership_view, name="leadership"),
    path("leadership/chart/<slug:name>.svg", leadership_views.leadership_chart_view, name="leadership_chart"),
    path("leadership/deadlines/", leadership_views.leadership_clocks_view, name="leadership_clocks"),
    path("leadership/cases/", leadership_views.leadership_cases_view, name="leadership_cases"),
    path("quarterly/export.xlsx", views.quarterly_export_view, name="quarterly_export"),
    path("quarterly/report.docx", views.quarterly_docx_view, name="quarterly_docx"),
    path("quarterly/report.pdf", views.quarterly_pdf_view, name="quarterly_pdf"),
    path("annual/", views.annual_view, name="annual"),
    path("annual/report.docx", views.annual_docx_view, name="annual_docx"),
    path("annual/report.pdf", views.annual_pdf_view, name="annual_pdf"),
    path("quarterly/comments/<int:case_pk>/", views.comment_add_view, name="comment_add"),
    path("runs/", views.runs_view, name="runs"),
    path("runs/<int:pk>/", views.run_detail_view, name="run_detail"),
]
