from __future__ import annotations

from django.urls import path

from painwise.programmes import views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/<slug:programme>/", views.detail, name="detail"),
    path("programmes/<slug:programme>/start/", views.start, name="start"),
    path("programmes/<slug:programme>/stop/", views.stop, name="stop"),
    path("programmes/<slug:programme>/setup/", views.setup, name="setup"),
    path("programmes/<slug:programme>/step/", views.step, name="step"),
    path("programmes/<slug:programme>/log/", views.log, name="log"),
    path("programmes/<slug:programme>/sessions/<int:session_id>/", views.session_edit, name="session_edit"),
    path("programmes/<slug:programme>/sessions/<int:session_id>/delete/", views.session_delete,
         name="session_delete"),
    path("programmes/<slug:programme>/evaluated/", views.evaluated, name="evaluated"),
    path("programmes/<slug:programme>/routine/", views.routine, name="routine"),
]
