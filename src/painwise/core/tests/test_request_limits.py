"""Who the client is behind a proxy, HTTPS behind a proxy, request size limits and privacy headers."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from painwise import config
from painwise.core.middleware import TrustedProxyMiddleware, client_address
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.exchange.tests.files import json_file
from painwise.testing import confirm_password

PROXY = "10.0.0.5"
VISITOR = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings: Settings) -> Any:
    """A deployment behind one TLS-ending proxy at 10.0.0.5 with PAINWISE_HTTPS on."""
    settings.TRUSTED_PROXIES = (ipaddress.ip_network(PROXY),)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    return settings


def _seen(**meta: Any) -> tuple[str, dict[str, Any]]:
    """The client address and the forwarding headers the app sees after TrustedProxyMiddleware."""
    seen: dict[str, Any] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update(request.META)
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["REMOTE_ADDR"], {k: v for k, v in seen.items() if k.startswith("HTTP_X_FORWARDED")}


def test_a_request_through_the_trusted_proxy_comes_from_the_visitor(behind_proxy: Any) -> None:
    address, headers = _seen(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VISITOR, HTTP_X_FORWARDED_PROTO="https")
    assert address == VISITOR
    assert headers["HTTP_X_FORWARDED_PROTO"] == "https"


def test_forwarding_headers_from_anyone_else_are_ignored(behind_proxy: Any) -> None:
    address, headers = _seen(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=VISITOR, HTTP_X_FORWARDED_PROTO="https")
    assert address == "203.0.113.9"
    assert headers == {}


def test_without_a_trusted_proxy_forwarding_headers_are_always_ignored() -> None:
    address, headers = _seen(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VISITOR, HTTP_X_FORWARDED_PROTO="https")
    assert address == PROXY
    assert headers == {}


def test_addresses_a_visitor_writes_into_x_forwarded_for_are_not_believed(behind_proxy: Any) -> None:
    # The visitor sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it really saw.
    assert client_address(PROXY, f"1.2.3.4, {VISITOR}") == VISITOR
    assert client_address(PROXY, f"1.2.3.4, {VISITOR}, {PROXY}") == VISITOR
    assert client_address(PROXY, "not-an-address") == PROXY


def test_a_bad_trusted_proxy_setting_stops_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINWISE_TRUSTED_PROXY", "10.0.0.1, proxy.example")
    with pytest.raises(ValueError, match=r"proxy\.example"):
        config.networks("TRUSTED_PROXY")
    monkeypatch.setenv("PAINWISE_TRUSTED_PROXY", "10.0.0.1, 192.168.0.0/24")
    assert len(config.networks("TRUSTED_PROXY")) == 2


@pytest.mark.django_db
def test_https_through_the_proxy_is_served_without_a_redirect_loop(behind_proxy: Any, anon_client: Client) -> None:
    response = anon_client.get("/accounts/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VISITOR,
                               HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.wsgi_request.is_secure()
    assert response.wsgi_request.build_absolute_uri("/").startswith("https://")
    assert response["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.django_db
def test_plain_http_through_the_proxy_is_sent_to_https(behind_proxy: Any, anon_client: Client) -> None:
    response = anon_client.get("/accounts/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="http",
                               HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"] == "https://localhost/accounts/login/"


@pytest.mark.django_db
def test_a_visitor_claiming_https_without_the_proxy_is_still_redirected(behind_proxy: Any, anon_client: Client) -> None:
    response = anon_client.get("/accounts/login/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https",
                               HTTP_HOST="localhost")
    assert response.status_code == 301


def test_https_without_a_trusted_proxy_gives_a_startup_warning(settings: Settings) -> None:
    from painwise.core.apps import https_needs_a_trusted_proxy

    settings.HTTPS, settings.TRUSTED_PROXIES = True, ()
    assert [m.id for m in https_needs_a_trusted_proxy()] == ["painwise.W001"]
    settings.TRUSTED_PROXIES = (ipaddress.ip_network(PROXY),)
    assert https_needs_a_trusted_proxy() == []


# ---------------------------------------------------------------- size limits


@pytest.mark.django_db
def test_an_api_body_over_the_request_limit_answers_413_unread(
    settings: Settings, alice_client: Client, alice: User,
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"day": "2026-01-05", "notes": "' + "x" * 2000 + '"}'

    response = alice_client.post("/api/v1/checkins", data=body, content_type="application/json")

    assert response.status_code == 413
    assert "1000 bytes limit" in response.json()["detail"][0]["msg"]
    assert not CheckIn.objects.filter(user=alice).exists()


def _file(size: int) -> SimpleUploadedFile:
    data = json_file(checkins=[{"day": "2026-01-05", "notes": "x" * size}])
    return SimpleUploadedFile("diary.json", data, "application/json")


@pytest.mark.django_db
def test_an_import_over_its_limit_answers_413_on_the_api(
    settings: Settings, alice_client: Client, alice: User,
) -> None:
    settings.MAX_IMPORT_BYTES = 5000

    response = alice_client.post("/api/v1/import", data={"file": _file(6000)})

    assert response.status_code == 413
    assert "larger than the 5 KB import limit" in response.json()["detail"][0]["msg"]
    assert not CheckIn.objects.filter(user=alice).exists()


@pytest.mark.django_db
def test_an_import_over_its_limit_shows_a_form_error_on_the_page(
    settings: Settings, alice_client: Client,
) -> None:
    settings.MAX_IMPORT_BYTES = 5000

    response = alice_client.post("/data/", data={"file": _file(6000), "format": "auto"})

    assert response.status_code == 413
    assert "larger than the 5 KB import limit" in response.content.decode()
    assert 'name="file"' in response.content.decode()


@pytest.mark.django_db
def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(
    settings: Settings, alice_client: Client,
) -> None:
    settings.MAX_IMPORT_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000, 1000

    api = alice_client.post("/api/v1/import", data={"file": _file(9000)})
    page = alice_client.post("/data/", data={"file": _file(9000), "format": "auto"})

    assert api.status_code == page.status_code == 413
    assert "5 KB" in api.json()["detail"][0]["msg"]
    assert "5 KB limit" in page.content.decode()


@pytest.mark.django_db
def test_the_cli_says_the_file_is_over_the_import_limit(settings: Settings, alice: User, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from painwise.cli import cli

    settings.MAX_IMPORT_BYTES = 5000
    path = tmp_path / "diary.json"
    path.write_bytes(_file(6000).read())

    result = CliRunner().invoke(cli, ["import", "--user", "alice", str(path)])

    assert result.exit_code == 1
    assert "larger than the 5 KB import limit" in result.output
    assert "PAINWISE_MAX_IMPORT_MB" in result.output


# ---------------------------------------------------------------- headers


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/checkin/2026-01-05/", "/data/", "/api/v1/checkins", "/api/v1/export"])
def test_health_data_is_never_kept_in_a_cache(alice_client: Client, url: str) -> None:
    confirm_password(alice_client)  # the export asks for it
    response = alice_client.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_api_answer_to_a_token_is_never_kept_in_a_cache(alice: User) -> None:
    from painwise.accounts.services import create_api_token

    _, raw = create_api_token(user=alice, name="script")
    response = Client().get("/api/v1/checkins", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/"])
def test_every_page_switches_off_camera_microphone_and_location(anon_client: Client, alice_client: Client,
                                                               url: str) -> None:
    for client in (anon_client, alice_client):
        policy = client.get(url)["Permissions-Policy"]
        assert {"camera=()", "microphone=()", "geolocation=()"} <= {p.strip() for p in policy.split(",")}


@pytest.mark.django_db
def test_flash_messages_are_kept_in_the_session_not_in_a_cookie(alice_client: Client) -> None:
    upload = SimpleUploadedFile("diary.json", json_file(checkins=[{"day": "2026-01-05", "pain_average": 3}]))

    response = alice_client.post("/data/", data={"file": upload, "format": "auto"}, follow=True)

    assert "Imported 1 check-in" in response.content.decode()
    assert "messages" not in response.cookies
    assert "messages" not in alice_client.cookies
