"""The quarantine store: held messages, exactly as received, and the incidents the relay recorded.

Layout under the state directory (``0700``; every file ``0600``, owned by the service user)::

    quarantine/index.sqlite3       the index (WAL, synchronous=FULL) and the action log
    quarantine/messages/ID.eml     the raw bytes of each held message, exactly as the client sent them

:meth:`QuarantineStore.hold` returns only after the bytes are fsync'd, renamed into place, the
directory fsync'd and the index row committed: the relay answers 250 after that and not before, so a
crash (power cut, SIGKILL) never loses a message it accepted. A message the relay is killed while
holding either got its 250 (and is in the index) or did not (the client retries; a half-written file
is swept away at the next start). Holding the same message again (same envelope and bytes, a client
retrying after a lost 250) returns the item already held, so a retry never makes a second item.

Status changes are single conditional UPDATEs in a write transaction together with their action-log
entry, so when two reviewers act at once exactly one wins and the other is told who and when.

Statuses: ``held`` (waiting for a reviewer), ``releasing`` (a release is being delivered),
``released``, ``rejected``; and incidents without a stored message: ``blocked`` (refused with 550)
and ``dry-run`` (what enforce mode would have done).
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import secrets
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mailguard.errors import QuarantineError
from mailguard.quarantine import actionlog
from mailguard.quarantine.actionlog import Action

STATUSES = ("held", "releasing", "released", "rejected", "blocked", "dry-run")
OPEN_STATUSES = ("held", "releasing")
#: Temporary files older than this at startup belong to a process that died mid-write.
STALE_TEMP_SECONDS = 600
#: Attempts at a fresh random reference when another process took the one picked.
_ID_ATTEMPTS = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id            TEXT PRIMARY KEY,
    status        TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    message_id    TEXT,
    mail_from     TEXT NOT NULL,
    rcpt_tos      TEXT NOT NULL,
    smtputf8      INTEGER NOT NULL DEFAULT 0,
    header_from   TEXT NOT NULL DEFAULT '',
    subject       TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT,
    digest        TEXT,
    verdict       TEXT NOT NULL,
    rules         TEXT NOT NULL,
    findings      TEXT NOT NULL,
    client        TEXT NOT NULL DEFAULT '',
    ledger_entry  TEXT,
    handled_by    TEXT,
    handled_at    TEXT,
    reason        TEXT,
    released_to   TEXT,
    last_error    TEXT,
    last_error_at TEXT,
    reminded_at   TEXT,
    escalated_at  TEXT
);
CREATE INDEX IF NOT EXISTS items_status ON items(status, received_at);
CREATE INDEX IF NOT EXISTS items_digest ON items(digest);
"""


class ItemNotFound(QuarantineError):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"no quarantine item '{item_id}' (see `mailguard quarantine list --status all`)")


class AlreadyHandled(QuarantineError):
    """A second reviewer acted on an item someone else already handled."""

    def __init__(self, item: Item, wanted: str) -> None:
        self.item = item
        if item.status == "releasing":
            what = (f"a release of {item.id} by {item.handled_by} started at {item.handled_at} did not finish; "
                    f"check whether it arrived before retrying with --retry-interrupted")
        elif item.status in ("blocked", "dry-run"):
            what = f"{item.id} is a {item.status} incident, not a held message: there is nothing to {wanted}"
        else:
            what = f"{item.id} was already {item.status} by {item.handled_by} at {item.handled_at}"
        super().__init__(f"cannot {wanted}: {what}")


