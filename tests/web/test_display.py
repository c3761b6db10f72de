"""The message as the page shows it: evidence found in the text, own words apart from quotes and forwards."""

from __future__ import annotations

from typing import Any

from mailguard.quarantine.store import Item
from mailguard.web.display import Piece, message_view
from mailguard.web.highlight import Highlighter, needles
from tests.conftest import BAKER, CLERK, CONTRACTOR, D, mail
from tests.relay.harness import crlf


def item(findings: list[dict[str, Any]], rcpts: tuple[str, ...] = (f"cllr.baker@{D}",),
         status: str = "held") -> Item:
    return Item(id="20240501-ABCDEF", status=status, received_at="2024-05-01T10:00:00Z", message_id=None,
                mail_from=f"clerk@{D}", rcpt_tos=rcpts, smtputf8=False, header_from=CLERK, subject="Test",
                size=0, sha256="x" if status == "held" else None, verdict="quarantine", rules=("r",),
                findings=tuple(findings), client="127.0.0.1")


def text_of(pieces: tuple[Piece, ...]) -> str:
    return "".join(p.text for p in pieces)


def test_needles_are_the_quoted_words_and_the_addresses() -> None:
    assert needles("\u201cPlease go ahead with the works.\u201d") == ["Please go ahead with the works"]
    assert needles(f"blind copy to cllr.smith@{D} (Cllr Anne Smith)") == [f"cllr.smith@{D}"]
    assert needles("body: \u201cPRIVATE AND CONFIDENTIAL\u201d") == ["PRIVATE AND CONFIDENTIAL"]
    assert needles("reproduced text: \u201cthe caretaker has been... about \u00a3900 a week\u201d") == \
        ["the caretaker has been", "about \u00a3900 a week"]
    assert needles("in the name of Cllr Tom Baker (signature)") == []
    assert needles("\u201cok\u201d") == []                   # too short to point at anything


def test_matching_ignores_case_line_breaks_and_quote_marks() -> None:
    h = Highlighter([("a", "\u201cplease go ahead with the works\u201d")])
    text = "Thanks.\n> Please go\n> ahead with the\n> works today."
    [span] = h.spans(text)
    assert text[span.start:span.end] == "Please go\n> ahead with the\n> works" and span.ref == "a"


def test_overlapping_evidence_is_merged() -> None:
    h = Highlighter([("a", "\u201cgo ahead with\u201d"), ("b", "\u201cahead with the works\u201d")])
    [span] = h.spans("Please go ahead with the works.")
    assert (span.start, span.end, span.ref) == (7, 30, "a")


def test_the_view_marks_evidence_in_headers_recipients_and_text() -> None:
    body = "Dear Tom,\n\nPlease go ahead with the works.\n\nJane\n"
    raw = crlf(mail(CLERK, BAKER, body, subject="Fence"))
    findings = [{"rule": "x", "action": "quarantine", "clause": "c", "explanation": "e",
                 "evidence": ["\u201cPlease go ahead with the works.\u201d", f"blind copy to cllr.smith@{D}",
                              "not in the message"]}]
    view = message_view(item(findings, (f"cllr.baker@{D}", f"cllr.smith@{D}")), raw)
    [finding] = view.findings
    assert [e.found for e in finding.evidence] == [True, True, False]
    marked = [p for b in view.blocks for line in b.lines for p in line if p.mark]
    assert [(p.text, p.anchor) for p in marked] == [("Please go ahead with the works", "ev-1-1")]
    baker, smith = view.recipients
    assert not baker.blind and smith.blind
    assert smith.pieces[0].mark == "ev-1-2" and smith.pieces[0].anchor == "ev-1-2"
    assert {f.label for f in view.fields} >= {"From", "To", "Subject", "Date", "Envelope sender"}


def test_quotes_and_forwards_are_set_apart_without_losing_a_line() -> None:
    body = ("Hi Dave,\n\nSee below.\n\nOn 1 May 2024, Jane wrote:\n> Original line one\n> > older\n\n"
            "Tom\n\n---------- Forwarded message ---------\nFrom: Jane <clerk@example.org>\nSubject: Old\n\n"
            "Forwarded text.\n")
    raw = crlf(mail(CLERK, CONTRACTOR, body))
    view = message_view(item([]), raw)
    kinds = [(b.kind, b.depth, [text_of(line) for line in b.lines]) for b in view.blocks]
    shown = [line for _, _, lines in kinds for line in lines]
    assert "\n".join(shown) == body.rstrip("\n")           # every line, in order
    assert ("quoted", 1, ["> Original line one"]) in kinds and ("quoted", 2, ["> > older"]) in kinds
    assert kinds[0] == ("own", 0, ["Hi Dave,", "", "See below.", ""])
    history = [k for k in kinds if k[0] == "history"]
    assert any("---------- Forwarded message ---------" in lines for _, _, lines in history)
    assert any("Forwarded text." in lines for _, _, lines in history)


def test_html_only_mail_is_shown_as_its_text() -> None:
    html = ("<html><body><p>Hello <b>there</b></p><img src='http://203.0.113.9/x.png'>"
            "<script>alert(1)</script></body></html>")
    view = message_view(item([]), crlf(mail(CLERK, BAKER, html=html, html_only=True)))
    text = "\n".join(text_of(line) for b in view.blocks for line in b.lines)
    assert "Hello there" in text and "203.0.113.9" not in text and "alert" not in text


def test_incidents_and_unreadable_bytes_still_give_a_view() -> None:
    blocked = message_view(item([], status="blocked"), None)
    assert blocked.problem and "no message was stored" in blocked.problem and blocked.blocks == ()
    binary = message_view(item([]), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    assert binary.problem and "Outlook" in binary.problem
