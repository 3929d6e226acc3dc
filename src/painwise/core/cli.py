"""Helpers shared by CLI commands (the top-level ``painwise`` script and every domain's ``cli.py``): Django set-up,
bringing the database up to date, finding a person, turning errors into messages."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
# Where a terminal says which language its person reads, in the order GNU gettext reads them.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_django_ready = False


def setup_django() -> None:
    """Configure Django once (commands import models only after this) and speak the terminal's language."""
    global _django_ready
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
    import django

    django.setup()
    _django_ready = True
    from django.utils import translation

    translation.activate(cli_language())


def _wanted_languages() -> list[str]:
    """Language codes from the environment, most wanted first: "de_DE.UTF-8" -> "de-de"; C/POSIX skipped."""
    wanted = []
    for variable in LANGUAGE_VARIABLES:
        for value in os.environ.get(variable, "").split(":"):
            code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
            if code and code not in ("c", "posix"):
                wanted.append(code)
    return wanted


def cli_language() -> str:
    """The language of the CLI's messages: the first language of the environment (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG) that Painwise offers (settings.LANGUAGES), else settings.LANGUAGE_CODE."""
    from django.conf import settings
    from django.utils import translation

    for code in _wanted_languages():
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


def _translating() -> bool:
    """Whether messages go through Django's gettext: Django is set up (a command that uses the database,
    or the tests), or the terminal asks for a language other than English (Django is then set up)."""
    django_apps = sys.modules.get("django.apps")
    if _django_ready or (django_apps is not None and django_apps.apps.ready):
        return True
    wanted = _wanted_languages()
    if not wanted or wanted[0].startswith("en"):
        return False  # English needs no catalog: commands without the database stay fast
    setup_django()
    return True


def gettext(message: str) -> str:
    """``message`` in the CLI's language (``makemessages`` collects these calls)."""
    if not _translating():
        return message
    from django.utils.translation import gettext as translated

    return translated(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` (by ``count``) in the CLI's language, as :func:`gettext`."""
    if not _translating():
        return singular if count == 1 else plural
    from django.utils.translation import ngettext as translated

    return translated(singular, plural, count)


def gettext_if_ready(message: str) -> str:
    """``message`` in the CLI's language when Django is already set up, else as it is (English). For commands
    that must not load the settings (``restore``: loading them writes into the data directory it restores)."""
    django_apps = sys.modules.get("django.apps")
    if not (_django_ready or (django_apps is not None and django_apps.apps.ready)):
        return message
    from django.utils.translation import gettext as translated

    return translated(message)


def find_user(username: str) -> Any:
    """The account named ``username``; a clear error (exit 1) when there is none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(
            gettext("No account named %(name)s. Create one with `painwise user create`.") % {"name": repr(username)})
    return user


def format_validation_error(exc: Any) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return "; ".join(exc.messages)


def django_command(func: F) -> F:
    """Set up Django and run the command; ValidationError and key-file problems become a message (exit 1).

    When the command first opens the database, the key file is checked against it (see
    painwise.core.keycheck), so no command writes with a missing or foreign key file; commands that
    never touch the database are not slowed down.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        from django.core.exceptions import ValidationError
        from django.db.backends.signals import connection_created

        from painwise.core.crypto import KeyFileError
        from painwise.core.i18n import translate

        connection_created.connect(_check_keys_once, dispatch_uid="painwise-cli-key-check")
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            raise click.ClickException(format_validation_error(exc)) from None
        except KeyFileError as exc:
            raise click.ClickException(translate(exc.sentence)) from None

    return wrapper  # type: ignore[return-value]


def _check_keys_once(sender: Any, connection: Any, **kwargs: Any) -> None:
    from django.db import DEFAULT_DB_ALIAS
    from django.db.backends.signals import connection_created

    if connection.alias != DEFAULT_DB_ALIAS:
        return
    connection_created.disconnect(dispatch_uid="painwise-cli-key-check")
    from painwise.core.keycheck import ensure_keys_if_migrated

    ensure_keys_if_migrated()


def migrate(*, verbose: bool = False) -> str:
    """Bring the database up to date, then check the key file against it (a key only for a fresh instance)."""
    from django.core.management import call_command

    from painwise.core.keycheck import ensure_keys, prepare_before_migrate

    prepared = prepare_before_migrate()
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    checked = ensure_keys()
    return prepared or checked
