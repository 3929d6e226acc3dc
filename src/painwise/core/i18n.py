"""The Django edge of :mod:`painwise.core.messages`: a Message (or plain text) in the person's language."""

from __future__ import annotations

from django.utils.translation import gettext

from painwise.core.messages import Message


def translate(message: Message | str) -> str:
    """The sentence in the active language: the template and any Message values through gettext, then the
    values filled in. Plain text (a message id marked with gettext_noop) is translated as it is."""
    if isinstance(message, Message):
        return message.render(gettext)
    return gettext(message)
