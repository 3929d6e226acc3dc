"""The Django edge of :mod:`painwise.core.messages`: a Message (or plain text) in the person's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, ngettext

from painwise.core.messages import Message


def translate(message: Message | str) -> str:
    """The sentence in the active language: the template (``ngettext`` for a plural one) and any Message values
    through gettext, then the values filled in. Plain text (a message id marked with gettext_noop) is translated
    as it is."""
    if isinstance(message, Message):
        return message.render(gettext, ngettext)
    return gettext(message)


def translate_sentences(messages: Iterable[Message | str]) -> str:
    """Whole sentences, each translated, one after the other (a paragraph the pure code returns as sentences)."""
    return " ".join(translate(message) for message in messages)
