"""The rows of the first sheet of an .xlsx workbook, streamed, with the standard library (no Django).

An .xlsx file is a zip of XML parts (ECMA-376, Office Open XML SpreadsheetML): ``xl/workbook.xml``
names the sheets, ``xl/_rels/workbook.xml.rels`` says which part holds each, ``xl/sharedStrings.xml``
holds the text cells refer to by number, and each sheet part holds ``<row>`` elements of ``<c r="B2"
t="s|str|inlineStr|b|n"><v>…</v></c>`` cells. Only cell values are read (no styles, no formulas):
zip bombs are refused by ``safezip`` and the XML goes through defusedxml (no entities).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError, parse

from painwise.core.messages import gettext_noop
from painwise.exchange.foreign import safezip
from painwise.exchange.formats import FormatError, Problem, problem

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CHUNK = 1 << 16
CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (the 1900 leap-year bug included)
MAX_SHARED_STRINGS = 1_000_000


def column_index(letters: str) -> int:
    """``A`` -> 0, ``Z`` -> 25, ``AA`` -> 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def serial_datetime(value: float) -> dt.datetime:
    """An Excel date serial (days since 1899-12-30, the fraction the time of day) as a naive datetime."""
    return EXCEL_EPOCH + dt.timedelta(seconds=round(value * 86400))  # to the second: serials are binary fractions


def _xml(archive: Any, name: str) -> Any:
    with safezip.member(archive, name) as stream:
        try:
            return parse(stream).getroot()
        except (ParseError, DefusedXmlException) as exc:
            raise FormatError([problem(name, "", gettext_noop("is not readable XML (%(error)s)"), error=exc)]) from None


def _first_sheet(archive: Any) -> str:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        reason = gettext_noop("is a zip but not an Excel workbook (.xlsx): no xl/workbook.xml")
        raise FormatError([problem("file", "", reason)])
    sheet = _xml(archive, "xl/workbook.xml").find(f"{MAIN}sheets/{MAIN}sheet")
    rels = "xl/_rels/workbook.xml.rels"
    if sheet is not None and rels in names:
        wanted = sheet.get(f"{DOC_RELS}id")
        for rel in _xml(archive, rels).iter(f"{RELS}Relationship"):
            if rel.get("Id") == wanted:
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                if path in names:
                    return path
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    raise FormatError([problem("file", "", gettext_noop("is an Excel workbook without a sheet"))])


def _shared_strings(archive: Any) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    for item in _xml(archive, "xl/sharedStrings.xml").iter(f"{MAIN}si"):
        strings.append("".join(t.text or "" for t in item.iter(f"{MAIN}t")))
        if len(strings) > MAX_SHARED_STRINGS:
            reason = gettext_noop("holds more than a million strings; refused")
            raise FormatError([problem("xl/sharedStrings.xml", "", reason)])
    return strings


class _RowTarget:
    """Parser target collecting the cells of each finished ``<row>`` (the sheet is never held whole)."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.rows: list[tuple[int, list[Any]]] = []
        self.row: dict[int, Any] = {}
        self.row_number = 0
        self.cell: tuple[int, str] | None = None
        self.text: list[str] = []
        self.problems: list[Problem] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == f"{MAIN}row":
            self.row_number = int(attrib.get("r", self.row_number + 1))
            self.row = {}
        elif tag == f"{MAIN}c":
            match = CELL.match(attrib.get("r", ""))
            index = column_index(match.group(1)) if match else len(self.row)
            self.cell = (index, attrib.get("t", "n"))
        elif tag in (f"{MAIN}v", f"{MAIN}t"):
            self.text = []

    def data(self, text: str) -> None:
        self.text.append(text)

    def end(self, tag: str) -> None:
        if tag in (f"{MAIN}v", f"{MAIN}t") and self.cell is not None:
            self.row[self.cell[0]] = self._value("".join(self.text), self.cell[1])
        elif tag == f"{MAIN}c":
            self.cell = None
        elif tag == f"{MAIN}row" and self.row:
            width = max(self.row) + 1
            self.rows.append((self.row_number, [self.row.get(i, "") for i in range(width)]))

    def _value(self, text: str, kind: str) -> Any:
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                reason = gettext_noop("refers to text %(text)r the file lacks")
                self.problems.append(problem(f"row {self.row_number}", "", reason, text=text))
                return ""
        if kind in ("str", "inlineStr", "e"):
            return text
        if kind == "b":
            return text == "1"
        try:
            return float(text)
        except ValueError:
            return text

    def close(self) -> None:
        pass


def iter_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of the workbook's first sheet, in order; text as str, numbers as float.

    FormatError names the part and line when the workbook is not readable (a zip bomb, bad XML).
    """
    archive = safezip.open_zip(stream)
    sheet = _first_sheet(archive)
    target = _RowTarget(_shared_strings(archive))
    parser = DefusedXMLParser(target=target)
    with safezip.member(archive, sheet) as xml:
        try:
            while chunk := xml.read(CHUNK):
                parser.feed(chunk)
                yield from target.rows
                target.rows.clear()
            parser.close()
        except ParseError as exc:
            reason = gettext_noop("is not well-formed XML (a damaged or truncated workbook?) (%(error)s)")
            raise FormatError([problem(f"{sheet} line {exc.position[0]}", "", reason, error=exc)]) from None
        except DefusedXmlException as exc:
            reason = gettext_noop("uses XML entities, refused (%(error)s)")
            raise FormatError([problem(sheet, "", reason, error=exc)]) from None
    if target.problems:
        raise FormatError(target.problems)
    yield from target.rows
