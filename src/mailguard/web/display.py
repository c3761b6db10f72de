"""A held message as the review page shows it: headers and body as plain text, evidence marked.

The mail is hostile input. Nothing here produces HTML: the page's templates escape every piece, the
message's HTML alternative is only ever read through :func:`mailguard.message.parse` (as text, with
no remote content), and attachments are listed by name only. The body is split into blocks so the
page can set the sender's own words apart from quoted ('>') and forwarded history, using the same
segmentation the rules use (:func:`mailguard.segment.segment`), without dropping any line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mailguard.message import MailMessage, NotAMessage, parse
from mailguard.quarantine.store import Item
from mailguard.segment import segment
from mailguard.web.highlight import Highlighter, Span

#: The page shows at most this much text; the rest is available from ``quarantine show --raw``.
MAX_TEXT_CHARS = 100_000
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]{0,3}>)+")

BlockKind = Literal["own", "quoted", "history"]


@dataclass(frozen=True)
class Piece:
    """A run of text; ``mark`` names the evidence it matches, ``anchor`` is set on its first match."""

    text: str
    mark: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Field:
    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Recipient:
    address: str
    pieces: tuple[Piece, ...]
    blind: bool          # an envelope recipient named in neither To nor Cc: a blind copy


@dataclass(frozen=True)
class TextBlock:
    kind: BlockKind
    depth: int
    lines: tuple[tuple[Piece, ...], ...]


@dataclass(frozen=True)
class Evidence:
    text: str
    ref: str
    found: bool


@dataclass(frozen=True)
class FindingView:
    rule: str
    action: str
    clause: str
    explanation: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class MessageView:
    fields: tuple[Field, ...]
    recipients: tuple[Recipient, ...]
    blocks: tuple[TextBlock, ...]
    attachments: tuple[str, ...]
    findings: tuple[FindingView, ...]
    problem: str | None = None      # why the text cannot be shown
    shortened: bool = False


class _Marker:
    """Cuts text into pieces at the highlight spans; remembers which evidence has had its anchor."""

    def __init__(self, highlighter: Highlighter) -> None:
        self.highlighter = highlighter
        self.anchored: set[str] = set()

    def pieces(self, text: str, spans: Iterable[Span] | None = None, offset: int = 0) -> tuple[Piece, ...]:
        out: list[Piece] = []
        pos = 0
        for span in (self.highlighter.spans(text) if spans is None else spans):
            start, end = max(span.start - offset, 0), min(span.end - offset, len(text))
            if end <= start:
                continue
            if start > pos:
                out.append(Piece(text[pos:start]))
            anchor = None if span.ref in self.anchored else span.ref
            self.anchored.add(span.ref)
            out.append(Piece(text[start:end], span.ref, anchor))
            pos = end
        if pos < len(text) or not out:
            out.append(Piece(text[pos:]))
        return tuple(out)


def message_view(item: Item, raw: bytes | None) -> MessageView:
    """Everything the item page shows about the message; never raises for broken mail."""
    refs = [(f"ev-{i}-{j}", str(e)) for i, f in enumerate(item.findings, 1)
            for j, e in enumerate(f.get("evidence") or [], 1)]
    marker = _Marker(Highlighter(refs))
    message: MailMessage | None = None
    problem = None
    if raw is not None:
        try:
            message = parse(raw)
        except NotAMessage as exc:
            problem = f"the stored bytes cannot be shown as a message: {exc}"
    else:
        problem = ("no message was stored for this incident" if item.status in ("blocked", "dry-run")
                   else "the message is not available")
    fields = _fields(item, message, marker)
    shown = {a.address for a in (message.to + message.cc)} if message is not None else set()
    recipients = tuple(Recipient(r, marker.pieces(r), message is not None and r.lower() not in shown)
                       for r in item.rcpt_tos)
    blocks: tuple[TextBlock, ...] = ()
    shortened = False
    attachments: tuple[str, ...] = ()
    if message is not None:
        text = message.text
        shortened = len(text) > MAX_TEXT_CHARS
        blocks = _blocks(text[:MAX_TEXT_CHARS].rstrip("\n"), marker)
        attachments = message.attachment_names
    findings = tuple(
        FindingView(str(f.get("rule", "")), str(f.get("action", "")), str(f.get("clause", "")),
                    str(f.get("explanation", "")),
                    tuple(Evidence(str(e), f"ev-{i}-{j}", f"ev-{i}-{j}" in marker.anchored)
                          for j, e in enumerate(f.get("evidence") or [], 1)))
        for i, f in enumerate(item.findings, 1))
    return MessageView(fields, recipients, blocks, attachments, findings, problem, shortened)


def _fields(item: Item, message: MailMessage | None, marker: _Marker) -> tuple[Field, ...]:
    if message is None:
        values = [("From", item.header_from), ("Subject", item.subject),
                  ("Message-ID", item.message_id or "")]
    else:
        values = [("From", ", ".join(str(a) for a in message.addresses("From"))),
                  ("To", ", ".join(str(a) for a in message.to)),
                  ("Cc", ", ".join(str(a) for a in message.cc)),
                  ("Reply-To", ", ".join(str(a) for a in message.addresses("Reply-To"))),
                  ("Date", message.header("Date")),
                  ("Subject", message.subject),
                  ("Message-ID", message.message_id or "")]
    values.append(("Envelope sender", item.mail_from or "<>"))
    return tuple(Field(label, marker.pieces(value)) for label, value in values if value)


def _blocks(text: str, marker: _Marker) -> tuple[TextBlock, ...]:
    lines = text.split("\n")
    kinds = _line_kinds(lines)
    spans = marker.highlighter.spans(text)
    blocks: list[TextBlock] = []
    current: list[tuple[Piece, ...]] = []
    current_key: tuple[BlockKind, int] | None = None
    offset = 0
    for line, key in zip(lines, kinds, strict=True):
        end = offset + len(line)
        line_spans = [s for s in spans if s.start < end and s.end > offset]
        pieces = marker.pieces(line, line_spans, offset)
        if key != current_key and current:
            assert current_key is not None
            blocks.append(TextBlock(current_key[0], current_key[1], tuple(current)))
            current = []
        current_key = key
        current.append(pieces)
        offset = end + 1
    if current and current_key is not None:
        blocks.append(TextBlock(current_key[0], current_key[1], tuple(current)))
    return tuple(blocks)


def _line_kinds(lines: list[str]) -> list[tuple[BlockKind, int]]:
    """Each line's kind and depth: the sender's own words (0), '>' quotes, or forwarded history.

    The segmenter's own lines are an in-order subsequence of the text's lines; every line it did not
    keep as the sender's own belongs to the history (a forward, an "On ... wrote:" block).
    """
    own = segment("\n".join(lines)).own_lines
    j = 0
    out: list[tuple[BlockKind, int]] = []
    for line in lines:
        quote = _QUOTE_PREFIX.match(line)
        depth = quote.group(0).count(">") if quote else 0
        if j < len(own) and line.lstrip("\ufeff") == own[j].lstrip("\ufeff") and depth == 0:
            j += 1
            out.append(("own", 0))
        elif depth:
            out.append(("quoted", min(depth, 6)))
        elif line.strip() == "" and (not out or out[-1][0] == "own"):
            out.append(("own", 0))
        else:
            out.append(("history", 1))
    return out
