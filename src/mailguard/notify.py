"""Notices to senders, the clerk and the chair: plain, polite e-mails built from editable templates.

A notice says what happened to which message and why, citing the protocol clause, and gives the
reference the clerk can look up. The wording lives in ``templates/*.txt`` (bundled with mailguard);
a council's own copy in ``<config dir>/templates/`` wins, and every template is checked when the relay
or a quarantine command starts, so a mistyped placeholder is reported with file and line then rather
than when the first notice is due.

Notices go out through the same upstream delivery as everything else, marked ``Auto-Submitted:
auto-generated`` (RFC 3834) so that auto-replies and vacation messages do not answer them, and are
never sent to the null sender or to mailguard's own address, so they cannot loop.
"""

from __future__ import annotations

import asyncio
import logging
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from string import Template
from typing import Any

from mailguard.errors import ConfigError, ConfigErrors, RelayError
from mailguard.relay.upstream import Outgoing, Upstream, UpstreamError
from mailguard.settings import NotifySettings

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).resolve().parent / "templates"

#: Each template and the placeholders it may use.
TEMPLATES: Mapping[str, frozenset[str]] = {
    "held-sender": frozenset({"council", "clerk", "reference", "subject", "sender", "recipients", "received_at",
                              "findings"}),
    "held-clerk": frozenset({"council", "clerk", "reference", "subject", "sender", "recipients", "received_at",
                             "findings"}),
    "warn-sender": frozenset({"council", "clerk", "reference", "subject", "sender", "recipients", "findings",
                              "fixed"}),
    "rejected-sender": frozenset({"council", "clerk", "reference", "subject", "sender", "recipients",
                                  "received_at", "findings", "reason", "reviewer"}),
    "reminder-clerk": frozenset({"council", "clerk", "count", "items", "remind_after"}),
    "escalation-chair": frozenset({"council", "clerk", "count", "items", "escalate_after"}),
}
_PLACEHOLDER = re.compile(r"\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\}|())")


class NotifyError(RelayError):
    """A notice could not be sent; the action it reports on stands."""


@dataclass(frozen=True)
class NoticeTemplate:
    name: str
    path: Path
    subject: Template
    body: Template


def load_templates(override_dir: Path | None) -> dict[str, NoticeTemplate]:
    """Every template, the council's copy first; all problems raised at once with file and line."""
    found: dict[str, NoticeTemplate] = {}
    errors: list[ConfigError] = []
    for name, allowed in TEMPLATES.items():
        path = override_dir / f"{name}.txt" if override_dir is not None else None
        if path is None or not path.is_file():
            path = BUNDLED / f"{name}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(ConfigError(f"cannot read notice template: {exc}", path=path,
                                      fix="save it as UTF-8 text, or delete it to use the bundled wording"))
            continue
        first, _, body = text.partition("\n")
        if not first.lower().startswith("subject:"):
            errors.append(ConfigError("the first line must be 'Subject: ...'", path=path, line=1,
                                      fix="start the file with the subject line, then a blank line, then the text"))
            continue
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in _PLACEHOLDER.finditer(line):
                word = m.group(2) or m.group(3)
                if m.group(1):
                    continue
                if word is None:
                    errors.append(ConfigError("a lone '$' (write $$ for a dollar sign)", path=path, line=lineno))
                elif word not in allowed:
                    errors.append(ConfigError(f"unknown placeholder '${word}' in {name}.txt", path=path,
                                              line=lineno, fix=f"use one of: {', '.join(sorted(allowed))}"))
        found[name] = NoticeTemplate(name, path, Template(first.split(":", 1)[1].strip()),
                                     Template(body.lstrip("\n")))
    if errors:
        raise errors[0] if len(errors) == 1 else ConfigErrors(errors)
    return found


def format_findings(findings: Iterable[Mapping[str, Any]]) -> str:
    """Each finding as a short paragraph: the explanation, then the clause it cites."""
    blocks = []
    for f in findings:
        text = textwrap.fill(str(f.get("explanation", "")), 72, initial_indent="- ", subsequent_indent="  ")
        blocks.append(f"{text}\n  ({f.get('clause', '')})")
    return "\n\n".join(blocks) if blocks else "- (no details recorded)"


