from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from painwise.core.types import User

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2]


def test_pages_send_security_headers(alice_client: Client) -> None:
    response = alice_client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_loads_anything_from_another_site_or_runs_inline_script() -> None:
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        # Outbound links (<a href>, e.g. to a DOI) are fine; loading an asset from elsewhere is not.
        assert not re.search(r'src="(https?:)?//', text), template
        assert not re.search(r'<link[^>]*href="(https?:)?//', text), template
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert 'style="' not in text, template


def test_state_changing_forms_need_a_csrf_token(alice: User) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/checkin/2026-11-20/", {"pain_average": "3"}).status_code == 403
