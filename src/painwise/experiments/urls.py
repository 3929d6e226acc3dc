from __future__ import annotations

from django.urls import path

from painwise.experiments import views

app_name = "experiments"
urlpatterns = [
    path("experiments/", views.index, name="index"),
    path("experiments/new/", views.design, name="design"),
    path("experiments/<int:experiment_id>/", views.detail, name="detail"),
    path("experiments/<int:experiment_id>/start/", views.start, name="start"),
    path("experiments/<int:experiment_id>/adherence/", views.adherence, name="adherence"),
    path("experiments/<int:experiment_id>/status/", views.status, name="status"),
    path("experiments/<int:experiment_id>/report/", views.report, name="report"),
    path("experiments/<int:experiment_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("experiments/<int:experiment_id>/chart.svg", views.chart, name="chart"),
]
