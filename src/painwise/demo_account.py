"""Write a simulated diary (painwise.simulation) into a real account: the demo patient.

Check-ins, therapy entries with realistic modality details, medications, an own factor, flares,
and the simulator's truth stored beside them, written through the diary's and therapies' services.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction

from painwise.accounts.services import create_user, delete_account, local_today, update_profile
from painwise.diary import services as diary_services
from painwise.diary.records import CHECKIN_SCORES
from painwise.diary.services import CheckIn, PainEpisode
from painwise.simulation import SimDay, SyntheticDiary, demo_patient_spec, simulate
from painwise.therapies import services as therapy_services
from painwise.therapies.records import slug_parts
from painwise.therapies.services import (
    CustomFactor,
    Medication,
    TherapyEntry,
    check_amount,
    clean_details,
    get_modality,
)

if TYPE_CHECKING:
    from painwise.core.types import User


DEMO_TZ = "America/Chicago"
ACTIVITIES = ("walk with a friend", "gardening", "cooked dinner", "reading", "called my sister", "art class",
              "swimming", "played with the kids", "volunteering")
NOTES = ("Stiff in the morning, eased by lunch.", "Long day at work; sat too much.", "Weather change, achy.",
         "Good day overall.", "Slept badly, woke at 4.", "Flare after carrying shopping.")


def _rng_choice(rng: np.random.Generator, options: tuple[str, ...] | list[str]) -> str:
    return str(options[int(rng.integers(len(options)))])


def _checkin(user: User, sim: SimDay, rng: np.random.Generator) -> CheckIn:
    values = sim.values
    fields: dict[str, Any] = {
        f.name: round(values[f.name]) for f in CHECKIN_SCORES if values.get(f.name) is not None  # type: ignore[arg-type]
    }
    if values.get("sleep_hours") is not None:
        fields["sleep_hours"] = float(values["sleep_hours"])  # type: ignore[arg-type]
    if values.get("cycle_day") is not None:
        fields["cycle_day"] = int(values["cycle_day"])  # type: ignore[arg-type]
        fields["cycle_phase"] = _phase(int(values["cycle_day"]))  # type: ignore[arg-type]
    average = fields.get("pain_average")
    if average is not None and average >= 4:
        fields["regions"] = {"lower_back_left": min(10, average + 1), "lower_back_right": average}
        if rng.random() < 0.4:
            fields["regions"]["pelvis"] = max(0, average - 1)
        fields["qualities"] = ["aching"] + (["burning"] if rng.random() < 0.3 else [])
    if rng.random() < 0.35:
        fields["activities"] = [_rng_choice(rng, ACTIVITIES)]
    if rng.random() < 0.2:
        fields["notes"] = _rng_choice(rng, NOTES)
    return CheckIn(user=user, day=sim.day, **fields)


def _phase(cycle_day: int) -> str:
    if cycle_day <= 5:
        return "menstrual"
    if cycle_day <= 12:
        return "follicular"
    if cycle_day <= 16:
        return "ovulatory"
    return "premenstrual" if cycle_day >= 24 else "luteal"


def _details(slug: str, day_index: int, rng: np.random.Generator) -> dict[str, Any]:
    """Plausible modality details for the demo (validated against the catalog afterwards)."""
    makers: dict[str, Any] = {
        "dilator": lambda: {"size": min(5, 1 + day_index // 70), "discomfort": int(rng.integers(0, 5)),
                            "anxiety": int(rng.integers(0, 4)), "lubricant": True},
        "kratom": lambda: {"form": _rng_choice(rng, ("leaf_powder", "capsule")), "strain_label": "Green Maeng Da",
                           "reason": _rng_choice(rng, ("pain", "pain", "energy", "withdrawal_relief"))},
        "acupuncture": lambda: {"practitioner": "Community clinic", "electro": bool(rng.random() < 0.3),
                                "pain_before": int(rng.integers(4, 8)), "pain_after": int(rng.integers(2, 6))},
        "heat_cold": lambda: {"kind": _rng_choice(rng, ("heat", "heat", "cold")), "where": "lower back"},
        "exercise": lambda: {"kind": _rng_choice(rng, ("walking", "stretching", "yoga", "swimming")),
                             "intensity": int(rng.integers(2, 7))},
        "meditation": lambda: {"kind": _rng_choice(rng, ("breathing", "body_scan", "guided"))},
        "sexual_activity": lambda: {"kind": _rng_choice(rng, ("solo", "partnered")),
                                    "orgasm": bool(rng.random() < 0.6)},
        "intimacy": lambda: {"kind": _rng_choice(rng, ("cuddling", "massage"))},
        "cbt_practice": lambda: {"skill": _rng_choice(rng, ("relaxation", "thought_challenging", "pacing"))},
        "pelvic_floor_relaxation": lambda: {
            "technique": _rng_choice(rng, ("breathing", "reverse_kegel", "stretching"))},
    }
    return makers[slug]() if slug in makers else {}


def _entry(user: User, slug: str, amount: float, sim: SimDay, index: int, links: dict[str, Any],
           rng: np.random.Generator) -> TherapyEntry:
    zone = zoneinfo.ZoneInfo(DEMO_TZ)
    hour = int(rng.integers(7, 22))
    taken_at = dt.datetime.combine(sim.day, dt.time(hour, int(rng.integers(0, 60))), tzinfo=zone)
    entry = TherapyEntry(user=user, taken_at=taken_at, day=sim.day, details={})
    kind, _ = slug_parts(slug)
    if kind == "medication":
        entry.modality, entry.medication = "medication", links[slug]
        entry.amount, entry.unit = float(round(amount)), "mg"
    elif kind == "custom":
        entry.modality, entry.factor, entry.amount, entry.unit = "custom", links[slug], 1.0, "yes"
    else:
        entry.modality = slug
        modality = get_modality(slug)
        if modality.amount.kind == "duration":
            entry.duration_minutes = max(1, round(amount))
        elif modality.amount.kind == "amount":
            entry.amount, entry.unit = round(amount, 1), next(iter(modality.amount.units))
        entry.details = clean_details(modality, _details(slug, index, rng))
        check_amount(modality, amount=entry.amount, unit=entry.unit, duration_minutes=entry.duration_minutes)
    if rng.random() < 0.3:
        entry.effect = int(rng.integers(-1, 3))
    return entry


def _links(user: User, diary: SyntheticDiary) -> dict[str, Any]:
    links: dict[str, Any] = {}
    for factor in diary.spec.factors:
        kind, name = slug_parts(factor.slug)
        if kind == "medication":
            links[factor.slug] = Medication(
                user=user, name=name, dose=factor.dose_mean, unit=factor.unit or "mg", schedule="as needed",
                reason="back pain")
        elif kind == "custom":
            links[factor.slug] = CustomFactor(user=user, name=name, kind="yes_no")
    return links


def _episodes(user: User, checkins: list[CheckIn]) -> list[PainEpisode]:
    zone = zoneinfo.ZoneInfo(DEMO_TZ)
    flares = [c for c in checkins if (c.pain_worst or 0) >= 9]
    return [
        PainEpisode(user=user, intensity=c.pain_worst or 9,
                    started_at=dt.datetime.combine(c.day, dt.time(15, 0), tzinfo=zone),
                    ended_at=dt.datetime.combine(c.day, dt.time(19, 30), tzinfo=zone),
                    regions={"lower_back_left": 8}, triggers=["long sitting"], helped="heat and lying down")
        for c in flares
    ]


@transaction.atomic
def create_demo_account(*, username: str, password: str, days: int = 365, seed: int = 7) -> str:
    """(Re)create ``username`` with ``days`` of simulated diary ending today; returns a one-line summary."""
    existing = get_user_model().objects.filter(username=username).first()
    if existing is not None:
        delete_account(user=existing)  # every owned row in a safe order (entries name medications: PROTECT)
    user = create_user(username=username, password=password, timezone_name=DEMO_TZ, country="US")
    update_profile(user=user, values={"conditions": ["back_neck", "pelvic_pain"], "track_cycle": True,
                                      "show_sexual_health": True})
    today = local_today(user)
    spec = dataclasses.replace(demo_patient_spec(), days=days, start=today - dt.timedelta(days=days - 1), seed=seed)
    diary = simulate(spec)
    rng = np.random.default_rng(seed)
    links = _links(user, diary)  # unsaved: written with the entries that name them
    checkins = [_checkin(user, sim, rng) for sim in diary.days if sim.logged]
    entries = [
        _entry(user, slug, amount, sim, index, links, rng)
        for index, sim in enumerate(diary.days) for slug, amount in sim.exposures.items()
    ]
    therapy_services.add_simulated(
        medications=[m for m in links.values() if isinstance(m, Medication)],
        factors=[f for f in links.values() if isinstance(f, CustomFactor)],
        entries=entries,
    )
    diary_services.add_simulated(user=user, checkins=checkins, episodes=_episodes(user, checkins),
                                 truth={"spec": _spec_dict(spec), **diary.truth})
    return f"{len(checkins)} check-ins over {days} days, {len(entries)} therapy entries, {len(links)} own items"


def keep_insights(*, username: str) -> None:
    """Work out and keep What helps me for the account, so the page's first opening reads kept results."""
    from painwise.insights.services import refresh_insights

    refresh_insights(user=get_user_model().objects.get(username=username))


def _spec_dict(spec: Any) -> dict[str, Any]:
    data = dataclasses.asdict(spec)
    data["start"] = spec.start.isoformat()
    return data
