"""The ledger of confidential officer-to-councillor mail, and text fingerprints to recognise it again.

A councillor who pastes a confidential briefing into a new e-mail to a complainant removes the
marking and the quoting, but not the words. Each confidential officer-to-councillor message seen
(earlier in the archive, or earlier through the relay) is kept as a set of word 8-gram fingerprints
of its distinctive text: the sender's own words above the sign-off, with disclaimers removed.
A later message reproduces it when it shares a paragraph's worth of those fingerprints, or, when it
references the original by Message-ID, a shorter quoted passage. Fingerprints that recur across
several confidential messages (a standard "please keep this confidential" paragraph, a signature
the sign-off detection missed) are ignored, so shared boilerplate never makes a match.

Fingerprints must be equal across processes, restarts and Python versions (the relay keeps its
ledger in the state directory), so they are built from keyed BLAKE2b hashes, never Python's
``hash()``. Scheme 2 (today's) hashes each distinct word once and combines each run of 8 word hashes
as a polynomial modulo 2**64, all runs at once with numpy: every message that leaves the council is
fingerprinted, and this is ~8x cheaper than scheme 1, which hashed each joined 8-word run. Entries
stored under scheme 1 by an earlier version keep matching: a text is fingerprinted under every scheme
the ledger holds.
"""

from __future__ import annotations

import logging
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from hashlib import blake2b

import numpy as np

log = logging.getLogger(__name__)

SHINGLE_WORDS = 8
#: A match needs this many shared fingerprints (~ 27 words of running text: a short paragraph)...
MIN_SHARED = 20
#: ... or at least half of a short message's fingerprints, and never fewer than this (~ 20 words).
MIN_SHARED_SHORT = 12
#: With a Message-ID reference to the original, a quoted passage of ~ 15 words is enough.
MIN_SHARED_REFERENCED = 8
#: Fingerprints found in this many ledger entries are boilerplate.
BOILERPLATE_ENTRIES = 3

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[£$€]\d[\d,.]*", re.UNICODE)
_QUOTE_PREFIX = re.compile(r"^(?:\s*>)+\s?", re.MULTILINE)


def words_of(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(_QUOTE_PREFIX.sub("", text))]


def _words_with_spans(text: str) -> tuple[str, list[str], list[tuple[int, int]]]:
    clean = _QUOTE_PREFIX.sub("", text)
    words, spans = [], []
    for m in _WORD.finditer(clean):
        words.append(m.group(0).lower().replace("’", "'"))
        spans.append(m.span())
    return clean, words, spans


def _words_lazily(text: str) -> tuple[str, list[str], Callable[[], list[tuple[int, int]]]]:
    """What :func:`_words_with_spans` gives, with the spans (needed only for a match's excerpt) on demand.

    The text is lower-cased once instead of word by word. Where that keeps every character's
    position (it does, unless a character lower-cases to two, such as U+0130), the words found in
    the lower-cased text are the lower-cased words of the original: the word pattern treats upper
    and lower case, and the two apostrophes, alike.
    """
    clean = _QUOTE_PREFIX.sub("", text)
    low = clean.lower()
    if len(low) != len(clean):
        _, words, spans = _words_with_spans(text)
        return clean, words, lambda: spans
    words = _WORD.findall(low.replace("\u2019", "'"))
    return clean, words, lambda: [m.span() for m in _WORD.finditer(low)]


#: The fingerprint scheme new entries are made with (see the module's docstring), and all known.
SCHEME = 2
SCHEMES = (1, 2)
#: The polynomial's multiplier (odd, so no word's contribution is ever lost modulo 2**64).
_MULTIPLIER = np.uint64(0x100000001B3)
_WORD_KEY = blake2b(digest_size=8, key=b"mailguard-ledger-word")
#: Word -> its keyed hash. Council mail has a small vocabulary; cleared if it ever grows large.
_word_hashes: dict[str, int] = {}
_WORD_CACHE_LIMIT = 200_000


def fingerprint(words: list[str], scheme: int = SCHEME) -> list[int]:
    """The fingerprint of every run of SHINGLE_WORDS words (of the words themselves if fewer, from 4)."""
    if scheme == 1:
        return _fingerprint_v1(words)
    if scheme != SCHEME:
        raise ValueError(f"unknown ledger fingerprint scheme {scheme}")
    if len(words) < 4:
        return []
    cached = _word_hashes.get
    values = array("Q", [cached(w) or _word_hash(w) for w in words])
    hashes = np.frombuffer(values, dtype=np.uint64)
    span = min(SHINGLE_WORDS, len(words))
    count = len(words) - span + 1
    with np.errstate(over="ignore"):
        out = hashes[:count].copy()
        for j in range(1, span):
            out *= _MULTIPLIER
            out += hashes[j: j + count]
    return list(out.tolist())


def _word_hash(word: str) -> int:
    if len(_word_hashes) >= _WORD_CACHE_LIMIT:
        _word_hashes.clear()
    h = _WORD_KEY.copy()
    h.update(word.encode("utf-8"))
    value = _word_hashes[word] = int.from_bytes(h.digest(), "big") or 1
    return value


