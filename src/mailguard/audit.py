"""``mailguard audit``: what would have been caught? Archives in, one verdict per message out.

Two streaming passes over the archive, so nothing is held in memory but the ledger:
1. index: every confidential officer-to-councillor message goes into the ledger with its position
   (Date, then order read), so that rule (c) of confidential-forward can recognise it when it is
   reproduced later, whatever order the archive happens to be stored in. Only officers' mail to
   councillors is parsed for it; that mail is also checked there and then, and its row kept on disk
   unless a rule asked the (still incomplete) ledger, so it is parsed once, not twice;
2. check: every other message is evaluated by the same :class:`~mailguard.engine.Engine` the relay
   uses, and the rows come out in archive order.

With ``jobs > 1`` both passes fan out to worker processes in bounded, ordered batches (audit is
CPU-bound: reading the file is 100x faster than parsing it). No side effects: the audit never sends,
moves or changes mail.
"""

from __future__ import annotations

import multiprocessing
import pickle
import re
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

from mailguard.archive import RawMessage, iter_messages
from mailguard.engine import Engine
from mailguard.facts import MessageFacts
from mailguard.ledger import Ledger, LedgerEntry, LedgerMatch, Position
from mailguard.message import MailMessage, NotAMessage, decode_header_value, parse, parse_addresses
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


@dataclass
class FirstLook:
    """What the first pass learnt of one message: its ledger entry, if it is one the ledger keeps, and its
    row, if its verdict did not depend on the ledger (then the second pass does not parse it again)."""

    entry: LedgerEntry | None = None
    row: AuditRow | None = None


