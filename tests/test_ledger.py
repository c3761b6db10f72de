"""The confidential ledger's fingerprints and its store: stable across processes, versions and upgrades."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from mailguard.ledger import SHINGLE_WORDS, Ledger, LedgerEntry, Position, _hash, _word_hash, fingerprint, words_of
from mailguard.ledger_store import PersistentLedger, entry_from_json, entry_to_json

SENTENCE = "The clerk will circulate the confidential staffing report to members on Friday."
BRIEFING = ("The staffing committee met in private on Tuesday. The assistant clerk has raised a formal grievance "
            "about the handling of her overtime claims and the committee has asked our HR adviser to investigate "
            "before anything is said to the complainant or to the press. Please do not discuss the matter with "
            "residents while the investigation is under way; the outcome will come to full council in March.")


def test_scheme_2_fingerprints_are_pinned_so_stored_ledgers_stay_valid() -> None:
    """Known answers: a change to the words, the hashing or numpy's arithmetic must fail here, not
    silently stop matching every entry a relay has stored."""
    words = words_of(SENTENCE)
    assert fingerprint(words)[:3] == [5148539537797996792, 13252083373463431780, 12549713561690691028]
    assert fingerprint(words[:5]) == [6674064222101576779]
    assert fingerprint(words[:3]) == []


def test_scheme_2_is_the_polynomial_of_the_word_hashes_modulo_2_64() -> None:
    words = words_of("Café costs £5 — naïve ‘quotes’ and plain ASCII words, repeated: " * 5 + "end of the text")
    mod, p = 1 << 64, 0x100000001B3
    expected = []
    for i in range(len(words) - SHINGLE_WORDS + 1):
        h = 0
        for w in words[i:i + SHINGLE_WORDS]:
            h = (h * p + _word_hash(w)) % mod
        expected.append(h)
    assert fingerprint(words) == expected


def test_fingerprints_are_equal_in_another_process_with_another_hash_seed() -> None:
    code = ("from mailguard.ledger import fingerprint, words_of; "
            f"print(fingerprint(words_of({BRIEFING!r}), 2)[:5], fingerprint(words_of({BRIEFING!r}), 1)[:5])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}).stdout
    words = words_of(BRIEFING)
    assert out.strip() == f"{fingerprint(words, 2)[:5]} {fingerprint(words, 1)[:5]}"


def test_scheme_1_is_the_keyed_hash_of_each_joined_run_of_words() -> None:
    words = words_of("Café costs £5 — naïve ‘quotes’ and plain ASCII words, repeated: " * 5 + "end of the text here")
    assert fingerprint(words, 1) == [_hash(" ".join(words[i:i + SHINGLE_WORDS]))
                                     for i in range(len(words) - SHINGLE_WORDS + 1)]
    assert fingerprint(words[:5], 1) == [_hash(" ".join(words[:5]))] and fingerprint(words[:3], 1) == []


def test_an_unknown_scheme_is_an_error_not_an_empty_fingerprint() -> None:
    with pytest.raises(ValueError, match="scheme 3"):
        fingerprint(words_of(SENTENCE), 3)


def _entry(key: str, text: str, scheme: int, index: int = 1) -> LedgerEntry:
    return LedgerEntry(key, Position(None, index), "Jane Doe (clerk)", "Cllr Tom Baker", "Staffing", "",
                       "CONFIDENTIAL", frozenset(fingerprint(words_of(text), scheme)), scheme)


def test_a_ledger_holding_both_schemes_matches_each_entry_under_its_own() -> None:
    ledger = Ledger()
    ledger.add(_entry("<old@council>", BRIEFING, 1))
    other = BRIEFING.replace("grievance", "complaint").replace("Tuesday", "Monday").replace("March", "April")
    ledger.add(_entry("<new@council>", "Unrelated words about the allotments and the hedges. " * 3 + other, 2,
                      index=2))
    later = Position(None, 10)
    pasted = f"Dear Mrs Green,\n\nI thought you should know:\n\n{BRIEFING}\n\nTom"
    hit = ledger.match(pasted, later)
    assert hit is not None and hit.entry.key == "<old@council>" and "formal grievance" in hit.excerpt
    hit = ledger.match(f"Dear Mrs Green,\n\n{other}\n\nTom", later)
    assert hit is not None and hit.entry.key == "<new@council>"
    assert ledger.match("Dear Mrs Green, the hedge on Mill Lane will be cut next week. Regards, Tom", later) is None


def test_an_empty_ledger_matches_nothing_without_reading_the_text() -> None:
    assert Ledger().match(BRIEFING, Position(None, 5)) is None


def _old_store(state: Path, entry: LedgerEntry) -> None:
    """A ledger.sqlite3 as written before the scheme column existed."""
    db = sqlite3.connect(state / "ledger.sqlite3")
    db.execute("CREATE TABLE ledger (n INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, date REAL, idx INTEGER NOT "
               "NULL, sender TEXT NOT NULL, recipients TEXT NOT NULL, subject TEXT NOT NULL, date_text TEXT NOT "
               "NULL, marker TEXT NOT NULL, shingles BLOB NOT NULL)")
    db.execute("INSERT INTO ledger (key, date, idx, sender, recipients, subject, date_text, marker, shingles) "
               "VALUES (?,?,?,?,?,?,?,?,?)", (entry.key, None, 1, entry.sender, entry.recipients, entry.subject,
                                               "", entry.marker, array("Q", sorted(entry.shingles)).tobytes()))
    db.commit()
    db.close()


def test_a_ledger_stored_by_an_earlier_version_is_upgraded_and_still_matches(tmp_path: Path) -> None:
    _old_store(tmp_path, _entry("<old@council>", BRIEFING, 1))
    ledger = PersistentLedger(tmp_path)
    try:
        assert ledger.entries["<old@council>"].scheme == 1
        other = "Unrelated words about the allotments and the hedges on Mill Lane and the ward walk. " * 3
        assert ledger.add(_entry("<new@council>", other, 2, index=2))
    finally:
        ledger.close()
    reopened = PersistentLedger(tmp_path)     # a restart: both rows come back with their schemes
    try:
        assert {k: e.scheme for k, e in reopened.entries.items()} == {"<old@council>": 1, "<new@council>": 2}
        hit = reopened.match(f"Dear Mrs Green,\n\n{BRIEFING}\n\nTom", Position(None, 10))
        assert hit is not None and hit.entry.key == "<old@council>"
        hit = reopened.match(f"Hello,\n\n{other}", Position(None, 10))
        assert hit is not None and hit.entry.key == "<new@council>"
    finally:
        reopened.close()


def test_a_held_messages_entry_round_trips_and_old_ones_read_as_scheme_1() -> None:
    entry = _entry("<m@council>", BRIEFING, 2)
    assert entry_from_json(entry_to_json(entry)) == entry
    old = entry_to_json(_entry("<m@council>", BRIEFING, 1))
    del old["scheme"]                       # held in the quarantine before scheme 2 existed
    assert entry_from_json(old).scheme == 1


DISCLAIMER = ("This e-mail and any attachments are confidential and intended solely for the addressee. If you have "
              "received it in error please notify the sender and delete it. Views expressed are the author's own and "
              "the council may monitor e-mail traffic for the purposes of security and staff training.")


@pytest.mark.parametrize("schemes", [(2, 2, 2), (1, 1, 2), (1, 2, 2), (1, 1, 1)])
def test_boilerplate_held_by_three_entries_never_matches_whatever_their_schemes(schemes) -> None:
    """An upgraded ledger holds old and new entries; a disclaimer in three of them is boilerplate."""
    ledger = Ledger()
    for i, scheme in enumerate(schemes):
        ledger.add(_entry(f"<k{i}@council>", f"Briefing number {i} about item {i * 7}. " + DISCLAIMER, scheme, i))
    assert ledger.match("Dear Mrs Green, the bins go out on Tuesday.\n\n" + DISCLAIMER, Position(None, 10)) is None


def test_an_entry_of_an_unknown_scheme_is_refused_with_a_warning(caplog) -> None:
    ledger = Ledger()
    future = LedgerEntry("<f@council>", Position(None, 1), "x", "y", "s", "", "CONFIDENTIAL", frozenset({1, 2, 3}), 3)
    assert not ledger.add(future)
    assert "scheme 3" in caplog.text
    assert ledger.match(BRIEFING, Position(None, 5)) is None     # and matching does not fail because of it
