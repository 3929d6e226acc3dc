"""Fixture files of other apps' exports (written for these tests from the formats' descriptions; no real data)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures" / "foreign"
APPLE_XML = FIXTURES / "apple_health_export.xml"
FITBIT_JSON = FIXTURES / "fitbit" / "sleep-2026-03-01.json"
FITBIT_SCORES = FIXTURES / "fitbit" / "sleep_score.csv"
BEARABLE_CSV = FIXTURES / "bearable-export.csv"
MMP_CSV = FIXTURES / "managemypain-export.csv"
GOOGLE_FIT = FIXTURES / "google-fit"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx(rows: list[list[object]], *, sheet: bytes | None = None) -> bytes:
    """An .xlsx workbook of one sheet holding ``rows`` as Excel writes it: text in the shared strings,
    numbers as numbers, datetimes as date serials (or ``sheet`` as the sheet's XML, for broken files)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings: list[str] = []
    body = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            ref = f"{_column(index)}{number}"
            if isinstance(value, dt.datetime):
                serial = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
                cells.append(f'<c r="{ref}" s="1"><v>{serial!r}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value:
                strings.append(str(value))
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        body.append(f'<row r="{number}">{"".join(cells)}</row>')
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return zipped({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"/>',
        "xl/workbook.xml": (f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.'
                            'org/officeDocument/2006/relationships"><sheets><sheet name="Pain Records" sheetId="1" '
                            'r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                                       b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                                       b'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                       b'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{main}">{shared}</sst>'.encode(),
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else (
            f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{"".join(body)}</sheetData></worksheet>'
        ).encode(),
    })


def mmp_xlsx() -> bytes:
    """The Manage My Pain fixture CSV as an Excel workbook (dates as date cells, severities as numbers)."""
    with MMP_CSV.open(newline="", encoding="utf-8") as handle:
        rows: list[list[object]] = [list(row) for row in csv.reader(handle)]
    for row in rows[1:]:
        row[0] = dt.datetime.fromisoformat(str(row[0]))
        row[1] = int(str(row[1]))
    return xlsx(rows)


def google_fit_zip() -> bytes:
    """A Google Takeout zip of Google Fit: two nights' sleep sessions and a walk, one JSON file each."""
    members = {f"Takeout/Fit/All Sessions/{path.name}": path.read_bytes() for path in sorted(GOOGLE_FIT.glob("*.json"))}
    return zipped({**members, "Takeout/Fit/Daily activity metrics/2026-03-02.csv": b"Start time,End time\n"})


def apple_zip() -> bytes:
    """Apple Health's export.zip as the Health app makes it (export.xml under apple_health_export/)."""
    return zipped({"apple_health_export/export.xml": APPLE_XML.read_bytes(),
                   "apple_health_export/export_cda.xml": b"<ClinicalDocument/>"})


def fitbit_zip() -> bytes:
    """A Google Takeout zip of Fitbit data with one month of sleep logs and the sleep scores."""
    return zipped({"Takeout/Fitbit/Global Export Data/sleep-2026-03-01.json": FITBIT_JSON.read_bytes(),
                   "Takeout/Fitbit/Sleep Score/sleep_score.csv": FITBIT_SCORES.read_bytes(),
                   "Takeout/Fitbit/Global Export Data/steps-2026-03-01.json": b"[]"})


# Two nights in March 2026 at UTC+01:00: one with stages (light, deep, REM, an awake spell), one without.
HC_SESSIONS = [
    # row_id, start, end (ms since 1970 UTC), offset seconds
    (1, 1772402400000, 1772431200000, 3600),  # 2026-03-01 23:00 to 2026-03-02 07:00 +01:00
    (2, 1772490600000, 1772517600000, 3600),  # 2026-03-02 23:30 to 2026-03-03 07:00 +01:00
]
HC_STAGES = [
    (1, 1772402400000, 1772413200000, 4),  # light 23:00-02:00, 3 h
    (1, 1772413200000, 1772415000000, 1),  # awake 02:00-02:30
    (1, 1772415000000, 1772424000000, 5),  # deep 02:30-05:00, 2.5 h
    (1, 1772424000000, 1772431200000, 6),  # REM 05:00-07:00, 2 h
]


def health_connect_zip(sessions: list[tuple[int, int, int, int]] | None = None,
                       stages: list[tuple[int, int, int, int]] | None = None) -> bytes:
    """Health Connect's export zip: health_connect_export.db with the sleep tables (other tables left out)."""
    with tempfile.NamedTemporaryFile(suffix=".db") as handle:
        db = sqlite3.connect(handle.name)
        db.executescript(
            "CREATE TABLE sleep_session_record_table (row_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB, "
            "start_time INTEGER, start_zone_offset INTEGER, end_time INTEGER, end_zone_offset INTEGER, "
            "local_date INTEGER, title TEXT, notes TEXT);"
            "CREATE TABLE sleep_stages_table (parent_key INTEGER, stage_start_time INTEGER, stage_end_time INTEGER, "
            "stage_type INTEGER);")
        for row_id, start, end, offset in HC_SESSIONS if sessions is None else sessions:
            db.execute("INSERT INTO sleep_session_record_table (row_id, start_time, start_zone_offset, end_time, "
                       "end_zone_offset) VALUES (?, ?, ?, ?, ?)", (row_id, start, offset, end, offset))
        db.executemany("INSERT INTO sleep_stages_table VALUES (?, ?, ?, ?)", HC_STAGES if stages is None else stages)
        db.commit()
        db.close()
        return zipped({"health_connect_export.db": Path(handle.name).read_bytes()})
