"""Running the rules on a message without ever blocking the event loop.

Parsing and the rules are CPU work (milliseconds; more with the language model), so they run in a
worker thread pool and the event loop keeps serving every other session meanwhile (issue 6: inline
inspection made the slowest message of a run ten times the median). Each inspection has a deadline:
a rule that hangs makes the message fail closed (451, the client retries) instead of holding the
session forever, unless every enabled rule is configured ``fail_open``.

A message larger than :data:`LARGE_MESSAGE` (an attachment of tens of megabytes) is inspected in a
separate process instead: parsing it takes the interpreter lock in long stretches (decoding and
splitting megabytes in single C calls) and the memory of several copies, and neither should fall on
the process that serves every other session. A process is started for each such message (about a
second: the language model is loaded again) and ends with it, so its memory goes back to the system;
it reads the confidential ledger from the state directory.

Before that, a look at the header block alone (tens of microseconds, on the event loop: less than
aiosmtpd spends reading the message) settles the mail that no rule can apply to and that cannot join
the confidential ledger, such as internal officer mail or a councillor writing to the clerk; handing
a message to a thread and back costs more than that (~0.15 ms of CPU per message, measured).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mailguard.engine import Engine, Verdict
from mailguard.facts import Envelope, MessageFacts
from mailguard.ledger import LedgerEntry, Position
from mailguard.ledger_store import PersistentLedger
from mailguard.message import NotAMessage, parse
from mailguard.rules.confidential_forward import is_confidential_officer_mail, ledger_entry

log = logging.getLogger(__name__)

#: Messages whose header block ends within this many bytes may be settled on the event loop.
MAX_INLINE_HEADER = 64 * 1024
#: Messages larger than this are inspected in a separate process (a few a day: scanned documents,
#: photographs; smaller ones parse in tens of milliseconds in the worker thread).
LARGE_MESSAGE = 8 * 1024 * 1024


@dataclass(frozen=True)
class Isolation:
    """How to build the separate inspection process for large messages: the same engine, from files."""

    config_dir: Path
    models: Path | None
    state_dir: Path | None
    above: int = LARGE_MESSAGE
    #: The CPUs the relay may use: the separate process runs on all of them, not on the one the
    #: relay's own threads keep to (mailguard.relay.affinity).
    cpus: frozenset[int] = frozenset()


_isolated: Inspector | None = None


def _start_isolated(config_dir: str, models: str | None, state_dir: str | None, timeout: float,
                    cpus: frozenset[int] = frozenset()) -> None:
    global _isolated
    from mailguard.relay.affinity import release  # noqa: PLC0415
    from mailguard.runtime import build_engine  # noqa: PLC0415

    release(cpus)

    engine = build_engine(Path(config_dir), Path(models) if models else None)
    ledger = PersistentLedger(Path(state_dir)) if state_dir else None
    _isolated = Inspector(engine, ledger, 1, timeout)


def _inspect_isolated(data: bytes, envelope: Envelope, position: Position) -> Inspection:
    assert _isolated is not None
    return _isolated.inspect_now(data, envelope, position)


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
    def __init__(self, engine: Engine, ledger: PersistentLedger | None, threads: int, timeout: float,
                 isolation: Isolation | None = None) -> None:
        self.engine = engine
        self.ledger = ledger
        self.timeout = timeout
        self.isolation = isolation
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mailguard-inspect")
        self._process: ProcessPoolExecutor | None = None

    @property
    def all_fail_open(self) -> bool:
        """True only if every enabled rule may be skipped when it fails (then a timeout passes mail)."""
        rules = self.engine.rules
        return bool(rules) and all(self.engine.config.policy.setting(r.id).fail_open for r in rules)

    async def inspect(self, data: bytes, envelope: Envelope) -> Inspection:
        decided, facts = self._look_at_headers(data, envelope)
        if decided is not None:
            return decided
        position = Position(time.time(), self.ledger.next_sequence() if self.ledger is not None else 0)
        loop = asyncio.get_running_loop()
        if self.isolation is not None and len(data) > self.isolation.above:
            future = loop.run_in_executor(self._isolated(), _inspect_isolated, data, envelope, position)
        else:
            future = loop.run_in_executor(self._pool, self.inspect_now, data, envelope, position, facts)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except asyncio.TimeoutError:
            raise InspectionTimeout(f"the rules took longer than {self.timeout:g}s") from None

    def decided_by_headers(self, data: bytes, envelope: Envelope) -> Inspection | None:
        """The inspection of a message no rule applies to and that is no ledger candidate, from its
        headers alone; None when the body (or a thread, for a large header block) is needed.

        Exactly what :meth:`inspect_now` would return for such a message: every rule's ``applies()``
        is False, so ``evaluate`` passes it with no finding and no failure, and it is not an officer's
        message to a councillor, so it has no ledger entry.
        """
        return self._look_at_headers(data, envelope)[0]

    def _look_at_headers(self, data: bytes,
                         envelope: Envelope) -> tuple[Inspection | None, MessageFacts | None]:
        """(the inspection, None) when the headers decide; else (None, the header facts learnt so far,
        for the worker thread to go on from), or (None, None) when the full path must start afresh."""
        end = data.find(b"\n\n", 0, MAX_INLINE_HEADER)
        if end < 0 and data.find(b"\r\n\r\n", 0, MAX_INLINE_HEADER) < 0:
            return None, None
        try:
            message = parse(data)
            facts = self.engine.facts(message, envelope)
            if facts.from_council_mailbox and any(p.is_councillor for p in facts.recipients):
                return None, facts   # maybe confidential officer-to-councillor mail: the ledger needs the body
            if any(rule.applies(facts) for rule in self.engine.rules):
                return None, facts
            sender = message.sender
            return Inspection(Verdict("pass"), message.message_id, str(sender) if sender is not None else "",
                              message.subject), None
        except Exception:  # noqa: BLE001 - not mail, or a rule's pre-check failed: the full path reports it
            return None, None

    def inspect_now(self, data: bytes, envelope: Envelope, position: Position,
                    facts: MessageFacts | None = None) -> Inspection:
        """Parse and evaluate (in a worker thread); also work out the message's ledger entry, if any.

        ``facts``: what the look at the headers already parsed and worked out for this message."""
        if self.ledger is not None:
            self.ledger.refresh()
        if facts is None:
            try:
                message = parse(data)
            except NotAMessage as exc:
                return Inspection(Verdict("pass"), note=f"not a mail message, not checked: {exc}")
            facts = self.engine.facts(message, envelope)
        message = facts.message
        verdict = self.engine.evaluate(facts, self.ledger, position)
        entry = None
        try:
            if is_confidential_officer_mail(facts):   # (the fallback key hashes the whole message)
                entry = ledger_entry(facts, position, "relay:" + hashlib.sha256(data).hexdigest()[:32])
        except Exception:  # noqa: BLE001 - the ledger is an aid to rule (c), never a reason to refuse mail
            log.exception("could not fingerprint message %s for the confidential ledger", message.message_id)
        sender = message.sender
        return Inspection(verdict, message.message_id, str(sender) if sender is not None else "", message.subject,
                          entry)

    def _isolated(self) -> ProcessPoolExecutor:
        if self._process is None:
            iso = self.isolation
            assert iso is not None
            # spawn, not fork: this process has threads (and maybe a lock held in one of them).
            self._process = ProcessPoolExecutor(
                max_workers=1, max_tasks_per_child=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_isolated,
                initargs=(str(iso.config_dir), str(iso.models) if iso.models else None,
                          str(iso.state_dir) if iso.state_dir else None, self.timeout, iso.cpus))
        return self._process

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._process is not None:
            self._process.shutdown(wait=False, cancel_futures=True)
