"""The only module that parses mail.

Parsing is done once, to the tree of ``email.policy.compat32`` (four times faster than
``policy.default`` and more forgiving of broken mail), and everything beyond the header block is
computed lazily: most messages a council sends never need their body decoded. The tree is built by
:mod:`mailguard.mimeparse` (the same tree, three times faster) and by the stdlib's parser where
that declines (damaged or unusual MIME). Headers are decoded here, once, so no
other module touches RFC 2047 or charsets.

A message never makes this module raise: broken MIME, unknown charsets and bad base64 are decoded
as well as they can be and recorded in ``defects``. Only bytes that are not a mail message at all
(an Outlook ``.msg`` file, a binary) are refused, with :class:`NotAMessage`.
"""

from __future__ import annotations

import email
import email.feedparser
import email.message
import email.utils
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.policy import compat32
from functools import cached_property
from typing import Any

from mailguard import mimeparse
from mailguard.htmltext import html_to_text

#: Attached messages nest at most this deep (flanker's "enclosed-endless" recurses for 3 MB).
MAX_DEPTH = 12
#: Text beyond this many characters per part is not inspected (a 50 MB log file is not correspondence).
MAX_TEXT_CHARS = 400_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:", re.MULTILINE)


class NotAMessage(ValueError):
    """Bytes that are not an RFC 5322 message; ``str()`` says what they look like and what to do."""


@dataclass(frozen=True)
class Address:
    display: str
    address: str  # lower-cased; "" when the header had a name but no usable address

    def __str__(self) -> str:
        if self.display and self.address:
            return f"{self.display} <{self.address}>"
        return self.address or self.display


