"""Django's makemessages, also collecting ``ngettext_noop("one", "many", count)`` as one plural entry.

Pure modules (no Django) mark a sentence with a count in it with ``painwise.core.messages.ngettext_noop``;
xgettext does not know that name, so it is added here (Django's documented way to extend the command).
"""

from __future__ import annotations

from django.core.management.commands import makemessages

PLURAL_KEYWORD = "--keyword=ngettext_noop:1,2"


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, PLURAL_KEYWORD]
