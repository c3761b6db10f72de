"""Notices: bundled templates, a council's own wording, and template mistakes caught at start."""

from __future__ import annotations

import asyncio
import email

import pytest

from mailguard.config import load_config
from mailguard.errors import ConfigError
from mailguard.notify import Notifier, load_templates
from mailguard.relay.memory_upstream import MemoryUpstream
from mailguard.settings import load_service_settings
from tests.relay.harness import write_config

FINDING = {"rule": "councillor-obligation", "clause": "Leigh-on-Sea protocol \u00a76 Correspondence",
           "explanation": "This e-mail goes out in the name of Cllr Tom Baker and commits the council."}


def _notifier(tmp_path, extra: str = ""):  # type: ignore[no-untyped-def]
    config = load_config(write_config(tmp_path / "c", extra=extra))
    upstream = MemoryUpstream()
    return Notifier(load_service_settings(config).notify, config.council.name, upstream), upstream


def test_held_notice_is_polite_cites_the_clause_and_cannot_loop(tmp_path):
    notifier, upstream = _notifier(tmp_path)
    problems = asyncio.run(notifier.held(reference="20240501-ABCDEF", mail_from="tombaker64@gmail.com",
                                         sender="Tom Baker <tombaker64@gmail.com>", rcpt_tos=["dave@x.org"],
                                         subject="Fence", received_at="2024-05-01T10:00:00Z", findings=[FINDING]))
    assert problems == []
    to_sender, to_clerk = upstream.delivered
    msg = email.message_from_bytes(to_sender.data)
    body = msg.get_payload(decode=True).decode()
    assert msg["Subject"] == 'Your e-mail "Fence" is being held for review'
    assert "Leigh-on-Sea protocol \u00a76 Correspondence" in body and "20240501-ABCDEF" in body
    assert msg["Auto-Submitted"] == "auto-generated" and msg["Reply-To"] == "clerk@ashfordparva-tc.gov.uk"
    assert to_clerk.rcpt_tos == ("clerk@ashfordparva-tc.gov.uk",)
    assert to_sender.mail_from == "mailguard@ashfordparva-tc.gov.uk"
    upstream.delivered.clear()
    asyncio.run(notifier.held(reference="x", mail_from="", sender="", rcpt_tos=["a@b.org"], subject="s",
                              received_at="t", findings=[FINDING]))
    assert [d.rcpt_tos for d in upstream.delivered] == [("clerk@ashfordparva-tc.gov.uk",)]  # no notice to <>


