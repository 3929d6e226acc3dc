"""Programme content (content/programmes/<key>.yaml): steps, progression numbers, stop rules, sources.

One file per programme, validated by pydantic; broken content stops the app at start-up naming file and field.
No Django here: the progression functions and their tests use it alone.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from painwise.core.content import CONTENT_DIR, SourcedEntry, Strict, load

Kind = Literal["start", "dilators", "down_training", "sensate_focus", "acupuncture", "pacing", "kratom_taper"]
PROGRAMME_DIR = "programmes"


class Step(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=3)
    body: str = Field(min_length=10)


class Phase(Strict):
    """One timed part of a guided routine: paced breathing, a contract-then-release drill, or rest."""

    kind: Literal["breathe", "drill", "rest"]
    title: str
    seconds: int = Field(gt=0, le=1800)
    breathe_in: int = Field(default=4, gt=0, le=15)
    breathe_out: int = Field(default=6, gt=0, le=15)
    contract: int = Field(default=3, gt=0, le=15)
    release: int = Field(default=10, gt=0, le=30)


class Rules(Strict):
    """Progression numbers as content values (every one optional; each programme uses its own)."""

    comfortable_sessions_needed: int | None = Field(default=None, ge=1, le=20)
    discomfort_max: int | None = Field(default=None, ge=0, le=10)
    anxiety_max: int | None = Field(default=None, ge=0, le=10)
    comfort_min: int | None = Field(default=None, ge=0, le=10)
    max_minutes: int | None = Field(default=None, ge=1, le=720)
    default_sizes: int | None = Field(default=None, ge=2, le=8)
    max_sizes: int | None = Field(default=None, ge=2, le=8)
    stages: int | None = Field(default=None, ge=2, le=8)
    course_sessions: int | None = Field(default=None, ge=1, le=30)
    course_minutes_each: int | None = Field(default=None, ge=5, le=240)
    course_max_minutes: int | None = Field(default=None, ge=30, le=600)
    weeks_before: int | None = Field(default=None, ge=1, le=12)
    baseline_share: float | None = Field(default=None, gt=0, le=1)
    quota_step_percent: int | None = Field(default=None, ge=1, le=50)
    sessions_without_flare: int | None = Field(default=None, ge=1, le=20)
    flare_share: float | None = Field(default=None, gt=0, le=1)
    tension_setback_min: int | None = Field(default=None, ge=0, le=10)  # tension afterwards that counts as a setback


class Support(SourcedEntry):
    """A self-compassion prompt or support resource shown where a programme meets a setback."""

    title: str
    body: str = Field(min_length=20)


class Programme(SourcedEntry):
    key: str = Field(pattern=r"^[a-z][a-z_]*$")
    kind: Kind
    name: str
    summary: str = Field(min_length=20)
    sensitive: bool
    modality: str | None = None  # the therapy catalogue slug each session is also logged as
    evidence_grade: str
    red_flag_context: Literal["any_pain", "sexual_pain"]
    steps: list[Step] = Field(min_length=1)
    rules: Rules = Field(default_factory=Rules)
    stop_rules: list[str] = Field(min_length=1)
    red_flags: list[str] = Field(default_factory=list)  # ids in content/red_flags.yaml shown at a step back
    symptoms: list[str] = Field(default_factory=list)  # the start programme's checklist
    goal_ladder: list[str] = Field(default_factory=list)  # the start programme's suggested ladder
    routine: list[Phase] = Field(default_factory=list)  # the down-training routine
    setbacks: list[Support] = Field(min_length=1)
    continuing: str = ""  # what the guideline says about carrying on after a course (the evaluation shows it)

    @model_validator(mode="after")
    def _rules_for_kind(self) -> Programme:
        needed = {
            "dilators": ("comfortable_sessions_needed", "discomfort_max", "anxiety_max", "max_minutes",
                         "default_sizes", "max_sizes"),
            "sensate_focus": ("comfortable_sessions_needed", "comfort_min", "stages", "max_minutes"),
            "acupuncture": ("course_sessions", "course_minutes_each", "course_max_minutes", "weeks_before",
                            "max_minutes"),
            "pacing": ("baseline_share", "quota_step_percent", "sessions_without_flare", "flare_share",
                       "max_minutes"),
            "down_training": ("max_minutes",),
        }.get(self.kind, ())
        missing = [name for name in needed if getattr(self.rules, name) is None]
        if missing:
            raise ValueError(f"rules for a {self.kind} programme need {', '.join(missing)}")
        if self.kind == "down_training" and not self.routine:
            raise ValueError("a down_training programme needs a routine")
        if self.kind == "start" and not (self.symptoms and self.goal_ladder):
            raise ValueError("a start programme needs symptoms and a goal_ladder")
        return self


@cache
def programmes() -> dict[str, Programme]:
    """Every programme by key, in file-name order; raises ContentError naming a broken file and field."""
    found: dict[str, Programme] = {}
    for path in sorted((CONTENT_DIR / PROGRAMME_DIR).glob("*.yaml")):
        programme = load(f"{PROGRAMME_DIR}/{path.name}", Programme)
        if programme.key != path.stem:
            from painwise.core.content import ContentError

            raise ContentError(f"{PROGRAMME_DIR}/{path.name}: key {programme.key!r} must match the file name")
        found[programme.key] = programme
    return dict(sorted(found.items(), key=lambda item: ORDER.index(item[1].kind)))


ORDER: tuple[Kind, ...] = ("start", "dilators", "down_training", "sensate_focus", "acupuncture", "pacing",
                           "kratom_taper")


def programme(key: str) -> Programme | None:
    return programmes().get(key)
