"""Password reset: by e-mail when it is configured, otherwise an honest page and `painwise user set-password`."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from pytest_django.fixtures import Settings

from painwise.cli import cli
from painwise.core.mail import NOT_CONFIGURED, NotConfiguredBackend, email_settings
from painwise.core.types import User
from painwise.testing import PASSWORD

pytestmark = pytest.mark.django_db
RESET = "/accounts/password/reset/"


def test_without_email_the_reset_page_says_so_and_how_to_reset(
    settings: Settings, anon_client: Client, alice: User,
) -> None:
    settings.EMAIL_CONFIGURED = False
    settings.DEBUG = False
    page = anon_client.get(RESET).content.decode()
    assert "cannot send e-mail" in page
    assert "painwise user set-password" in page
    answer = anon_client.post(RESET, {"email": alice.email})
    assert answer.status_code == 200
    assert "cannot send e-mail" in answer.content.decode()
    assert mail.outbox == []


def test_with_email_configured_a_reset_link_is_sent_and_sets_a_new_password(
    settings: Settings, anon_client: Client, alice: User,
) -> None:
    settings.EMAIL_CONFIGURED = True
    answer = anon_client.post(RESET, {"email": alice.email})
    assert answer.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    form_page = anon_client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new = "a brand new passphrase 77"
    done = anon_client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
                            {"password1": new, "password2": new})
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_production_never_prints_mail_to_the_console() -> None:
    assert email_settings("", debug=False)["EMAIL_BACKEND"] == NOT_CONFIGURED
    assert "console" in email_settings("", debug=True)["EMAIL_BACKEND"]


def test_the_not_configured_backend_sends_nothing_and_logs_no_link(caplog: pytest.LogCaptureFixture) -> None:
    from django.core.mail import EmailMessage

    message = EmailMessage("Reset", "https://example.org/reset/secret-key", to=["a@example.org"])
    assert NotConfiguredBackend().send_messages([message]) == 0
    assert "secret-key" not in caplog.text
    assert "a@example.org" not in caplog.text
    assert "not configured" in caplog.text


def test_email_urls_become_django_settings() -> None:
    smtp = email_settings("smtp://ann%40mail.org:p%3Ass@mail.example.org:587?tls=true", debug=False)
    assert smtp["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("ann@mail.org", "p:ss")
    assert smtp["EMAIL_USE_TLS"] is True
    assert smtp["EMAIL_USE_SSL"] is False
    smtps = email_settings("smtps://u:p@mail.example.org", debug=False)
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (465, True, False)


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://host:notaport"])
def test_a_malformed_email_url_is_refused_with_an_example(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="PAINWISE_EMAIL_URL"):
        email_settings(url, debug=False)


def test_set_password_prompts_twice_and_changes_it(alice: User) -> None:
    new = "terminal passphrase 2026"
    result = CliRunner().invoke(cli, ["user", "set-password", "alice"], input=f"{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    assert new not in result.output
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_set_password_reads_stdin_or_the_environment_for_scripts(alice: User) -> None:
    piped = CliRunner().invoke(cli, ["user", "set-password", "alice", "--password-stdin"],
                               input="from standard input 1\n")
    assert piped.exit_code == 0, piped.output
    alice.refresh_from_db()
    assert alice.check_password("from standard input 1")
    from_env = CliRunner().invoke(cli, ["user", "set-password", "alice"],
                                  env={"PAINWISE_USER_SET_PASSWORD_PASSWORD": "from the environment 2"})
    assert from_env.exit_code == 0, from_env.output
    alice.refresh_from_db()
    assert alice.check_password("from the environment 2")


def test_set_password_refuses_a_weak_password_and_keeps_the_old_one(alice: User) -> None:
    result = CliRunner().invoke(cli, ["user", "set-password", "alice", "--password-stdin"], input="short\n")
    assert result.exit_code == 1
    assert "too short" in result.output
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_set_password_for_an_unknown_account_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["user", "set-password", "nobody", "--password-stdin"], input="whatever 12345\n")
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output


def test_changing_the_password_signs_out_other_sessions(alice: User, alice_client: Client) -> None:
    assert alice_client.get("/").status_code == 200
    CliRunner().invoke(cli, ["user", "set-password", "alice", "--password-stdin"], input="fresh passphrase 99\n")
    assert alice_client.get("/settings/profile/").status_code == 302