class Notifier:
    def __init__(self, settings: NotifySettings, council: str, upstream: Upstream,
                 templates: Mapping[str, NoticeTemplate] | None = None) -> None:
        self.settings = settings
        self.council = council
        self.upstream = upstream
        self.templates = templates if templates is not None else load_templates(settings.templates)

    def can_notify(self, address: str) -> bool:
        """Never the null sender (a bounce) and never ourselves: notices must not loop."""
        return bool(self.settings.enabled and address and address.lower() != self.settings.sender.lower())

    def build(self, template: str, to: Sequence[str], fields: Mapping[str, Any]) -> Outgoing:
        tpl = self.templates[template]
        values = {"council": self.council, "clerk": ", ".join(self.settings.clerk), **fields}
        values = {k: str(v) for k, v in values.items()}
        # An address beyond ASCII (the sender's too: a council on a .cymru name) needs SMTPUTF8, upstream
        # and in the headers, which then carry it as UTF-8.
        utf8 = not all(a.isascii() for a in (self.settings.sender, *to))
        msg = EmailMessage(policy=SMTPUTF8 if utf8 else SMTP)
        display = f"mailguard ({self.council})"
        if display.isascii() and self.settings.sender.isascii():
            _set(msg, "From", formataddr((display, self.settings.sender)))
        else:   # "Cyngor Ynys Môn": a header object, which the policy encodes word by word
            msg["From"] = Address(display, addr_spec=self.settings.sender)
        _set(msg, "To", ", ".join(to))
        _set(msg, "Subject", " ".join(tpl.subject.safe_substitute(values).split()))
        _set(msg, "Date", format_datetime(datetime.now(timezone.utc)))
        _set(msg, "Message-ID", make_msgid(domain=self.settings.sender.rpartition("@")[2] or None))
        _set(msg, "Auto-Submitted", "auto-generated")
        _set(msg, "X-Mailguard-Notice", template)
        if self.settings.clerk:
            _set(msg, "Reply-To", ", ".join(self.settings.clerk))
        msg.set_content(tpl.body.safe_substitute(values))
        return Outgoing(self.settings.sender, tuple(to), bytes(msg), smtputf8=utf8)

    async def send(self, template: str, to: Sequence[str], fields: Mapping[str, Any]) -> None:
        to = [a for a in dict.fromkeys(to) if self.can_notify(a)]
        if not to:
            return
        # Building a notice is the stdlib's email machinery (~0.9 ms on the bench machine, two for each held
        # message): CPU work, so not on the event loop that serves every other session.
        message = await asyncio.to_thread(self.build, template, to, fields)
        try:
            await self.upstream.deliver(message)
        except UpstreamError as exc:
            raise NotifyError(f"could not send the '{template}' notice to {', '.join(to)}: {exc}") from exc
        log.info("notice %s sent to %d recipient(s)", template, len(to))

    # ------------------------------------------------------------------ the notices
    async def held(self, *, reference: str, mail_from: str, sender: str, rcpt_tos: Sequence[str], subject: str,
                   received_at: str, findings: Sequence[Mapping[str, Any]]) -> list[str]:
        fields = {"reference": reference, "subject": subject or "(no subject)", "sender": sender or mail_from,
                  "recipients": _recipients(rcpt_tos), "received_at": received_at,
                  "findings": format_findings(findings)}
        return await self._all([("held-sender", [mail_from]), ("held-clerk", list(self.settings.clerk))], fields)

    async def warned(self, *, reference: str, mail_from: str, sender: str, rcpt_tos: Sequence[str], subject: str,
                     findings: Sequence[Mapping[str, Any]], fixed: Sequence[str] = ()) -> list[str]:
        if not self.settings.warn_sender:
            return []
        fixed_text = ("mailguard added these lines at the foot of your e-mail before sending it, as the protocol "
                      "asks: " + "; ".join(f'"{line}"' for line in fixed) + ".\n") if fixed else ""
        fields = {"reference": reference, "subject": subject or "(no subject)", "sender": sender or mail_from,
                  "recipients": _recipients(rcpt_tos), "findings": format_findings(findings),
                  "fixed": textwrap.fill(fixed_text, 72) + "\n" if fixed_text else ""}
        return await self._all([("warn-sender", [mail_from])], fields)

    async def rejected(self, *, reference: str, mail_from: str, sender: str, rcpt_tos: Sequence[str], subject: str,
                       received_at: str, findings: Sequence[Mapping[str, Any]], reason: str,
                       reviewer: str) -> list[str]:
        fields = {"reference": reference, "subject": subject or "(no subject)", "sender": sender or mail_from,
                  "recipients": _recipients(rcpt_tos), "received_at": received_at,
                  "findings": format_findings(findings), "reason": textwrap.fill(reason, 72), "reviewer": reviewer}
        return await self._all([("rejected-sender", [mail_from])], fields)

    async def _all(self, sends: list[tuple[str, list[str]]], fields: Mapping[str, Any]) -> list[str]:
        """Send each notice; return what failed (each failure is also logged), never raise."""
        problems = []
        for template, to in sends:
            try:
                await self.send(template, to, fields)
            except NotifyError as exc:
                log.error("%s", exc)
                problems.append(str(exc))
        return problems


def _set(msg: EmailMessage, name: str, value: str) -> None:
    """Set a header of a notice. The modern policy parses every value it is given into a header
    object and back (about 0.1 ms a header, most of the cost of a notice, paid on the event loop);
    a short one-line ASCII value comes out of that unchanged, so it is stored as it is. Anything
    else (non-ASCII, long enough to fold, or holding a line break) goes through the policy, which
    encodes, folds or refuses it."""
    if value.isascii() and "\r" not in value and "\n" not in value and len(name) + 2 + len(value) <= 78:
        msg.set_raw(name, value)
    else:
        msg[name] = value


def _recipients(rcpt_tos: Sequence[str]) -> str:
    shown = ", ".join(rcpt_tos[:6])
    return shown + (f" and {len(rcpt_tos) - 6} more" if len(rcpt_tos) > 6 else "")
