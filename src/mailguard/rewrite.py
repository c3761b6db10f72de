"""The only changes mailguard makes to a message: warning headers, and the silent-bcc footer fix.

Warning headers are prepended to the header block and everything after them is left byte for byte,
so a warned message differs from the original only by those lines. The footer fix has to change
the body: each text/plain and text/html part of the message itself (not attachments, not attached
messages) gets the missing "CC Councillor X" line(s) at its foot, re-encoded with the part's own
charset and transfer encoding where they can carry the new text. Parts are found and re-serialised
with ``compat32``, which leaves untouched headers as they were.
"""

from __future__ import annotations

import base64
import email
import email.message
import html
import io
import quopri
import re
import textwrap
from collections.abc import Sequence
from email.generator import BytesGenerator
from email.policy import compat32

from mailguard.relay.replies import ascii_text

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_BODY_END_TEXT = re.compile(r"</body\s*>", re.IGNORECASE)
_SERIALISE = compat32.clone(linesep="\r\n", max_line_length=0)


def header_lines(headers: Sequence[tuple[str, str]]) -> bytes:
    """Header fields as CRLF lines, values folded to ASCII and wrapped at 76 columns."""
    out = []
    for name, value in headers:
        wrapped = textwrap.wrap(f"{name}: {ascii_text(value)}", 76, subsequent_indent=" ",
                                break_long_words=False, break_on_hyphens=False)
        out.append("\r\n".join(wrapped) + "\r\n")
    return "".join(out).encode("ascii")


def prepend_headers(data: bytes, headers: Sequence[tuple[str, str]]) -> bytes:
    return header_lines(headers) + data


def cc_lines(names: Sequence[str]) -> list[str]:
    """The protocol's own wording: "CC councillor X" (full names, so no two councillors are confused)."""
    return [f"CC Councillor {name}" for name in names]


def add_cc_footer(data: bytes, names: Sequence[str]) -> bytes | None:
    """The message with the disclosure lines at the foot of its text and HTML bodies; None if it has neither.

    None also when the body is signed or encrypted (changing it would break the signature): such a
    message is held for the clerk instead of being fixed.
    """
    if not names:
        return None
    msg = email.message_from_bytes(data, policy=compat32)
    if msg.get_content_type() in ("multipart/signed", "multipart/encrypted", "application/pkcs7-mime"):
        return None
    lines = cc_lines(names)
    changed = False
    for part in _body_parts(msg):
        ctype = part.get_content_type()
        text = _decode(part)
        if text is None:
            continue
        if ctype == "text/plain":
            newline = "\r\n" if "\r\n" in text else "\n"
            text = text.rstrip("\r\n") + newline * 2 + newline.join(lines) + newline
        else:
            block = "<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>\n"
            ends = list(_BODY_END_TEXT.finditer(text))
            text = text[: ends[-1].start()] + block + text[ends[-1].start():] if ends else text + "\n" + block
        _encode(part, text)
        changed = True
    if not changed:
        return None
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=_SERIALISE).flatten(msg)
    return out.getvalue()


def _body_parts(msg: email.message.Message) -> list[email.message.Message]:
    """Text parts a reader sees as the message body: not attachments, not inside attached messages."""
    found: list[email.message.Message] = []
    stack = [msg]
    while stack:
        part = stack.pop()
        if part.get_content_maintype() == "message":
            continue
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(p for p in reversed(payload) if isinstance(p, email.message.Message))
            continue
        disposition = str(part.get("Content-Disposition", "")).split(";")[0].strip().lower()
        if part.get_content_type() in ("text/plain", "text/html") and disposition != "attachment" \
                and not part.get_filename():
            found.append(part)
    return found


def _decode(part: email.message.Message) -> str | None:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return None
    charset = part.get_content_charset() or "us-ascii"
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _encode(part: email.message.Message, text: str) -> None:
    """Put ``text`` back with the part's charset and transfer encoding, widening them only if needed."""
    charset = part.get_content_charset() or "us-ascii"
    try:
        raw = text.encode(charset)
    except (LookupError, UnicodeEncodeError):
        charset, raw = "utf-8", text.encode("utf-8")
        part.set_param("charset", charset)
    cte = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
    if cte == "7bit" and not raw.isascii():
        cte = "quoted-printable"
    if cte == "base64":
        payload = base64.encodebytes(raw).decode("ascii")
    elif cte == "quoted-printable":
        payload = quopri.encodestring(raw).decode("ascii")
    else:
        payload = raw.decode(charset, errors="surrogateescape") if cte == "8bit" else raw.decode("ascii")
    if "Content-Transfer-Encoding" in part:
        part.replace_header("Content-Transfer-Encoding", cte)
    elif cte != "7bit":
        part["Content-Transfer-Encoding"] = cte
    part.set_payload(payload)
