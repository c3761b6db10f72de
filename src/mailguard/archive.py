"""Reading mail archives as a stream of raw messages: mbox, Maildir, folders of .eml, single files.

Nothing is loaded whole: an mbox is split as it is read, a few megabytes at a time, so a 10 GB
archive costs the memory of its largest message plus one read. Each message is labelled ``<path>``
(a file holding one message) or ``<path>:<index>`` (the index-th message of an mbox, counting from
0, as Python's ``mailbox`` does), and numbered in the order read, which is the tie-breaker after Date for "seen before".
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mailguard.errors import ArchiveError

#: Compressed archives, opened as binary streams.
_OPENERS: dict[str, Callable[[Path, str], BinaryIO]] = {
    ".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open,  # type: ignore[dict-item]
}
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "dovecot-uidlist", "dovecot-uidvalidity", "dovecot.index",
               "dovecot.index.log", "dovecot.index.cache", "maildirfolder", "courierimapuiddb",
               "courierimapkeywords", "subscriptions"}


@dataclass(frozen=True)
class RawMessage:
    source: str
    raw: bytes
    index: int


def iter_messages(paths: list[Path]) -> Iterator[RawMessage]:
    """Every message under ``paths``, in a stable order (files sorted by name, mbox in file order)."""
    index = 0
    for path in paths:
        if not path.exists():
            raise ArchiveError(f"{path}: no such file or folder (give an mbox file, a Maildir, a folder of "
                               f".eml files or one .eml; export Outlook folders as mbox or .eml first)")
        for source, raw in _iter_path(path):
            yield RawMessage(source, raw, index)
            index += 1


def _iter_path(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        if _is_maildir(path):
            yield from _iter_maildir(path)
            return
        for child in _sorted_children(path):
            if child.is_dir():
                yield from _iter_path(child)
            elif child.is_file():
                yield from _iter_file(child)
        return
    yield from _iter_file(path)


def _sorted_children(path: Path) -> list[Path]:
    try:
        children = [c for c in path.iterdir() if not c.name.startswith(".") or _is_maildir(c)]
    except PermissionError as exc:
        raise ArchiveError(f"{path}: permission denied ({exc.strerror})") from exc
    return sorted((c for c in children if c.name not in _SKIP_NAMES and not c.is_symlink()),
                  key=lambda c: c.name)


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _iter_maildir(path: Path) -> Iterator[tuple[str, bytes]]:
    for sub in ("new", "cur"):
        for child in sorted((path / sub).iterdir(), key=lambda c: c.name):
            if child.is_file() and not child.name.startswith("."):
                yield str(child), _read(child)
    for child in _sorted_children(path):  # Maildir++ sub-folders: .Sent, .Archive.2023 ...
        if child.is_dir() and child.name.startswith(".") and _is_maildir(child):
            yield from _iter_maildir(child)


def _read(path: Path) -> bytes:
    try:
        opener = _OPENERS.get(path.suffix.lower())
        if opener is not None:
            with opener(path, "rb") as f:
                data: bytes = f.read()
                return data
        return path.read_bytes()
    except PermissionError as exc:
        raise ArchiveError(f"{path}: permission denied; run as a user who can read the archive") from exc
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise ArchiveError(f"{path}: cannot read ({exc})") from exc


def _open(path: Path) -> BinaryIO:
    opener = _OPENERS.get(path.suffix.lower())
    try:
        return opener(path, "rb") if opener is not None else open(path, "rb")
    except PermissionError as exc:
        raise ArchiveError(f"{path}: permission denied; run as a user who can read the archive") from exc


def is_mbox(path: Path) -> bool:
    with _open(path) as f:
        head = f.read(5)
    return head == b"From "


def _iter_file(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.name in _SKIP_NAMES:
        return
    try:
        mbox = is_mbox(path)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise ArchiveError(f"{path}: cannot read ({exc})") from exc
    if not mbox:
        yield str(path), _read(path)
        return
    for i, raw in enumerate(split_mbox(path)):
        yield f"{path}:{i}", raw


_FROM_STRICT = re.compile(
    rb"^From (?:-|\S*@\S*|MAILER-DAEMON|\S+)(?: +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b.*| *)\r?\n$")
_HEADERISH = re.compile(rb"^[!-9;-~]+:")


def _is_separator(line: bytes | bytearray, previous_blank: bool, next_line: bytes | bytearray | None) -> bool:
    """Is this "From " line an mbox separator, or a body line that was never escaped?

    A well-formed From_ line ("From jane@x Mon May  1 ...", Netscape's "From - ") separates even
    without the blank line before it that some writers omit; any other "From " line separates only
    after a blank line and when a header line follows ("From time to time" in a body does not).
    """
    if not line.startswith(b"From "):
        return False
    if _FROM_STRICT.match(line) and (line.split(b" ", 2)[1] in (b"-", b"") or b"@" in line.split(b" ", 2)[1]
                                    or re.search(rb" (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ", line)):
        return True
    return previous_blank and next_line is not None and bool(_HEADERISH.match(next_line))


#: How much of an mbox is read at a time; a message larger than this is carried across reads whole.
CHUNK = 4 * 1024 * 1024
#: A line that may matter to the splitter: a possible separator, or a ">From " line to unescape.
#: (Found by the newline before it: a MULTILINE "^" is tried at every byte, ten times slower.)
_CANDIDATE = re.compile(rb"\n>*From ")
_CANDIDATE_HERE = re.compile(rb">*From ")


def split_mbox(path: Path) -> Iterator[bytes]:
    """Messages of an mbox (mboxo/mboxrd), streamed; the From_ separator lines are dropped.

    ">From " lines are unescaped one level (mboxrd), which is harmless for mboxo files. Lines before
    the first separator are dropped, unless there is no separator at all.
    """
    with _open(path) as f:
        yield from _split_stream(f)


def _split_stream(f: BinaryIO, chunk: int = CHUNK) -> Iterator[bytes]:
    """The splitter over a binary stream, read in large chunks.

    Only the lines that start with "From " or ">From " are looked at one by one (found with one
    regular-expression scan per chunk); the rest of the text is sliced, not split into lines. This
    is the line-by-line definition of :func:`_is_separator` applied to exactly the same lines (each
    candidate's previous and next line are complete when it is judged), at a fraction of the cost:
    splitting is done twice per audit, over every byte of the archive.
    """
    buf = bytearray()          # grown and trimmed in place: a large message is not copied per read
    base = 0                   # file offset of buf[0]
    msg_start = 0              # where the current message's text starts in buf
    started = False            # a separator has been seen
    escapes: list[int] = []    # offsets in buf of the current message's ">From " lines
    scan = 0                   # candidates before this offset in buf have been judged
    eof = False
    while not eof:
        data = f.read(chunk)
        eof = not data
        buf += data
        if eof:
            limit = len(buf)
        else:
            # Judge only candidates whose next line is complete: up to the start of the last full line.
            last_nl = buf.rfind(b"\n")
            limit = buf.rfind(b"\n", 0, last_nl) + 1 if last_nl >= 0 else 0
        candidates = _candidates(buf, scan)
        for p in candidates:
            if p >= limit:
                break
            end = buf.find(b"\n", p)
            line_end = len(buf) if end < 0 else end + 1
            if buf[p] == 0x3E:     # ">"
                escapes.append(p)
                continue
            if base + p == 0:
                previous_blank = True
            elif p == 0:
                previous_blank = False      # the previous line was a separator, already consumed
            else:
                q = buf.rfind(b"\n", 0, p - 1) + 1
                previous_blank = p - q <= 2 and bytes(buf[q:p]) in (b"\n", b"\r\n")
            nl = buf.find(b"\n", line_end)
            next_line = buf[line_end: len(buf) if nl < 0 else nl + 1] or None
            if _is_separator(buf[p:line_end], previous_blank, next_line):
                if started:
                    yield _finish_text(buf, msg_start, p, escapes)
                started = True
                msg_start = line_end
                escapes = []
        candidates.close()         # (releases the regular expression's hold on buf before it is trimmed)
        scan = limit               # every candidate before it is judged (a separator ends by limit)
        if started and msg_start > 0:
            # Keep only the current message's text (and what follows) in memory.
            del buf[:msg_start]
            base += msg_start
            scan -= msg_start
            escapes = [e - msg_start for e in escapes]
            msg_start = 0
    if started or buf:
        yield _finish_text(buf, msg_start, len(buf), escapes)


def _candidates(buf: bytearray, scan: int) -> Generator[int, None, None]:
    """Offsets of the lines at or after ``scan`` (a line start) that begin with "From " or ">From "."""
    if _CANDIDATE_HERE.match(buf, scan):
        yield scan
    for m in _CANDIDATE.finditer(buf, scan):
        yield m.start() + 1


def _finish_text(buf: bytearray, start: int, end: int, escapes: list[int]) -> bytes:
    """The message between ``start`` and ``end``: one ">" removed from each ">From " line, and the
    blank line before the next "From " dropped (it belongs to the mbox format, not to the message)."""
    if escapes:
        pieces, at = [], start
        for e in escapes:
            if start <= e < end:
                pieces.append(buf[at:e])
                at = e + 1
        pieces.append(buf[at:end])
        text = b"".join(pieces)
    else:
        with memoryview(buf) as view:
            text = bytes(view[start:end])
    last = text.rfind(b"\n", 0, len(text) - 1) + 1
    if text[last:] in (b"\n", b"\r\n"):
        text = text[:last]
    return text


def count_hint(paths: list[Path]) -> int:
    """Total bytes under ``paths``: a cheap size estimate for progress reporting."""
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            for root, _dirs, files in os.walk(path):
                for name in files:
                    try:
                        total += os.stat(os.path.join(root, name)).st_size
                    except OSError:
                        pass
    return total
