"""Own text vs quoted and forwarded history, in the styles of the common mail clients."""

from __future__ import annotations

from mailguard.segment import parse_loose_addresses, segment


def test_outlook_original_message_block():
    b = segment("Reply here.\n\n-----Original Message-----\nFrom: Jane Doe [mailto:clerk@x.gov.uk]\n"
                "Sent: 03 May 2024 10:12\nTo: Baker, Tom; Smith, Anne\nSubject: Fence\n\nOld text.\n")
    assert b.own_text == "Reply here."
    [e] = b.embedded
    assert e.sender is not None and e.sender.address == "clerk@x.gov.uk"
    assert [a.display for a in e.to] == ["Tom Baker", "Anne Smith"]
    assert e.subject == "Fence" and e.body.own_text == "Old text."


def test_outlook_header_block_after_underscores_without_separator():
    b = segment("Thanks.\n\n________________________________\nFrom: Jane Doe <clerk@x.gov.uk>\n"
                "Sent: Friday, May 3, 2024 10:12 AM\nTo: Tom Baker <t@x.gov.uk>\nSubject: RE: Fence\n\nOld.\n")
    assert b.own_text == "Thanks."
    assert b.embedded[0].sender.address == "clerk@x.gov.uk"


def test_outlook_in_welsh_header_block():
    """Outlook with a Welsh interface prints "Oddi wrth / Anfonwyd / At / Pwnc"."""
    b = segment("Er gwybodaeth.\n\n________________________________\nOddi wrth: Rhian Pritchard <clerk@x.gov.wales>\n"
                "Anfonwyd: dydd Llun, 10 Mawrth 2025 12:02\nAt: Cllr Nia Parri <nia@x.gov.wales>\n"
                "Pwnc: CYFRINACHOL - incident\n\nThe briefing.\n")
    assert b.own_text == "Er gwybodaeth."
    [e] = b.embedded
    assert e.sender is not None and e.sender.address == "clerk@x.gov.wales"
    assert e.subject == "CYFRINACHOL - incident" and e.body.own_text == "The briefing."


def test_gmail_forward():
    b = segment("FYI\n\n---------- Forwarded message ---------\nFrom: Jane Doe <clerk@x.gov.uk>\n"
                "Date: Mon, 12 Aug 2024 at 10:02\nSubject: Bonfire\nTo: Tom <t@x.gov.uk>\n\nBody.\n")
    [e] = b.embedded
    assert e.kind == "forward" and e.subject == "Bonfire" and e.body.own_text == "Body."


def test_apple_mail_forward():
    b = segment("See below\n\nBegin forwarded message:\n\nFrom: Jane Doe <clerk@x.gov.uk>\nSubject: Budget\n"
                "Date: 1 May 2024 at 09:00:00 BST\nTo: Tom Baker <t@x.gov.uk>\n\nFigures.\n")
    assert b.embedded[0].kind == "forward" and b.embedded[0].body.own_text == "Figures."


def test_thunderbird_forward():
    b = segment("fwd\n\n-------- Forwarded Message --------\nSubject: \tBudget\nDate: \tWed, 1 May 2024 09:00\n"
                "From: \tJane Doe <clerk@x.gov.uk>\nTo: \tTom <t@x.gov.uk>\n\nFigures.\n")
    assert b.embedded[0].kind == "forward" and b.embedded[0].sender.address == "clerk@x.gov.uk"


def test_gmail_reply_with_wrapped_attribution():
    b = segment("Sounds good.\n\nOn Mon, 3 May 2024 at 10:12, Jane Doe <\nclerk@x.gov.uk> wrote:\n\n> Old line\n"
                "> > older\n")
    assert b.own_text == "Sounds good."
    [e] = b.embedded
    assert e.sender.address == "clerk@x.gov.uk"
    assert e.body.own_text == "Old line" and e.body.embedded[0].body.own_text == "older"


def test_interleaved_reply_keeps_both_own_parts():
    b = segment("> Can you start Monday?\nYes.\n> And the cost?\nAbout £400.\n")
    assert [ln for ln in b.own_lines if ln] == ["Yes.", "About £400."]
    assert len(b.embedded) == 2


def test_nested_forwards():
    text = ("top\n\n---------- Forwarded message ---------\nFrom: A <a@x.org>\nDate: d\nSubject: s\nTo: b@x.org\n\n"
            "middle\n\n---------- Forwarded message ---------\nFrom: C <c@x.org>\nDate: d\nSubject: s2\nTo: d@x.org\n\n"
            "bottom\n")
    b = segment(text)
    chain = b.walk()
    assert [e.sender.address for e in chain] == ["a@x.org", "c@x.org"]
    assert chain[1].body.own_text == "bottom"


def test_from_in_prose_is_not_a_header_block():
    b = segment("From: the clerk's office, as discussed.\nWe meet Tuesday.\n")
    assert not b.embedded


def test_loose_address_forms():
    assert [a.display for a in parse_loose_addresses("Doe, Jane")] == ["Jane Doe"]
    assert parse_loose_addresses("Jane Doe [mailto:jd@x.org]")[0].address == "jd@x.org"
    assert [a.address for a in parse_loose_addresses("a@x.org; B <b@x.org>")] == ["a@x.org", "b@x.org"]