class LedgerInTheMaking(Ledger):
    """The ledger as the first pass has it: incomplete until the pass ends, since a message may reproduce
    one stored after it in the archive. A rule that asks it anything learns nothing, and is noted: that
    message's verdict is reached again in the second pass, with the whole ledger. Asking is noted rather
    than any rule's name, so a new rule that reads the ledger needs no change here, as long as it asks
    through ``len()`` or :meth:`match`, as confidential-forward does (its ``entries`` are not watched)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = False

    def __len__(self) -> int:
        self.asked = True
        return 0

    def match(self, text: str, position: Position, references: Iterable[str] = (),
              own_key: str | None = None) -> LedgerMatch | None:
        self.asked = True
        return None


def first_look(engine: Engine, raw: RawMessage) -> FirstLook:
    """Pass 1: the ledger entry of a confidential officer-to-councillor message, and the row of any
    officer's message to a councillor that no rule needed the ledger for.

    Most messages are ruled out on their From and recipient headers, read without parsing the body;
    anything else that goes wrong here is left to the second pass, which reports it.
    """
    head = _head(raw.raw)
    if not _may_be_officer_mail(engine, head) or not _may_go_to_a_councillor(engine, head):
        return FirstLook()
    try:
        message = parse(raw.raw)
    except NotAMessage:
        return FirstLook()
    try:
        facts = engine.facts(message)
        sender = facts.sender
        if sender is None or not (sender.is_officer or engine.directory.at_council_domain(sender.address.address)):
            return FirstLook()
        date = message.date
        entry = ledger_entry(facts, position_of(raw, date.timestamp() if date else None), raw.source)
    except Exception:  # noqa: BLE001 - pass 2 reports the message; the index must not stop the run
        return FirstLook()
    ledger = LedgerInTheMaking()
    row = _verdict_row(engine, raw, message, ledger, facts)
    return FirstLook(entry, None if ledger.asked else row)


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
    return _verdict_row(engine, raw, message, ledger)


def _verdict_row(engine: Engine, raw: RawMessage, message: MailMessage, ledger: Ledger | None,
                 facts: MessageFacts | None = None) -> AuditRow:
    """The row for a parsed message; ``facts``, when the first pass has them, with what it already read (the
    body, its markings, the sign-off): read again, they would cost as much as the parse saved."""
    try:
        date = message.date
        facts = facts if facts is not None else engine.facts(message)
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


class RowSpool:
    """The rows the first pass finished, in archive order, kept on disk until the second pass reaches them.

    On disk, not in memory: officers' mail to councillors is a large share of a council's archive, and an
    audit of a million messages must hold nothing but the ledger. The file is an unnamed temporary file
    (mode 0600, gone when closed or when the process ends): rows quote the mail they judge."""

    CHUNK = 256

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None   # made when the first rows are written
        self._pending: list[tuple[int, AuditRow]] = []
        self.count = 0

    def add(self, index: int, row: AuditRow) -> None:
        self._pending.append((index, row))
        self.count += 1
        if len(self._pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="mailguard-audit-")
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._pending = []

    def rows(self) -> Iterator[tuple[int, AuditRow]]:
        """The rows in the order they were added (the file is this process's own: unpickling it is safe)."""
        self._flush()
        if self._file is None:
            return
        self._file.seek(0)
        while True:
            try:
                chunk = pickle.load(self._file)  # noqa: S301 - written by this process, readable by no other
            except EOFError:
                return
            yield from chunk

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _with_finished_rows(messages: Iterator[RawMessage], finished: Iterator[tuple[int, AuditRow]]
                        ) -> Iterator[RawMessage | AuditRow]:
    """The archive's messages in order, each one the first pass finished replaced by its row. A row is only
    taken for the message it was made from (same place and source): should the archive change between the
    passes (a Maildir still receiving mail), what no longer lines up is checked again."""
    pending = next(finished, None)
    for raw in messages:
        while pending is not None and pending[0] < raw.index:
            pending = next(finished, None)
        if pending is not None and pending[0] == raw.index and pending[1].source == raw.source:
            yield pending[1]
            pending = next(finished, None)
        else:
            yield raw


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


def _first_look_batch(batch: list[RawMessage]) -> list[FirstLook]:
    assert _worker_engine is not None
    return [first_look(_worker_engine, raw) for raw in batch]


def _check_batch(batch: list[RawMessage | AuditRow]) -> list[AuditRow]:
    assert _worker_engine is not None
    return _check_items(_worker_engine, batch, _worker_ledger)


def _check_items(engine: Engine, batch: list[RawMessage | AuditRow], ledger: Ledger | None) -> list[AuditRow]:
    """A batch of the second pass: each message checked, each row the first pass finished passed on."""
    return [item if isinstance(item, AuditRow) else check_message(engine, item, ledger) for item in batch]


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
    """One audit of some archives: :meth:`build_ledger` (the first pass), then :meth:`check` (the second)."""

    def __init__(self, engine: Engine, config_dir: Path, models: Path | None = None, jobs: int = 1,
                 progress: Progress | None = None) -> None:
        self.engine = engine
        self.config_dir = config_dir
        self.models = models
        self.jobs = max(1, jobs)
        self.progress = progress or Progress(enabled=False)
        self.ledger = Ledger()
        self.messages = 0
        self.finished = RowSpool()

    def build_ledger(self, paths: list[Path]) -> Ledger:
        """The first pass: the ledger, and the rows of the messages it already checked (:func:`first_look`)."""
        self.progress.start("indexing")
        index = 0   # the message's place in the archive, as iter_messages numbers it
        for looks in self._map(_first_look_batch, lambda b: [first_look(self.engine, r) for r in b],
                               iter_messages(paths), None):
            for look in looks:
                if look.entry is not None:
                    self.ledger.add(look.entry)
                if look.row is not None:
                    self.finished.add(index, look.row)
                index += 1
            self.progress.tick(len(looks))
        self.messages = self.progress.count
        self.progress.done()
        return self.ledger

    def check(self, paths: list[Path]) -> Iterator[AuditRow]:
        """The second pass: every message's row, in archive order."""
        self.progress.start("checking")
        items = _with_finished_rows(iter_messages(paths), self.finished.rows())
        try:
            for rows in self._map(_check_batch, lambda b: _check_items(self.engine, b, self.ledger), items,
                                  self.ledger):
                for row in rows:
                    self.progress.tick(1, 1 if row.findings else 0)
                    yield row
        finally:
            self.finished.close()
        self.progress.done()

    def _map(self, parallel_func: Callable[[list[T]], list[R]], local_func: Callable[[list[T]], list[R]],
             items: Iterator[T], ledger: Ledger | None) -> Iterator[list[R]]:
        """``local_func`` (one process) or ``parallel_func`` (in the workers) over ``items`` in batches, in order."""
        batches = _batches(items, BATCH)
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
