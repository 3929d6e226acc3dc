"""Programme routes: the list, one programme's progress, starting and set-up, steps, sessions, the course
evaluation. Values are taken as given (any JSON) so the service can name the field of a bad one in a 422.
Another person's enrolment is never reachable: every route answers from the asker's own records."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status

from painwise.core.i18n import translate
from painwise.core.types import AuthedRequest
from painwise.programmes import services
from painwise.programmes.access import get_enrolment_for_user
from painwise.programmes.content import Programme, programme
from painwise.programmes.progression import Suggestion

router = Router(tags=["programmes"])


class StartIn(Schema):
    setup: dict[str, Any] = {}


class SetupIn(Schema):
    setup: dict[str, Any]


class StepIn(Schema):
    step: str
    done: bool = True


class SessionIn(Schema):
    values: dict[str, Any]
    taken_at: dt.datetime | None = None


def _content(key: str) -> Programme:
    found = programme(key)
    if found is None:
        raise Http404
    return found


def _suggestion(suggestion: Suggestion | None) -> dict[str, Any] | None:
    """The suggestion with its reason in the asker's language."""
    return {**asdict(suggestion), "reason": translate(suggestion.reason)} if suggestion else None


def _progress(progress: services.Progress) -> dict[str, Any]:
    enrolment = progress.enrolment
    return {
        "programme": progress.content.key, "name": progress.content.name, "kind": progress.content.kind,
        "sensitive": progress.content.sensitive, "enrolled": enrolment is not None,
        "started_on": enrolment.started_on if enrolment else None, "setup": enrolment.setup if enrolment else {},
        "sessions": progress.sessions, "current": progress.current,
        "suggestion": _suggestion(progress.suggestion),
        "quota": {**asdict(progress.quota), "reason": translate(progress.quota.reason)} if progress.quota else None,
        "red_flags": [{"id": f.id, "question": f.question} for f in progress.red_flags],
        "setback": progress.setback,
        "setbacks": [{"title": s.title, "body": s.body} for s in progress.content.setbacks] if progress.setback else [],
    }


def _detail(request: AuthedRequest, key: str) -> dict[str, Any]:
    content = _content(key)
    enrolment = services.enrolment_for(user=request.user, key=key)
    if enrolment and enrolment.active:
        return _progress(services.progress_of(enrolment=enrolment))
    return _progress(services.Progress(content, None))


@router.get("/programmes")
def list_programmes(request: AuthedRequest) -> list[dict[str, Any]]:
    """Every programme, with the asker's progress in those they follow."""
    return [_progress(p) for p in services.overview(user=request.user)]


@router.get("/programmes/{programme}")
def get_programme(request: AuthedRequest, programme: str) -> dict[str, Any]:
    """One programme: whether you follow it, your set-up, current step, next suggestion (404 if unknown)."""
    return _detail(request, programme)


@router.post("/programmes/{programme}/start", response={201: dict[str, Any]})
def start_programme(request: AuthedRequest, programme: str, payload: StartIn) -> Status[dict[str, Any]]:
    """Start (or restart) a programme with optional set-up; a bad value is a 422 naming it, nothing saved."""
    _content(programme)
    services.start_programme(user=request.user, key=programme, setup=payload.setup)
    return Status(201, _detail(request, programme))


@router.post("/programmes/{programme}/stop")
def stop_programme(request: AuthedRequest, programme: str) -> dict[str, Any]:
    """Stop following a programme; what was logged is kept."""
    services.stop_programme(enrolment=get_enrolment_for_user(request.user, _content(programme).key))
    return _detail(request, programme)


@router.put("/programmes/{programme}/setup")
def put_setup(request: AuthedRequest, programme: str, payload: SetupIn) -> dict[str, Any]:
    """Change your set-up (dilator set, goal ladder, course plan, baseline, taper plan): only the keys sent."""
    enrolment = get_enrolment_for_user(request.user, _content(programme).key)
    services.update_setup(enrolment=enrolment, values=payload.setup)
    return _detail(request, programme)


@router.post("/programmes/{programme}/steps")
def post_step(request: AuthedRequest, programme: str, payload: StepIn) -> dict[str, Any]:
    """Mark a step done or not done; an unknown step is a 422 naming ``step``."""
    enrolment = get_enrolment_for_user(request.user, _content(programme).key)
    services.mark_step(enrolment=enrolment, step=payload.step, done=payload.done)
    return _detail(request, programme)


@router.get("/programmes/{programme}/sessions")
def list_sessions(request: AuthedRequest, programme: str) -> list[dict[str, Any]]:
    enrolment = get_enrolment_for_user(request.user, _content(programme).key)
    return [{"id": s.pk, "taken_at": s.taken_at, "day": s.day, "values": s.values,
             "therapy_entry": s.therapy_entry_id} for s in services.sessions_of(enrolment=enrolment)]


@router.post("/programmes/{programme}/sessions", response={201: dict[str, Any]})
def log_session(request: AuthedRequest, programme: str, payload: SessionIn) -> Status[dict[str, Any]]:
    """Log a session (also a therapy entry). Answers with the session, warnings and safety notices, and the
    next suggestion. A size or stage beyond the suggestion is saved with a warning saying why it is not
    advised; a bad value (size outside your set, 500 minutes) is a 422 naming the field, and nothing is saved."""
    get_enrolment_for_user(request.user, _content(programme).key)
    logged = services.log_session(user=request.user, key=programme, values=payload.values, taken_at=payload.taken_at)
    return Status(201, {
        "id": logged.session.pk, "day": logged.session.day, "values": logged.session.values,
        "therapy_entry": logged.session.therapy_entry_id,
        "notices": [n.as_dict() for n in logged.notices],
        "suggestion": _suggestion(logged.suggestion),
    })


@router.get("/programmes/{programme}/evaluation")
def get_evaluation(request: AuthedRequest, programme: str) -> dict[str, Any]:
    """The acupuncture course evaluation: pain and PEG before vs during/after, with 95 % intervals."""
    content = _content(programme)
    if content.kind != "acupuncture":
        raise Http404
    evaluation = services.course_evaluation(user=request.user, enrolment=get_enrolment_for_user(request.user,
                                                                                                content.key))
    return {**asdict(evaluation), "comparisons": [
        {**asdict(c), "outcome": translate(c.outcome), "words": translate(c.words)} for c in evaluation.comparisons]}
