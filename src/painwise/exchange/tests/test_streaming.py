"""Exports are streamed: the web download, the API and `painwise export --output` send the file in pieces,
and the pieces joined are byte for byte the file built whole (what backups, reports and the round trip use)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone

from painwise.accounts.services import user_zone
from painwise.cli import cli
from painwise.core.types import User
from painwise.exchange import formats, services
from painwise.exchange.tests.diaries import build_rich_diary
from painwise.testing import confirm_password

CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


@pytest.fixture
def rich(alice: User, monkeypatch: pytest.MonkeyPatch) -> User:
    """Alice with one of everything, every export made at the same second, and pieces as small as they go."""
    build_rich_diary(alice)
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(services, "PIECE_BYTES", 1)
    monkeypatch.setattr(formats, "CSV_ROWS_PER_PIECE", 1)
    return alice


def as_built_whole(fmt: str, body: bytes) -> bytes:
    """The file as the whole-file writers laid it out: ``json.dumps(indent=2)``, or ``csv.writer`` rows."""
    text = body.decode("utf-8")
    if fmt == "json":
        return (json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv.reader(io.StringIO(text.removeprefix("\ufeff"),
                                                                              newline="")))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("route", ["/data/export/{fmt}/", "/api/v1/export?format={fmt}"])
def test_the_download_is_streamed_and_is_the_whole_file_byte_for_byte(
    alice_client: Client, rich: User, fmt: str, route: str,
) -> None:
    confirm_password(alice_client)
    response = alice_client.get(route.format(fmt=fmt))

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    stamp = timezone.now().astimezone(user_zone(rich)).date().isoformat()  # the person's own day (New York)
    assert response["Content-Disposition"] == f'attachment; filename="painwise-alice-{stamp}.{fmt}"'
    assert "no-store" in response["Cache-Control"]
    pieces = list(cast("Iterator[bytes]", cast("StreamingHttpResponse", response).streaming_content))
    body = b"".join(pieces)
    assert len(pieces) > 20  # sent as it is written, not as one block
    assert body == services.export_user(user=rich, fmt=fmt).content
    assert body == as_built_whole(fmt, body)


def test_every_kind_of_record_is_in_the_streamed_file(alice_client: Client, rich: User) -> None:
    confirm_password(alice_client)
    doc = json.loads(alice_client.get("/api/v1/export?format=json").getvalue())

    empty = [key for key in [*formats.JSON_LISTS, *(s.key for s in formats.sections())] if not doc[key]]
    assert empty == []
    # When the export was made, in the person's own zone, to the second (as before it was streamed).
    assert doc["exported_at"] == timezone.now().astimezone(user_zone(rich)).replace(microsecond=0).isoformat()


def test_a_diary_with_nothing_logged_streams_the_same_layout(alice_client: Client, alice: User) -> None:
    confirm_password(alice_client)
    for fmt in ("json", "csv"):
        body = alice_client.get(f"/data/export/{fmt}/").getvalue()
        assert body == as_built_whole(fmt, body)
    doc = json.loads(alice_client.get("/data/export/json/").getvalue())
    assert doc["checkins"] == []
    assert doc["entries"] == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_command_line_writes_the_same_file(rich: User, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"diary.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--user", "alice", "--format", fmt, "--output", str(target)],
                                catch_exceptions=False)

    assert result.exit_code == 0
    written = target.read_bytes()
    assert written == services.export_user(user=rich, fmt=fmt).content
    assert f"Wrote {len(written)} bytes of {fmt}" in result.stderr
