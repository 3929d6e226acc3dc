"""Programmes: starting one, its personal set-up, logging sessions (each also a therapy entry, so "What helps
me" sees it), progress with the next suggestion, and the acupuncture course evaluation.

Reads other domains only through their front doors (accounts, therapies and diary services, helps, safety's
red-flag list, insights).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from painwise.accounts.services import local_date, local_today
from painwise.core.fields import blind_lookup
from painwise.core.hooks import AgendaItem, Notice, PlanChoice, agenda
from painwise.core.i18n import translate
from painwise.core.messages import Message
from painwise.programmes import progression as rules
from painwise.programmes.content import Programme, Step, programme, programmes
from painwise.programmes.evaluation import Comparison, compare_periods
from painwise.programmes.models import Enrolment, ProgrammeSession
from painwise.safety.red_flags import RedFlag, red_flags
from painwise.therapies import services as therapies

if TYPE_CHECKING:
    from painwise.core.types import User


PAIN_QUALITIES = ("pressure", "aching", "burning", "sharp", "tearing")
STOP_REASONS = ("pain", "anxiety", "time", "other")
ADVERSE_EVENTS = ("bleeding", "bruising", "dizziness_or_fainting", "needle_site_pain", "worsening")
EXAMINED = ("yes", "not_yet", "no")
MAX_LADDER = 20
MAX_TEXT = 200
MAX_TAPER_STEPS = 30
TAPER_UNITS = {"g": 50.0, "mg": 5000.0}  # the kratom catalogue's per-entry typo ceilings, never a dose


# --- Small validators: each error names its field --------------------------------------------------------------


def _whole(values: dict[str, Any], name: str, *, low: int, high: int, required: bool = False,
           label: str = "") -> int | None:
    value = values.get(name)
    shown = gettext(label) if label else name.capitalize()  # label: marked with gettext_noop by the caller
    if value is None or value == "":
        if required:
            raise ValidationError({name: gettext("%(value)s is required.") % {"value": shown}})
        return None
    message = gettext("%(label)s must be a whole number from %(low)s to %(high)s.") % {
        "label": shown, "low": low, "high": high}
    if isinstance(value, bool):
        raise ValidationError({name: message})
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: message}) from None
    if number != value and str(number) != str(value).strip():
        raise ValidationError({name: message})
    if not low <= number <= high:
        raise ValidationError({name: message})
    return number


def _flag(values: dict[str, Any], name: str) -> bool:
    value = values.get(name, False)
    if isinstance(value, str):
        if value.strip().lower() in ("", "false", "no", "off", "0"):
            return False
        if value.strip().lower() in ("true", "yes", "on", "1"):
            return True
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError({name: gettext("Must be true or false.")})
    return value


def _choices(values: dict[str, Any], name: str, allowed: tuple[str, ...]) -> list[str]:
    value = values.get(name) or []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise ValidationError({name: gettext("Choose from %(join)s.") % {"join": ', '.join(allowed)}})
    return list(dict.fromkeys(value))


def _choice(values: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = values.get(name) or ""
    if value and value not in allowed:
        raise ValidationError({name: gettext("Choose one of %(join)s.") % {"join": ', '.join(allowed)}})
    return str(value)


def _text(values: dict[str, Any], name: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    value = values.get(name) or ""
    if not isinstance(value, str):
        raise ValidationError({name: gettext("Must be text.")})
    value = value.strip()
    if required and not value:
        raise ValidationError({name: gettext("This is required.")})
    if len(value) > max_length:
        raise ValidationError({name: gettext("At most %(max_length)s characters.") % {"max_length": max_length}})
    return value


def _collect(*checks: Callable[[], Any]) -> list[Any]:
    """Run every check; raise one ValidationError with every failing field (so a form shows them all)."""
    errors: dict[str, list[str]] = {}
    results = []
    for check in checks:
        try:
            results.append(check())
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            results.append(None)
    if errors:
        raise ValidationError(errors)
    return results


def _known(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, gettext("Unknown field.")))


# --- Programmes and enrolments ---------------------------------------------------------------------------------


def get_programme(key: str) -> Programme:
    """The programme content for ``key``; ValidationError naming ``programme`` when unknown."""
    found = programme(key)
    if found is None:
        raise ValidationError(
            {
                "programme": gettext("Unknown programme %(key)s; choose one of %(join)s.")
                % {"key": repr(key), "join": ", ".join(programmes())}
            }
        )
    return found


def enrolment_for(*, user: User, key: str) -> Enrolment | None:
    """The person's enrolment in programme ``key`` (active or not), or None."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, **blind_lookup(Enrolment, user, programme=key)).first()


def enrolments(*, user: User, active_only: bool = True) -> list[Enrolment]:
    rows = Enrolment.objects.filter(user=user)
    return [row for row in rows if row.active or not active_only]


def _default_setup(content: Programme) -> dict[str, Any]:
    if content.kind == "start":
        return {"symptoms": [], "examined": "", "ladder": [{"text": t, "reached": False} for t in content.goal_ladder],
                "done_steps": []}
    if content.kind == "dilators":
        return {"sizes": content.rules.default_sizes, "labels": []}
    if content.kind == "acupuncture":
        return {"sessions": content.rules.course_sessions, "minutes_each": content.rules.course_minutes_each}
    return {}


@transaction.atomic
def start_programme(*, user: User, key: str, setup: dict[str, Any] | None = None,
                    started_on: dt.date | None = None) -> Enrolment:
    """Start (or restart) programme ``key`` with optional set-up values; nothing is saved if any is bad."""
    content = get_programme(key)
    existing = enrolment_for(user=user, key=key)
    enrolment = existing or Enrolment(user=user, programme=key, started_on=started_on or local_today(user),
                                      setup=_default_setup(content))
    enrolment.active = True
    if setup:
        enrolment.setup = clean_setup(content, {**enrolment.setup, **setup})
    try:
        with transaction.atomic():  # a savepoint: the same programme started meanwhile by another request
            enrolment.save()
    except IntegrityError:
        raise ValidationError({"programme": gettext("You already follow this programme.")}) from None
    return enrolment


