"""Progression rules as pure functions: what to suggest next from the sessions logged so far. No Django.

Every number (sessions needed, thresholds, steps) comes from the programme's content ``rules``. The
functions only suggest: a person may log any size or stage, and an unadvised one comes with a warning.
Their words are :class:`~painwise.core.messages.Message` sentences (``str()`` is the English); the page, the
API and the CLI translate them with ``painwise.core.i18n.translate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from painwise.core.messages import Message, Sentences, gettext_noop, ngettext_noop

Move = Literal["start", "stay", "step_up", "step_back", "at_top"]
ALARMING_QUALITIES = frozenset({"sharp", "tearing"})


@dataclass(frozen=True)
class Suggestion:
    """What to do next: ``move``, the ``target`` size or stage, and the reason in plain words (a Message).

    ``red_flags``: show the warning signs (after bleeding, sharp or tearing pain, or stopping for pain).
    ``setback``: show the self-compassion prompts and support resources.
    """

    move: Move
    target: int
    reason: Message
    red_flags: bool = False
    setback: bool = False


# --- Graduated dilators ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DilatorRules:
    comfortable_sessions_needed: int
    discomfort_max: int
    anxiety_max: int


@dataclass(frozen=True)
class DilatorSession:
    """One logged session: size (1 = smallest), discomfort and anxiety 0-10 (None = not rated)."""

    size: int
    discomfort: int | None = None
    anxiety: int | None = None
    bleeding: bool = False
    pain_quality: tuple[str, ...] = ()
    stopped_early: bool = False
    stop_reason: str = ""

    @property
    def alarming(self) -> bool:
        """Bleeding, sharp or tearing pain, or stopped for pain: step back and check the warning signs."""
        stopped_for_pain = self.stopped_early and self.stop_reason == "pain"
        return self.bleeding or stopped_for_pain or bool(ALARMING_QUALITIES & set(self.pain_quality))

    def comfortable(self, rules: DilatorRules) -> bool:
        """At or below both thresholds, not stopped early and nothing alarming (an unrated score is not calm)."""
        return (not self.alarming and not self.stopped_early
                and self.discomfort is not None and self.discomfort <= rules.discomfort_max
                and self.anxiety is not None and self.anxiety <= rules.anxiety_max)


def comfortable_streak(sessions: Sequence[DilatorSession], rules: DilatorRules) -> int:
    """How many of the latest sessions in a row were comfortable at the latest session's size."""
    if not sessions:
        return 0
    size = sessions[-1].size
    streak = 0
    for session in reversed(sessions):
        if session.size != size or not session.comfortable(rules):
            break
        streak += 1
    return streak


def suggest_dilator(sessions: Sequence[DilatorSession], rules: DilatorRules, *, sizes: int) -> Suggestion:
    """The next size to use, oldest session first in ``sessions``; ``sizes`` is how many the set has.

    The sessions are replayed in order, each judged against the suggestion that stood before it. Never a step up
    unless the latest ``comfortable_sessions_needed`` sessions were all comfortable at the same size, so never
    right after a painful session. A session at a size beyond the suggestion that was not comfortable does not
    move the suggestion on (it goes back to where the rules stood); one that was alarming steps back from the
    size the rules allowed, not from the jump.
    """
    suggestion = Suggestion("start", 1, Message(gettext_noop("Start with your smallest size.")))
    accepted: list[DilatorSession] = []
    for session in sessions:
        session = replace(session, size=min(max(session.size, 1), sizes))
        allowed = suggestion.target
        if session.size > allowed and not session.comfortable(rules):
            if not session.alarming:
                suggestion = _back_to_where_the_rules_stood(session, suggestion)
                continue
            session = replace(session, size=allowed)  # step back from what the rules allowed
        accepted.append(session)
        suggestion = _dilator_from(accepted, rules, sizes=sizes)
    return suggestion


def _back_to_where_the_rules_stood(session: DilatorSession, before: Suggestion) -> Suggestion:
    size = before.target - 1 if before.move == "step_up" else before.target
    return Suggestion("stay", size, Message(gettext_noop(
        "The last session, at size %(size)s, was ahead of the suggested size and was not comfortable and calm. Go "
        "back to size %(back)s next time, and move up one size at a time."), {"size": session.size, "back": size}),
        setback=True)


