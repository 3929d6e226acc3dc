"""A sentence with values, made where Django is not allowed and translated where it is (pure Python).

The statistics (``painwise.nof1``), the file readers and the programmes' progression rules build sentences for
people but never import Django. They return a :class:`Message`: a template marked with ``gettext_noop`` (so
``makemessages`` collects it) with named ``%(name)s`` fields, and the values apart. A sentence with a count in it
is made with :func:`ngettext_noop` (singular and plural templates, collected as one plural entry by Painwise's
``makemessages``). ``str(message)`` is the English sentence; the Django edge that shows it calls
``painwise.core.i18n.translate(message)`` for the person's language. The translator sees one whole sentence and
may move the values; pieces are never glued together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from painwise.core.records import gettext_noop

__all__ = ["Message", "Sentences", "gettext_noop", "ngettext_noop"]


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


@dataclass(frozen=True)
class Message:
    """``template`` (marked with gettext_noop, ``%(name)s`` fields) and its ``values``; a value may itself be a
    Message (a word chosen by the code, such as "lower" or "higher"), translated with the sentence.

    ``plural``: the plural template when ``count`` picks the form (made by :func:`ngettext_noop`)."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)
    plural: str = ""
    count: int = 1

    def render(self, translate: Callable[[str], str],
               ngettext: Callable[[str, str, int], str] | None = None) -> str:
        """The sentence with the template and every Message value passed through ``translate`` (gettext); a
        plural sentence through ``ngettext`` (without it, the English form is chosen and passed to ``translate``)."""
        if self.plural:
            text = (ngettext(self.template, self.plural, self.count) if ngettext is not None
                    else translate(_english_plural(self.template, self.plural, self.count)))
        else:
            text = translate(self.template)
        if not self.values:
            return text
        filled = {
            name: value.render(translate, ngettext) if isinstance(value, Message) else value
            for name, value in self.values.items()
        }
        return text % filled

    def __str__(self) -> str:
        return self.render(lambda text: text, _english_plural)

    def __contains__(self, text: str) -> bool:
        """Whether the English sentence holds ``text`` (so a check reads as it would on the English)."""
        return text in str(self)


@dataclass(frozen=True)
class Sentences:
    """Whole sentences shown one after the other, each translated on its own (a paragraph some of whose
    sentences are there only in some cases); ``str()`` is the English."""

    parts: tuple[Message, ...]

    def render(self, translate: Callable[[str], str],
               ngettext: Callable[[str, str, int], str] | None = None) -> str:
        return " ".join(part.render(translate, ngettext) for part in self.parts)

    def __str__(self) -> str:
        return " ".join(str(part) for part in self.parts)

    def __contains__(self, text: str) -> bool:
        return text in str(self)


def ngettext_noop(singular: str, plural: str, count: int, values: Mapping[str, object] | None = None) -> Message:
    """A sentence whose form depends on ``count`` (``values`` usually hold it too, as ``%(count)s``).

    Like ``gettext_noop`` it translates nothing here; ``makemessages`` (Painwise's, in
    ``painwise.core.management.commands``) collects the two templates as one plural entry, and
    ``painwise.core.i18n.translate`` picks the person's form with ``ngettext``."""
    return Message(singular, dict(values or {}), plural=plural, count=count)
