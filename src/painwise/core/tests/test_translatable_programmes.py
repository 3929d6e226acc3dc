"""The programmes' words and the plan's reminders reach a person in their language.

The progression rules (``programmes/progression.py``) and the course comparison (``programmes/evaluation.py``)
are pure Python: they return Messages (``gettext_noop`` / ``ngettext_noop``) that the page, the history panel,
the API and the CLI translate. Under the pseudo-language of ``test_translatable`` every one of those texts must
come back inside ⟦...⟧; a source check fails when a rule writes a sentence without marking it (the
pseudo-language cannot see that: the edges pass whatever they get through gettext), and xgettext with
Painwise's ``makemessages`` keywords must collect the plural sentences as plural entries.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from pytest_django.fixtures import Settings

from painwise.cli import cli
from painwise.core.messages import Message, Sentences, gettext_noop, ngettext_noop
from painwise.core.tests.test_translatable import (  # pseudo_language: the fixture
    OPEN,
    PROPER_NAMES,
    USER_DATA,
    _content_strings,
    pseudo_language,  # noqa: F401
    unmarked_text,
)
from painwise.core.tests.test_translatable_edges import assignments
from painwise.core.types import User
from painwise.programmes import services as programmes
from painwise.testing import make_checkin, send

PROGRAMMES = Path(__file__).resolve().parents[2] / "programmes"
PURE_RULES = [PROGRAMMES / "progression.py", PROGRAMMES / "evaluation.py"]
CALM = {"size": 1, "minutes": 15, "discomfort": 2, "anxiety": 1, "lubricant": True}


def _follow_every_programme(user: User) -> None:
    """Dilators (three calm sessions, then a painful jump), sensate focus, pacing, acupuncture (a course past its
    plan, with check-ins before and during), the down-training routine and the start programme."""
    programmes.start_programme(user=user, key="dilators", setup={"sizes": 5, "labels": ["XS"]})
    for _ in range(3):
        programmes.log_session(user=user, key="dilators", values=CALM)
    programmes.log_session(user=user, key="dilators", values={
        **CALM, "size": 3, "discomfort": 8, "pain_quality": ["sharp"], "stopped_early": True, "stop_reason": "pain"})
    programmes.start_programme(user=user, key="sensate_focus")
    programmes.log_session(user=user, key="sensate_focus", values={"stage": 4, "minutes": 20, "comfort": 8})
    programmes.start_programme(user=user, key="pacing", setup={"good_day_minutes": 20, "bad_day_minutes": 10})
    programmes.log_session(user=user, key="pacing", values={"minutes": 15, "flare": True})
    today = dt.date.today()
    for days_ago in range(1, 30):
        make_checkin(user, day=today - dt.timedelta(days=days_ago), notes=USER_DATA[2])
    programmes.start_programme(user=user, key="acupuncture", setup={"sessions": 1, "minutes_each": 30},
                               started_on=today - dt.timedelta(days=12))
    for days_ago in (12, 6):
        programmes.log_session(user=user, key="acupuncture", values={
            "minutes": 30, "pain_before": 6, "pain_after": 4, "adverse_events": ["bruising"]},
            taken_at=dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12), tzinfo=dt.UTC))
    programmes.start_programme(user=user, key="pelvic_floor")
    programmes.log_session(user=user, key="pelvic_floor", values={"minutes": 8, "tension_after": 3})
    programmes.start_programme(user=user, key="vaginismus")


# The name of a guideline a source cites, in brackets after its citation (a proper name, as in the content).
GUIDELINES = ["(NICE NG193)."]


def _allowed() -> list[str]:
    return USER_DATA + PROPER_NAMES + GUIDELINES + _content_strings() + ["XS", "(XS)"]


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
@pytest.mark.parametrize("key", ["dilators", "sensate_focus", "pacing", "acupuncture", "pelvic_floor", "vaginismus"])
def test_every_text_of_a_followed_programme_page_is_marked(alice: User, alice_client: Client, key: str) -> None:
    _follow_every_programme(alice)

    response = alice_client.get(reverse("programmes:detail", args=[key]))
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<p class="current-step"><strong>{OPEN}' in html, "the current step"
    left = unmarked_text(html, allowed=_allowed())
    assert not left, "Not marked for translation:\n" + "\n".join(left)


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_suggestion_quota_summaries_and_evaluation_words_are_translated(
    alice: User, alice_client: Client
) -> None:
    _follow_every_programme(alice)

    dilators = alice_client.get(reverse("programmes:detail", args=["dilators"])).content.decode()
    pacing = alice_client.get(reverse("programmes:detail", args=["pacing"])).content.decode()
    acupuncture = alice_client.get(reverse("programmes:detail", args=["acupuncture"])).content.decode()

    assert f'data-move="step_back">{OPEN}The last session brought bleeding' in dilators
    assert f"{OPEN}Next: size 1 ({OPEN}" not in dilators  # the label is the person's, inside one sentence
    assert f"{OPEN}Next: size 1 (XS) of 5⟧" in dilators
    assert f"{OPEN}minutes 15⟧, {OPEN}pain quality: {OPEN}sharp⟧⟧, {OPEN}size 3⟧" in dilators, "a session in words"
    assert f"{OPEN}stop reason {OPEN}pain⟧⟧" in dilators
    assert f"{OPEN}{OPEN}After a flare: about 6 minutes" in pacing  # inside the "On a flare day" sentence
    assert f"{OPEN}Today&#x27;s quota: 12 minutes of walking⟧" in pacing
    assert f"<strong>{OPEN}Average pain⟧:</strong> {OPEN}" in acupuncture
    assert f"{OPEN}Other things change too, so this does not show the course caused it.⟧" in acupuncture
    assert f"{OPEN}Course complete (2 of 1 session)⟧" in acupuncture


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_history_panel_of_programmes_is_marked(alice: User, alice_client: Client) -> None:
    _follow_every_programme(alice)

    html = alice_client.get(reverse("diary:history")).content.decode()

    assert 'class="programme-progress"' in html
    assert f'data-move="step_back">{OPEN}The last session brought bleeding' in html
    left = unmarked_text(html, allowed=_allowed())
    assert not left, "Not marked for translation:\n" + "\n".join(left)


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_api_answers_with_the_words_translated(alice: User, alice_client: Client) -> None:
    _follow_every_programme(alice)

    dilators = alice_client.get("/api/v1/programmes/dilators").json()
    pacing = alice_client.get("/api/v1/programmes/pacing").json()
    evaluation = alice_client.get("/api/v1/programmes/acupuncture/evaluation").json()
    logged = send(alice_client, "post", "/api/v1/programmes/dilators/sessions",
                  {"values": {**CALM, "size": 5, "discomfort": 9, "anxiety": 9}}).json()

    assert dilators["current"].startswith(OPEN)
    assert dilators["suggestion"]["reason"].startswith(f"{OPEN}The last session brought bleeding")
    assert pacing["quota"]["reason"].startswith(f"{OPEN}After a flare")
    assert [c["outcome"] for c in evaluation["comparisons"]] == [f"{OPEN}Average pain⟧", f"{OPEN}PEG⟧"]
    assert all(c["words"].startswith(OPEN) for c in evaluation["comparisons"])
    assert logged["suggestion"]["reason"].startswith(OPEN)
    assert any(n["body"].startswith(f"{OPEN}You went from size 3 to size 5") for n in logged["notices"])


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_every_line_of_the_programme_commands_is_translated(alice: User) -> None:
    _follow_every_programme(alice)

    status = CliRunner().invoke(cli, ["programme", "status", "--user", "alice"], catch_exceptions=False)
    as_json = CliRunner().invoke(cli, ["programme", "status", "--user", "alice", "--json"], catch_exceptions=False)
    logged = CliRunner().invoke(cli, ["programme", "log", "--user", "alice", "--programme", "sensate_focus",
                                      "--value", "stage=1", "--value", "minutes=20", "--value", "comfort=8"],
                                catch_exceptions=False)

    lines = [line for line in status.output.splitlines() if line.strip()]
    assert len(lines) >= 6
    assert all(line.lstrip().startswith(OPEN) for line in lines), status.output
    rows = json.loads(as_json.output)
    assert all(row["current"].startswith(OPEN) for row in rows)
    assert all(row["suggestion"]["reason"].startswith(OPEN) for row in rows if row["suggestion"])
    assert f"{OPEN}Next: {OPEN}Stage 1 felt comfortable 1 time; 2 before moving on.⟧⟧" in logged.output


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
@pytest.mark.parametrize("show_names", [False, True])
def test_reminder_emails_are_written_in_the_sites_language(alice: User, settings: Settings, show_names: bool) -> None:
    from painwise.instruments.models import Schedule
    from painwise.plan import services as plan
    from painwise.plan.tests.helpers import part

    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Schedule.objects.filter(user=alice).update(enabled=False)
    part(alice, choice="dilator")
    part(alice, kind="checkin", choice="checkin")
    plan.update_reminder_settings(user=alice, values={"email": True, "remind_at": dt.time(8),
                                                      "show_names": show_names})
    now = dt.datetime.combine(dt.date.today(), dt.time(9), tzinfo=dt.UTC)
    from painwise.accounts.services import user_zone

    assert plan.send_due_reminders(now=now.replace(tzinfo=user_zone(alice))) == 2

    [message] = mail.outbox
    assert message.subject.startswith(OPEN)
    assert f"{OPEN}Open Painwise to see today's list and tick it off.⟧" in message.body
    if not show_names:
        assert message.subject == f"{OPEN}Painwise: 2 items due⟧"


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_calendar_titles_without_names_are_translated(alice: User, alice_client: Client) -> None:
    from painwise.plan.tests.helpers import part

    part(alice, choice="dilator")
    part(alice, kind="checkin", choice="checkin")

    calendar = Calendar.from_ical(alice_client.get(reverse("plan:calendar_download")).content)
    titles = {str(event["summary"]) for event in calendar.walk("VEVENT")}

    assert str(calendar["x-wr-calname"]) == f"{OPEN}Painwise plan⟧"
    assert f"{OPEN}Painwise: 1 session due⟧" in titles
    assert f"{OPEN}Painwise: 1 check-in due⟧" in titles
    assert all(title.startswith(OPEN) for title in titles), titles


def _is_marked(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> bool:
    """``gettext_noop("...")`` / ``ngettext_noop("...", "...", ...)`` / ``Message(gettext_noop("..."), ...)``, or a
    name only ever set to such calls."""
    if isinstance(node, ast.Name):
        values = assigned.get(node.id, [])
        return bool(values) and all(_is_marked(value, assigned) for value in values)
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return False
    literal = [isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args]
    if node.func.id == "gettext_noop":
        return literal == [True]
    if node.func.id == "ngettext_noop":
        return literal[:2] == [True, True]
    if node.func.id == "Message":
        return bool(node.args) and _is_marked(node.args[0], assigned)
    return False


def _unmarked_words(tree: ast.Module) -> list[int]:
    """Lines of a pure rules module that make words a person reads without marking them: any f-string, a
    ``Suggestion`` or ``Quota`` whose reason is not a marked Message, or a Message whose template is not
    ``gettext_noop("...")``."""
    assigned = assignments(tree)
    lines = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        reason = {"Suggestion": 2, "Quota": 3}.get(node.func.id)
        if reason is not None and len(node.args) > reason and not _is_marked(node.args[reason], assigned):
            lines.append(node.lineno)
        if node.func.id in ("Message", "ngettext_noop") and not _is_marked(node, assigned):
            lines.append(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize("module", PURE_RULES, ids=[path.name for path in PURE_RULES])
def test_every_sentence_of_the_programme_rules_is_collected_for_translation(module: Path) -> None:
    lines = _unmarked_words(ast.parse(module.read_text(encoding="utf-8")))
    assert not lines, f"{module.name}: words not marked with gettext_noop / ngettext_noop on line(s) {lines}"


def test_the_source_check_finds_an_unmarked_reason() -> None:
    unmarked = ast.parse('def f(n):\n    return Suggestion("stay", 1, f"Stay at size {n}.")\n')
    plain = ast.parse('def f():\n    return Suggestion("stay", 1, Message("Stay."))\n')
    marked = ast.parse('def f():\n    return Suggestion("stay", 1, Message(gettext_noop("Stay.")))\n')

    assert _unmarked_words(unmarked) == [2, 2]
    assert _unmarked_words(plain) == [2, 2]
    assert _unmarked_words(marked) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_makemessages_collects_the_rules_plural_sentences_as_plural_entries() -> None:
    from django.core.management import get_commands
    from django.core.management.commands.makemessages import Command as DjangoMakemessages

    from painwise.core.management.commands.makemessages import PLURAL_KEYWORD, Command

    assert get_commands()["makemessages"] == "painwise.core", "Painwise's makemessages is the one Django runs"
    keywords = ["--keyword=gettext_noop", "--keyword=gettext_lazy", "--keyword=ngettext_lazy:1,2"]
    collected = subprocess.run(  # noqa: S603  # the extraction `makemessages` runs on Python files
        [str(shutil.which("xgettext")), "--language=Python", *keywords, *Command.xgettext_options, "--output=-",
         *map(str, PURE_RULES)],
        capture_output=True, text=True, check=True,
    ).stdout

    assert PLURAL_KEYWORD not in DjangoMakemessages.xgettext_options
    assert 'msgid "Start with your smallest size."' in collected
    assert ('msgid "Stage %(stage)s felt comfortable %(count)s time; %(needed)s before moving on."\n'
            'msgid_plural "Stage %(stage)s felt comfortable %(count)s times; %(needed)s before moving on."'
            ) in collected.replace('"\n"', "")
    assert 'msgid "It fell by at least the difference that matters to you."' in collected.replace('"\n"', "")


@pytest.mark.usefixtures("pseudo_language")
def test_a_plural_message_picks_its_form_in_the_persons_language() -> None:
    from painwise.core.i18n import translate

    one = ngettext_noop("%(count)s day", "%(count)s days", 1, {"count": 1})
    many = ngettext_noop("%(count)s day", "%(count)s days", 3, {"count": 3})
    sentences = Sentences((Message(gettext_noop("First.")), Message(gettext_noop("Then %(what)s.")
                                                                     , {"what": many})))

    assert (str(one), str(many), str(sentences)) == ("1 day", "3 days", "First. Then 3 days.")
    assert translate(one) == f"{OPEN}1 day⟧"
    assert translate(many) == f"{OPEN}3 days⟧"
    assert translate(sentences) == f"{OPEN}First.⟧ {OPEN}Then {OPEN}3 days⟧.⟧"
    assert "3 days" in sentences
