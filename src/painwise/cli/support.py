"""Helpers shared by CLI commands: Django set-up, finding a person, turning errors into messages."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def setup_django() -> None:
    """Configure Django once (commands import models only after this)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
    import django

    django.setup()


def find_user(username: str) -> Any:
    """The account named ``username``; a clear error (exit 1) when there is none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"No account named {username!r}. Create one with `painwise user create`.")
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

        connection_created.connect(_check_keys_once, dispatch_uid="painwise-cli-key-check")
        try:
            return func(*args, **kwargs)
        except ValidationError as exc:
            raise click.ClickException(format_validation_error(exc)) from None
        except KeyFileError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def _check_keys_once(sender: Any, connection: Any, **kwargs: Any) -> None:
    from django.db import DEFAULT_DB_ALIAS
    from django.db.backends.signals import connection_created

    if connection.alias != DEFAULT_DB_ALIAS:
        return
    connection_created.disconnect(dispatch_uid="painwise-cli-key-check")
    from painwise.core.keycheck import ensure_keys_if_migrated

    ensure_keys_if_migrated()
