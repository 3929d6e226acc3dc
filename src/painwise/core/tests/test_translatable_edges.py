"""Text made outside the templates is marked for translation too: scripts, the CLI, charts, statistics, imports.

The pseudo-language of ``test_translatable`` wraps every translated text in ⟦...⟧; here it checks that what the
scripts, the terminal commands, the SVG charts, the experiment statistics and the file importer show a person
comes through gettext. The scripts get their words from Django's JavaScript catalog (/jsi18n/), a same-origin
script the strict Content-Security-Policy allows.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import shutil
import subprocess
import tarfile
import zipfile
import zoneinfo
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from painwise.cli import cli
from painwise.core.tests.test_translatable import (  # pseudo_language: the fixture
    OPEN,
    PROPER_NAMES,
    USER_DATA,
    _content_strings,
    pseudo_language,  # noqa: F401
    unmarked_text,
)
from painwise.core.types import User
from painwise.nof1.trial import TrialDesign, TrialError, generate_schedule, proposed_design, simulate_data
from painwise.testing import make_checkin

STATIC_SCRIPTS = sorted(
    path for path in (Path(__file__).resolve().parents[2]).rglob("static/**/*.js") if "vendor" not in path.parts
)
# A literal with words put where a person reads or hears it, not through gettext(): the text of an element,
# a dialog, a read-aloud attribute, a new paragraph of the offline panel.
UNMARKED_SCRIPT_TEXT = re.compile(
    r"""(textContent\s*=|confirm\(|alert\(|paragraph\(|setAttribute\(\s*"(?:aria-label|title)",\s*)"""
    r"""\s*(?:[^"'`()]*\?\s*)?["'`][^"'`]*[A-Za-z]{2,}"""
)


def test_the_scripts_catalog_is_a_same_origin_script_for_a_person_another_and_a_visitor(
    alice_client: Client, bob_client: Client, anon_client: Client
) -> None:
    for client in (alice_client, bob_client, anon_client):
        response = client.get(reverse("javascript-catalog"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert "django.gettext" in response.content.decode()


@pytest.mark.django_db
def test_pages_load_the_catalog_before_the_scripts_under_a_csp_without_inline_script(alice_client: Client) -> None:
    response = alice_client.get(reverse("home"))
    html = response.content.decode()
    catalog = html.index(f'src="{reverse("javascript-catalog")}"')

    assert catalog < html.index("painwise/offline.js")
    assert catalog < html.index("painwise/app.js")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_service_worker_keeps_the_catalog_for_offline_use(client: Client) -> None:
    assert reverse("javascript-catalog") in client.get(reverse("offline:service_worker")).content.decode()


@pytest.mark.parametrize("script", STATIC_SCRIPTS, ids=[path.name for path in STATIC_SCRIPTS])
def test_script_text_a_person_reads_goes_through_gettext(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    unmarked = [line.strip() for line in source.splitlines() if UNMARKED_SCRIPT_TEXT.search(line)]
    assert not unmarked, f"{script.name}: text not marked with gettext():\n" + "\n".join(unmarked)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_makemessages_djangojs_would_collect_the_scripts_words() -> None:
    xgettext = str(shutil.which("xgettext"))
    collected = subprocess.run(  # noqa: S603  # the same extraction `makemessages -d djangojs` runs
        [xgettext, "--language=JavaScript", "--keyword=gettext_noop", "--keyword=gettext",
         "--keyword=ngettext:1,2", "--from-code=UTF-8", "--output=-", *map(str, STATIC_SCRIPTS)],
        capture_output=True, text=True, check=True,
    ).stdout
    for words in ("Send now", "How much does it hurt here: %(region)s?", "Breathe in… %(seconds)s",
                  "Finished. Well done.", "Delete this? It cannot be undone."):
        assert f'msgid "{words}"' in collected


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_terminal_messages_come_in_the_persons_language(alice: User) -> None:
    result = CliRunner().invoke(cli, ["experiment", "status", "--user", "alice"], catch_exceptions=False)
    assert result.output.strip() == f"{OPEN}No experiments.⟧"

    missing = CliRunner().invoke(cli, ["experiment", "status", "--user", "nobody"])
    assert missing.exit_code == 1
    assert f"{OPEN}No account named 'nobody'." in missing.output


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_every_line_of_an_analysed_trial_is_translated(tmp_path: Path) -> None:
    design = proposed_design("blocks")
    schedule = generate_schedule(design, seed=3)
    data = simulate_data(schedule, effect=-2.0, sigma=1.0, rho=0.2, rng=np.random.default_rng(4), missing=0.0)
    lines = ["day,period,condition,washout,pain_average"]
    lines += [f"{d.index + 1},{d.period},{d.condition},{int(d.washout)},{v:.1f}"
              for d, v in zip(schedule, data.outcome, strict=True) if not np.isnan(v)]
    trial = tmp_path / "trial.csv"
    trial.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = CliRunner().invoke(cli, ["experiment", "analyse", "--from-file", str(trial)], catch_exceptions=False)

    shown = [line for line in result.output.splitlines() if line.strip()]
    assert len(shown) >= 5
    assert all(OPEN in line for line in shown), result.output


def test_a_refused_design_says_why_in_a_sentence_to_translate() -> None:
    with pytest.raises(TrialError) as refused:
        TrialDesign(kind="blocks", pairs=1).validate()
    assert refused.value.sentence.template == "A block design needs at least %(pairs)s pairs of periods."
    assert refused.value.message == "A block design needs at least 3 pairs of periods."


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_experiment_design_errors_are_shown_translated(alice_client: Client) -> None:
    response = alice_client.post(reverse("experiments:design"), {
        "label_a": "Stretching", "label_b": "No stretching", "outcome": "pain_average", "mcid": "1",
        "kind": "blocks", "pairs": "1", "period_days": "7", "washout_days": "2", "days": "28",
    })
    assert f"{OPEN}A block design needs at least 3 pairs of periods.⟧" in response.content.decode()


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "args", "expected"), [
    ("diary:history_chart", (), "Pain (0–10)"),
    ("substances:kratom_chart", (), "Kratom per day, last 28 days"),
    ("instruments:chart", ("peg",), "PEG total"),
    ("report:chart", (), "Average pain"),
], ids=["history", "kratom", "questionnaire", "report"])
def test_chart_text_is_translated(
    alice: User, alice_client: Client, url_name: str, args: tuple[str, ...], expected: str
) -> None:
    today = dt.date.today()
    for days_ago in range(1, 6):
        make_checkin(alice, day=today - dt.timedelta(days=days_ago))

    period = {"start": (today - dt.timedelta(days=30)).isoformat(), "end": today.isoformat()}
    response = alice_client.get(reverse(url_name, args=args), period if url_name == "report:chart" else {})
    svg = b"".join(getattr(response, "streaming_content", [response.content])).decode()

    assert response.status_code == 200
    assert f"{OPEN}{expected}" in svg


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_import_problems_are_shown_translated(alice_client: Client) -> None:
    upload = SimpleUploadedFile("diary.csv", b"record,day,colour\n", content_type="text/csv")
    response = alice_client.post(reverse("exchange:data"), {"format": "csv", "file": upload})
    page = response.content.decode()

    assert response.status_code == 422
    assert f"{OPEN}unknown column⟧" in page


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_clinician_report_is_marked_for_translation(alice: User, alice_client: Client) -> None:
    today = dt.date.today()
    for days_ago in range(1, 20):
        make_checkin(alice, day=today - dt.timedelta(days=days_ago), notes=USER_DATA[2])
    period = {"start": (today - dt.timedelta(days=30)).isoformat(), "end": today.isoformat(),
              "sections": ["pain", "body_map", "flares", "therapies", "medications", "questionnaires", "safety"]}

    response = alice_client.get(reverse("report:report"), period)
    html = response.content.decode()

    assert response.status_code == 200
    assert f"{OPEN}Measure⟧" in html
    zones = sorted(zoneinfo.available_timezones())
    allowed = USER_DATA + PROPER_NAMES + _content_strings() + zones
    left = unmarked_text(html, allowed=allowed)
    assert not left, "Not marked for translation:\n" + "\n".join(left)


def _zip_of(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


# Files the other apps' export readers refuse, and the start of the reason each gives (marked with gettext_noop).
FOREIGN_REFUSALS = [
    ("bearable", "bearable.csv", b"when,what\n2024-03-01,x\n", "is not the header of a Bearable export"),
    ("managemypain", "mmp.csv", b"when\n", "is not the header of a Manage My Pain export"),
    ("fitbit", "sleep-2026-03-01.json", b"{not json", "is not valid JSON"),
    ("google-fit", "takeout.zip", _zip_of("notes.txt", "hello"), "is a zip without Fit/All Sessions/*.json"),
    ("apple-health", "export.xml", b"<Other></Other>", "starts with <Other>, not Apple Health's <HealthData>"),
]


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "name", "data", "expected"), FOREIGN_REFUSALS,
                         ids=[refusal[0] for refusal in FOREIGN_REFUSALS])
def test_other_apps_export_problems_are_shown_translated(
    alice_client: Client, fmt: str, name: str, data: bytes, expected: str
) -> None:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = alice_client.post(reverse("exchange:foreign"), {"format": fmt, "file": upload})

    assert response.status_code == 422
    assert escape(f"{OPEN}{expected}") in response.content.decode()


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_other_apps_export_problems_are_printed_translated(alice: User, tmp_path: Path) -> None:
    export = tmp_path / "bearable.csv"
    export.write_bytes(FOREIGN_REFUSALS[0][2])

    result = CliRunner().invoke(cli, ["import", "--user", "alice", "--format", "bearable", str(export)])

    assert result.exit_code == 1
    assert f"line 1: {OPEN}is not the header of a Bearable export" in result.output


FOREIGN_READERS = sorted((Path(__file__).resolve().parents[2] / "exchange" / "foreign").glob("*.py"))


def _is_noop(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "gettext_noop"
            and len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))


def _unmarked_problems(tree: ast.Module) -> list[int]:
    """Lines where a reader makes a problem whose reason makemessages would not collect: a ``Problem(...)`` with
    text of its own, a ``problem(...)`` reason that is not ``gettext_noop("...")`` or a ``reason`` set to one."""
    lines = []
    for node in ast.walk(tree):
        names = [t.id for t in node.targets if isinstance(t, ast.Name)] if isinstance(node, ast.Assign) else []
        if "reason" in names and isinstance(node, ast.Assign) and not _is_noop(node.value):
            lines.append(node.lineno)
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name) or len(node.args) < 3:
            continue
        reason = node.args[2]
        if node.func.id == "problem" and not (_is_noop(reason) or isinstance(reason, ast.Name)):
            lines.append(node.lineno)
        if node.func.id == "Problem" and not isinstance(reason, ast.Name):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("reader", [path for path in FOREIGN_READERS if path.stem not in ("services", "views")],
                         ids=lambda path: path.stem)
def test_every_problem_an_export_reader_finds_is_collected_for_translation(reader: Path) -> None:
    lines = _unmarked_problems(ast.parse(reader.read_text(encoding="utf-8")))
    assert not lines, f"{reader.name}: a problem not marked with gettext_noop on line(s) {lines}"


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_init_says_what_it_did_in_the_persons_language() -> None:
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)

    lines = result.output.splitlines()
    assert lines, result.output
    assert all(line.startswith(OPEN) for line in lines), result.output
    assert f"{OPEN}Keys: {OPEN}field-encryption key file matches the database⟧.⟧" in lines


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_serve_says_where_it_runs_in_the_persons_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from painwise.cli import app

    served: list[int] = []
    monkeypatch.setattr(app, "migrate", lambda: None)
    monkeypatch.setattr(app, "warm_up_statistics", lambda: None)
    monkeypatch.setattr(app, "_waitress", lambda application, threads, **where: served.append(where["port"]))

    result = CliRunner().invoke(cli, ["serve", "--port", "8765", "--no-worker"], catch_exceptions=False)

    assert served == [8765]
    assert result.output.strip() == f"{OPEN}Painwise is running at http://127.0.0.1:8765/  (Ctrl+C to stop)⟧"


@pytest.mark.usefixtures("pseudo_language")
def test_a_restarted_server_process_is_reported_in_the_persons_language() -> None:
    from painwise.cli.serving import _how

    assert _how(1 << 8) == f"{OPEN}exit code 1⟧"  # a wait status: exit code 1 in its high byte


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.parametrize("arguments", [
    ["questionnaire", "list"],
    ["questionnaire", "score", "phq9", "--answers", "1,1,1,1,1,1,1,1,0", "--previous", "15"],
    ["questionnaire", "score", "peg", "--answers", "5,5,5"],
], ids=["list", "score-phq9", "score-peg"])
def test_every_line_of_the_questionnaire_commands_is_translated(arguments: list[str]) -> None:
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)

    shown = [line for line in result.output.splitlines() if line.strip()]
    assert len(shown) >= 2, result.output
    assert all(OPEN in line for line in shown), result.output


@pytest.mark.usefixtures("pseudo_language")
def test_a_bad_questionnaire_answer_is_refused_in_the_persons_language() -> None:
    result = CliRunner().invoke(cli, ["questionnaire", "score", "peg", "--answers", "5,x,5"])

    assert result.exit_code == 2
    assert f"{OPEN}answer 2 ('x') is not a whole number⟧" in result.output


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_experiment_protocol_pdf_is_translated(alice: User) -> None:
    from pypdf import PdfReader

    from painwise.experiments import services
    from painwise.experiments.pdf import render_pdf
    from painwise.experiments.tests.helpers import started, write_days

    experiment = started(alice, days_ago=45, values={"kind": "blocks", "pairs": 3, "period_days": 7,
                                                      "washout_days": 2})
    write_days(experiment, effect=-2.0)
    assert experiment.start_date is not None
    # Not followed on a washout day: the per-protocol analysis keeps the same days, and says so.
    services.log_adherence(experiment=experiment, followed=False, day=experiment.start_date)

    pages = PdfReader(io.BytesIO(render_pdf(experiment=experiment))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())

    for expected in ("Randomised N-of-1 trial: heat pack (A) vs no heat pack (B)", "Methods", "Design: ",
                     "Flow and adherence", "Results", "Difference A - B:", "Randomisation test: p =",
                     "Raw data per period", "Changes after the start, flares and harms", "Limits",
                     "Patient-reported data from Painwise",
                     "Sensitivity, only days the plan was followed: "):
        assert f"{OPEN}{expected}" in text, expected
    assert "The same days as the main analysis" in text
    assert re.search(r"\d{1,2} ⟦[^⟧]+⟧ \d{4}", text), "month names in the person's language"


@pytest.mark.usefixtures("pseudo_language")
def test_a_refused_backup_says_why_in_the_persons_language(tmp_path: Path) -> None:
    existing = tmp_path / "old.backup"
    existing.write_bytes(b"keep me")

    result = CliRunner().invoke(cli, ["backup", "--output", str(existing)])

    assert result.exit_code == 1
    assert f"{OPEN}{existing} already exists; choose another file name" in result.output
    assert existing.read_bytes() == b"keep me"


@pytest.mark.usefixtures("pseudo_language")
def test_a_refused_restore_says_why_in_the_persons_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photos = tmp_path / "photos.tar.gz"
    with tarfile.open(photos, "w:gz") as tar:
        info = tarfile.TarInfo("holiday.jpg")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"jpg"))
    monkeypatch.setenv("PAINWISE_DATA_DIR", str(tmp_path / "copy"))
    monkeypatch.delenv("PAINWISE_DATABASE_URL", raising=False)
    monkeypatch.delenv("PAINWISE_FIELD_KEY_FILE", raising=False)
    monkeypatch.delenv("PAINWISE_FIELD_INDEX_KEY_FILE", raising=False)

    result = CliRunner().invoke(cli, ["restore", str(photos)])

    assert result.exit_code == 1
    assert f"{OPEN}{photos} is not a usable Painwise backup ({OPEN}no manifest.json inside⟧)" in result.output


def assignments(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """Every value each plain name is set to in ``tree`` (``x = ...``), to follow a template through a name."""
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    return assigned


def _unmarked_sentences(tree: ast.Module, calls: dict[str, int]) -> list[int]:
    """Lines where a call in ``calls`` (name: position of its template) gets a template makemessages would not
    collect: neither ``gettext_noop("...")`` nor a name set only to such calls."""
    assigned = assignments(tree)
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if called not in calls:
            continue
        template = node.args[calls[called]]
        named = isinstance(template, ast.Name) and all(_is_noop(value) for value in assigned.get(template.id, []))
        marked = _is_noop(template) or named
        if not marked:
            lines.append(node.lineno)
    return lines


def test_every_backup_and_restore_error_is_collected_for_translation() -> None:
    backup = Path(__file__).resolve().parents[1] / "backup.py"
    lines = _unmarked_sentences(ast.parse(backup.read_text(encoding="utf-8")),
                                {"BackupError": 0, "_not_a_backup": 1, "Message": 0})
    assert not lines, f"backup.py: an error not marked with gettext_noop on line(s) {lines}"


def _svg(response: Any) -> str:
    return b"".join(getattr(response, "streaming_content", [response.content])).decode()


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
@pytest.mark.parametrize("size", ["phone", "wide"])
def test_what_helps_me_forest_chart_is_translated(alice: User, alice_client: Client, size: str) -> None:
    today = dt.date.today()
    for days_ago in range(1, 6):
        make_checkin(alice, day=today - dt.timedelta(days=days_ago))

    response = alice_client.get(reverse("helps:chart"), {"size": size})
    svg = _svg(response)

    assert response.status_code == 200
    assert f"{OPEN}What goes with your " in svg
    assert f"{OPEN}Difference in points (" in svg
    assert f"{OPEN}No finding about your " in svg


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_experiment_chart_is_translated(alice: User, alice_client: Client) -> None:
    from painwise.experiments.tests.helpers import started, write_days

    experiment = started(alice, days_ago=45, values={"kind": "blocks", "pairs": 3, "period_days": 7,
                                                      "washout_days": 2})
    write_days(experiment, effect=-2.0)

    response = alice_client.get(reverse("experiments:chart", args=[experiment.pk]))
    svg = _svg(response)

    assert response.status_code == 200
    assert f"{OPEN}Day (hollow: washout, not counted)⟧" in svg
    assert re.search(rf"{OPEN}{OPEN}[^⟧]+⟧ \(0-10\)⟧", svg), "the outcome axis label"


ENGLISH_MONTHS = re.compile(r">(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
@pytest.mark.parametrize("days", [30, 90, 365])
@pytest.mark.parametrize("size", ["phone", "wide"])
def test_chart_dates_name_months_in_the_persons_language(
    alice: User, alice_client: Client, days: int, size: str
) -> None:
    today = dt.date.today()
    for days_ago in range(1, days + 1, max(1, days // 20)):
        make_checkin(alice, day=today - dt.timedelta(days=days_ago))
    svg = _svg(alice_client.get(reverse("diary:history_chart"), {"days": str(days), "size": size}))

    assert re.search(r"⟦[a-z]{3}⟧|⟦[A-Z][a-z]{2}⟧", svg), "a month name, translated"
    assert not ENGLISH_MONTHS.search(svg), "a month name straight from strftime"


@pytest.mark.usefixtures("pseudo_language")
def test_the_points_of_a_questionnaire_change_are_translated() -> None:
    result = CliRunner().invoke(cli, ["questionnaire", "score", "phq9", "--answers", "1,1,1,1,1,1,1,1,0",
                                      "--previous", "15"], catch_exceptions=False)

    assert f"important change of {OPEN}5 points⟧" in result.output, result.output


KEY_FILE_MODULES = ["crypto.py", "keycheck.py", "blindindex.py"]


@pytest.mark.parametrize("module", KEY_FILE_MODULES)
def test_every_key_file_error_is_collected_for_translation(module: str) -> None:
    source = Path(__file__).resolve().parents[1] / module
    lines = _unmarked_sentences(ast.parse(source.read_text(encoding="utf-8")), {"KeyFileError": 0})
    assert not lines, f"{module}: a key-file error not marked with gettext_noop on line(s) {lines}"


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_a_missing_key_file_is_reported_in_the_persons_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from painwise.cli import app
    from painwise.core import crypto

    lost = tmp_path / "field.key"

    def migrate() -> None:
        raise crypto.missing_error(lost)

    monkeypatch.setattr(app, "migrate", migrate)

    result = CliRunner().invoke(cli, ["serve", "--port", "8765", "--no-worker"])

    assert result.exit_code == 1
    assert f"{OPEN}The field-encryption key file {lost} is missing." in result.output


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_plan_pdf_and_its_dates_are_translated(alice: User, alice_client: Client) -> None:
    from pypdf import PdfReader

    from painwise.plan.tests.helpers import part

    part(alice, schedule="every", every_days=3, start_date=dt.date(2026, 12, 1), end_date=dt.date(2026, 12, 31))
    part(alice, choice="sleep_practice", weekdays="024", time_of_day=dt.time(9, 30))

    pdf = alice_client.get(reverse("plan:pdf"))
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())

    assert pdf.status_code == 200
    for expected in ("My plan: alice", "Printed ", "My goals", "(none written yet)", "What I do", "Suggested by",
                     "every 3 days from 01 ⟦Dec⟧ 2026", "from 01 ⟦Dec⟧ 2026 until 31 ⟦Dec⟧ 2026",
                     "⟦Mon⟧, ⟦Wed⟧, ⟦Fri⟧ at 09:30"):
        assert f"{OPEN}{expected}" in text, expected
    assert not re.search(r"\d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", text), text


def test_every_data_check_detail_is_collected_for_translation() -> None:
    clean = Path(__file__).resolve().parents[2] / "nof1" / "clean.py"
    tree = ast.parse(clean.read_text(encoding="utf-8"))
    lines = _unmarked_sentences(tree, {"Message": 0})
    results = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and node.func.id == "CleanResult" and not (isinstance(node.args[1], ast.Constant)
                                                           and node.args[1].value is None)]
    lines += [node.lineno for node in results
              if not (isinstance(node.args[1], ast.Call) and getattr(node.args[1].func, "id", "") == "Message")]
    assert len(results) >= 5
    assert not lines, f"clean.py: a data-check detail not marked with gettext_noop on line(s) {lines}"


@pytest.mark.usefixtures("pseudo_language")
def test_a_data_check_detail_is_translated_at_the_edge() -> None:
    from painwise.core.i18n import translate
    from painwise.nof1.clean import clean_diary
    from painwise.nof1.types import DiaryArrays

    day = np.datetime64("2026-03-01")
    cleaned = clean_diary(DiaryArrays(dates=np.array([day, day]), logged=np.ones(2, dtype=np.bool_),
                                      outcomes={"pain_average": np.array([3.0, 4.0])}, exposures={}))

    assert cleaned.problem is not None
    assert str(cleaned.problem) == "some dates appear more than once"
    assert translate(cleaned.problem) == f"{OPEN}some dates appear more than once⟧"


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.django_db
def test_the_points_of_a_questionnaire_change_are_translated_on_the_score_page(
    alice: User, alice_client: Client
) -> None:
    from painwise.instruments.tests.test_views import _completed

    _completed(alice, [2, 2, 2, 2, 2, 2, 2, 0, 0])
    latest = _completed(alice, [1, 1, 1, 1, 1, 1, 1, 1, 0])

    page = alice_client.get(reverse("instruments:response", args=[latest.pk])).content.decode()

    assert f"({OPEN}5 points⟧)" in page
