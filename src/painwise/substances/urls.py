from __future__ import annotations

from django.urls import path

from painwise.substances import views

app_name = "substances"
urlpatterns = [
    path("substances/interactions/", views.interactions_page, name="interactions"),
    path("substances/drugs/search/", views.drug_search, name="drug_search"),
    path("substances/kratom/", views.kratom, name="kratom"),
    path("substances/kratom/chart.svg", views.kratom_chart, name="kratom_chart"),
    path("substances/withdrawal-check/", views.withdrawal_check, name="withdrawal_check"),
    path(
        "substances/withdrawal-check/<int:check_id>/delete/",
        views.withdrawal_check_delete,
        name="withdrawal_check_delete",
    ),
    path("substances/legal/", views.legal_status, name="legal"),
]