@dataclass(frozen=True)
class Item:
    """One row of the queue, as a reviewer (CLI or web page) sees it."""

    id: str
    status: str
    received_at: str
    message_id: str | None
    mail_from: str
    rcpt_tos: tuple[str, ...]
    smtputf8: bool
    header_from: str
    subject: str
    size: int
    sha256: str | None
    verdict: str
    rules: tuple[str, ...]
    findings: tuple[dict[str, Any], ...]
    client: str
    ledger_entry: dict[str, Any] | None = None
    handled_by: str | None = None
    handled_at: str | None = None
    reason: str | None = None
    released_to: tuple[str, ...] | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    reminded_at: str | None = None
    escalated_at: str | None = None

    @property
    def has_message(self) -> bool:
        return self.sha256 is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "message_id": self.message_id, "mail_from": self.mail_from,
            "rcpt_tos": list(self.rcpt_tos), "rules": list(self.rules), "status": self.status,
            "received_at": self.received_at, "verdict": self.verdict, "from": self.header_from,
            "subject": self.subject, "size": self.size, "sha256": self.sha256, "client": self.client,
            "findings": [{k: v for k, v in f.items() if k != "fix_data"} for f in self.findings],
            "handled_by": self.handled_by, "handled_at": self.handled_at, "reason": self.reason,
            "released_to": list(self.released_to) if self.released_to is not None else None,
            "last_error": self.last_error, "last_error_at": self.last_error_at,
            "reminded_at": self.reminded_at, "escalated_at": self.escalated_at,
        }


