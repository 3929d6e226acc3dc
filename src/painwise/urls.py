from __future__ import annotations

from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from painwise.accounts import views as accounts_views
from painwise.api import api
from painwise.core import views as core_views
from painwise.diary import views as diary_views

urlpatterns = [
    path("", diary_views.home, name="home"),
    path("about/", core_views.about, name="about"),
    # The translations the scripts use (gettext() in static/**/*.js), served as a same-origin script so the
    # strict CSP holds; no personal data in it, so a browser may keep it for an hour (docs/translating.md).
    path("jsi18n/", cache_control(max_age=3600)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    # honest when no e-mail is set up
    path("accounts/password/reset/", accounts_views.password_reset, name="password_reset"),
    path("accounts/", include("allauth.urls")),
    path("", include("painwise.accounts.urls")),
    path("", include("painwise.diary.urls")),
    path("", include("painwise.therapies.urls")),
    path("", include("painwise.exchange.urls")),
    path("", include("painwise.insights.urls")),
    path("", include("painwise.evidence.urls")),
    path("", include("painwise.substances.urls")),
    path("", include("painwise.trauma.urls")),
    path("", include("painwise.instruments.urls")),
    path("", include("painwise.experiments.urls")),
    path("", include("painwise.programmes.urls")),
    path("", include("painwise.safety.urls")),
    path("", include("painwise.audit.urls")),
    path("", include("painwise.report.urls")),
    path("", include("painwise.plan.urls")),
    path("", include("painwise.offline.urls")),
    path("api/v1/", api.urls),
]