def decode_header_value(value: object) -> str:
    """Decode RFC 2047 words; never raises. Unknown charsets fall back to latin-1 then replacement."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        value = str(value)
    text = str(value)
    if "=?" not in text:
        return _clean_ws(text)
    try:
        return _clean_ws(str(make_header(decode_header(text))))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        parts = []
        for chunk, charset in _safe_decode_header(text):
            if isinstance(chunk, bytes):
                parts.append(_decode_bytes(chunk, charset))
            else:
                parts.append(chunk)
        return _clean_ws("".join(parts))


def _safe_decode_header(text: str) -> list[tuple[bytes | str, str | None]]:
    try:
        return list(decode_header(text))
    except (ValueError, email.errors.HeaderParseError):
        return [(text, None)]


def _clean_ws(text: str) -> str:
    return re.sub(r"[\r\n]+[ \t]*", " ", text).strip()


def _decode_bytes(data: bytes, charset: str | None) -> str:
    for cs in (charset, "utf-8", "cp1252"):
        if not cs:
            continue
        try:
            return data.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def parse_addresses(values: list[str]) -> list[Address]:
    """Addresses from header values; tolerant of the many ways real mail gets this wrong.

    Cached by value: a council's mail is to and from the same few hundred people, and the stdlib's
    address parser costs ~50 us a header.
    """
    return list(_parse_addresses(tuple(str(v) for v in values)))


@functools.lru_cache(maxsize=8192)
def _parse_addresses(values: tuple[str, ...]) -> tuple[Address, ...]:
    out: list[Address] = []
    decoded = [decode_header_value(v) for v in values if v]
    named_only = [d for d in decoded if "@" not in d]
    decoded = [d for d in decoded if "@" in d]
    for value in named_only:  # "Cc: Jane Doe" with no address at all: keep the names
        for name in value.split(","):
            name = name.strip().strip('"').strip()
            if name and not name.endswith(":;") and name != ";":
                out.append(Address(display=name, address=""))
    try:
        pairs = email.utils.getaddresses(decoded)
    except (RecursionError, ValueError, IndexError):  # pathological nesting of comments/quotes
        pairs = [("", a) for d in decoded for a in re.findall(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", d)]
    for display, addr in pairs:
        addr = addr.strip().strip("<>").strip().lower()
        display = display.strip().strip('"').strip()
        if addr and "@" not in addr:
            # "Jane Doe" with no address at all comes back as the address; keep it as a name.
            display, addr = display or addr, ""
        if addr or display:
            out.append(Address(display=display, address=addr))
    return tuple(out)


class MailMessage:
    """One message (top-level or attached), parsed once, decoded lazily.

    A message from :func:`parse` starts with its header block parsed alone; the whole message is
    parsed (once) only when something reads the body. Most of a council's mail is judged on its
    headers: who sends it to whom decides which rules can apply at all.
    """

    def __init__(self, msg: email.message.Message | None, raw: bytes | None = None, depth: int = 0, *,
                 head: _TwoStepParse | _FastParse | None = None) -> None:
        if msg is not None:
            self.__dict__["_msg"] = msg          # already complete (an attached message)
            self._head = msg
        elif raw is None or head is None:
            raise ValueError("a MailMessage needs the parsed message, or the raw bytes and their first "
                             "parse step")
        else:
            self._head = head.head
            self._rest = head
        self.raw = raw
        self.depth = depth

    @cached_property
    def _msg(self) -> email.message.Message:
        """The complete parse: on the first look at the body (the parser goes on after the headers)."""
        return self._rest.complete()

    # ------------------------------------------------------------------ headers
    def header(self, name: str) -> str:
        return decode_header_value(self._head.get(name))

    def headers(self, name: str) -> list[str]:
        return [decode_header_value(v) for v in (self._head.get_all(name) or [])]

    def raw_headers(self) -> list[tuple[str, str]]:
        return [(k, decode_header_value(v)) for k, v in self._head.items()]

    def addresses(self, *names: str) -> list[Address]:
        values: list[str] = []
        for name in names:
            values.extend(str(v) for v in (self._head.get_all(name) or []))
        return parse_addresses(values)

    @cached_property
    def sender(self) -> Address | None:
        found = self.addresses("From")
        return found[0] if found else None

    @cached_property
    def to(self) -> list[Address]:
        return self.addresses("To")

    @cached_property
    def cc(self) -> list[Address]:
        return self.addresses("Cc")

    @cached_property
    def bcc(self) -> list[Address]:
        return self.addresses("Bcc")

    @cached_property
    def subject(self) -> str:
        return self.header("Subject")

    @cached_property
    def message_id(self) -> str | None:
        mid = self.header("Message-ID").strip()
        return mid or None

    @cached_property
    def references(self) -> tuple[str, ...]:
        ids = re.findall(r"<[^<>\s]+>", " ".join(self.headers("References") + self.headers("In-Reply-To")))
        return tuple(dict.fromkeys(ids))

    @cached_property
    def date(self) -> datetime | None:
        value = self.header("Date")
        if not value:
            return None
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed is None:
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed

    @property
    def defects(self) -> list[str]:
        found = [type(d).__name__ for d in self._msg.defects]
        for part in self._walk():
            found.extend(type(d).__name__ for d in part.defects)
        return found

    # ------------------------------------------------------------------ body
    def _walk(self) -> list[email.message.Message]:
        """All parts of this message, not descending into attached messages."""
        out: list[email.message.Message] = []
        stack = [self._msg]
        while stack:
            part = stack.pop()
            if part is not self._msg:
                out.append(part)
            if _maintype(part) == "message":
                continue
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed([p for p in payload if isinstance(p, email.message.Message)]))
        return out

    def _parts_in_order(self) -> list[email.message.Message]:
        if not self._msg.is_multipart():
            return [self._msg]
        return [p for p in self._walk() if not p.is_multipart()]

    @cached_property
    def _text_pieces(self) -> tuple[list[_Piece], list[_Piece]]:
        """Which parts make up (plain, html-as-text) of the inline body, as a mail client would show them.

        Only the choice is made here; decoding (and rendering HTML, the slow part) waits until a rule
        reads :attr:`text` or :attr:`html_text`, and most messages only ever need the plain text.
        """
        plain: list[_Piece] = []
        html: list[_Piece] = []
        self._collect_text(self._msg, plain, html, in_alternative=False)
        return plain, html

    def _collect_text(self, part: email.message.Message, plain: list[_Piece], html: list[_Piece],
                      in_alternative: bool) -> None:
        ctype = _content_type(part)
        if part.is_multipart():
            payload = part.get_payload()
            if not isinstance(payload, list):
                return
            children = [c for c in payload if isinstance(c, email.message.Message)]
            if ctype == "multipart/alternative":
                plains = [c for c in children if _content_type(c) == "text/plain"]
                htmls = [c for c in children if _content_type(c) == "text/html"]
                others = [c for c in children if c.is_multipart()]
                p_out: list[_Piece] = []
                h_out: list[_Piece] = []
                for c in plains:
                    self._collect_text(c, p_out, h_out, True)
                for c in htmls:
                    self._collect_text(c, p_out, h_out, True)
                for c in others:  # e.g. multipart/related holding the HTML
                    self._collect_text(c, [], h_out, True)
                plain.extend(p_out or h_out)
                html.extend(h_out or p_out)
                return
            for child in children:
                if isinstance(child, email.message.Message) and _maintype(child) != "message":
                    self._collect_text(child, plain, html, in_alternative)
            return
        if _is_attachment(part):
            return
        if ctype == "text/plain" or (ctype.startswith("text/") and ctype not in ("text/html", "text/calendar")
                                     and part is self._msg):
            piece = _Piece(part, as_html=False)
            plain.append(piece)
            if not in_alternative:
                html.append(piece)
        elif ctype == "text/html":
            piece = _Piece(part, as_html=True)
            html.append(piece)
            if not in_alternative:
                plain.append(piece)
        elif part is self._msg and _maintype(part) not in ("image", "audio", "video", "application"):
            piece = _Piece(part, as_html=False)
            plain.append(piece)
            html.append(piece)

    @staticmethod
    def _decode_text(part: email.message.Message) -> str:
        try:
            data = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001 - compat32 can raise on pathological encodings
            data = None
        if data is None:
            payload = part.get_payload()
            data = payload.encode("utf-8", "replace") if isinstance(payload, str) else b""
        if not isinstance(data, bytes):
            return ""
        data = data[: MAX_TEXT_CHARS * 2]
        charset = None
        try:
            charset = part.get_content_charset()
        except Exception:  # noqa: BLE001 - malformed parameters
            charset = None
        if charset in ("unknown-8bit", "x-unknown", "us-ascii", "ascii"):
            charset = None if charset.startswith(("unknown", "x-")) else "utf-8"  # utf-8 is a superset
        text = _decode_bytes(data, charset)
        return text.replace("\r\n", "\n").replace("\r", "\n")[:MAX_TEXT_CHARS]

    @cached_property
    def text(self) -> str:
        """The body as a reader sees it: the plain-text alternative if there is one, else HTML as text."""
        return "\n".join(p.text(self._decode_text) for p in self._text_pieces[0])

    @cached_property
    def html_text(self) -> str:
        """The HTML alternative rendered as text (blockquotes as '>' lines); the plain text if none."""
        return "\n".join(p.text(self._decode_text) for p in self._text_pieces[1])

    @cached_property
    def attachment_names(self) -> tuple[str, ...]:
        names = []
        for part in self._parts_in_order():
            if _is_attachment(part) or _maintype(part) == "message":
                names.append(_filename(part) or _content_type(part))
        return tuple(names)

    @cached_property
    def attached_messages(self) -> tuple[MailMessage, ...]:
        """Messages carried as message/rfc822 parts or as .eml attachments, parsed the same way."""
        if self.depth >= MAX_DEPTH:
            return ()
        found: list[MailMessage] = []
        for part in self._walk():
            ctype = _content_type(part)
            inner: email.message.Message | None = None
            if ctype in ("message/rfc822", "message/global"):
                payload = part.get_payload()
                if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
                    inner = payload[0]
                elif isinstance(payload, str) and payload.strip():
                    data = part.get_payload(decode=True)
                    inner = _parse_bytes(data if isinstance(data, bytes) else payload.encode("latin-1", "replace"))
            elif _is_eml_attachment(part):
                data = part.get_payload(decode=True)
                if isinstance(data, bytes) and _looks_like_mail(data):
                    inner = _parse_bytes(data)
            if inner is not None:
                found.append(MailMessage(inner, depth=self.depth + 1))
        return tuple(found)


class _Piece:
    """One part of the inline body, decoded (and HTML rendered as text) on first use, then kept."""

    __slots__ = ("part", "as_html", "_text")

    def __init__(self, part: email.message.Message, as_html: bool) -> None:
        self.part = part
        self.as_html = as_html
        self._text: str | None = None

    def text(self, decode: Callable[[email.message.Message], str]) -> str:
        if self._text is None:
            raw = decode(self.part)
            self._text = html_to_text(raw) if self.as_html else raw
        return self._text


def _header_str(part: email.message.Message, name: str) -> str:
    """A raw header as text; compat32 hands back ``Header`` objects for 8-bit values."""
    value = part.get(name)
    return str(value) if value is not None else ""


# Each part's content type and file name are asked for several times per message (choosing the
# text, listing attachments, finding attached mail), and the stdlib works each out from the raw
# header every time. They are kept on the part after the first look: mailguard never changes a
# parsed message, and only reads a part once its parse is complete.

def _content_type(part: email.message.Message) -> str:
    known = part.__dict__.get("_mailguard_ctype")
    if known is None:
        known = part.__dict__["_mailguard_ctype"] = part.get_content_type()
    return known


def _maintype(part: email.message.Message) -> str:
    return _content_type(part).split("/", 1)[0]


def _filename(part: email.message.Message) -> str:
    known = part.__dict__.get("_mailguard_filename")
    if known is None and "name" not in (_header_str(part, "Content-Disposition")
                                        + _header_str(part, "Content-Type")).lower():
        known = part.__dict__["_mailguard_filename"] = ""   # no (file)name parameter: no need to parse them
    if known is None:
        try:
            known = decode_header_value(part.get_filename() or "")
        except Exception:  # noqa: BLE001 - malformed RFC 2231 parameters
            known = ""
        part.__dict__["_mailguard_filename"] = known
    return known


def _is_attachment(part: email.message.Message) -> bool:
    disposition = _header_str(part, "Content-Disposition").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    if _maintype(part) in ("image", "audio", "video", "application", "model", "font"):
        return True
    return bool(_filename(part)) and disposition != "inline"


def _is_eml_attachment(part: email.message.Message) -> bool:
    return _filename(part).lower().endswith(".eml") and _maintype(part) != "multipart"


def _looks_like_mail(data: bytes) -> bool:
    head = data[:4096]
    return bool(_HEADER_LINE.search(head)) and (b"\nFrom:" in b"\n" + head or b"\nSubject:" in b"\n" + head
                                                 or b"\nfrom:" in b"\n" + head)


# ---------------------------------------------------------------------------- a faster stdlib parse
# email.feedparser compiles a new regular expression for the boundary of every multipart it meets
# (``re.compile('(?P<sep>' + re.escape(separator) + ...)``). Boundaries are unique per message, so
# Python's pattern cache never helps: the compile (~100 us) cost more than the rest of parsing a
# 5 KB message. The parser is handed a matcher that does the same with a pattern cached per
# boundary *length*: the line must start with the separator, then the standard tail is matched.
# Same match objects and groups as the stdlib's, so the parse is unchanged (tests/test_message.py
# compares both on every fixture); any other pattern goes to ``re.compile`` as before.
_BOUNDARY_HEAD = "(?P<sep>"
_BOUNDARY_TAIL = r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


@functools.lru_cache(maxsize=512)
def _boundary_pattern(length: int) -> re.Pattern[str]:
    return re.compile(r"(?P<sep>(?s:.){%d})" % length + _BOUNDARY_TAIL[1:])


class _BoundaryMatcher:
    __slots__ = ("separator", "_pattern")

    def __init__(self, separator: str) -> None:
        self.separator = separator
        self._pattern = _boundary_pattern(len(separator))

    def match(self, line: str) -> re.Match[str] | None:
        return self._pattern.match(line) if line.startswith(self.separator) else None


class _FeedparserRe:
    """Stands in for the ``re`` module inside :mod:`email.feedparser` only."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def compile(pattern: Any, flags: int = 0) -> Any:
        if (not flags and isinstance(pattern, str) and pattern.startswith(_BOUNDARY_HEAD)
                and pattern.endswith(_BOUNDARY_TAIL)):
            escaped = pattern[len(_BOUNDARY_HEAD):-len(_BOUNDARY_TAIL)]
            separator = _UNESCAPE.sub(r"\1", escaped)
            if re.escape(separator) == escaped:
                return _BoundaryMatcher(separator)
        return re.compile(pattern, flags)


