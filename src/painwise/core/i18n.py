"""The Django edge of :mod:`painwise.core.messages`: a Message (or plain text) in the person's language."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from painwise.core.messages import Message, Sentences


def translate(message: Message | Sentences | str) -> str:
    """The sentence in the active language: the template (``ngettext`` for a plural one) and any Message values
    through gettext, then the values filled in; Sentences each so, one after the other. Plain text (a message id
    marked with gettext_noop) is translated as it is."""
    if isinstance(message, Message | Sentences):
        return message.render(gettext, ngettext)
    return gettext(message)
