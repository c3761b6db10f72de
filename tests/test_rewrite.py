"""The only changes mailguard makes to mail: warning headers, and the silent-bcc footer."""

from __future__ import annotations

import email
from email.message import EmailMessage

from mailguard.message import parse
from mailguard.rewrite import add_cc_footer, header_lines, prepend_headers
from tests.conftest import BAKER, CLERK, mail
from tests.relay.harness import crlf


def test_prepended_headers_leave_the_message_untouched_and_stay_ascii_and_short():
    original = crlf(mail(CLERK, BAKER, "Dear Tom,\n\nHello.\n\nJane\n"))
    finding = "silent-bcc (quarantine; Leigh-on-Sea protocol \u00a76): \u201cCC Councillor O\u2019Neill\u201d " * 4
    out = prepend_headers(original, [("X-Mailguard-Finding", finding)])
    assert out.endswith(original)
    block = out[: len(out) - len(original)]
    assert block.isascii() and all(len(line) <= 78 for line in block.split(b"\r\n"))
    assert email.message_from_bytes(out)["X-Mailguard-Finding"].startswith("silent-bcc (quarantine; Leigh")


def test_footer_goes_into_text_and_html_keeping_charset_and_encoding():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = CLERK, BAKER, "Test"
    msg.set_content("Dear Tom,\n\nCaf\u00e9 opening.\n\nJane\n", cte="base64")
    msg.add_alternative("<html><body><p>Dear Tom</p></body></html>", subtype="html")
    fixed = add_cc_footer(crlf(bytes(msg)), ["Margaret O'Neill"])
    assert fixed is not None
    parsed = parse(fixed)
    assert parsed.text.rstrip().endswith("CC Councillor Margaret O'Neill")
    assert "CC Councillor Margaret O'Neill" in parsed.html_text
    plain = email.message_from_bytes(fixed).get_payload()[0]
    assert plain["Content-Transfer-Encoding"] == "base64" and "Caf\u00e9" in parsed.text
    assert b"O&#x27;Neill" in fixed or b"O&#39;Neill" in fixed


def test_attachments_are_not_touched_and_signed_mail_is_not_fixed():
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = CLERK, BAKER, "Test"
    msg.set_content("Dear Tom,\n\nSee attached.\n")
    msg.add_attachment("notes.txt content\n", filename="notes.txt")
    fixed = add_cc_footer(crlf(bytes(msg)), ["Anne Smith"])
    assert fixed is not None and fixed.count(b"CC Councillor Anne Smith") == 1
    signed = crlf(b"From: a@b.org\nTo: c@d.org\nSubject: s\nMIME-Version: 1.0\n"
                  b"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\n\n"
                  b"--b\nContent-Type: text/plain\n\nhello\n--b--\n")
    assert add_cc_footer(signed, ["Anne Smith"]) is None


def test_header_lines_fold_long_values():
    lines = header_lines([("X-Test", "word " * 40)]).split(b"\r\n")
    assert len(lines) > 2 and all(line.startswith(b" ") for line in lines[1:-1])
