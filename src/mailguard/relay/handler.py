"""The SMTP side of the relay: aiosmtpd hooks that check each transaction before answering DATA.

A before-queue filter, like Postfix's ``smtpd_proxy_filter``: the client's DATA gets its reply only
once the message has been delivered upstream (the upstream's own reply is passed on), durably held
(250 with the quarantine reference), or refused (550 with the explanation, clause and incident id).
Nothing is ever answered 250 that is neither upstream nor on disk; anything that goes wrong on our
side is a 451 so the client keeps the message and retries.

Who may relay is decided per transaction at MAIL FROM and again at RCPT TO (default: loopback only),
so a misconfigured listener can never become an open relay. Envelope addresses are checked with
email-validator (syntax only, no DNS) and refused with a 553 that says what is wrong.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope
from email_validator import EmailNotValidError, validate_email

from mailguard.engine import Finding, Verdict
from mailguard.facts import Envelope
from mailguard.ledger_store import PersistentLedger, entry_to_json
from mailguard.notify import Notifier
from mailguard.quarantine.store import NewItem, QuarantineStore, new_id, utc_now
from mailguard.relay import replies
from mailguard.relay.delivery import deliver
from mailguard.relay.inspection import Inspection, InspectionTimeout, Inspector
from mailguard.relay.logs import TRANSACTIONS, event
from mailguard.relay.upstream import (
    Outgoing,
    UnwritableAddress,
    Upstream,
    UpstreamError,
    UpstreamRefused,
    UpstreamReply,
)
from mailguard.rewrite import add_cc_footer, cc_lines, prepend_headers
from mailguard.settings import RelaySettings

log = logging.getLogger(__name__)


@dataclass
class Transaction:
    """What the log line of one transaction says (never a body or a subject)."""

    id: str
    client: str
    mail_from: str
    recipients: int
    size: int
    started: float = field(default_factory=time.monotonic)
    message_id: str | None = None
    verdict: str = ""
    rules: list[str] = field(default_factory=list)
    action: str = ""
    reply: str = ""
    note: str | None = None

    def finish(self, action: str, reply: str) -> str:
        self.action, self.reply = action, reply
        fields: dict[str, Any] = {
            "id": self.id, "client": self.client, "sender": self.mail_from, "recipients": self.recipients,
            "size": self.size, "message_id": self.message_id, "verdict": self.verdict, "rules": self.rules,
            "action": action, "reply": reply[:3], "latency_ms": round((time.monotonic() - self.started) * 1000, 2)}
        if self.note:
            fields["note"] = self.note
        level = logging.WARNING if reply.startswith(("4", "5")) and action not in ("blocked",) else logging.INFO
        event(TRANSACTIONS, "transaction", level, **fields)
        return reply


class RelayHandler:
    def __init__(self, *, settings: RelaySettings, inspector: Inspector, upstream: Upstream,
                 store: QuarantineStore, notifier: Notifier | None, ledger: PersistentLedger | None,
                 dry_run: bool = False) -> None:
        self.settings = settings
        self.inspector = inspector
        self.upstream = upstream
        self.store = store
        self.notifier = notifier
        self.ledger = ledger
        self.dry_run = dry_run
        self.closing = False
        #: Sessions between MAIL FROM and the reply to DATA: what a graceful shutdown waits for.
        self.in_flight: set[SMTP] = set()
        self._background: set[asyncio.Task[Any]] = set()
        self._allowed_hosts: dict[str, bool] = {}

    # ------------------------------------------------------------------ envelope
    async def handle_MAIL(self, server: SMTP, session: Session, envelope: SmtpEnvelope, address: str,
                          mail_options: list[str]) -> str:
        if self.closing:
            return replies.SHUTTING_DOWN
        if not self._allowed(session):
            event(log, "relay refused", logging.WARNING, client=_peer(session), reason="client not allowed")
            return replies.RELAY_DENIED
        if address != "<>":
            problem = _address_problem(address, envelope.smtp_utf8)
            if problem:
                return f"{replies.BAD_SENDER}: {replies.ascii_text(problem)}"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        self.in_flight.add(server)
        return "250 2.1.0 Sender OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: SmtpEnvelope, address: str,
                          rcpt_options: list[str]) -> str:
        if not self._allowed(session):
            return replies.RELAY_DENIED
        if len(envelope.rcpt_tos) >= self.settings.max_recipients:
            return f"{replies.TOO_MANY_RECIPIENTS} (at most {self.settings.max_recipients} per message)"
        problem = _address_problem(address, envelope.smtp_utf8)
        if problem:
            return f"{replies.BAD_RECIPIENT}: {replies.ascii_text(problem)}"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Recipient OK"

    async def handle_RSET(self, server: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        self.in_flight.discard(server)
        return replies.OK

    async def handle_exception(self, error: Exception) -> str:
        """aiosmtpd's default answers 500 with the exception text: a bounce that leaks internals."""
        log.error("internal error in an SMTP session", exc_info=error)
        return replies.INTERNAL_ERROR

    def session_ended(self, server: SMTP) -> None:
        self.in_flight.discard(server)

    # ------------------------------------------------------------------ DATA: the decision
    async def handle_DATA(self, server: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        try:
            if not self._allowed(session):
                return replies.RELAY_DENIED
            return await self._transaction(session, envelope)
        finally:
            self.in_flight.discard(server)

    async def _transaction(self, session: Session, envelope: SmtpEnvelope) -> str:
        data = envelope.original_content or b""
        mail_from = "" if envelope.mail_from in ("<>", None) else str(envelope.mail_from)
        rcpts = tuple(envelope.rcpt_tos)
        txn = Transaction(new_id(utc_now()), _peer(session), mail_from or "<>", len(rcpts), len(data))
        smtputf8 = bool(envelope.smtp_utf8)
        original = Outgoing(mail_from, rcpts, data, smtputf8)
        try:
            inspection = await self.inspector.inspect(data, Envelope(mail_from, rcpts))
        except InspectionTimeout as exc:
            txn.note = str(exc)
            if self.inspector.all_fail_open or self.dry_run:
                return await self._relay(txn, original, None, "relayed-unchecked")
            return txn.finish("deferred", replies.deferred(txn.id))
        except Exception as exc:  # noqa: BLE001 - fail closed: never a 5xx, never a silent pass
            log.error("inspection failed for transaction %s", txn.id, exc_info=exc)
            txn.note = f"inspection failed: {type(exc).__name__}"
            if self.dry_run:   # a trial run must not disturb mail; the log says it was not checked
                return await self._relay(txn, original, None, "relayed-unchecked")
            return txn.finish("deferred", replies.deferred(txn.id))
        verdict = inspection.verdict
        txn.message_id = inspection.message_id
        txn.verdict = verdict.action
        txn.rules = list(dict.fromkeys(f.rule for f in verdict.findings))
        txn.note = inspection.note
        if verdict.failed_closed:
            txn.note = "; ".join(f"rule {f.rule} failed: {f.error}" for f in verdict.failures if not f.fail_open)
            if not self.dry_run:
                return txn.finish("deferred", replies.deferred(txn.id))
        if self.dry_run:
            return await self._dry_run(txn, original, inspection, session)
        action = verdict.action
        if action == "pass":
            return await self._relay(txn, original, inspection, "relayed")
        if action == "warn":
            warned = Outgoing(mail_from, rcpts, prepend_headers(data, _warn_headers(verdict, txn.id)), smtputf8)
            return await self._relay(txn, warned, inspection, "relayed-warned", notify_warning=True)
        if action == "fix":
            names = _undisclosed(verdict)
            fixed = add_cc_footer(data, names)
            if fixed is not None:
                fixed = prepend_headers(fixed, _warn_headers(verdict, txn.id))
                return await self._relay(txn, Outgoing(mail_from, rcpts, fixed, smtputf8), inspection,
                                         "relayed-fixed", notify_warning=True, fixed=cc_lines(names))
            txn.note = "the footer could not be added (no text body, or signed/encrypted): held instead"
            return await self._hold(txn, original, inspection, session)
        if action == "quarantine":
            return await self._hold(txn, original, inspection, session)
        if action == "block":
            return await self._block(txn, original, inspection, session)
        raise RuntimeError(f"unknown verdict action {action!r}")

    async def _relay(self, txn: Transaction, message: Outgoing, inspection: Inspection | None, action: str, *,
                     notify_warning: bool = False, fixed: list[str] | None = None) -> str:
        try:
            reply = await deliver(self.upstream, message, self.ledger,
                                  inspection.ledger_entry if inspection is not None else None)
        except UpstreamError as exc:
            txn.note = str(exc)
            action = ("upstream-refused" if isinstance(exc, UpstreamRefused) else "address-refused"
                      if isinstance(exc, UnwritableAddress) else "upstream-unavailable")
            return txn.finish(action, exc.smtp())
        if notify_warning and inspection is not None and self.notifier is not None:
            findings = [_finding_json(f) for f in inspection.verdict.findings]
            self._spawn(self.notifier.warned(reference=txn.id, mail_from=message.mail_from,
                                             sender=inspection.header_from, rcpt_tos=message.rcpt_tos,
                                             subject=inspection.subject, findings=findings, fixed=fixed or []))
        return txn.finish(action, _passed_through(reply))

    async def _hold(self, txn: Transaction, message: Outgoing, inspection: Inspection, session: Session) -> str:
        new = _new_item(message, inspection, txn.client)
        item = await asyncio.to_thread(self.store.hold, new, message.data)
        txn.id = item.id
        if self.notifier is not None:
            self._spawn(self.notifier.held(reference=item.id, mail_from=item.mail_from, sender=item.header_from,
                                           rcpt_tos=item.rcpt_tos, subject=item.subject,
                                           received_at=item.received_at, findings=item.findings))
        return txn.finish("held", replies.held(item.id))

    async def _block(self, txn: Transaction, message: Outgoing, inspection: Inspection, session: Session) -> str:
        item = await asyncio.to_thread(self.store.record_incident, _new_item(message, inspection, txn.client),
                                       "blocked", len(message.data))
        txn.id = item.id
        worst = next(f for f in inspection.verdict.findings if f.action == "block")
        return txn.finish("blocked", replies.blocked(worst.explanation, worst.clause, item.id))

    async def _dry_run(self, txn: Transaction, message: Outgoing, inspection: Inspection, session: Session) -> str:
        """Relay untouched; record what enforce mode would have done."""
        if inspection.verdict.action != "pass":
            item = await asyncio.to_thread(self.store.record_incident, _new_item(message, inspection, txn.client),
                                           "dry-run", len(message.data))
            txn.note = f"dry-run: enforce mode would have answered '{inspection.verdict.action}' ({item.id})"
        return await self._relay(txn, message, inspection, "relayed-dry-run")

    # ------------------------------------------------------------------ helpers
    def _allowed(self, session: Session) -> bool:
        peer = session.peer
        host = str(peer[0] if isinstance(peer, tuple) and peer else str(peer or ""))
        allowed = self._allowed_hosts.get(host)
        if allowed is None:          # parsing the address and testing every network: once per client address
            if len(self._allowed_hosts) >= 4096:
                self._allowed_hosts.clear()
            allowed = self._allowed_hosts[host] = self.settings.allows(host)
        return allowed

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Notices go out after the client has its reply; a failed notice is logged, never fatal."""
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self, timeout: float) -> None:
        """Wait for notices still being sent (at shutdown)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=timeout)