@dataclass(frozen=True)
class NewItem:
    """What the relay knows about a message it holds or refuses (no bytes)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    verdict: str
    findings: tuple[dict[str, Any], ...]
    message_id: str | None = None
    header_from: str = ""
    subject: str = ""
    client: str = ""
    smtputf8: bool = False
    ledger_entry: dict[str, Any] | None = None
    rules: tuple[str, ...] = field(default=())

    def rule_ids(self) -> tuple[str, ...]:
        return self.rules or tuple(dict.fromkeys(str(f["rule"]) for f in self.findings))


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    head: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def new_id(when: datetime) -> str:
    """Short, sortable and unguessable enough to read out over the phone: ``20240501-7F3A9C``."""
    return f"{when:%Y%m%d}-{secrets.token_hex(3).upper()}"


def envelope_digest(mail_from: str, rcpt_tos: Sequence[str], data: bytes) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([mail_from.lower(), sorted(r.lower() for r in rcpt_tos)]).encode())
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (0700) or check an existing one is ours and not readable by others."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.stat()
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise QuarantineError(f"{path} belongs to another user (uid {st.st_uid}); run mailguard as that user "
                              f"(e.g. `sudo -u mailguard mailguard ...`) so the files it writes stay readable "
                              f"by the service")
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, 0o700)


class QuarantineStore:
    """The queue. Safe to share between threads; several processes may open the same state dir."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = Path(state_dir)
        self.root = self.state_dir / "quarantine"
        self.messages = self.root / "messages"
        for d in (self.state_dir, self.root, self.messages):
            ensure_private_dir(d)
        index = self.root / "index.sqlite3"
        if not index.exists():
            os.close(os.open(index, os.O_CREAT | os.O_WRONLY, 0o600))  # sqlite copies these bits to -wal/-shm
        self._lock = threading.RLock()
        self._db = sqlite3.connect(index, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=30000")
        with self._lock:
            self._db.executescript(_SCHEMA + actionlog.SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------------ writing
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before reading so conditional updates cannot race."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def hold(self, new: NewItem, data: bytes, now: datetime | None = None) -> Item:
        """Store a message durably; return its item (the one already held, for a retried message)."""
        now = now or utc_now()
        digest = envelope_digest(new.mail_from, new.rcpt_tos, data)
        existing = self._held_by_digest(digest)
        if existing is not None:
            return existing
        for attempt in range(_ID_ATTEMPTS):
            # Several relay processes may share the state dir: the file name is claimed atomically
            # (never overwritten) and the row's primary key refuses a duplicate id, so two processes
            # that pick the same random id both notice and one picks again.
            item_id = self._unused_id(now)
            final = self.messages / f"{item_id}.eml"
            try:
                self._write_file(final, data)
            except FileExistsError:
                continue
            try:
                with self._write() as db:
                    row = db.execute("SELECT id FROM items WHERE digest = ? AND status IN "
                                     "('held','releasing')", (digest,)).fetchone()
                    if row is not None:  # another process held the same retry a moment ago
                        final.unlink(missing_ok=True)
                        return self.get(row[0])
                    sha = hashlib.sha256(data).hexdigest()
                    self._insert(db, item_id, "held", now, new, size=len(data), sha256=sha, digest=digest)
                    actionlog.append(db, iso(now), "relay", "hold", item_id, {
                        "sha256": sha, "size": len(data), "mail_from": new.mail_from,
                        "rcpt_tos": list(new.rcpt_tos), "message_id": new.message_id,
                        "rules": list(new.rule_ids())})
            except sqlite3.IntegrityError:
                final.unlink(missing_ok=True)
                if attempt == _ID_ATTEMPTS - 1:
                    raise
                continue
            except BaseException:
                final.unlink(missing_ok=True)
                raise
            return self.get(item_id)
        raise QuarantineError("could not find an unused quarantine reference")

    def record_incident(self, new: NewItem, status: str, size: int, now: datetime | None = None) -> Item:
        """An incident without stored bytes: a blocked message, or what dry-run would have done."""
        if status not in ("blocked", "dry-run"):
            raise ValueError(f"not an incident status: {status}")
        now = now or utc_now()
        for attempt in range(_ID_ATTEMPTS):
            item_id = self._unused_id(now)
            try:
                with self._write() as db:
                    self._insert(db, item_id, status, now, new, size=size, sha256=None, digest=None)
                    kind = "block" if status == "blocked" else "dry-run"
                    actionlog.append(db, iso(now), "relay", kind, item_id, {
                        "mail_from": new.mail_from, "rcpt_tos": list(new.rcpt_tos),
                        "message_id": new.message_id, "rules": list(new.rule_ids()), "verdict": new.verdict})
            except sqlite3.IntegrityError:   # another process took this id a moment ago
                if attempt == _ID_ATTEMPTS - 1:
                    raise
                continue
            return self.get(item_id)
        raise QuarantineError("could not find an unused quarantine reference")

    def _insert(self, db: sqlite3.Connection, item_id: str, status: str, now: datetime, new: NewItem, *,
                size: int, sha256: str | None, digest: str | None) -> None:
        db.execute(
            "INSERT INTO items (id, status, received_at, message_id, mail_from, rcpt_tos, smtputf8, header_from,"
            " subject, size, sha256, digest, verdict, rules, findings, client, ledger_entry)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (item_id, status, iso(now), new.message_id, new.mail_from, json.dumps(list(new.rcpt_tos)),
             int(new.smtputf8), new.header_from, new.subject, size, sha256, digest, new.verdict,
             json.dumps(list(new.rule_ids())), json.dumps(list(new.findings), ensure_ascii=False), new.client,
             json.dumps(new.ledger_entry) if new.ledger_entry is not None else None))

    def _write_file(self, final: Path, data: bytes) -> None:
        tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, final)      # unlike rename, never replaces a file another process just wrote
        finally:
            os.unlink(tmp)
        dir_fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def _unused_id(self, now: datetime) -> str:
        while True:
            item_id = new_id(now)
            with self._lock:
                if self._db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is None:
                    return item_id

    def _held_by_digest(self, digest: str) -> Item | None:
        with self._lock:
            row = self._db.execute("SELECT id FROM items WHERE digest = ? AND status IN ('held','releasing')",
                                   (digest,)).fetchone()
        return self.get(row[0]) if row else None

    def sweep(self) -> int:
        """Remove half-written files left by a process that died mid-write; return how many."""
        removed = 0
        cutoff = time.time() - STALE_TEMP_SECONDS
        with self._lock:
            known = {r[0] for r in self._db.execute("SELECT id FROM items WHERE sha256 IS NOT NULL")}
        for path in self.messages.iterdir():
            stale = path.stat().st_mtime < cutoff
            orphan = path.suffix == ".eml" and not path.name.startswith(".") and path.stem not in known
            if stale and (path.name.endswith(".tmp") or orphan):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    # ------------------------------------------------------------------ reading
    def get(self, item_id: str) -> Item:
        with self._lock:
            row = self._db.execute("SELECT * FROM items WHERE id = ?", (item_id.strip(),)).fetchone()
            if row is None:
                raise ItemNotFound(item_id)
            names = [d[0] for d in self._db.execute("SELECT * FROM items LIMIT 0").description]
        return _item(dict(zip(names, row, strict=True)))

    def list(self, statuses: Sequence[str] | None = OPEN_STATUSES) -> builtins.list[Item]:
        """Items in these statuses (all when None), oldest first."""
        sql = "SELECT * FROM items"
        args: tuple[str, ...] = ()
        if statuses is not None:
            sql += f" WHERE status IN ({','.join('?' * len(statuses))})"
            args = tuple(statuses)
        with self._lock:
            cur = self._db.execute(sql + " ORDER BY received_at, id", args)
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return [_item(dict(zip(names, r, strict=True))) for r in rows]

    def raw(self, item_id: str) -> bytes:
        """The held message's bytes, exactly as received."""
        item = self.get(item_id)
        if not item.has_message:
            raise QuarantineError(f"{item_id} is a {item.status} incident: no message was stored")
        path = self.messages / f"{item.id}.eml"
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise QuarantineError(f"the stored message of {item_id} is missing ({path}); "
                                  f"run `mailguard quarantine verify-log`") from exc

    def actions(self, item_id: str | None = None) -> builtins.list[Action]:
        with self._lock:
            return actionlog.entries(self._db, item_id)

    # ------------------------------------------------------------------ reviewer actions
    def claim_release(self, item_id: str, reviewer: str, recipients: Sequence[str], fix: bool,
                      retry_interrupted: bool = False, now: datetime | None = None) -> Item:
        """Mark an item as being released by ``reviewer``; refuse if anyone else got there first."""
        now = now or utc_now()
        allowed = ("held", "releasing") if retry_interrupted else ("held",)
        with self._write() as db:
            item = self._get_in(db, item_id)
            if item.status not in allowed:
                raise AlreadyHandled(item, "release")
            db.execute("UPDATE items SET status='releasing', handled_by=?, handled_at=? WHERE id=?",
                       (reviewer, iso(now), item.id))
            actionlog.append(db, iso(now), reviewer, "release-retry" if item.status == "releasing" else
                             "release-start", item.id, {"to": list(recipients), "fix": fix})
        return self.get(item.id)

    def finish_release(self, item_id: str, reviewer: str, recipients: Sequence[str], fix: bool, upstream: str,
                       now: datetime | None = None) -> Item:
        now = now or utc_now()
        with self._write() as db:
            db.execute("UPDATE items SET status='released', handled_by=?, handled_at=?, released_to=?, "
                       "last_error=NULL WHERE id=? AND status='releasing'",
                       (reviewer, iso(now), json.dumps(list(recipients)), item_id))
            actionlog.append(db, iso(now), reviewer, "release", item_id,
                             {"to": list(recipients), "fix": fix, "upstream": upstream})
        return self.get(item_id)

    def fail_release(self, item_id: str, reviewer: str, error: str, now: datetime | None = None) -> Item:
        """The upstream did not take it: back to held, with the error for the next reviewer to see."""
        now = now or utc_now()
        with self._write() as db:
            db.execute("UPDATE items SET status='held', handled_by=NULL, handled_at=NULL, last_error=?, "
                       "last_error_at=? WHERE id=? AND status='releasing'", (error, iso(now), item_id))
            actionlog.append(db, iso(now), reviewer, "release-failed", item_id, {"error": error})
        return self.get(item_id)

    def reject(self, item_id: str, reviewer: str, reason: str, canned: str | None = None,
               now: datetime | None = None) -> Item:
        now = now or utc_now()
        with self._write() as db:
            item = self._get_in(db, item_id)
            if item.status != "held":
                raise AlreadyHandled(item, "reject")
            db.execute("UPDATE items SET status='rejected', handled_by=?, handled_at=?, reason=? WHERE id=?",
                       (reviewer, iso(now), reason, item.id))
            actionlog.append(db, iso(now), reviewer, "reject", item.id, {"reason": reason, "canned": canned})
        return self.get(item.id)

    def record_reminder(self, item_id: str, kind: str, to: Sequence[str], now: datetime | None = None) -> None:
        """A reminder (or escalation) was sent about an unreviewed item; it stays held."""
        now = now or utc_now()
        column = "escalated_at" if kind == "escalate" else "reminded_at"
        with self._write() as db:
            db.execute(f"UPDATE items SET {column}=? WHERE id=?", (iso(now), item_id))
            actionlog.append(db, iso(now), "mailguard", kind, item_id, {"to": list(to)})

    def _get_in(self, db: sqlite3.Connection, item_id: str) -> Item:
        cur = db.execute("SELECT * FROM items WHERE id = ?", (item_id.strip(),))
        row = cur.fetchone()
        if row is None:
            raise ItemNotFound(item_id)
        return _item(dict(zip([d[0] for d in cur.description], row, strict=True)))

    # ------------------------------------------------------------------ verification
    def verify(self) -> VerifyReport:
        """Check the action log's chain, each item against its log entries, and each held file's bytes."""
        with self._lock:
            chain = actionlog.check_chain(self._db)
            entries = actionlog.entries(self._db)
        problems = list(chain.problems)
        by_item: dict[str, list[Action]] = {}
        for entry in entries:
            by_item.setdefault(entry.item, []).append(entry)
        expected_last = {"held": ("hold", "release-failed", "remind", "escalate"),
                         "releasing": ("release-start", "release-retry"), "released": ("release",),
                         "rejected": ("reject",), "blocked": ("block",), "dry-run": ("dry-run",)}
        for item in self.list(None):
            log = by_item.get(item.id, [])
            if not log:
                problems.append(f"item {item.id} ({item.status}) has no entry in the action log")
                continue
            status_changes = [a for a in log if a.action not in ("remind", "escalate")]
            last = status_changes[-1].action if status_changes else log[-1].action
            if last not in expected_last.get(item.status, ()):
                problems.append(f"item {item.id} is '{item.status}' but its last logged action is '{last}'")
            if item.has_message:
                hold = next((a for a in log if a.action == "hold"), None)
                if hold is None or hold.detail.get("sha256") != item.sha256:
                    problems.append(f"item {item.id}: the index's message hash differs from the one logged")
                path = self.messages / f"{item.id}.eml"
                if not path.exists():
                    problems.append(f"item {item.id}: the stored message {path.name} is missing")
                elif hashlib.sha256(path.read_bytes()).hexdigest() != (hold.detail.get("sha256") if hold else None):
                    problems.append(f"item {item.id}: the stored message {path.name} was altered after it was held")
        return VerifyReport(chain.count, chain.head, tuple(problems))


def _item(row: dict[str, Any]) -> Item:
    return Item(
        id=row["id"], status=row["status"], received_at=row["received_at"], message_id=row["message_id"],
        mail_from=row["mail_from"], rcpt_tos=tuple(json.loads(row["rcpt_tos"])), smtputf8=bool(row["smtputf8"]),
        header_from=row["header_from"], subject=row["subject"], size=row["size"], sha256=row["sha256"],
        verdict=row["verdict"], rules=tuple(json.loads(row["rules"])), findings=tuple(json.loads(row["findings"])),
        client=row["client"], ledger_entry=json.loads(row["ledger_entry"]) if row["ledger_entry"] else None,
        handled_by=row["handled_by"], handled_at=row["handled_at"], reason=row["reason"],
        released_to=tuple(json.loads(row["released_to"])) if row["released_to"] else None,
        last_error=row["last_error"], last_error_at=row["last_error_at"], reminded_at=row["reminded_at"],
        escalated_at=row["escalated_at"])