def test_a_notice_is_built_off_the_event_loop(tmp_path, monkeypatch):
    """Building one is ~0.9 ms of the stdlib's email machinery, two for every held message: not on the loop
    that serves every other session."""
    import threading  # noqa: PLC0415

    notifier, upstream = _notifier(tmp_path)
    built_on: list[threading.Thread] = []
    build = Notifier.build

    def watched(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built_on.append(threading.current_thread())
        return build(self, *args, **kwargs)
    monkeypatch.setattr(Notifier, "build", watched)

    async def send() -> threading.Thread:
        await notifier.send("held-sender", ["a@b.org"], {"subject": "S", "reference": "R1"})
        return threading.current_thread()
    loop_thread = asyncio.run(send())
    assert len(upstream.delivered) == 1 and built_on and all(t is not loop_thread for t in built_on)


def test_a_councils_own_template_wins(tmp_path):
    config_dir = write_config(tmp_path / "c")
    (config_dir / "templates").mkdir()
    (config_dir / "templates" / "held-sender.txt").write_text(
        "Subject: Held: $subject\n\nDear colleague, your message $reference is with the Town Clerk.\n")
    config = load_config(config_dir)
    upstream = MemoryUpstream()
    notifier = Notifier(load_service_settings(config).notify, config.council.name, upstream)
    asyncio.run(notifier.send("held-sender", ["a@b.org"], {"subject": "S", "reference": "R1"}))
    assert b"Dear colleague, your message R1 is with the Town Clerk." in upstream.delivered[0].data


def test_template_mistakes_are_reported_with_file_and_line(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "warn-sender.txt").write_text("Subject: About $subject\n\nHello $name,\n\nIt costs $5.\n")
    with pytest.raises(ConfigError) as err:
        load_templates(folder)
    text = str(err.value)
    assert "warn-sender.txt, line 3" in text and "unknown placeholder '$name'" in text
    assert "line 5" in text and "$$" in text


def test_a_notice_failure_is_reported_not_raised(tmp_path):
    notifier, upstream = _notifier(tmp_path)
    upstream.down = True
    problems = asyncio.run(notifier.rejected(reference="R", mail_from="a@b.org", sender="", rcpt_tos=["c@d.org"],
                                             subject="S", received_at="t", findings=[FINDING], reason="No.",
                                             reviewer="alice"))
    assert problems and "could not send the 'rejected-sender' notice" in problems[0]


@pytest.mark.parametrize("name, value", [
    ("Subject", 'Your e-mail "Fence" is being held for review'),
    ("Subject", "Your e-mail \"Re: the fence at Pound Lane \u2013 quote\" is being held"),
    ("Subject", "A very long subject line " * 6),
    ("From", 'mailguard (Ashford Parva Town Council) <mailguard@ashfordparva-tc.gov.uk>'),
    ("From", '"mailguard (Ashford Parva Town Council)" <mailguard@ashfordparva-tc.gov.uk>'),
    ("To", "tombaker64@gmail.com"),
    ("To", ", ".join(f"clerk{i}@ashfordparva-tc.gov.uk" for i in range(6))),
    ("Reply-To", "clerk@ashfordparva-tc.gov.uk, deputy@ashfordparva-tc.gov.uk"),
    ("Message-ID", "<173290.1234.5678@ashfordparva-tc.gov.uk>"),
    ("Date", "Mon, 30 Nov 2026 06:40:00 +0000"),
])
def test_a_notices_headers_are_written_as_the_email_policy_writes_them(name, value):
    """Short ASCII values skip the policy's parse (most of a notice's cost); the bytes are the same."""
    from email.message import EmailMessage
    from email.policy import SMTP, default

    from mailguard.notify import _set
    fast, slow = EmailMessage(policy=SMTP), EmailMessage(policy=SMTP)
    _set(fast, name, value)
    slow[name] = value
    assert bytes(fast) == bytes(slow)
    assert email.message_from_bytes(bytes(fast), policy=default)[name] == email.message_from_bytes(
        bytes(slow), policy=default)[name]


def test_a_header_value_with_a_line_break_is_refused_not_written():
    from email.message import EmailMessage
    from email.policy import SMTP

    from mailguard.notify import _set
    with pytest.raises(ValueError):
        _set(EmailMessage(policy=SMTP), "Subject", "Held\r\nBcc: victim@example.org")


@pytest.mark.parametrize("council", ["Cyngor Ynys Môn",
                                     "Cyngor Tref Llanfairpwllgwyngyll a'r Cylch, Cymuned Môn a Gwynedd"])
def test_a_council_name_with_welsh_letters_reaches_the_reader_whole(tmp_path, council):
    """The From display name "mailguard (<council>)" was once mangled by the policy's refolding of
    an encoded word inside parentheses (read back as just "mailguard")."""
    from email.policy import default
    notifier, _ = _notifier(tmp_path)
    notifier.council = council
    built = notifier.build("held-clerk", ["clerk@ashfordparva-tc.gov.uk"], {"subject": "S", "reference": "R"})
    sender = email.message_from_bytes(built.data, policy=default)["From"]
    assert sender.addresses[0].display_name == f"mailguard ({council})"
    assert sender.addresses[0].addr_spec == "mailguard@ashfordparva-tc.gov.uk"


def test_a_notice_from_an_address_beyond_ascii_is_sent_with_smtputf8(tmp_path):
    """Only the recipients were looked at, and the From header was written as ASCII: a notice from an
    address like gwarchod@môn.example could not even be built (UnicodeEncodeError in formataddr)."""
    notifier, upstream = _notifier(tmp_path, extra="notify:\n  from: gwarchod@môn.example\n")
    problems = asyncio.run(notifier.held(reference="20240501-ABCDEF", mail_from="tombaker64@gmail.com",
                                         sender="Tom Baker <tombaker64@gmail.com>", rcpt_tos=["dave@x.org"],
                                         subject="Fence", received_at="2024-05-01T10:00:00Z", findings=[FINDING]))
    assert problems == []
    assert [(m.mail_from, m.smtputf8) for m in upstream.delivered] == [("gwarchod@môn.example", True)] * 2
    from_line = next(line for line in upstream.delivered[0].data.split(b"\r\n") if line.startswith(b"From:"))
    assert from_line.endswith("<gwarchod@môn.example>".encode())          # UTF-8, as SMTPUTF8 carries it