def _dilator_from(sessions: Sequence[DilatorSession], rules: DilatorRules, *, sizes: int) -> Suggestion:
    """The suggestion after the latest of ``sessions`` (each already within the set and the rules)."""
    last = sessions[-1]
    size = last.size
    if last.alarming:
        back = max(size - 1, 1)
        return Suggestion("step_back", back, Message(gettext_noop(
            "The last session brought bleeding, sharp or tearing pain, or stopped for pain. Go back to size "
            "%(back)s next time, and check the warning signs below before carrying on."), {"back": back}),
            red_flags=True, setback=True)
    if not last.comfortable(rules):
        return Suggestion("stay", size, Message(gettext_noop(
            "The last session was not comfortable and calm (discomfort and anxiety at or below "
            "%(discomfort_max)s and %(anxiety_max)s). Stay at size %(size)s, or go back one if you prefer."),
            {"discomfort_max": rules.discomfort_max, "anxiety_max": rules.anxiety_max, "size": size}),
            setback=True)
    streak = comfortable_streak(sessions, rules)
    needed = rules.comfortable_sessions_needed
    if streak < needed:
        return Suggestion("stay", size, ngettext_noop(
            "%(count)s comfortable session in a row at size %(size)s; %(needed)s before moving up.",
            "%(count)s comfortable sessions in a row at size %(size)s; %(needed)s before moving up.",
            streak, {"count": streak, "size": size, "needed": needed}))
    if size >= sizes:
        return Suggestion("at_top", size, Message(gettext_noop("Your largest size is comfortable. Well done.")))
    return Suggestion("step_up", size + 1, ngettext_noop(
        "%(count)s comfortable, calm session in a row at size %(size)s. You could try size %(next)s next time, "
        "warming up with size %(size)s first. Only if you want to.",
        "%(count)s comfortable, calm sessions in a row at size %(size)s. You could try size %(next)s next time, "
        "warming up with size %(size)s first. Only if you want to.",
        streak, {"count": streak, "size": size, "next": size + 1}))


def dilator_warnings(previous: DilatorSession | None, new: DilatorSession, rules: DilatorRules) -> list[Sentences]:
    """Why a just-logged size is not advised (it is saved anyway): a jump of more than one size."""
    warnings: list[Sentences] = []
    if previous is not None and new.size - previous.size > 1:
        warnings.append(Sentences((Message(gettext_noop(
            "You went from size %(previous)s to size %(new)s. Moving more than one size at a time is not advised: "
            "the muscles learn to stay relaxed one small step at a time, and a big jump can hurt and make the next "
            "session harder."), {"previous": previous.size, "new": new.size}),)))
        if not new.comfortable(rules):
            warnings.append(Sentences((Message(gettext_noop(
                "This session's discomfort or anxiety was above %(discomfort_max)s. Next time go back to size "
                "%(previous)s or the size after it."),
                {"discomfort_max": rules.discomfort_max, "previous": previous.size}),)))
    return warnings


# --- Sensate focus ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensateRules:
    comfortable_sessions_needed: int
    comfort_min: int
    stages: int


@dataclass(frozen=True)
class SensateSession:
    """One session: stage 1-4, comfort 0-10 (10 = fully comfortable), whether both agree to move on."""

    stage: int
    comfort: int | None = None
    both_agree_next: bool = False
    bleeding: bool = False
    pain_quality: tuple[str, ...] = ()

    @property
    def alarming(self) -> bool:
        return self.bleeding or bool(ALARMING_QUALITIES & set(self.pain_quality))

    def comfortable(self, rules: SensateRules) -> bool:
        return not self.alarming and self.comfort is not None and self.comfort >= rules.comfort_min


def suggest_sensate(sessions: Sequence[SensateSession], rules: SensateRules) -> Suggestion:
    """The stage for the next session. Move on only when the current stage felt comfortable on at least
    ``comfortable_sessions_needed`` sessions and the latest session records that both partners agree.

    The sessions are replayed in order: one at a stage beyond the suggestion that stood before it is kept in the
    record but never moves the suggestion on (so a first session at stage 4 leaves stage 1 suggested); if it
    brought bleeding or sharp pain, the step back is from the suggested stage."""
    suggestion = Suggestion("start", 1, Message(gettext_noop("Begin with stage 1.")))
    accepted: list[SensateSession] = []
    for session in sessions:
        session = replace(session, stage=min(max(session.stage, 1), rules.stages))
        allowed = suggestion.target
        if session.stage > allowed:
            if not session.alarming:
                needed = rules.comfortable_sessions_needed
                suggestion = Suggestion("stay", allowed, ngettext_noop(
                    "Stage %(stage)s was ahead of the suggested stage. Stage %(allowed)s is next: each stage first "
                    "needs %(count)s comfortable session at the stage before, and both of you agreeing to move on.",
                    "Stage %(stage)s was ahead of the suggested stage. Stage %(allowed)s is next: each stage first "
                    "needs %(count)s comfortable sessions at the stage before, and both of you agreeing to move on.",
                    needed, {"stage": session.stage, "allowed": allowed, "count": needed}),
                    setback=not session.comfortable(rules))
                continue
            session = replace(session, stage=allowed)
        accepted.append(session)
        suggestion = _sensate_from(accepted, rules)
    return suggestion