@transaction.atomic
def update_setup(*, enrolment: Enrolment, values: dict[str, Any]) -> Enrolment:
    """Change the programme's personal set-up (only the given keys); ValidationError naming the field."""
    content = get_programme(enrolment.programme)
    enrolment.setup = clean_setup(content, {**enrolment.setup, **values})
    enrolment.save(update_fields=["setup", "updated_at"])
    return enrolment


def examination_step(*, user: User) -> Step | None:
    """The start programme's "be examined by a clinician" step, while the person has not said they were examined
    (in the start programme's set-up or by marking the step done); None once they have. Dilators can be started
    without it, but their page says why it matters."""
    start = next((c for c in programmes().values() if c.kind == "start"), None)
    step = next((s for s in start.steps if s.id == "examined"), None) if start else None
    if start is None or step is None:
        return None
    enrolment = enrolment_for(user=user, key=start.key)
    setup = enrolment.setup if enrolment else {}
    if setup.get("examined") == "yes" or "examined" in (setup.get("done_steps") or []):
        return None
    return step


def stop_programme(*, enrolment: Enrolment) -> Enrolment:
    """Stop following a programme; its sessions are kept (history stays true) and it can be restarted."""
    enrolment.active = False
    enrolment.save(update_fields=["active", "updated_at"])
    return enrolment


@transaction.atomic
def mark_step(*, enrolment: Enrolment, step: str, done: bool = True) -> Enrolment:
    """Mark one of the programme's steps done (or not); an unknown step is an error naming ``step``."""
    content = get_programme(enrolment.programme)
    ids = [s.id for s in content.steps]
    if step not in ids:
        raise ValidationError(
            {
                "step": gettext("Unknown step %(step)s; the steps are %(join)s.")
                % {"step": repr(step), "join": ", ".join(ids)}
            }
        )
    done_steps = [s for s in enrolment.setup.get("done_steps", []) if s != step] + ([step] if done else [])
    enrolment.setup = {**enrolment.setup, "done_steps": [s for s in ids if s in done_steps]}
    enrolment.save(update_fields=["setup", "updated_at"])
    return enrolment


# --- Set-up per kind of programme -------------------------------------------------------------------------------


