from __future__ import annotations

from django.urls import path

from painwise.therapies import views

app_name = "therapies"
urlpatterns = [
    path("log/", views.catalog_page, name="catalog"),
    path("log/<slug:slug>/", views.log, name="log"),
    path("entries/<int:entry_id>/", views.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<int:entry_id>/again/", views.entry_again, name="entry_again"),
    path("medications/", views.medications, name="medications"),
    path("medications/<int:medication_id>/", views.medications, name="medication_edit"),
    path("medications/<int:medication_id>/delete/", views.medication_delete, name="medication_delete"),
    path("factors/", views.factors, name="factors"),
    path("factors/<int:factor_id>/as-needed/", views.factor_as_needed, name="factor_as_needed"),
]
