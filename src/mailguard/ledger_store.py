"""The confidential ledger, kept in the state directory so rule (c) of confidential-forward survives restarts.

The relay sees mail one message at a time; to recognise a confidential briefing pasted into a later
e-mail it must remember the briefings it relayed before, across restarts and upgrades. Entries are
rows of ``ledger.sqlite3`` (fingerprints as a packed array of 64-bit integers, a few KB per message);
the in-memory inverted index of :class:`~mailguard.ledger.Ledger` is rebuilt from them at start and
topped up by :meth:`PersistentLedger.refresh`, so an entry written by another process (a message the
clerk released from the quarantine) is seen within a second.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from array import array
from pathlib import Path
from typing import Any

from mailguard.ledger import SCHEMES, Ledger, LedgerEntry, Position

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    n          INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    date       REAL,
    idx        INTEGER NOT NULL,
    sender     TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject    TEXT NOT NULL,
    date_text  TEXT NOT NULL,
    marker     TEXT NOT NULL,
    shingles   BLOB NOT NULL,
    scheme     INTEGER NOT NULL DEFAULT 1
);
"""
REFRESH_SECONDS = 1.0


class PersistentLedger(Ledger):
    def __init__(self, state_dir: Path) -> None:
        super().__init__()
        path = Path(state_dir) / "ledger.sqlite3"
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(ledger)")}
        if "scheme" not in columns:
            # A ledger written before fingerprint scheme 2: its rows keep matching under scheme 1.
            try:
                self._db.execute("ALTER TABLE ledger ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1")
            except sqlite3.OperationalError:
                # Another process sharing the state directory may have added it a moment ago;
                # anything else (a locked database) is reported as itself.
                if "scheme" not in {row[1] for row in self._db.execute("PRAGMA table_info(ledger)")}:
                    raise
        self._loaded_upto = 0
        self._refreshed_at = 0.0
        self._sequence = 0
        self.refresh(force=True)
        row = self._db.execute("SELECT MAX(idx) FROM ledger").fetchone()
        self._sequence = (row[0] or 0) + 1

    def next_sequence(self) -> int:
        """Arrival order, for :class:`Position`; continues after the highest index stored."""
        with self._lock:
            self._sequence += 1
            return self._sequence

    def refresh(self, force: bool = False) -> None:
        """Load entries other processes added since the last look (at most once a second)."""
        now = time.monotonic()
        if not force and now - self._refreshed_at < REFRESH_SECONDS:
            return
        with self._lock:
            self._refreshed_at = now
            rows = self._db.execute("SELECT n, key, date, idx, sender, recipients, subject, date_text, marker, "
                                    "shingles, scheme FROM ledger WHERE n > ? ORDER BY n",
                                    (self._loaded_upto,)).fetchall()
            for n, key, date, idx, sender, recipients, subject, date_text, marker, blob, scheme in rows:
                shingles = array("Q")
                shingles.frombytes(blob)
                Ledger.add(self, LedgerEntry(key, Position(date, idx), sender, recipients, subject, date_text,
                                             marker, frozenset(shingles), int(scheme)))
                self._loaded_upto = n

    def add(self, entry: LedgerEntry) -> bool:
        if entry.key in self.entries or not entry.shingles or entry.scheme not in SCHEMES:
            return Ledger.add(self, entry)      # refused (an unknown scheme is logged there), not stored
        blob = array("Q", sorted(entry.shingles)).tobytes()
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO ledger (key, date, idx, sender, recipients, subject, date_text, "
                             "marker, shingles, scheme) VALUES (?,?,?,?,?,?,?,?,?,?)",
                             (entry.key, entry.position.date, entry.position.index, entry.sender, entry.recipients,
                              entry.subject, entry.date_text, entry.marker, blob, entry.scheme))
            return Ledger.add(self, entry)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def entry_to_json(entry: LedgerEntry) -> dict[str, Any]:
    """For a held message: its ledger entry is added only if and when it is released."""
    return {"key": entry.key, "date": entry.position.date, "index": entry.position.index, "sender": entry.sender,
            "recipients": entry.recipients, "subject": entry.subject, "date_text": entry.date_text,
            "marker": entry.marker, "shingles": sorted(entry.shingles), "scheme": entry.scheme}


def entry_from_json(data: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(str(data["key"]), Position(data.get("date"), int(data["index"])), str(data["sender"]),
                       str(data["recipients"]), str(data["subject"]), str(data["date_text"]), str(data["marker"]),
                       frozenset(int(s) for s in data["shingles"]),
                       # held before fingerprint scheme 2 existed: the JSON has no "scheme"
                       int(data.get("scheme", 1)))
