from django.urls import path

from congminh.apps.reports import views

app_name = "reports"

urlpatterns = [
    path("quarterly/", views.quarterly_view, name="quarterly"),
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
