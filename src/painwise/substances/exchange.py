"""Withdrawal checks in Painwise JSON and CSV: the day, the answers (points per symptom) and the total."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.substances.models import WithdrawalCheck
from painwise.substances.services import record_withdrawal_check

if TYPE_CHECKING:
    from painwise.core.types import User



def _export(user: User) -> list[dict[str, Any]]:
    rows = WithdrawalCheck.objects.filter(user=user).order_by("day", "created_at", "pk")
    return [{"day": c.day, "answers": c.answers, "total": c.total, "created_at": c.created_at} for c in rows]


def _store(context: ImportContext, values: dict[str, Any]) -> None:
    check = record_withdrawal_check(user=context.user, answers=values.get("answers") or {}, day=values["day"])
    if values.get("total") is not None and values["total"] != check.total:
        raise ValidationError(
            {
                "total": gettext("The answers add up to %(total)s, not %(value)s.")
                % {"total": check.total, "value": values["total"]}
            }
        )
    context.keep_times(check, values)


WITHDRAWAL_CHECKS = Section(
    key="withdrawal_checks", record="withdrawal_check",
    names=(gettext_noop("%(count)s withdrawal check"), gettext_noop("%(count)s withdrawal checks")),
    columns=(Column("day", "date", required=True), Column("answers", "object"), Column("total", "int"),
             Column("created_at", "datetime")),
    export=_export, store=_store, models=("substances.WithdrawalCheck",), order=40,
)
