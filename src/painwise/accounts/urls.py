from __future__ import annotations

from django.urls import path

from painwise.accounts import views

app_name = "accounts"
urlpatterns = [
    path("settings/profile/", views.profile, name="profile"),
    path("welcome/", views.welcome_place, name="welcome"),
    path("welcome/conditions/", views.welcome_conditions, name="welcome_conditions"),
    path("welcome/logging/", views.welcome_logging, name="welcome_logging"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/delete/", views.delete_account, name="delete"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
