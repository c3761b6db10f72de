"""``mailguard audit``: what would have been caught? Archives in, one verdict per message out.

Two streaming passes over the archive, so nothing is held in memory but the ledger:
1. index: every confidential officer-to-councillor message goes into the ledger with its position
   (Date, then order read), so that rule (c) of confidential-forward can recognise it when it is
   reproduced later, whatever order the archive happens to be stored in;
2. check: every message is evaluated by the same :class:`~mailguard.engine.Engine` the relay uses.

With ``jobs > 1`` both passes fan out to worker processes in bounded, ordered batches (audit is
CPU-bound: reading the file is 100x faster than parsing it). No side effects: the audit never sends,
moves or changes mail.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

from mailguard.archive import RawMessage, iter_messages
from mailguard.engine import Engine
from mailguard.ledger import Ledger, LedgerEntry, Position
from mailguard.message import NotAMessage, decode_header_value, parse, parse_addresses
from mailguard.rules.confidential_forward import ledger_entry

T = TypeVar("T")
R = TypeVar("R")
BATCH = 64


@dataclass
class AuditRow:
    source: str
    message_id: str | None
    verdict: str
    findings: list[dict[str, Any]]
    error: str | None = None
    sender: str = ""
    date: str | None = None          # ISO date, for the report's chart
    subject: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "message_id": self.message_id, "verdict": self.verdict,
                               "findings": self.findings}
        if self.error:
            out["error"] = self.error
        return out


def position_of(raw: RawMessage, date: float | None) -> Position:
    return Position(date, raw.index)


def index_message(engine: Engine, raw: RawMessage) -> LedgerEntry | None:
    """Pass 1: the ledger entry for a confidential officer-to-councillor message, else None.

    Most messages are ruled out on their From header alone, read without parsing the body.
    """
    head = _head(raw.raw)
    if not _may_be_officer_mail(engine, head) or not _may_go_to_a_councillor(engine, head):
        return None
    try:
        message = parse(raw.raw)
    except NotAMessage:
        return None
    try:
        facts = engine.facts(message)
        sender = facts.sender
        if sender is None or not (sender.is_officer or engine.directory.at_council_domain(sender.address.address)):
            return None
        date = message.date
        return ledger_entry(facts, position_of(raw, date.timestamp() if date else None), raw.source)
    except Exception:  # noqa: BLE001 - pass 2 reports the message; the index must not stop the run
        return None


_FROM_LINE = re.compile(rb"^from:(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
#: Every header the facts take a recipient from (To, Cc and, for an archived copy, Bcc and the delivery headers:
#: ``MessageFacts.visible`` and ``.blind``).
_RECIPIENT_LINES = re.compile(rb"^(?:to|cc|bcc|delivered-to|x-original-to|envelope-to|x-envelope-to):"
                              rb"(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_FOLD = re.compile(r"\r?\n[ \t]")


def _head(raw: bytes) -> bytes:
    """The header block of ``raw`` (at most its first 64 KiB)."""
    end = raw.find(b"\n\n")
    end2 = raw.find(b"\r\n\r\n")
    return raw[:min(e for e in (end, end2, 65536) if e >= 0)]


def _may_go_to_a_councillor(engine: Engine, head: bytes) -> bool:
    """A cheap look at the recipient headers (``head``: :func:`_head`): could any recipient be a councillor?
    The ledger keeps only officers' mail to councillors, so an officer's mail to outsiders or colleagues (about
    two in five of a council's messages) is not parsed in the first pass at all. Anything not plainly readable
    (no To or Cc, a recipient with no address, which the directory may place by name) is left to the full parse."""
    values = [_FOLD.sub(" ", m.group(1).decode("latin-1")) for m in _RECIPIENT_LINES.finditer(head)]
    if not values:
        return True
    addresses = parse_addresses(values)
    if not addresses or any(not a.address for a in addresses):
        return True
    return any(engine.directory.party(a).is_councillor for a in addresses)


def _may_be_officer_mail(engine: Engine, head: bytes) -> bool:
    """A cheap look at the From header (``head``: :func:`_head`): could this be an officer's (or the office's)
    message?"""
    m = _FROM_LINE.search(head)
    if m is None:
        return True  # no From header we can read cheaply: let the full parse decide
    value = decode_header_value(m.group(1).decode("latin-1"))
    for address in parse_addresses([value]):
        person = engine.directory.person_for(address.address)
        if person is not None:
            return person.is_officer
        return engine.directory.at_council_domain(address.address)
    return True


def check_message(engine: Engine, raw: RawMessage, ledger: Ledger | None) -> AuditRow:
    """Pass 2: the verdict for one message, never raising."""
    try:
        message = parse(raw.raw)
    except NotAMessage as exc:
        return AuditRow(raw.source, None, "warn", [], error=f"not checked: {exc}")
    try:
        date = message.date
        facts = engine.facts(message)
        verdict = engine.evaluate(facts, ledger, position_of(raw, date.timestamp() if date else None))
        error = None
        if verdict.failures:
            error = "; ".join(f"rule {f.rule} failed: {f.error}" for f in verdict.failures)
        sender = facts.sender.describe() if facts.sender is not None else ""
        return AuditRow(raw.source, message.message_id, verdict.reported,
                        [f.as_dict() for f in verdict.findings], error=error, sender=sender,
                        date=date.date().isoformat() if date else None, subject=message.subject)
    except Exception as exc:  # noqa: BLE001 - one broken message must not end an audit of thousands
        return AuditRow(raw.source, None, "warn", [], error=f"not checked: internal error {type(exc).__name__}: {exc}")


# ---------------------------------------------------------------------------- running

@dataclass
class Progress:
    """A one-line progress display on a terminal; silent otherwise (logs and CI stay clean)."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    enabled: bool = True
    phase: str = ""
    count: int = 0
    found: int = 0
    started: float = field(default_factory=time.monotonic)
    _last: float = 0.0

    def start(self, phase: str) -> None:
        self.phase, self.count, self.found, self.started = phase, 0, 0, time.monotonic()

    def tick(self, n: int = 1, found: int = 0) -> None:
        self.count += n
        self.found += found
        now = time.monotonic()
        if self.enabled and now - self._last >= 0.25:
            self._last = now
            self._show(now)

    def done(self) -> None:
        if self.enabled:
            self._show(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def _show(self, now: float) -> None:
        rate = self.count / max(now - self.started, 1e-6)
        extra = f", {self.found} with findings" if self.phase == "checking" else ""
        self.stream.write(f"\r{self.phase}: {self.count:,} messages ({rate:,.0f}/s){extra}   ")
        self.stream.flush()


_worker_engine: Engine | None = None
_worker_ledger: Ledger | None = None


def _init_worker(config_dir: str, models: str | None, ledger: Ledger | None) -> None:
    global _worker_engine, _worker_ledger
    from mailguard.runtime import build_engine  # noqa: PLC0415

    _worker_engine = build_engine(Path(config_dir), Path(models) if models else None)
    _worker_ledger = ledger


def _index_batch(batch: list[RawMessage]) -> list[LedgerEntry | None]:
    assert _worker_engine is not None
    return [index_message(_worker_engine, raw) for raw in batch]


def _check_batch(batch: list[RawMessage]) -> list[AuditRow]:
    assert _worker_engine is not None
    return [check_message(_worker_engine, raw, _worker_ledger) for raw in batch]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ordered_parallel(pool: Any, func: Callable[[list[T]], list[R]], batches: Iterator[list[T]],
                      in_flight: int) -> Iterator[list[R]]:
    """``pool.imap`` with back-pressure: at most ``in_flight`` batches read ahead of the consumer."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(pool.apply_async(func, (batch,)))
        if len(pending) >= in_flight:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class Audit:
    def __init__(self, engine: Engine, config_dir: Path, models: Path | None = None, jobs: int = 1,
                 progress: Progress | None = None) -> None:
        self.engine = engine
        self.config_dir = config_dir
        self.models = models
        self.jobs = max(1, jobs)
        self.progress = progress or Progress(enabled=False)
        self.ledger = Ledger()
        self.messages = 0

    def build_ledger(self, paths: list[Path]) -> Ledger:
        self.progress.start("indexing")
        for entries in self._map(_index_batch, lambda b: [index_message(self.engine, r) for r in b], paths, None):
            for entry in entries:
                if entry is not None:
                    self.ledger.add(entry)
            self.progress.tick(len(entries))
        self.messages = self.progress.count
        self.progress.done()
        return self.ledger

    def check(self, paths: list[Path]) -> Iterator[AuditRow]:
        self.progress.start("checking")
        for rows in self._map(_check_batch, lambda b: [check_message(self.engine, r, self.ledger) for r in b],
                              paths, self.ledger):
            for row in rows:
                self.progress.tick(1, 1 if row.findings else 0)
                yield row
        self.progress.done()

    def _map(self, parallel_func: Callable[[list[RawMessage]], list[R]],
             local_func: Callable[[list[RawMessage]], list[R]], paths: list[Path],
             ledger: Ledger | None) -> Iterator[list[R]]:
        batches = _batches(iter_messages(paths), BATCH)
        if self.jobs == 1:
            for batch in batches:
                yield local_func(batch)
            return
        global _worker_engine, _worker_ledger
        if sys.platform.startswith("linux"):
            # Forked workers inherit the engine (config, language model) and the ledger already in
            # memory: nothing is loaded twice, and nothing is pickled but the batches.
            _worker_engine, _worker_ledger = self.engine, ledger
            pool_ctx = multiprocessing.get_context("fork").Pool(self.jobs)
        else:
            pool_ctx = multiprocessing.get_context("spawn").Pool(
                self.jobs, initializer=_init_worker,
                initargs=(str(self.config_dir), str(self.models) if self.models else None, ledger))
        with pool_ctx as pool:
            yield from _ordered_parallel(pool, parallel_func, batches, in_flight=self.jobs * 3)
