"""The stdlib's compat32 parse of well-formed mail, built without the stdlib's line-by-line parser.

Why: ``email.feedparser`` pushes every line of a message through a Python generator, a line buffer
and one regular expression per enclosing boundary. On the council mix that was about a quarter of
mailguard's whole inspection (docs/performance.md). Here the header block is read line by line
(it is short), and each multipart body is cut at its boundary lines with ``str.find``; part texts
are sliced whole, never split into lines.

Exact or nothing: the result is the very tree of :class:`email.message.Message` objects the stdlib
would build from the same bytes — same headers, envelope line, payload strings, preambles and
epilogues, so every stdlib accessor (``get_payload(decode=True)``, ``get_param``, ``get_filename``)
answers as before — or ``None`` when the input has anything whose stdlib handling is not copied
here: most parse defects (two are copied: a missing blank line after the
headers, a missing closing boundary), a lone carriage return, ``multipart/digest``, ``message/delivery-status``,
doubled or missing boundaries. The caller then parses with the stdlib. The rules the stdlib follows
(``email/feedparser.py``, Python 3.11) are cited where they are copied; tests/test_mimeparse.py
compares both trees on every corpus message and fixture, on the benchmark's generated mail, and on
randomly damaged and randomly nested MIME.
"""

from __future__ import annotations

import email.errors as errors
import email.message
import re
from collections.abc import Callable
from typing import NamedTuple

Factory = Callable[[], email.message.Message]

# feedparser.headerRE, used with .match at the start of each line: a header, its continuation,
# or an envelope "From " line.
_IN_HEADER_BLOCK = re.compile(r"From |[\041-\071\073-\176]*:|[\t ]")
_LONE_CR = re.compile(r"\r(?!\n)")
# What may follow "--boundary" on a boundary line (feedparser's boundaryre after the separator).
_BOUNDARY_TAIL = re.compile(r"(--)?[ \t]*(\r?\n|\Z)")
_PLAIN_ENCODINGS = ("7bit", "8bit", "binary")
#: Parts nested deeper than this are left to the stdlib (real mail nests a few levels; the stdlib's
#: parser is a generator, one frame a level, this module's recursion two).
MAX_NESTING = 64


class _NotCopied(Exception):
    """The input needs stdlib behaviour this module does not reproduce: use the stdlib."""


class ParsedHead(NamedTuple):
    """A top-level message with its headers set, and where its body starts in ``raw``."""

    message: email.message.Message
    raw: bytes
    body_start: int   # decoding as ASCII with surrogateescape keeps byte and character offsets equal


#: The first blank line: where the header block ends (shared with message.py's stdlib path).
HEADER_END = re.compile(rb"\r?\n\r?\n")


def parse_head(raw: bytes, factory: Factory = email.message.Message) -> ParsedHead | None:
    """The header block only; the body is filled in by :func:`complete_body` when someone asks.

    Only the bytes up to the first blank line are decoded: most mail is judged on its headers, and a
    50 MB message should not be copied to learn who sent it.
    """
    end = HEADER_END.search(raw)
    # BytesFeedParser decodes its input this way before parsing (feedparser.BytesFeedParser.feed).
    text = raw[: end.end() if end is not None else len(raw)].decode("ascii", "surrogateescape")
    if "\r" in text and _LONE_CR.search(text):
        return None   # the stdlib also ends lines at a lone CR; this module splits at LF only
    message = factory()
    try:
        body_start = _read_headers(message, text, 0, len(text))
    except Exception:  # noqa: BLE001 - _NotCopied, or anything unforeseen: the stdlib decides instead
        return None
    return ParsedHead(message, raw, body_start)


def complete_body(head: ParsedHead, factory: Factory = email.message.Message) -> bool:
    """Fill in the body of ``head.message`` as the stdlib would; False (body left empty) if it cannot."""
    text = head.raw.decode("ascii", "surrogateescape")
    message = head.message
    header_defects = len(message.defects)
    try:
        if "\r" in text and _LONE_CR.search(text, head.body_start):
            raise _NotCopied("a lone carriage return")
        _read_body(message, text, head.body_start, len(text), factory, 0)
    except Exception:  # noqa: BLE001 - _NotCopied, or anything unforeseen: the stdlib decides instead
        # Leave the message as the header step made it, so a second attempt starts clean.
        message._payload = None  # type: ignore[attr-defined]
        message.preamble = message.epilogue = None
        del message.defects[header_defects:]
        return False
    return True


def parse_bytes(raw: bytes, factory: Factory = email.message.Message) -> email.message.Message | None:
    """The whole message, or None where the stdlib must do it."""
    head = parse_head(raw, factory)
    if head is None or not complete_body(head, factory):
        return None
    return head.message


# ---------------------------------------------------------------------------- headers

def _read_headers(message: email.message.Message, text: str, start: int, end: int) -> int:
    """Set the headers found from ``start``; return where the body starts (after the blank line).

    FeedParser._parsegen collects lines while they match headerRE and drops the blank line that
    ends them; _parse_headers then joins continuation lines and splits each header at its colon
    (compat32's header_source_parse). Every defect either of them can record is _NotCopied.
    """
    pos = start
    lineno = 0
    first_line = ""
    continuation: list[str] = []
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline < 0 else newline + 1
        first = text[pos]
        if first == "\n" or first == "\r":   # the blank line ("\r" is always "\r\n" here)
            _set_header(message, first_line, continuation)
            return line_end
        if not _IN_HEADER_BLOCK.match(text, pos, line_end):
            # e.g. a message/rfc822 part sent base64-encoded: the stdlib notes the defect, and the
            # body (here, the base64 text) starts at this line.
            message.defects.append(errors.MissingHeaderBodySeparatorDefect())
            _set_header(message, first_line, continuation)
            return pos
        line = text[pos:line_end]
        if first == " " or first == "\t":
            if not first_line:
                raise _NotCopied("the header block starts with a continuation line")
            continuation.append(line)
        elif line.startswith("From "):
            if lineno != 0:
                raise _NotCopied("an envelope 'From ' line inside the header block")
            message.set_unixfrom(line.rstrip("\n").removesuffix("\r"))
        else:
            if line.startswith(":"):
                raise _NotCopied("a header with no name")
            _set_header(message, first_line, continuation)
            first_line, continuation = line, []
        lineno += 1
        pos = line_end
    _set_header(message, first_line, continuation)
    return end