def clean_setup(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    """The set-up validated for the programme's kind; ValidationError naming each bad field."""
    if not isinstance(setup, dict):
        raise ValidationError({"setup": gettext("Must be an object of named values.")})
    cleaner = SETUP_CLEANERS.get(content.kind)
    return cleaner(content, setup) if cleaner else {}


def _ladder(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        value = [{"text": line, "reached": False} for line in value.splitlines()]
    if not isinstance(value, list):
        raise ValidationError({"ladder": gettext("The goal ladder is a list of goals.")})
    ladder = []
    for item in value:
        item = {"text": item, "reached": False} if isinstance(item, str) else item
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValidationError({"ladder": gettext("Each goal needs a text.")})
        text = item["text"].strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(
                {"ladder": gettext("Each goal is at most %(MAX_TEXT)s characters.") % {"MAX_TEXT": MAX_TEXT}}
            )
        if text:
            ladder.append({"text": text, "reached": bool(item.get("reached"))})
    if len(ladder) > MAX_LADDER:
        raise ValidationError({"ladder": gettext("At most %(MAX_LADDER)s goals.") % {"MAX_LADDER": MAX_LADDER}})
    return ladder


def _setup_start(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    _known(setup, ("symptoms", "examined", "ladder", "done_steps"))
    symptoms = setup.get("symptoms") or []
    if not isinstance(symptoms, list) or any(s not in content.symptoms for s in symptoms):
        raise ValidationError({"symptoms": gettext("Choose symptoms from the checklist.")})
    ids = [s.id for s in content.steps]
    done = setup.get("done_steps") or []
    if not isinstance(done, list) or any(s not in ids for s in done):
        raise ValidationError({"step": gettext("Unknown step; the steps are %(join)s.") % {"join": ', '.join(ids)}})
    return {"symptoms": [s for s in content.symptoms if s in symptoms],
            "examined": _choice(setup, "examined", EXAMINED),
            "ladder": _ladder(setup.get("ladder") or []), "done_steps": done}


def _setup_dilators(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    _known(setup, ("sizes", "labels"))
    most = content.rules.max_sizes or 8
    sizes = _whole(setup, "sizes", low=2, high=most, required=True, label=gettext_noop("Number of sizes"))
    labels = setup.get("labels") or []
    if isinstance(labels, str):
        labels = [part.strip() for part in labels.split(",")]
    if not isinstance(labels, list) or len(labels) > (sizes or 0) or any(
            not isinstance(label, str) or len(label) > 40 for label in labels):
        raise ValidationError(
            {
                "labels": gettext("Give at most %(sizes)s labels, one per size, each up to 40 characters.")
                % {"sizes": sizes}
            }
        )
    return {"sizes": sizes, "labels": [label.strip() for label in labels]}


def _setup_acupuncture(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    _known(setup, ("sessions", "minutes_each", "evaluated_on"))
    sessions, minutes = _collect(
        lambda: _whole(setup, "sessions", low=1, high=30, required=True,
                       label=gettext_noop("Number of sessions")),
        lambda: _whole(setup, "minutes_each", low=5, high=240, required=True,
                       label=gettext_noop("Minutes per session")))
    out = {"sessions": sessions, "minutes_each": minutes}
    if setup.get("evaluated_on"):
        out["evaluated_on"] = str(setup["evaluated_on"])
    return out


def _setup_pacing(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    _known(setup, ("activity", "good_day_minutes", "bad_day_minutes"))
    most = content.rules.max_minutes or 240
    activity, good, bad = _collect(
        lambda: _text(setup, "activity", max_length=60) or "walking",
        lambda: _whole(setup, "good_day_minutes", low=1, high=most, required=True,
                       label=gettext_noop("Minutes on a good day")),
        lambda: _whole(setup, "bad_day_minutes", low=1, high=most, required=True,
                       label=gettext_noop("Minutes on a bad day")))
    if bad > good:
        raise ValidationError({"bad_day_minutes": gettext("A bad day's minutes cannot be more than a good day's.")})
    return {"activity": activity, "good_day_minutes": good, "bad_day_minutes": bad}


def _taper_steps(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise ValidationError(
            {"steps": gettext("Enter at least one step of the plan: from which date, how much per day.")}
        )
    if len(value) > MAX_TAPER_STEPS:
        raise ValidationError(
            {"steps": gettext("At most %(MAX_TAPER_STEPS)s steps.") % {"MAX_TAPER_STEPS": MAX_TAPER_STEPS}}
        )
    steps = []
    for number, step in enumerate(value, start=1):
        if not isinstance(step, dict):
            raise ValidationError(
                {"steps": gettext("Step %(number)s: give a date, an amount and a unit.") % {"number": number}}
            )
        try:
            start = dt.date.fromisoformat(str(step.get("from")))
        except ValueError:
            raise ValidationError(
                {"steps": gettext("Step %(number)s: the date must look like 2026-12-01.") % {"number": number}}
            ) from None
        unit = step.get("unit") or "g"
        if unit not in TAPER_UNITS:
            raise ValidationError(
                {
                    "steps": gettext("Step %(number)s: the unit must be one of %(join)s.")
                    % {"number": number, "join": ", ".join(TAPER_UNITS)}
                }
            )
        try:
            raw_amount: Any = step.get("amount")  # anything: a bad value is the ValueError/TypeError below
            amount = float(raw_amount)
        except (TypeError, ValueError):
            raise ValidationError(
                {"steps": gettext("Step %(number)s: the amount per day must be a number.") % {"number": number}}
            ) from None
        if not 0 <= amount <= TAPER_UNITS[unit]:
            raise ValidationError(
                {
                    "steps": gettext(
                        "Step %(number)s: the amount must be from 0 to %(value)s %(unit)s; check for a typo."
                    )
                    % {"number": number, "value": format(TAPER_UNITS[unit], "g"), "unit": unit}
                }
            )
        steps.append({"from": start.isoformat(), "amount": amount, "unit": unit})
    dates = [s["from"] for s in steps]
    if len(set(dates)) != len(dates):
        raise ValidationError({"steps": gettext("Two steps start on the same date.")})
    return sorted(steps, key=lambda s: s["from"])


def _setup_taper(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    _known(setup, ("agreed_with", "agreed", "steps", "note"))
    agreed_with, steps, note = _collect(
        lambda: _text(setup, "agreed_with", required=True, max_length=120),
        lambda: _taper_steps(setup.get("steps")),
        lambda: _text(setup, "note", max_length=1000))
    if not _flag(setup, "agreed"):
        raise ValidationError(
            {"agreed": gettext("Enter only a plan you have agreed with your clinician; Painwise never proposes doses.")}
        )
    return {"agreed_with": agreed_with, "agreed": True, "steps": steps, "note": note}


def _setup_empty(content: Programme, setup: dict[str, Any]) -> dict[str, Any]:
    _known(setup, ())
    return {}


SETUP_CLEANERS: dict[str, Callable[[Programme, dict[str, Any]], dict[str, Any]]] = {
    "start": _setup_start, "dilators": _setup_dilators, "acupuncture": _setup_acupuncture,
    "pacing": _setup_pacing, "kratom_taper": _setup_taper, "down_training": _setup_empty,
    "sensate_focus": _setup_empty,
}


# --- Sessions ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Logged:
    """A saved session with what the person must see at once: warnings, the next suggestion, safety notices."""

    session: ProgrammeSession
    notices: list[Notice] = field(default_factory=list)
    suggestion: rules.Suggestion | None = None


def _minutes(content: Programme, values: dict[str, Any]) -> int | None:
    most = content.rules.max_minutes or 240
    return _whole(values, "minutes", low=1, high=most, required=True, label=gettext_noop("Minutes"))


def _session_dilators(content: Programme, enrolment: Enrolment, values: dict[str, Any]) -> dict[str, Any]:
    _known(values, ("size", "minutes", "discomfort", "anxiety", "lubricant", "stopped_early", "stop_reason",
                    "pain_quality", "bleeding"))
    sizes = int(enrolment.setup.get("sizes") or content.rules.default_sizes or 6)

    def size() -> int | None:
        number = _whole(values, "size", low=-10**6, high=10**6, required=True, label=gettext_noop("Size"))
        if number is not None and not 1 <= number <= sizes:
            raise ValidationError(
                {
                    "size": gettext("Size %(number)s is not in your set: choose 1 to %(sizes)s.")
                    % {"number": number, "sizes": sizes}
                }
            )
        return number

    cleaned = _collect(
        size, lambda: _minutes(content, values),
        lambda: _whole(values, "discomfort", low=0, high=10, required=True, label=gettext_noop("Discomfort")),
        lambda: _whole(values, "anxiety", low=0, high=10, required=True, label=gettext_noop("Anxiety")),
        lambda: _flag(values, "lubricant"), lambda: _flag(values, "stopped_early"),
        lambda: _choice(values, "stop_reason", STOP_REASONS), lambda: _choices(values, "pain_quality", PAIN_QUALITIES),
        lambda: _flag(values, "bleeding"))
    names = ("size", "minutes", "discomfort", "anxiety", "lubricant", "stopped_early", "stop_reason", "pain_quality",
             "bleeding")
    out = dict(zip(names, cleaned, strict=True))
    if out["stop_reason"] and not out["stopped_early"]:
        out["stopped_early"] = True  # a reason for stopping early says it stopped early
    return out


def _session_down_training(content: Programme, enrolment: Enrolment, values: dict[str, Any]) -> dict[str, Any]:
    _known(values, ("minutes", "completed", "tension_after"))
    minutes, completed, tension = _collect(
        lambda: _minutes(content, values), lambda: _flag(values, "completed") if "completed" in values else True,
        lambda: _whole(values, "tension_after", low=0, high=10, label=gettext_noop("Tension afterwards")))
    return {"minutes": minutes, "completed": completed, "tension_after": tension}


def _session_sensate(content: Programme, enrolment: Enrolment, values: dict[str, Any]) -> dict[str, Any]:
    _known(values, ("stage", "minutes", "comfort", "both_agree_next", "pain_quality", "bleeding"))
    stages = content.rules.stages or 4
    cleaned = _collect(
        lambda: _whole(values, "stage", low=1, high=stages, required=True, label=gettext_noop("Stage")),
        lambda: _minutes(content, values),
        lambda: _whole(values, "comfort", low=0, high=10, required=True, label=gettext_noop("Comfort")),
        lambda: _flag(values, "both_agree_next"), lambda: _choices(values, "pain_quality", PAIN_QUALITIES),
        lambda: _flag(values, "bleeding"))
    names = ("stage", "minutes", "comfort", "both_agree_next", "pain_quality", "bleeding")
    return dict(zip(names, cleaned, strict=True))


def _session_acupuncture(content: Programme, enrolment: Enrolment, values: dict[str, Any]) -> dict[str, Any]:
    _known(values, ("minutes", "pain_before", "pain_after", "adverse_events"))
    cleaned = _collect(
        lambda: _minutes(content, values),
        lambda: _whole(values, "pain_before", low=0, high=10, required=True, label=gettext_noop("Pain before")),
        lambda: _whole(values, "pain_after", low=0, high=10, label=gettext_noop("Pain after")),
        lambda: _choices(values, "adverse_events", ADVERSE_EVENTS))
    return dict(zip(("minutes", "pain_before", "pain_after", "adverse_events"), cleaned, strict=True))


def _session_pacing(content: Programme, enrolment: Enrolment, values: dict[str, Any]) -> dict[str, Any]:
    _known(values, ("minutes", "completed", "flare"))
    if not enrolment.setup.get("good_day_minutes"):
        raise ValidationError(
            {"good_day_minutes": gettext("Set your baseline (minutes on a good and a bad day) first.")}
        )
    minutes, completed, flare = _collect(
        lambda: _minutes(content, values), lambda: _flag(values, "completed") if "completed" in values else True,
        lambda: _flag(values, "flare"))
    return {"minutes": minutes, "completed": completed, "flare": flare}


SESSION_CLEANERS: dict[str, Callable[[Programme, Enrolment, dict[str, Any]], dict[str, Any]]] = {
    "dilators": _session_dilators, "down_training": _session_down_training, "sensate_focus": _session_sensate,
    "acupuncture": _session_acupuncture, "pacing": _session_pacing,
}


def _therapy_values(content: Programme, enrolment: Enrolment, values: dict[str, Any],
                    taken_at: dt.datetime) -> dict[str, Any]:
    """The therapy entry each session is also logged as (the catalogue's modality and details)."""
    details: dict[str, Any]
    side_effects = ""
    if content.kind == "dilators":
        details = {k: values[k] for k in ("size", "discomfort", "anxiety", "lubricant", "stopped_early", "bleeding")}
        details.update({k: values[k] for k in ("stop_reason", "pain_quality") if values[k]})
    elif content.kind == "down_training":
        details = {"technique": "breathing"}
        if values["tension_after"] is not None:
            details["tension_after"] = values["tension_after"]
    elif content.kind == "sensate_focus":
        details = {"stage": values["stage"], "comfort": values["comfort"], "bleeding": values["bleeding"],
                   "both_agreed_next": values["both_agree_next"]}
        if values["pain_quality"]:
            details["pain_quality"] = values["pain_quality"]
    elif content.kind == "acupuncture":
        details = {"pain_before": values["pain_before"]}
        if values["pain_after"] is not None:
            details["pain_after"] = values["pain_after"]
        side_effects = ", ".join(e.replace("_", " ") for e in values["adverse_events"])
    else:
        details = {"kind": "pacing_plan"}
    return {"modality": content.modality, "taken_at": taken_at, "duration_minutes": values["minutes"],
            "details": details, "side_effects": side_effects}


def _history(enrolment: Enrolment) -> list[ProgrammeSession]:
    return list(enrolment.sessions.order_by("taken_at", "pk"))


def _warnings(content: Programme, enrolment: Enrolment, history: list[ProgrammeSession],
              values: dict[str, Any]) -> list[str]:
    """Why the session just logged is not advised, in the person's language."""
    if content.kind == "dilators":
        previous = as_dilator(history[-1].values) if history else None
        return [translate(w) for w in rules.dilator_warnings(previous, as_dilator(values), dilator_rules(content))]
    if content.kind == "sensate_focus":
        past = [as_sensate(s.values) for s in history]
        return [translate(w) for w in rules.sensate_warnings(past, as_sensate(values), sensate_rules(content))]
    if content.kind == "acupuncture":
        planned = int(enrolment.setup.get("sessions") or 0)
        if planned and len(history) >= planned:
            beyond = ngettext("This is beyond the %(count)s session you planned.",
                              "This is beyond the %(count)s sessions you planned.", planned) % {"count": planned}
            return [f"{beyond} {content.continuing}".strip()]  # the content's own paragraph follows
    return []


@transaction.atomic
def log_session(*, user: User, key: str, values: dict[str, Any], taken_at: dt.datetime | None = None) -> Logged:
    """Validate and save one session of programme ``key`` and the therapy entry that goes with it.

    Nothing is saved when any value is bad (ValidationError naming the field). A size or stage beyond the
    suggestion is saved with a warning that says why it is not advised.
    """
    content = get_programme(key)
    cleaner = SESSION_CLEANERS.get(content.kind)
    if cleaner is None:
        raise ValidationError({"programme": gettext("%(name)s has no sessions to log.") % {"name": content.name}})
    enrolment = enrolment_for(user=user, key=key)
    if enrolment is None or not enrolment.active:
        raise ValidationError({"programme": gettext("Start %(name)s first.") % {"name": content.name}})
    if not isinstance(values, dict):
        raise ValidationError({"values": gettext("Must be an object of named values.")})
    cleaned = cleaner(content, enrolment, values)
    taken_at = taken_at or timezone.now()
    history = _history(enrolment)
    saved = therapies.log_entry(user=user, values=_therapy_values(content, enrolment, cleaned, taken_at))
    session = ProgrammeSession.objects.create(
        user=user, enrolment=enrolment, taken_at=taken_at, day=local_date(user, taken_at), values=cleaned,
        therapy_entry=saved.obj)
    warnings = [
        Notice(level="caution", title=gettext("Not advised"), body=text, code=f"programmes:{content.kind}:not_advised")
        for text in _warnings(content, enrolment, history, cleaned)
    ]
    suggestion = progress_of(enrolment=enrolment).suggestion
    notices = warnings + list(saved.notices)
    if suggestion is not None and suggestion.move == "step_back":
        notices.insert(0, Notice(level="caution", title=gettext("Step back next time"),
                                 body=translate(suggestion.reason),
                                 link=reverse("safety:red_flags") + f"?context={content.red_flag_context}",
                                 code=f"programmes:{content.kind}:step_back"))
    return Logged(session, notices, suggestion)


@transaction.atomic
def import_session(*, user: User, key: str, values: dict[str, Any], taken_at: dt.datetime | None,
                   relink: bool = False) -> ProgrammeSession:
    """Store a session from an exchange file through the same checks, without a new therapy entry (the file's
    therapy entries are imported on their own, so the session is not counted twice). ``relink``: link it to the
    person's therapy entry of the programme's modality at the same time, if there is one."""
    content = get_programme(key)
    cleaner = SESSION_CLEANERS.get(content.kind)
    enrolment = enrolment_for(user=user, key=key)
    if cleaner is None or enrolment is None:
        raise ValidationError(
            {"programme": gettext("No enrolment in %(key)s to add this session to.") % {"key": repr(key)}}
        )
    if not isinstance(values, dict):
        raise ValidationError({"values": gettext("Must be an object of named values.")})
    if taken_at is None or timezone.is_naive(taken_at):
        raise ValidationError({"taken_at": gettext("A time with a time zone is required.")})
    cleaned = cleaner(content, enrolment, values)
    day = local_date(user, taken_at)
    entry = next((e for e in therapies.entries_between(user=user, start=day, end=day)
                  if e.modality == content.modality and e.taken_at == taken_at), None) if relink else None
    return ProgrammeSession.objects.create(user=user, enrolment=enrolment, taken_at=taken_at, day=day,
                                           values=cleaned, therapy_entry=entry)


@transaction.atomic
def update_session(*, session: ProgrammeSession, values: dict[str, Any]) -> ProgrammeSession:
    """Correct a logged session through the same checks as a new one, and its therapy entry with it (so "What
    helps me" sees the corrected minutes and details). Nothing changes when any value is bad."""
    content = get_programme(str(session.enrolment.programme))
    cleaner = SESSION_CLEANERS.get(content.kind)
    if cleaner is None:
        raise ValidationError({"programme": gettext("%(name)s has no sessions to log.") % {"name": content.name}})
    if not isinstance(values, dict):
        raise ValidationError({"values": gettext("Must be an object of named values.")})
    cleaned = cleaner(content, session.enrolment, values)
    session.values = cleaned
    session.save(update_fields=["values"])
    if session.therapy_entry is not None:
        entry = _therapy_values(content, session.enrolment, cleaned, session.taken_at)
        therapies.update_entry(entry=session.therapy_entry, values={
            name: entry[name] for name in ("duration_minutes", "details", "side_effects")})
    return session


@transaction.atomic
def delete_session(*, session: ProgrammeSession) -> None:
    """Delete a logged session and the therapy entry logged with it; the suggestion is worked out again from the
    sessions that remain."""
    entry = session.therapy_entry
    session.delete()
    if entry is not None:
        therapies.delete_entry(entry=entry)


def sessions_of(*, enrolment: Enrolment) -> list[ProgrammeSession]:
    """The enrolment's sessions, oldest first."""
    return _history(enrolment)


# A session's values in words: a number or a choice fills %(value)s; a yes is the name alone; a list follows a colon.
SESSION_WORDS = {
    "size": gettext_noop("size %(value)s"), "minutes": gettext_noop("minutes %(value)s"),
    "discomfort": gettext_noop("discomfort %(value)s"), "anxiety": gettext_noop("anxiety %(value)s"),
    "stage": gettext_noop("stage %(value)s"), "comfort": gettext_noop("comfort %(value)s"),
    "tension_after": gettext_noop("tension after %(value)s"), "pain_before": gettext_noop("pain before %(value)s"),
    "pain_after": gettext_noop("pain after %(value)s"), "stop_reason": gettext_noop("stop reason %(value)s"),
    "pain_quality": gettext_noop("pain quality: %(value)s"),
    "adverse_events": gettext_noop("adverse events: %(value)s"),
    "lubricant": gettext_noop("lubricant"), "stopped_early": gettext_noop("stopped early"),
    "bleeding": gettext_noop("bleeding"), "both_agree_next": gettext_noop("both agree next"),
    "completed": gettext_noop("completed"), "flare": gettext_noop("flare"),
}
# The choices a session may hold (PAIN_QUALITIES, STOP_REASONS, ADVERSE_EVENTS), as words.
CHOICE_WORDS = {
    "pressure": gettext_noop("pressure"), "aching": gettext_noop("aching"), "burning": gettext_noop("burning"),
    "sharp": gettext_noop("sharp"), "tearing": gettext_noop("tearing"), "pain": gettext_noop("pain"),
    "anxiety": gettext_noop("anxiety"), "time": gettext_noop("time"), "other": gettext_noop("other"),
    "bruising": gettext_noop("bruising"), "dizziness_or_fainting": gettext_noop("dizziness or fainting"),
    "needle_site_pain": gettext_noop("needle site pain"), "worsening": gettext_noop("worsening"),
    "bleeding": gettext_noop("bleeding"), "yes": gettext_noop("yes"), "not_yet": gettext_noop("not yet"),
    "no": gettext_noop("no"),
}


def _choice_words(value: Any) -> str:
    known = CHOICE_WORDS.get(value) if isinstance(value, str) else None
    return gettext(known) if known else str(value).replace("_", " ")


def session_words(values: dict[str, Any]) -> str:
    """A session's values in a short line in the person's language ("size 2, minutes 15, discomfort 2")."""
    parts = []
    for name, value in values.items():
        if value in (None, "", [], False):
            continue
        template = SESSION_WORDS.get(name)
        words = gettext(template) if template else name.replace("_", " ")
        if value is True:
            parts.append(words if template else name.replace("_", " "))
        elif isinstance(value, list):
            listed = ", ".join(_choice_words(v) for v in value)
            parts.append(words % {"value": listed} if template else f"{words}: {listed}")
        else:
            parts.append(words % {"value": _choice_words(value)} if template else f"{words} {value}")
    return ", ".join(parts)


# --- Progress ---------------------------------------------------------------------------------------------------


def dilator_rules(content: Programme) -> rules.DilatorRules:
    r = content.rules
    return rules.DilatorRules(int(r.comfortable_sessions_needed or 3), int(r.discomfort_max or 0),
                              int(r.anxiety_max or 0))


def sensate_rules(content: Programme) -> rules.SensateRules:
    r = content.rules
    return rules.SensateRules(int(r.comfortable_sessions_needed or 2), int(r.comfort_min or 0), int(r.stages or 4))


def pacing_rules(content: Programme) -> rules.PacingRules:
    r = content.rules
    return rules.PacingRules(float(r.baseline_share or 1), int(r.quota_step_percent or 10),
                             int(r.sessions_without_flare or 3), float(r.flare_share or 0.5))


def as_dilator(values: dict[str, Any]) -> rules.DilatorSession:
    return rules.DilatorSession(
        size=int(values["size"]), discomfort=values.get("discomfort"), anxiety=values.get("anxiety"),
        bleeding=bool(values.get("bleeding")), pain_quality=tuple(values.get("pain_quality") or ()),
        stopped_early=bool(values.get("stopped_early")), stop_reason=values.get("stop_reason") or "")


def as_sensate(values: dict[str, Any]) -> rules.SensateSession:
    return rules.SensateSession(
        stage=int(values["stage"]), comfort=values.get("comfort"), both_agree_next=bool(values.get("both_agree_next")),
        bleeding=bool(values.get("bleeding")), pain_quality=tuple(values.get("pain_quality") or ()))


@dataclass(frozen=True)
class TrendPoint:
    day: dt.date
    first: int | None  # discomfort, comfort, pain before or minutes
    second: int | None = None  # anxiety or pain after


@dataclass(frozen=True)
class Progress:
    """Where a person is in a programme: the current step in words, sessions, the suggestion and a trend."""

    content: Programme
    enrolment: Enrolment | None
    sessions: int = 0
    current: str = ""
    suggestion: rules.Suggestion | None = None
    quota: rules.Quota | None = None
    trend: list[TrendPoint] = field(default_factory=list)
    trend_labels: tuple[str, str] = ("", "")
    red_flags: list[RedFlag] = field(default_factory=list)
    setback: bool = False


def _next_size(enrolment: Enrolment, size: int, sizes: int) -> str:
    """"Next: size 2 of 6", with the person's own label of that size when they gave one."""
    labels = enrolment.setup.get("labels") or []
    label = labels[size - 1] if 0 < size <= len(labels) and labels[size - 1] else ""
    if label:
        return gettext("Next: size %(size)s (%(label)s) of %(sizes)s") % {"size": size, "label": label, "sizes": sizes}
    return gettext("Next: size %(size)s of %(sizes)s") % {"size": size, "sizes": sizes}


def progress_of(*, enrolment: Enrolment) -> Progress:
    """The enrolment's progress and next suggestion, from its sessions and the programme's rules."""
    content = get_programme(enrolment.programme)
    history = _history(enrolment)
    base: dict[str, Any] = {"content": content, "enrolment": enrolment, "sessions": len(history)}
    recent = history[-20:]
    suggestion = None
    if content.kind == "dilators":
        sizes = int(enrolment.setup.get("sizes") or 6)
        suggestion = rules.suggest_dilator([as_dilator(s.values) for s in history], dilator_rules(content),
                                           sizes=sizes)
        base["current"] = _next_size(enrolment, suggestion.target, sizes)
        base["trend"] = [TrendPoint(s.day, s.values.get("discomfort"), s.values.get("anxiety")) for s in recent]
        base["trend_labels"] = (gettext("Discomfort"), gettext("Anxiety"))
    elif content.kind == "sensate_focus":
        suggestion = rules.suggest_sensate([as_sensate(s.values) for s in history], sensate_rules(content))
        base["current"] = gettext("Next: stage %(stage)s of %(stages)s") % {
            "stage": suggestion.target, "stages": content.rules.stages}
        base["trend"] = [TrendPoint(s.day, s.values.get("comfort")) for s in recent]
        base["trend_labels"] = (gettext("Comfort"), "")
    elif content.kind == "pacing" and enrolment.setup.get("good_day_minutes"):
        start = rules.starting_quota(good_day_minutes=enrolment.setup["good_day_minutes"],
                                     bad_day_minutes=enrolment.setup["bad_day_minutes"], rules=pacing_rules(content))
        sessions = [rules.PacingSession(s.values["minutes"], bool(s.values.get("completed", True)),
                                        bool(s.values.get("flare"))) for s in history]
        quota = rules.pacing_quota(start, sessions, pacing_rules(content))
        base["quota"] = quota
        activity = enrolment.setup.get("activity")
        values = {"count": quota.minutes, "activity": activity}
        base["current"] = (ngettext("Today's quota: %(count)s minute of %(activity)s",
                                    "Today's quota: %(count)s minutes of %(activity)s", quota.minutes) % values
                           if activity else
                           ngettext("Today's quota: %(count)s minute of activity",
                                    "Today's quota: %(count)s minutes of activity", quota.minutes) % values)
        base["setback"] = bool(sessions and sessions[-1].flare)
        base["trend"] = [TrendPoint(s.day, s.values.get("minutes")) for s in recent]
        base["trend_labels"] = (gettext("Minutes"), "")
    elif content.kind == "acupuncture":
        planned = int(enrolment.setup.get("sessions") or 0)
        base["current"] = gettext("Session %(number)s of %(planned)s") % {
            "number": min(len(history) + 1, planned), "planned": planned} if len(history) < planned else ngettext(
            "Course complete (%(done)s of %(count)s session)", "Course complete (%(done)s of %(count)s sessions)",
            planned) % {"done": len(history), "count": planned}
        base["trend"] = [TrendPoint(s.day, s.values.get("pain_before"), s.values.get("pain_after")) for s in recent]
        base["trend_labels"] = (gettext("Pain before"), gettext("Pain after"))
        planned_minutes = planned * int(enrolment.setup.get("minutes_each") or 0)
        ceiling = int(content.rules.course_max_minutes or 300)
        if planned_minutes > ceiling:
            hours = planned_minutes / 60
            # A count picks the plural form; a fraction ("2.5 hours") reads like a plural in English.
            base["current"] = ngettext(
                "%(current)s. This plan is %(hours)s hour in all; NICE NG193 suggests one course of at most "
                "%(ceiling)s hours for chronic primary pain",
                "%(current)s. This plan is %(hours)s hours in all; NICE NG193 suggests one course of at most "
                "%(ceiling)s hours for chronic primary pain",
                int(hours) if float(hours).is_integer() else 2) % {
                "current": base["current"], "hours": format(hours, "g"), "ceiling": format(ceiling / 60, "g")}
        base["setback"] = _acupuncture_setback(enrolment, history, planned)
    elif content.kind == "down_training":
        base["current"] = ngettext("%(count)s routine finished", "%(count)s routines finished",
                                   len(history)) % {"count": len(history)}
        base["trend"] = [TrendPoint(s.day, s.values.get("minutes")) for s in recent]
        base["trend_labels"] = (gettext("Minutes"), "")
        base["setback"] = bool(history) and _routine_setback(content, history[-1].values)
    elif content.kind == "kratom_taper":
        base["setback"] = _taper_slip(enrolment)
    elif content.kind == "start":
        done = enrolment.setup.get("done_steps") or []
        upcoming = [s for s in content.steps if s.id not in done]
        base["current"] = (gettext("Next: %(step)s") % {"step": upcoming[0].title} if upcoming
                           else gettext("Every step is done"))
    if suggestion is not None:
        base["suggestion"] = suggestion
        base["setback"] = suggestion.setback
        if suggestion.red_flags:
            base["red_flags"] = programme_red_flags(content)
    return Progress(**base)


def _routine_setback(content: Programme, values: dict[str, Any]) -> bool:
    """The routine was stopped before its end, or the muscles stayed tense (at or above the content's threshold)."""
    tense = content.rules.tension_setback_min
    tension = values.get("tension_after")
    return values.get("completed") is False or (tense is not None and tension is not None and tension >= tense)


def _acupuncture_setback(enrolment: Enrolment, history: list[ProgrammeSession], planned: int) -> bool:
    """The latest session made things worse, or the course is complete and everyday pain did not fall by the
    person's meaningful difference."""
    if history and "worsening" in (history[-1].values.get("adverse_events") or []):
        return True
    if not planned or len(history) < planned:
        return False
    pain = course_evaluation(user=enrolment.user, enrolment=enrolment).comparisons[0]
    return pain.difference is not None and pain.difference > -pain.mcid


def _taper_slip(enrolment: Enrolment) -> bool:
    """On a day of the last week, more kratom was logged than the agreed plan's amount for that day (same unit)."""
    user = enrolment.user
    today = local_today(user)
    start = today - dt.timedelta(days=6)
    totals: dict[tuple[dt.date, str], float] = {}
    for entry in therapies.entries_between(user=user, start=start, end=today):
        if entry.modality == "kratom" and entry.amount is not None:
            totals[(entry.day, entry.unit)] = totals.get((entry.day, entry.unit), 0.0) + entry.amount
    for (day, unit), total in totals.items():
        step = planned_amount(enrolment.setup, day)
        if step is not None and step["unit"] == unit and total > float(step["amount"]):
            return True
    return False


def programme_red_flags(content: Programme) -> list[RedFlag]:
    """The warning signs this programme shows at a step back (from the safety domain's checklist)."""
    by_id = {flag.id: flag for flag in red_flags(content.red_flag_context)} | {f.id: f for f in red_flags()}
    return [by_id[flag_id] for flag_id in content.red_flags if flag_id in by_id]


def overview(*, user: User) -> list[Progress]:
    """Every programme with the person's progress in those they follow (for the programmes page)."""
    out = []
    for key, content in programmes().items():
        enrolment = enrolment_for(user=user, key=key)
        out.append(progress_of(enrolment=enrolment) if enrolment and enrolment.active else Progress(content, None))
    return out


@dataclass(frozen=True)
class PeriodProgress:
    """One followed programme over a stretch of days (the history page's month): where the person is now, the
    sessions in those days, and the first and latest value of each trend measure among them."""

    progress: Progress
    sessions_in_period: int
    trend: list[tuple[str, int | None, int | None]]  # (measure, first value, latest value) in the period


def progress_between(*, user: User, start: dt.date, end: dt.date) -> list[PeriodProgress]:
    """Every programme the person follows, with its sessions from ``start`` to ``end`` (local days)."""
    out = []
    for enrolment in enrolments(user=user):
        progress = progress_of(enrolment=enrolment)
        if progress.content.kind == "kratom_taper":
            continue  # no sessions of its own: its page shows the weeks
        mine = [s for s in _history(enrolment) if start <= s.day <= end]
        points = [_trend_point(progress.content, s) for s in mine]
        trend = []
        for index, label in enumerate(progress.trend_labels):
            values = [getattr(p, ("first", "second")[index]) for p in points]
            values = [v for v in values if v is not None]
            if label and values:
                trend.append((label, values[0], values[-1]))
        out.append(PeriodProgress(progress, len(mine), trend))
    return out


def _trend_point(content: Programme, session: ProgrammeSession) -> TrendPoint:
    names = {"dilators": ("discomfort", "anxiety"), "sensate_focus": ("comfort", ""),
             "acupuncture": ("pain_before", "pain_after"), "pacing": ("minutes", ""),
             "down_training": ("minutes", "")}.get(content.kind, ("", ""))
    values = session.values
    return TrendPoint(session.day, values.get(names[0]) if names[0] else None,
                      values.get(names[1]) if names[1] else None)


# --- The acupuncture course evaluation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    before: tuple[dt.date, dt.date]
    after: tuple[dt.date, dt.date]
    meaningful_points: float
    comparisons: list[Comparison]
    continuing: str


def course_evaluation(*, user: User, enrolment: Enrolment, today: dt.date | None = None) -> Evaluation:
    """Average pain and PEG in the weeks before the course vs from its start to today, each difference with a
    95 % interval (insights' comparison of two sets of days), judged against the person's meaningful difference.
    """
    from painwise.accounts.services import profile_of
    from painwise.diary.services import checkins_between
    from painwise.insights.services import meaningful_difference

    content = get_programme(enrolment.programme)
    history = _history(enrolment)
    today = today or local_today(user)
    start = history[0].day if history else enrolment.started_on
    before_start = start - dt.timedelta(weeks=int(content.rules.weeks_before or 4))
    checkins = checkins_between(user=user, start=before_start, end=today)
    mcid = meaningful_difference(profile_of(user))
    comparisons = []
    readers: tuple[tuple[Message, Callable[[Any], Any]], ...] = (
        (Message(gettext_noop("Average pain")), lambda c: c.pain_average),
        (Message(gettext_noop("PEG")), lambda c: c.peg_score))
    for name, read in readers:
        days = {c.day: read(c) for c in checkins if read(c) is not None}
        comparisons.append(compare_periods(name, days, start=before_start, switch=start, end=today,
                                           points=mcid.points, share_of_own_mean=mcid.share_of_own_mean))
    return Evaluation((before_start, start - dt.timedelta(days=1)), (start, today), comparisons[0].mcid,
                      comparisons, content.continuing)


# --- Kratom beside physiotherapy and CBT --------------------------------------------------------------------------


@dataclass(frozen=True)
class TaperWeek:
    start: dt.date
    planned: str  # the plan's amount per day in force that week, in words ("" = no plan yet)
    used_days: int
    used: str  # the total logged that week, per unit
    physiotherapy: int
    cbt: int
    physiotherapy_planned: int = 0  # sessions the plan scheduled that week (through the shared agenda)
    cbt_planned: int = 0


def planned_amount(setup: dict[str, Any], day: dt.date) -> dict[str, Any] | None:
    """The taper step in force on ``day`` (the latest step starting on or before it), or None."""
    steps = [s for s in setup.get("steps") or [] if dt.date.fromisoformat(s["from"]) <= day]
    return steps[-1] if steps else None


def taper_weeks(*, user: User, enrolment: Enrolment | None, weeks: int = 8) -> list[TaperWeek]:
    """Week by week (latest last): the plan's amount, logged kratom use, and physiotherapy and CBT sessions."""
    today = local_today(user)
    first = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks - 1)
    entries = therapies.entries_between(user=user, start=first, end=today)
    planned = _planned_therapy_days(user, first, first + dt.timedelta(weeks=weeks, days=-1))
    setup = enrolment.setup if enrolment else {}
    out = []
    for number in range(weeks):
        start = first + dt.timedelta(weeks=number)
        end = start + dt.timedelta(days=6)
        mine = [e for e in entries if start <= e.day <= end]
        kratom = [e for e in mine if e.modality == "kratom"]
        totals: dict[str, float] = {}
        for entry in kratom:
            if entry.amount is not None:
                totals[entry.unit] = totals.get(entry.unit, 0.0) + entry.amount
        step = planned_amount(setup, min(end, today))
        out.append(TaperWeek(
            start=start, planned=gettext("%(amount)s %(unit)s a day") % {
                "amount": format(step["amount"], "g"), "unit": step["unit"]} if step else "",
            used_days=len({e.day for e in kratom}),
            used=", ".join(f"{amount:g} {unit}" for unit, amount in sorted(totals.items())),
            physiotherapy=sum(1 for e in mine if e.modality == "physiotherapy"),
            cbt=sum(1 for e in mine if e.modality == "cbt_practice"),
            physiotherapy_planned=sum(1 for day in planned["physiotherapy"] if start <= day <= end),
            cbt_planned=sum(1 for day in planned["cbt_practice"] if start <= day <= end)))
    return out


def _planned_therapy_days(user: User, start: dt.date, end: dt.date) -> dict[str, list[dt.date]]:
    """Days the person's plan schedules physiotherapy or CBT practice, from the shared agenda: a plan part
    links to the therapy's log page, so the link says which therapy it is (no import of the plan)."""
    pages = {reverse("therapies:log", args=[slug]): slug for slug in ("physiotherapy", "cbt_practice")}
    days: dict[str, list[dt.date]] = {slug: [] for slug in pages.values()}
    for item in agenda(user, start, end):
        slug = pages.get(item.url.split("?")[0])
        if item.kind == "therapy" and slug:
            days[slug].append(item.day)
    return days


# --- Plan and agenda hooks -------------------------------------------------------------------------------------


def plan_choices(user: User) -> list[PlanChoice]:
    """Every programme with sessions, for the plan builder (it schedules them and links here)."""
    return [PlanChoice(value=key, label=content.name, url=reverse("programmes:detail", args=[key]),
                       sensitive=content.sensitive, logged_as=content.modality or "")
            for key, content in programmes().items()]


def agenda_items(user: User, start: dt.date, end: dt.date) -> list[AgendaItem]:
    """Only what the plan cannot know: an acupuncture course evaluation due once its planned sessions are done.

    Programme sessions themselves are scheduled by the plan, so they are never repeated here.
    """
    if not user.is_authenticated:
        return []
    enrolment = enrolment_for(user=user, key="acupuncture")
    if enrolment is None or not enrolment.active or enrolment.setup.get("evaluated_on"):
        return []
    planned = int(enrolment.setup.get("sessions") or 0)
    history = _history(enrolment)
    if not planned or len(history) < planned:
        return []
    due = max(history[-1].day, start)
    if due > end:
        return []
    return [AgendaItem(key=f"programme:acupuncture:evaluation:{enrolment.pk}", day=due, kind="programme",
                       title=gettext("Acupuncture course: see your evaluation"),
                       url=reverse("programmes:detail", args=["acupuncture"]) + "#evaluation",
                       private_title=gettext("Painwise: 1 item due"))]


PLAN_LOOKAHEAD_DAYS = 28


def next_planned_day(*, user: User, key: str) -> dt.date | None:
    """The next day (from today, within four weeks) the person's plan schedules programme ``key``, or None.

    Read from the shared agenda: a plan part for a programme links to the programme's page (no import of the plan).
    """
    today = local_today(user)
    page = reverse("programmes:detail", args=[key])
    days = [item.day for item in agenda(user, today, today + dt.timedelta(days=PLAN_LOOKAHEAD_DAYS - 1))
            if item.kind == "programme" and item.url.split("#")[0] == page and item.status == "due"]
    return min(days) if days else None


def mark_evaluated(*, enrolment: Enrolment) -> Enrolment:
    """The person read their course evaluation: the agenda stops showing it."""
    enrolment.setup = {**enrolment.setup, "evaluated_on": timezone.now().date().isoformat()}
    enrolment.save(update_fields=["setup", "updated_at"])
    return enrolment
