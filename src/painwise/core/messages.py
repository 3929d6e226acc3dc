"""A sentence with values, made where Django is not allowed and translated where it is (pure Python).

The statistics (``painwise.nof1``) and the file readers build sentences for people but never import Django.
They return a :class:`Message`: a template marked with ``gettext_noop`` (so ``makemessages`` collects it)
with named ``%(name)s`` fields, and the values apart. ``str(message)`` is the English sentence; the Django
edge that shows it calls ``painwise.core.i18n.translate(message)`` for the person's language. The translator
sees one whole sentence and may move the values; pieces are never glued together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from painwise.core.records import gettext_noop

__all__ = ["Message", "gettext_noop"]


@dataclass(frozen=True)
class Message:
    """``template`` (marked with gettext_noop, ``%(name)s`` fields) and its ``values``; a value may itself be a
    Message (a word chosen by the code, such as "lower" or "higher"), translated with the sentence."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str]) -> str:
        """The sentence with the template and every Message value passed through ``translate`` (gettext)."""
        text = translate(self.template)
        if not self.values:
            return text
        filled = {
            name: value.render(translate) if isinstance(value, Message) else value
            for name, value in self.values.items()
        }
        return text % filled

    def __str__(self) -> str:
        return self.render(lambda text: text)

