"""Reading members of an uploaded zip as streams, refusing zip bombs (no Django)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from painwise.core.messages import gettext_noop
from painwise.exchange.formats import FormatError, problem

# An export larger than this once unpacked is refused (Apple Health exports reach a few GB at most).
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
# Text and XML compress about 10-30 times; a member that claims to expand far more is a bomb.
MAX_RATIO = 200


def is_zip(stream: IO[bytes]) -> bool:
    """Whether the (seekable) stream starts like a zip file; the position is kept."""
    start = stream.tell()
    head = stream.read(4)
    stream.seek(start)
    return head == b"PK\x03\x04"


def open_zip(stream: IO[bytes]) -> zipfile.ZipFile:
    """The zip archive in ``stream``, its declared sizes checked against the bomb limits."""
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile as exc:
        reason = gettext_noop("is not a readable zip file (%(error)s)")
        raise FormatError([problem("file", "", reason, error=exc)]) from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024**2:
            reason = gettext_noop("expands %(ratio)s times (more than %(limit)s); refused as a possible zip bomb")
            raise FormatError([problem(info.filename, "", reason,
                                       ratio=info.file_size // max(info.compress_size, 1), limit=MAX_RATIO)])
    if total > MAX_UNCOMPRESSED_BYTES:
        reason = gettext_noop("unpacks to %(size)s MB, more than the %(limit)s MB limit; refused as a possible "
                              "zip bomb")
        raise FormatError([problem("file", "", reason, size=total // 1024**2,
                                   limit=MAX_UNCOMPRESSED_BYTES // 1024**2)])
    return archive


class _Capped(io.RawIOBase):
    """A member stream that stops with an error when it yields more than its declared size."""

    def __init__(self, raw: IO[bytes], name: str, limit: int) -> None:
        self.raw, self.name, self.limit, self.seen = raw, name, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.limit:
            reason = gettext_noop("holds more than its declared size; refused as a possible zip bomb")
            raise FormatError([problem(self.name, "", reason)])
        buffer[: len(data)] = data
        return len(data)


@contextmanager
def member(archive: zipfile.ZipFile, name: str) -> Iterator[IO[bytes]]:
    """One member of the archive as a binary stream, read lazily, capped at its declared size."""
    info = archive.getinfo(name)
    with archive.open(info) as raw:
        yield io.BufferedReader(_Capped(raw, name, min(info.file_size, MAX_UNCOMPRESSED_BYTES)), 1 << 16)
