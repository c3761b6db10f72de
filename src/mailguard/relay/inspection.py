"""Running the rules on a message without ever blocking the event loop.

Parsing and the rules are CPU work (milliseconds; more with the language model), so they run in a
worker thread pool and the event loop keeps serving every other session meanwhile (issue 6: inline
inspection made the slowest message of a run ten times the median). Each inspection has a deadline:
a rule that hangs makes the message fail closed (451, the client retries) instead of holding the
session forever, unless every enabled rule is configured ``fail_open``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from mailguard.engine import Engine, Verdict
from mailguard.facts import Envelope
from mailguard.ledger import LedgerEntry, Position
from mailguard.ledger_store import PersistentLedger
from mailguard.message import NotAMessage, parse
from mailguard.rules.confidential_forward import ledger_entry

log = logging.getLogger(__name__)


class InspectionTimeout(Exception):
    """The rules did not finish before the deadline."""


@dataclass(frozen=True)
class Inspection:
    verdict: Verdict
    message_id: str | None = None
    header_from: str = ""
    subject: str = ""
    ledger_entry: LedgerEntry | None = None
    note: str | None = None          # why the message was not (fully) checked, for the log


class Inspector:
    def __init__(self, engine: Engine, ledger: PersistentLedger | None, threads: int, timeout: float) -> None:
        self.engine = engine
        self.ledger = ledger
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mailguard-inspect")

    @property
    def all_fail_open(self) -> bool:
        """True only if every enabled rule may be skipped when it fails (then a timeout passes mail)."""
        rules = self.engine.rules
        return bool(rules) and all(self.engine.config.policy.setting(r.id).fail_open for r in rules)

    async def inspect(self, data: bytes, envelope: Envelope) -> Inspection:
        position = Position(time.time(), self.ledger.next_sequence() if self.ledger is not None else 0)
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, self.inspect_now, data, envelope, position)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            raise InspectionTimeout(f"the rules took longer than {self.timeout:g}s") from None

    def inspect_now(self, data: bytes, envelope: Envelope, position: Position) -> Inspection:
        """Parse and evaluate (in a worker thread); also work out the message's ledger entry, if any."""
        if self.ledger is not None:
            self.ledger.refresh()
        try:
            message = parse(data)
        except NotAMessage as exc:
            return Inspection(Verdict("pass"), note=f"not a mail message, not checked: {exc}")
        facts = self.engine.facts(message, envelope)
        verdict = self.engine.evaluate(facts, self.ledger, position)
        entry = None
        try:
            fallback = "relay:" + hashlib.sha256(data).hexdigest()[:32]
            entry = ledger_entry(facts, position, fallback)
        except Exception:  # noqa: BLE001 - the ledger is an aid to rule (c), never a reason to refuse mail
            log.exception("could not fingerprint message %s for the confidential ledger", message.message_id)
        sender = message.sender
        return Inspection(verdict, message.message_id, str(sender) if sender is not None else "", message.subject,
                          entry)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
