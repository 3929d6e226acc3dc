"""Sections: the kinds of record other domains add to Painwise JSON and CSV.

The diary's own kinds (profile, own factors, medications, check-ins, flares, therapy entries) are
built into ``painwise.exchange.formats``. Every other domain describes each kind of record it keeps
for a person as a ``Section`` and registers it from its ``AppConfig.ready()``::

    from painwise.core.hooks import add_exchange_section
    from painwise.plans.exchange import PLANS
    add_exchange_section(PLANS)

Export, import, the CSV header, the completeness test (every model that holds a person's rows is
exported) and account deletion's check then include it, with no change to ``painwise.exchange``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from painwise.exchange.formats import Column

if TYPE_CHECKING:
    from painwise.core.types import User


# The models whose rows the diary's built-in kinds carry (as "app_label.ModelName").
CORE_MODELS = (
    "accounts.Profile", "therapies.CustomFactor", "therapies.Medication", "diary.CheckIn",
    "diary.PainEpisode", "therapies.TherapyEntry",
)


class ImportContext(Protocol):
    """What a section's ``store`` gets besides the record: the person, references and record times."""

    user: User
    # (section key, the record's ``ref`` in the file) -> the stored object, for later sections to refer to.
    refs: dict[tuple[str, str], Any]
    started_at: dt.datetime  # when the import began

    def keep_times(self, obj: Any, values: dict[str, Any]) -> None:
        """Keep the file's ``created_at`` / ``updated_at`` for ``obj`` (written when the import succeeds)."""


@dataclass(frozen=True)
class Section:
    """One kind of record a domain adds to the export and import.

    - ``key``: the JSON key (a list of objects, or one object when ``single``), e.g. ``questionnaire_responses``;
    - ``record``: the CSV ``record`` kind of its rows, e.g. ``questionnaire_response``;
    - ``names``: (one, several) with a ``%(count)s`` field, marked with ``gettext_noop``, for messages such as
      "Imported 3 questionnaire responses";
    - ``columns``: its fields in file order (JSON keys and CSV columns), with types and ranges;
    - ``export(user)``: every record of the person as dicts of column -> value (aware datetimes);
    - ``store(context, values)``: store one record (values by column, None = not given) through the
      domain's own rules, raising ``django.core.exceptions.ValidationError`` per field;
    - ``models``: the models ("app_label.ModelName") whose rows this section carries;
    - ``order``: storing order (a section that refers to another comes after it);
    - ``settle(context)``: optional, run once after the import's safety checks (which run after
      writing and may record events of their own) to reconcile them with what the file said.
    """

    key: str
    record: str
    names: tuple[str, str]
    columns: tuple[Column, ...]
    export: Callable[[Any], list[dict[str, Any]]]
    store: Callable[[ImportContext, dict[str, Any]], None]
    models: tuple[str, ...]
    single: bool = False
    order: int = 100
    settle: Callable[[ImportContext], None] | None = None
