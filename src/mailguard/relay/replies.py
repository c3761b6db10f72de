"""Every SMTP reply the relay writes itself, by name, with its enhanced status code (RFC 3463).

Replies from the upstream server are passed through unchanged (see :mod:`mailguard.relay.upstream`);
only these are ours. 4xx means "try again later" (the client keeps the message), 5xx means "this will
never work" (the client bounces it to the sender), so every temporary problem of ours is a 4xx:
an internal error must never turn into a bounce, nor into a silent pass.

SMTP replies are ASCII unless SMTPUTF8 was negotiated, and a line may not exceed 512 octets, so text
that goes into a reply (a rule's explanation, a clause) is folded to ASCII and wrapped here.
"""

from __future__ import annotations

import textwrap
import unicodedata

OK = "250 2.0.0 OK"
SHUTTING_DOWN = "421 4.3.2 Service shutting down, try again later"
INTERNAL_ERROR = "451 4.3.0 Temporary local problem, try again later"
UPSTREAM_UNAVAILABLE = "451 4.4.1 Mail server unavailable, try again later"
UPSTREAM_TIMEOUT = "451 4.4.2 Mail server timed out, try again later"
TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients"
RELAY_DENIED = "554 5.7.1 Relaying denied: this client is not allowed to send through this server"
BAD_SENDER = "553 5.1.7 Bad sender address syntax"
BAD_RECIPIENT = "553 5.1.3 Bad recipient address syntax"

_ASCII_SUBSTITUTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-",
                                    "\u2014": "-", "\u2026": "...", "\u00a7": "s.", "\u00a0": " ", "\u00a3": "GBP "})
_LINE_TEXT = 400  # well below the 512-octet limit once the code and status are in front


def ascii_text(text: str) -> str:
    """Readable ASCII for an SMTP reply or a header: curly quotes straightened, accents dropped."""
    text = text.translate(_ASCII_SUBSTITUTES)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split())


def reply(code: int, status: str, *paragraphs: str) -> str:
    """A (possibly multi-line) reply: ``550-5.7.1 first line`` ... ``550 5.7.1 last line``."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(ascii_text(paragraph), _LINE_TEXT) or [""])
    lines = lines or [""]
    out = [f"{code}-{status} {line}" for line in lines[:-1]] + [f"{code} {status} {lines[-1]}"]
    return "\r\n".join(out)


def too_big(limit: int) -> str:
    return f"552 5.3.4 Message too big for this server (limit {limit} bytes)"


def held(incident: str) -> str:
    return reply(250, "2.6.0", f"Message accepted and held for review by the clerk; reference {incident}.")


def blocked(explanation: str, clause: str, incident: str) -> str:
    return reply(550, "5.7.1", explanation, f"({clause}; incident {incident})")


def deferred(incident: str) -> str:
    """A check could not be completed: fail closed, the client retries later."""
    return reply(451, "4.3.0", f"Message could not be checked, try again later (incident {incident}).")
