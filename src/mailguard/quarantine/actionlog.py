"""The append-only, hash-chained record of everything done to the quarantine.

Every entry (the relay holding or blocking a message, a clerk releasing or rejecting one, a reminder)
is a row in the ``actions`` table of the quarantine index, written in the same SQLite transaction as
the status change it records, so the log and the queue can never disagree. Each entry's hash covers
its content and the previous entry's hash; triggers refuse UPDATE and DELETE. Editing, deleting or
reordering an entry afterwards (with the sqlite3 tool, say) breaks the chain, and
``mailguard quarantine verify-log`` says where. Deleting the newest entries cannot be seen from the
chain alone, so verification also checks every queue item against its entries and every held
message's bytes against the hash recorded when it was held. ``verify-log`` prints the chain head: a
council that writes it into its minutes can later show that nothing before it was changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    seq    INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    item   TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev   TEXT NOT NULL,
    hash   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actions_item ON actions(item);
CREATE TRIGGER IF NOT EXISTS actions_no_update BEFORE UPDATE ON actions
    BEGIN SELECT RAISE(ABORT, 'the quarantine action log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS actions_no_delete BEFORE DELETE ON actions
    BEGIN SELECT RAISE(ABORT, 'the quarantine action log is append-only'); END;
"""


@dataclass(frozen=True)
class Action:
    seq: int
    at: str
    actor: str
    action: str
    item: str
    detail: dict[str, Any]
    prev: str
    hash: str

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action, "item": self.item,
                "detail": self.detail, "prev": self.prev, "hash": self.hash}


def entry_hash(prev: str, seq: int, at: str, actor: str, action: str, item: str, detail_json: str) -> str:
    body = json.dumps([seq, at, actor, action, item, detail_json], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{body}".encode()).hexdigest()


def canonical(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def append(db: sqlite3.Connection, at: str, actor: str, action: str, item: str, detail: dict[str, Any]) -> Action:
    """Append one entry. Call inside the caller's write transaction (BEGIN IMMEDIATE)."""
    row = db.execute("SELECT seq, hash FROM actions ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    detail_json = canonical(detail)
    digest = entry_hash(prev, seq, at, actor, action, item, detail_json)
    db.execute("INSERT INTO actions (seq, at, actor, action, item, detail, prev, hash) VALUES (?,?,?,?,?,?,?,?)",
               (seq, at, actor, action, item, detail_json, prev, digest))
    return Action(seq, at, actor, action, item, detail, prev, digest)


def entries(db: sqlite3.Connection, item: str | None = None) -> list[Action]:
    sql = "SELECT seq, at, actor, action, item, detail, prev, hash FROM actions"
    rows = db.execute(sql + (" WHERE item = ? ORDER BY seq" if item else " ORDER BY seq"),
                      (item,) if item else ()).fetchall()
    return [Action(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in rows]


@dataclass(frozen=True)
class ChainCheck:
    count: int
    head: str
    problems: tuple[str, ...]


def check_chain(db: sqlite3.Connection) -> ChainCheck:
    """Recompute every hash from the stored content; report each break with its position."""
    problems: list[str] = []
    guards = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for guard in ("actions_no_update", "actions_no_delete"):
        if guard not in guards:
            problems.append(f"the append-only guard '{guard}' was removed from the database")
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = db.execute("SELECT seq, at, actor, action, item, detail, prev, hash FROM actions ORDER BY seq")
    for seq, at, actor, action, item, detail_json, stored_prev, stored_hash in rows:
        count += 1
        if seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (next entry is {seq}): entries were deleted")
        if stored_prev != prev:
            problems.append(f"entry {seq} does not follow entry {seq - 1}: the chain was broken or reordered")
        if entry_hash(stored_prev, seq, at, actor, action, item, detail_json) != stored_hash:
            problems.append(f"entry {seq} ({action} {item} by {actor} at {at}) was altered after it was written")
        prev = stored_hash
        expected_seq = seq + 1
    return ChainCheck(count, prev, tuple(problems))