email.feedparser.re = _FeedparserRe()  # type: ignore[attr-defined]


def _parse_bytes(raw: bytes) -> email.message.Message:
    fast = mimeparse.parse_bytes(raw)
    return fast if fast is not None else email.message_from_bytes(raw, policy=compat32)


def parse(raw: bytes) -> MailMessage:
    """Parse one message. Raises :class:`NotAMessage` only for bytes that are not mail at all."""
    if raw.startswith(_OLE_MAGIC):
        raise NotAMessage("this is an Outlook .msg file (binary), not an RFC 5322 message; "
                          "save it from Outlook as .eml, or export the folder as an mbox")
    if not raw or raw.isspace():       # (not raw.strip(): that copies the whole message to look at it)
        raise NotAMessage("empty file: there is no message to check")
    head = raw[:8192]
    if raw.startswith(b"From ") :
        first_nl = raw.find(b"\n")
        head = raw[first_nl + 1: first_nl + 8193] if first_nl >= 0 else b""
    first_line = head.split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first_line) and not first_line.startswith((b" ", b"\t")):
        if not _HEADER_LINE.search(head[:2048]):
            raise NotAMessage("no mail headers found (From:, To:, Subject: ...); "
                              "this looks like a plain text file rather than a saved e-mail")
    if head.count(b"\x00") > 16:
        raise NotAMessage("binary data, not an e-mail message")
    fast = mimeparse.parse_head(raw)
    return MailMessage(None, raw=raw, head=_TwoStepParse(raw) if fast is None else _FastParse(fast))