@functools.lru_cache(maxsize=4096)
def _address_problem(address: str, smtputf8: bool) -> str | None:
    """What is wrong with an envelope address (syntax only), or None. Cached: a council's mail comes
    from and goes to the same few hundred addresses, and the check costs ~50 us."""
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=smtputf8, allow_quoted_local=True,
                       allow_domain_literal=True)
    except EmailNotValidError as exc:
        return f"<{address}>: {exc}"
    return None


def _peer(session: Session) -> str:
    peer = session.peer
    return str(peer[0]) if isinstance(peer, tuple) and peer else str(peer or "")


def _passed_through(reply: UpstreamReply) -> str:
    return reply.smtp()


def _finding_json(f: Finding) -> dict[str, Any]:
    return {**f.as_dict(), "fix_data": dict(f.fix_data)}


def _new_item(message: Outgoing, inspection: Inspection, client: str) -> NewItem:
    verdict = inspection.verdict
    entry = inspection.ledger_entry
    return NewItem(mail_from=message.mail_from, rcpt_tos=message.rcpt_tos, verdict=verdict.action,
                   findings=tuple(_finding_json(f) for f in verdict.findings), message_id=inspection.message_id,
                   header_from=inspection.header_from, subject=inspection.subject, client=client,
                   smtputf8=message.smtputf8, ledger_entry=entry_to_json(entry) if entry is not None else None)


def _undisclosed(verdict: Verdict) -> list[str]:
    names: list[str] = []
    for f in verdict.findings:
        if f.action == "fix":
            for name in f.fix_data.get("undisclosed", []):
                if name not in names:
                    names.append(str(name))
    return names


def _warn_headers(verdict: Verdict, reference: str) -> list[tuple[str, str]]:
    headers = [("X-Mailguard-Verdict", verdict.reported), ("X-Mailguard-Reference", reference),
               ("X-Mailguard-Rules", ", ".join(dict.fromkeys(f.rule for f in verdict.findings)))]
    for f in verdict.findings:
        headers.append(("X-Mailguard-Finding", f"{f.rule} ({f.action}; {f.clause}): {f.explanation}"))
    return headers
