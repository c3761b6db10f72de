"""Splitting mbox files: the chunked splitter must give exactly what the line-by-line definition gives."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailguard.archive import _is_separator, _split_stream, is_mbox, split_mbox
from tests.conftest import CORPORA


def reference_split(data: bytes) -> Iterator[bytes]:
    """The splitter as first written, one line at a time: the definition the fast one must match."""
    f = io.BytesIO(data)
    lines: list[bytes] = []
    previous_blank = True
    started = False
    line = f.readline()
    while line:
        next_line = f.readline()
        if _is_separator(line, previous_blank, next_line or None):
            if started:
                yield _finish(lines)
            lines = []
            started = True
            previous_blank = False
            line = next_line
            continue
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        lines.append(line)
        previous_blank = line in (b"\n", b"\r\n")
        line = next_line
    if started or lines:
        yield _finish(lines)


def _finish(lines: list[bytes]) -> bytes:
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)


def fast_split(data: bytes, chunk: int) -> list[bytes]:
    return list(_split_stream(io.BytesIO(data), chunk))


PIECES = [b"From jane@council.gov.uk Mon May  1 10:00:00 2024\n", b"From - Tue Jun  4 09:00:00 2024\n",
          b"From MAILER-DAEMON Wed Jan  1 00:00:00 2025\n", b"From time to time the hedge needs cutting.\n",
          b"From the clerk\n", b">From the minutes of May:\n", b">>From here on\n", b"From: Jane <j@x.org>\n",
          b"Subject: Fence\n", b"To: a@b.org\n", b"\n", b"\r\n", b"Body text line.\n", b"Dear Tom,\r\n",
          b"From tom@gmail.com Thu Feb  6 12:00:00 2025\r\n", b"From someone\r\n", b"X-Mailer: Outlook\n",
          b"no newline at the end", b"", b"From x@y Sat", b">From"]


def random_mbox(rng: random.Random) -> bytes:
    parts = [b"From jane@council.gov.uk Mon May  1 10:00:00 2024\n"] if rng.random() < 0.9 else []
    for _ in range(rng.randint(0, 60)):
        parts.append(rng.choice(PIECES))
    return b"".join(parts)


@pytest.mark.parametrize("seed", range(300))
def test_the_chunked_splitter_matches_the_line_by_line_definition(seed: int) -> None:
    rng = random.Random(seed)
    data = random_mbox(rng)
    expected = list(reference_split(data))
    for chunk in (1, 2, 7, 64, 1 << 22):
        assert fast_split(data, chunk) == expected, (chunk, data)


def test_escaped_from_lines_and_separators_without_blank_lines() -> None:
    data = (b"From a@b Mon May  1 10:00:00 2024\nSubject: one\n\n>From the minutes\nbody\n\n"
            b"From time to time\nFrom b@c Tue May  2 10:00:00 2024\nSubject: two\n\nsecond\n")
    assert fast_split(data, 5) == [b"Subject: one\n\nFrom the minutes\nbody\n\nFrom time to time\n",
                                   b"Subject: two\n\nsecond\n"]


def test_a_message_larger_than_a_chunk_is_carried_whole(tmp_path: Path) -> None:
    big = b"x" * 100 + b"\n"
    data = (b"From a@b Mon May  1 10:00:00 2024\nSubject: big\n\n" + big * 5000 + b"\n"
            b"From a@b Mon May  1 10:00:00 2024\nSubject: small\n\nhi\n")
    assert fast_split(data, 4096) == list(reference_split(data))
    path = tmp_path / "sent.mbox"
    path.write_bytes(data)
    assert [len(m) for m in split_mbox(path)] == [len(b"Subject: big\n\n" + big * 5000), len(b"Subject: small\n\nhi\n")]


def test_the_real_mboxes_of_the_corpora_split_as_before() -> None:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not here (it ships with the development machine, not the package)")
    checked = 0
    for path in sorted(CORPORA.rglob("*")):
        if path.is_file() and path.stat().st_size < 20_000_000 and is_mbox(path):
            assert list(split_mbox(path)) == list(reference_split(path.read_bytes())), path
            checked += 1
    assert checked > 0