class _FastParse:
    """The same two steps with :mod:`mailguard.mimeparse` (3x faster), and the stdlib where it declines."""

    __slots__ = ("_parsed", "_complete", "head")

    def __init__(self, parsed: mimeparse.ParsedHead) -> None:
        self._parsed: mimeparse.ParsedHead | None = parsed
        self._complete: email.message.Message | None = None
        self.head = parsed.message

    def complete(self) -> email.message.Message:
        if self._complete is None:
            assert self._parsed is not None
            if mimeparse.complete_body(self._parsed):
                self._complete = self._parsed.message
            else:   # the headers are the same either way: the stdlib parses the whole message again
                self._complete = email.message_from_bytes(self._parsed.raw, policy=compat32)
            self._parsed = None
        return self._complete


class _TwoStepParse:
    """One stdlib parse of a message in two steps: the header block now, the rest when asked.

    The parser is fed the bytes up to the first blank line (it has then read every header: it ends
    the header block there, or earlier at a line that is not a header), and the rest only if the body
    is needed. ``BytesParser`` itself feeds the same parser in 8 KB pieces: where the input is cut
    does not change the result (tests compare with a one-step parse on every fixture). The message
    object the parser made first is the top-level message, already holding its headers.
    """

    __slots__ = ("_parser", "_raw", "_cut", "_complete", "head")

    def __init__(self, raw: bytes) -> None:
        made: list[email.message.Message] = []

        def factory(policy: Any = compat32) -> email.message.Message:
            message = email.message.Message(policy=policy)
            made.append(message)
            return message

        self._parser = email.feedparser.BytesFeedParser(factory, policy=compat32)
        made.clear()                    # the parser makes one to learn how to call the factory
        end = mimeparse.HEADER_END.search(raw)
        cut = end.end() if end is not None else len(raw)
        self._parser.feed(raw[:cut])
        self._raw: bytes | None = raw     # the rest is cut off only when needed: no copy of a large body
        self._cut = cut
        self._complete: email.message.Message | None = None
        if cut == len(raw) or not made:
            self.head = self.complete()
        else:
            self.head = made[0]

    def complete(self) -> email.message.Message:
        if self._complete is None:
            assert self._raw is not None
            self._parser.feed(self._raw[self._cut:])
            self._raw = None
            self._complete = self._parser.close()
        return self._complete