def _fingerprint_v1(words: list[str]) -> list[int]:
    """Scheme 1: the keyed hash of each ``" ".join(words[i:i + 8])``, for entries stored before scheme 2.

    The words are joined and encoded once and each shingle hashed from a slice of that, with a copy
    of a pre-keyed hasher.
    """
    if len(words) < SHINGLE_WORDS:
        return [_hash(" ".join(words))] if len(words) >= 4 else []
    data = memoryview(" ".join(words).encode("utf-8"))
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for w in words:
        size = len(w) if w.isascii() else len(w.encode("utf-8"))
        starts.append(pos)
        ends.append(pos + size)
        pos += size + 1
    copy, from_bytes = _KEYED.copy, int.from_bytes
    out = []
    for i in range(len(words) - SHINGLE_WORDS + 1):
        h = copy()
        h.update(data[starts[i]:ends[i + SHINGLE_WORDS - 1]])
        out.append(from_bytes(h.digest(), "big"))
    return out


_KEYED = blake2b(digest_size=8, key=b"mailguard-ledger")


def _hash(text: str) -> int:
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8, key=b"mailguard-ledger").digest(), "big")


@dataclass(frozen=True)
class Position:
    """Where a message stands in time: by Date, then by position in the archive (or arrival order)."""

    date: float | None
    index: int

    def before(self, other: Position) -> bool:
        if self.date is not None and other.date is not None and self.date != other.date:
            return self.date < other.date
        return self.index < other.index


@dataclass
class LedgerEntry:
    key: str                      # Message-ID, or a synthetic key for mail without one
    position: Position
    sender: str
    recipients: str
    subject: str
    date_text: str
    marker: str
    shingles: frozenset[int] = field(default_factory=frozenset)
    scheme: int = SCHEME          # how the shingles were made (entries stored by older versions: 1)


@dataclass(frozen=True)
class LedgerMatch:
    entry: LedgerEntry
    shared: int
    excerpt: str
    by_reference: bool


class Ledger:
    """In-memory ledger with an inverted index per fingerprint scheme; the relay persists entries
    through a subclass."""

    def __init__(self) -> None:
        self.entries: dict[str, LedgerEntry] = {}
        self._index: dict[int, dict[int, list[str]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: LedgerEntry) -> bool:
        if entry.key in self.entries or not entry.shingles:
            return False
        if entry.scheme not in SCHEMES:
            # Written by a newer version (then rolled back): its fingerprints cannot be reproduced here.
            log.warning("ledger entry %s has fingerprint scheme %s, which this version does not know; "
                        "it is not used", entry.key, entry.scheme)
            return False
        self.entries[entry.key] = entry
        index = self._index.setdefault(entry.scheme, defaultdict(list))
        for s in entry.shingles:
            index[s].append(entry.key)
        return True

    def match(self, text: str, position: Position, references: Iterable[str] = (),
              own_key: str | None = None) -> LedgerMatch | None:
        """The earlier confidential message this text reproduces, if any (the strongest match)."""
        if not self._index:
            return None
        clean, words, find_spans = _words_lazily(text)
        prints = {scheme: fingerprint(words, scheme) for scheme in self._index}
        counts = self._shared(prints)
        refs = set(references)
        best: LedgerMatch | None = None
        for key, shared in counts.items():
            entry = self.entries[key]
            if key == own_key or not entry.position.before(position):
                continue
            referenced = key in refs
            needed = min(MIN_SHARED, max(MIN_SHARED_SHORT, (len(entry.shingles) + 1) // 2))
            if referenced:
                needed = min(needed, MIN_SHARED_REFERENCED)
            if shared >= needed and (best is None or shared > best.shared):
                excerpt = _excerpt(clean, find_spans(), prints[entry.scheme], entry.shingles)
                best = LedgerMatch(entry, shared, excerpt, referenced)
        return best

    def _shared(self, prints: dict[int, list[int]]) -> dict[str, int]:
        """Entry key -> how many of the text's distinct fingerprints it holds, leaving out boilerplate
        (a run of words found in BOILERPLATE_ENTRIES entries or more, whatever their schemes)."""
        counts: dict[str, int] = defaultdict(int)
        if len(prints) == 1:
            [(scheme, values)] = prints.items()
            index = self._index[scheme]
            for s in index.keys() & values:
                keys = index[s]
                if len(keys) < BOILERPLATE_ENTRIES:
                    for key in keys:
                        counts[key] += 1
            return counts
        # Several schemes: the same run of words has one fingerprint per scheme, at the same position.
        schemes = list(prints)
        seen: set[tuple[int, ...]] = set()
        for position in zip(*(prints[scheme] for scheme in schemes), strict=True):
            if position in seen:
                continue
            seen.add(position)
            keys = [key for scheme, value in zip(schemes, position, strict=True)
                    for key in self._index[scheme].get(value, ())]
            if keys and len(keys) < BOILERPLATE_ENTRIES:
                for key in keys:
                    counts[key] += 1
        return counts


def _excerpt(text: str, spans: list[tuple[int, int]], prints: list[int], wanted: frozenset[int],
             limit: int = 40) -> str:
    """The longest run of the candidate's text covered by the entry's fingerprints, as written."""
    best_start, best_len, start, length = 0, 0, 0, 0
    for i, p in enumerate(prints):
        if p in wanted:
            if length == 0:
                start = i
            length += 1
            if length > best_len:
                best_start, best_len = start, length
        else:
            length = 0
    covered = spans[best_start: best_start + best_len + SHINGLE_WORDS - 1]
    if not covered:
        return ""
    shown = covered[:limit]
    excerpt = " ".join(text[shown[0][0]: shown[-1][1]].split())
    return excerpt + (" ..." if len(covered) > limit else "")