def _set_header(message: email.message.Message, first_line: str, continuation: list[str]) -> None:
    if not first_line:
        return
    name, value = first_line.split(":", 1)
    value = value.lstrip(" \t") + "".join(continuation)
    message.set_raw(name, value.rstrip("\r\n"))


# ---------------------------------------------------------------------------- bodies

def _read_body(message: email.message.Message, text: str, start: int, end: int, factory: Factory,
               depth: int) -> None:
    if depth > MAX_NESTING:
        raise _NotCopied("nested deeper than real mail is")
    ctype = message.get_content_type()
    if ctype == "message/delivery-status" or ctype == "multipart/digest":
        raise _NotCopied(ctype)
    maintype = ctype.split("/")[0]      # what get_content_maintype() computes
    if maintype == "message":          # another whole message follows: it is the only sub-part
        inner = factory()
        message.attach(inner)
        body_start = _read_headers(inner, text, start, end)
        _read_body(inner, text, body_start, end, factory, depth + 1)
    elif maintype == "multipart":
        _read_multipart(message, text, start, end, factory, depth)
    else:
        message._payload = text[start:end]  # type: ignore[attr-defined]  # what set_payload(str) stores


class _BoundaryLine(NamedTuple):
    start: int        # where the line starts
    end: int          # after its line ending
    closing: bool     # "--boundary--"


def _boundary_lines(text: str, separator: str, start: int, end: int) -> list[_BoundaryLine]:
    """The boundary lines between ``start`` and ``end``, up to the closing one.

    Only separators at the start of a line are looked at (found as newline + separator), so a body
    full of the separator in mid-line costs no more than any other body.
    """
    found: list[_BoundaryLine] = []
    at_line_start = "\n" + separator
    pos = start if text.startswith(separator, start, end) else _after_newline(text.find(at_line_start, start, end))
    while pos >= 0:
        tail = _BOUNDARY_TAIL.match(text, pos + len(separator), end)
        if tail is not None:
            found.append(_BoundaryLine(pos, tail.end(), tail.group(1) is not None))
            if tail.group(1) is not None:
                return found          # everything after the closing line is the epilogue
        pos = _after_newline(text.find(at_line_start, pos + len(separator), end))
    return found


def _after_newline(found: int) -> int:
    return found + 1 if found >= 0 else -1


def _read_multipart(message: email.message.Message, text: str, start: int, end: int, factory: Factory,
                    depth: int) -> None:
    boundary = message.get_boundary()
    if boundary is None or "\n" in boundary or "\r" in boundary:
        raise _NotCopied("a multipart without a usable boundary")
    encoding = message.get("content-transfer-encoding", "8bit")
    if not isinstance(encoding, str) or encoding.lower() not in _PLAIN_ENCODINGS:
        raise _NotCopied("a multipart with a transfer encoding")
    lines = _boundary_lines(text, "--" + boundary, start, end)
    if not lines or lines[0].closing:
        raise _NotCopied("no opening boundary")
    if lines[0].start > start:   # "the last newline belongs to the boundary" (RFC 2046)
        message.preamble = _without_last_eol(text[start:lines[0].start])
    closed = lines[-1].closing
    ends = [line.start for line in lines[1:]] + ([] if closed else [end])
    for opening, part_end in zip(lines[: len(ends)], ends, strict=True):
        if part_end == opening.end and part_end != end:
            raise _NotCopied("two boundary lines in a row")
        part = factory()
        message.attach(part)
        body_start = _read_headers(part, text, opening.end, part_end)
        _read_body(part, text, body_start, part_end, factory, depth + 1)
        _give_last_eol_to_boundary(part)
    if closed:
        message.epilogue = text[lines[-1].end:end]
    else:   # cut short: the last part runs to the end, and there is no epilogue
        message.defects.append(errors.CloseBoundaryNotFoundDefect())


def _give_last_eol_to_boundary(part: email.message.Message) -> None:
    """The newline before a boundary line belongs to the boundary: take it off what the part ended with.

    The stdlib strips it from ``self._last``: the part itself if it is a multipart (its epilogue; an
    empty one becomes None) or a leaf (its payload); for a message/* part, the last message it made.
    """
    last = part
    while last.get_content_maintype() == "message":
        inner = last._payload  # type: ignore[attr-defined]  # get_payload() would decode 8-bit text
        if not isinstance(inner, list) or not inner:
            break
        last = inner[-1]
    if last.get_content_maintype() == "multipart":
        if last.epilogue == "":
            last.epilogue = None
        elif last.epilogue is not None:
            last.epilogue = _without_last_eol(last.epilogue)
        return
    payload = last._payload  # type: ignore[attr-defined]
    if isinstance(payload, str):
        last._payload = _without_last_eol(payload)  # type: ignore[attr-defined]


def _without_last_eol(value: str) -> str:
    if value.endswith("\r\n"):
        return value[:-2]
    if value.endswith(("\n", "\r")):
        return value[:-1]
    return value