def _sensate_from(sessions: Sequence[SensateSession], rules: SensateRules) -> Suggestion:
    """The suggestion after the latest of ``sessions`` (each at or below the stage suggested before it)."""
    last = sessions[-1]
    stage = last.stage
    if last.alarming:
        back = max(stage - 1, 1)
        return Suggestion("step_back", back, Message(gettext_noop(
            "The last session brought bleeding or sharp or tearing pain. Go back to stage %(back)s and check the "
            "warning signs below."), {"back": back}), red_flags=True, setback=True)
    comfortable = sum(1 for s in sessions if s.stage == stage and s.comfortable(rules))
    needed = rules.comfortable_sessions_needed
    if not last.comfortable(rules):
        return Suggestion("stay", stage, Message(gettext_noop(
            "Repeat stage %(stage)s until it feels comfortable."), {"stage": stage}), setback=True)
    if comfortable < needed:
        return Suggestion("stay", stage, ngettext_noop(
            "Stage %(stage)s felt comfortable %(count)s time; %(needed)s before moving on.",
            "Stage %(stage)s felt comfortable %(count)s times; %(needed)s before moving on.",
            comfortable, {"stage": stage, "count": comfortable, "needed": needed}))
    if not last.both_agree_next:
        return Suggestion("stay", stage, Message(gettext_noop(
            "Move on from stage %(stage)s only when you both agree. Until then, repeat it."), {"stage": stage}))
    if stage >= rules.stages:
        return Suggestion("at_top", stage, Message(gettext_noop(
            "You have reached the last stage. Go at the pace you both want.")))
    return Suggestion("step_up", stage + 1, Message(gettext_noop(
        "You both agree and stage %(stage)s felt comfortable: stage %(next)s is next, when you want it."),
        {"stage": stage, "next": stage + 1}))


def sensate_warnings(history: Sequence[SensateSession], new: SensateSession, rules: SensateRules) -> list[Sentences]:
    """Why a just-logged stage is not advised (it is saved anyway): a stage beyond the suggested one."""
    allowed = suggest_sensate(history, rules).target
    if new.stage <= allowed:
        return []
    needed = rules.comfortable_sessions_needed
    warning = [ngettext_noop(
        "Stage %(stage)s is ahead of the suggested stage %(allowed)s. Each stage first needs %(count)s comfortable "
        "session at the stage before, and both of you agreeing to move on.",
        "Stage %(stage)s is ahead of the suggested stage %(allowed)s. Each stage first needs %(count)s comfortable "
        "sessions at the stage before, and both of you agreeing to move on.",
        needed, {"stage": new.stage, "allowed": allowed, "count": needed})]
    if new.stage >= rules.stages:
        warning.append(Message(gettext_noop(
            "Intercourse stays off the table until the earlier stages feel comfortable.")))
    if not new.both_agree_next:
        warning.append(Message(gettext_noop(
            "You noted that you do not both agree yet; either of you can pause at any time.")))
    return [Sentences(tuple(warning))]


# --- Exercise pacing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PacingRules:
    baseline_share: float
    quota_step_percent: int
    sessions_without_flare: int
    flare_share: float


@dataclass(frozen=True)
class PacingSession:
    minutes: int
    completed: bool = True
    flare: bool = False


@dataclass(frozen=True)
class Quota:
    """Today's quota in minutes, the flare-day quota, and why (a Message)."""

    minutes: int
    flare_minutes: int
    clean_streak: int
    reason: Message


def starting_quota(*, good_day_minutes: int, bad_day_minutes: int, rules: PacingRules) -> int:
    """A little below the average of a good and a bad day (``baseline_share`` of it), at least 1 minute."""
    return max(1, round((good_day_minutes + bad_day_minutes) / 2 * rules.baseline_share))


def pacing_quota(start: int, sessions: Sequence[PacingSession], rules: PacingRules) -> Quota:
    """Replay the sessions (oldest first) from the starting quota: after ``sessions_without_flare`` completed
    sessions in a row without a flare the quota rises by ``quota_step_percent`` (at least 1 minute); a flare
    restarts the count, so the quota never rises right after a flare."""
    quota, streak = start, 0
    for session in sessions:
        if session.flare or not session.completed:
            streak = 0
            continue
        streak += 1
        if streak >= rules.sessions_without_flare:
            quota += max(1, round(quota * rules.quota_step_percent / 100))
            streak = 0
    flare_minutes = max(1, round(quota * rules.flare_share))
    if sessions and sessions[-1].flare:
        reason = ngettext_noop(
            "After a flare: about %(count)s minute, gently, until it settles; then %(quota)s.",
            "After a flare: about %(count)s minutes, gently, until it settles; then %(quota)s.",
            flare_minutes, {"count": flare_minutes, "quota": quota})
    else:
        left = rules.sessions_without_flare - streak
        minutes = ngettext_noop("%(count)s minute", "%(count)s minutes", quota, {"count": quota})
        reason = ngettext_noop(
            "%(minutes)s. The quota rises after %(count)s more completed session without a flare.",
            "%(minutes)s. The quota rises after %(count)s more completed sessions without a flare.",
            left, {"minutes": minutes, "count": left})
    return Quota(quota, flare_minutes, streak, reason)
