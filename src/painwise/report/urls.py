from __future__ import annotations

from django.urls import path

from painwise.report import views

app_name = "report"
urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report/pdf/", views.report_pdf, name="pdf"),
    path("report/chart/pain.svg", views.report_chart, name="chart"),
    path("report/questions/", views.save_questions, name="questions"),
    path("report/shares/", views.create_share, name="create_share"),
    path("report/shares/<int:share_id>/revoke/", views.revoke_share, name="revoke_share"),
    path("s/<str:token>/", views.shared, name="shared"),
    path("s/<str:token>/report.pdf", views.shared_pdf, name="shared_pdf"),
    path("s/<str:token>/fhir.json", views.shared_fhir, name="shared_fhir"),
    path("s/<str:token>/chart/pain.svg", views.shared_chart, name="shared_chart"),
]
