"""The owner's world for the security suite: one record of every kind, each carrying a distinctive marker.

``build_world(owner)`` returns the values that fill every path parameter the app's routes use, by parameter
name. A route whose parameter is not listed here makes the suite fail: add a record (or a known public value)
for it below, so the new route is probed like the others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from painwise.core.types import User

# Text planted in the owner's records; another person's responses must never contain it.
MARKER = "Zq7MarkerOwnerOnly"

# Parameters that name one of the owner's records: another person asking for them must get 404.
OWNED_PARAMETERS = frozenset({
    "checkin_id", "episode_id", "entry_id", "medication_id", "factor_id", "token_id", "check_id",
    "response_id", "event_id", "trigger_id", "experiment_id", "share_id", "part_id", "goal_id",
    "held_id", "session_id",
})


def build_world(owner: User) -> dict[str, Any]:
    from painwise.accounts.services import create_api_token, local_today
    from painwise.diary.services import record_episode
    from painwise.experiments.services import design_experiment, start_experiment
    from painwise.instruments.catalog import get_instrument
    from painwise.instruments.services import save_response
    from painwise.plan import services as plan
    from painwise.programmes import services as programmes
    from painwise.report.services import create_share
    from painwise.safety.services import acknowledge, record_crisis
    from painwise.substances.services import record_withdrawal_check
    from painwise.substances.withdrawal import content as withdrawal_content
    from painwise.testing import make_checkin, make_entry, make_medication
    from painwise.therapies.services import create_factor
    from painwise.trauma import services as trauma

    today = local_today(owner)
    checkin = make_checkin(owner, notes=f"{MARKER} check-in note", activities_note=f"{MARKER} walk")
    episode = record_episode(user=owner, values={
        "started_at": timezone.now() - dt.timedelta(hours=2), "intensity": 6, "notes": f"{MARKER} episode",
        "helped": f"{MARKER} lying down",
    })
    entry = make_entry(owner, notes=f"{MARKER} therapy note")
    medication = make_medication(owner, name=f"{MARKER}ol", reason=f"{MARKER} reason")
    factor = create_factor(user=owner, name=f"{MARKER} factor", kind="yes_no")
    token, _raw = create_api_token(user=owner, name=f"{MARKER} token")
    check = record_withdrawal_check(user=owner, answers={item.key: 0 for item in withdrawal_content().check.items})
    response = save_response(user=owner, instrument=get_instrument("peg"), answers=[5, 5, 5], draft=False).response
    event = record_crisis(user=owner, flags=["phq9_item9_positive"], source="questionnaire", source_id=None)
    acknowledge(event=event, confirmed=True)  # else every page would open the crisis screen for the owner
    trauma.set_enabled(user=owner, enabled=True)  # the trauma track's pages show only once it is turned on
    trigger = trauma.record_trigger(user=owner, kind="sound", what=f"{MARKER} door slam", intensity=5,
                                    helped=f"{MARKER} breathing")
    # Every programme started, with one session of each that has sessions: another person asking for the same
    # programme key sees only their own (empty) programme, and their posts to it are 404.
    for key in ("vaginismus", "dilators", "pelvic_floor", "sensate_focus", "acupuncture", "pacing"):
        programmes.start_programme(user=owner, key=key)
    pacing, vaginismus = (programmes.enrolment_for(user=owner, key=key) for key in ("pacing", "vaginismus"))
    assert pacing is not None  # started just above
    assert vaginismus is not None
    programmes.update_setup(enrolment=pacing,
                            values={"activity": f"{MARKER} walk", "good_day_minutes": 20, "bad_day_minutes": 10})
    programmes.update_setup(enrolment=vaginismus, values={"ladder": [f"{MARKER} goal"]})
    programmes.start_programme(user=owner, key="kratom_taper", setup={
        "agreed_with": f"{MARKER} clinician", "agreed": True, "steps": [{"from": today.isoformat(), "amount": 4}]})
    session = programmes.log_session(user=owner, key="dilators", values={"size": 1, "minutes": 10, "discomfort": 2,
                                                                         "anxiety": 2}).session
    experiment = design_experiment(user=owner, values={
        "label_a": f"{MARKER} heat pack", "label_b": "no heat pack", "kind": "days", "days": 28, "mcid": 1.0})
    experiment = start_experiment(experiment=experiment, start=today)  # started: its result reads as interim
    held = hold_offline_entry(owner, today)
    # A share link is a capability: whoever holds the token may open it. The PIN keeps the report itself
    # behind the link's own lock, so the probes see only the PIN page (never the owner's data).
    share, share_token = create_share(user=owner, start=today - dt.timedelta(days=30), end=today, sections=None,
                                      expires_in_hours=24, pin="4821", label=f"{MARKER} visit")
    goal = plan.add_goal(user=owner, text=f"{MARKER} goal")
    part = plan.add_part(user=owner, values={"kind": "therapy", "choice": "exercise", "weekdays": "0123456",
                                             "note": f"{MARKER} plan note"})
    plan.record_tick(part=part, status="skipped", reason=f"{MARKER} reason")
    # The calendar feed's secret token is a capability like a share link: its holder sees the owner's
    # agenda, with private titles ("Painwise: 1 session due") unless names are allowed, so no marker.
    feed_token = plan.new_feed_token(user=owner)
    return {
        # the owner's records
        "checkin_id": checkin.pk, "episode_id": episode.pk, "entry_id": entry.pk, "medication_id": medication.pk,
        "factor_id": factor.pk, "token_id": token.pk, "check_id": check.pk, "response_id": response.pk,
        "event_id": event.pk, "trigger_id": trigger.pk,
        "experiment_id": experiment.pk, "share_id": share.pk, "part_id": part.pk, "goal_id": goal.pk,
        "held_id": held.pk, "session_id": session.pk,
        # a share link's secret token (public by design: the holder of the link may open it)
        "token": share_token,
        "feed_token": feed_token,
        # keys into each person's own data (another person sees their own, empty, version)
        "day": today.isoformat(),
        # public catalogue values
        "slug": "heat_cold", "fmt": "json", "instrument_id": "peg", "kind": "therapy",
        # a programme key: each person has their own enrolment in it (another person's is never reachable)
        "programme": "dilators",
        # allauth's e-mail confirmation and password-reset links (public; a wrong key is refused)
        "key": "not-a-real-key", "uidb36": "0",
    }


def hold_offline_entry(owner: User, today: dt.date) -> Any:
    """A check-in logged offline for a day that has one: held on the server until the owner chooses."""
    import uuid

    from painwise.offline.models import OfflineEntry

    return OfflineEntry.objects.create(
        user=owner, client_id=uuid.uuid4(), kind="checkin", path=f"/checkin/{today.isoformat()}/", status="held",
        reason="same_day", payload=[["notes", f"{MARKER} offline note"], ["pain_average", "7"]],
    )
