"""The requirements derived from a regex must hold whenever it matches, and the screen must report
exactly the clauses that hold: a requirement that is wrong, or a clause the screen misses, would
silently skip a pattern that matches."""

from __future__ import annotations

import random
import re

import pytest

from mailguard import literals
from mailguard.cues import normalise
from tests import regex_samples

#: Patterns built to trip the analysis: boundaries and anchors next to letters and to punctuation,
#: optional and repeated pieces beside them, lookarounds, classes, alternations of mixed kinds,
#: apostrophes and hyphens (spaces in the screen text), non-ASCII literals.
TRICKY = [
    r"\bwe\s+will\b",
    r"\b(?:we|the\s+(?:town\s+)?council|(?:[a-z]+\s+){1,2}parish)\s+(?:will|'ll|shall)\s+(?:\w+\s+){0,2}?pay\b",
    r"\b[a-z]{2,8}\s?(?:pc|tc)\b(?:'ll|\s+will)",
    r"^(?:ok[,!.]?\s+)?(?:please\s+)?(?:go\s+ahead|proceed)\b(?!\s+me)",
    r"(?:^|[,;:]\s*|\band\s+)we'll\s+(?:\w+\s+){0,2}?fix",
    r"\u00a3\s?\d[\d,.]*\w*\s+(?:[\w'-]+\s+){0,4}?it\s+is(?:\s+then)?\b(?=\s*(?:[,.!;-]|then|$))",
    r"deal[.!]*$",
    r"\b(?:don't|do\s+not)\b.{0,60}\b(?:until|before)\b",
    r"(?<!\bas\s)\b(?:you|he)\s+(?:said|told\s+(?:me|us))\b[^.]{0,40}?\b(?:that\s+)?[\"'\u201c]?we\s+will\b",
    r"\bpart[- ]fund(?:s|ing)?\b",
    r"x\b-\by",
    r"\ba\b|\bb\b",
    r"(?:ab|cd)+e",
    r"(?:\s|,)+and\s+",
    r"(?>foo|foobar)baz",
    r"colou?r(?:ed|ing)?\s+in",
    r"(?i:shout)ing here",
    r"caf\u00e9\b",
    r"\b\u00e9t\u00e9\s+ici",
    r"$x|y^|\bzed",
    r"the(?=\s+council)",
    r"(?:a|b|c|d|e|f|g|h|i|j|k)(?:l|m|n|o|p|q|r|s|t|u)(?:v|w|x|y|z|a|b|c|d|e)\s+end",
    r"(?:one|two|three)?\s*(?:four|five)\b",
]


def _holds(clause: literals.Clause, screen: str) -> bool:
    return any(s in screen for s in clause)


def _check(pattern: re.Pattern[str], texts: list[str]) -> int:
    """Assert that every clause holds for every text ``pattern`` matches; the number it matched."""
    clauses = literals.requirements(pattern)
    assert all(s.startswith(" ") or s.endswith(" ") for c in clauses for s in c)
    matched = 0
    for text in texts:
        lowered = normalise(text).lower()
        if pattern.search(lowered) is None:
            continue
        matched += 1
        screen = literals.screen_text(lowered)
        for clause in clauses:
            assert _holds(clause, screen), (pattern.pattern, lowered, sorted(clause)[:10])
    return matched


@pytest.mark.parametrize("source", TRICKY)
def test_requirements_hold_whenever_the_pattern_matches(source):
    pattern = re.compile(source)
    texts = list(regex_samples.texts(source, 1500, seed=len(source)))
    assert _check(pattern, texts) > 0


def test_the_analysis_derives_telling_clauses():
    # What the screen gains from: boundaries read as spaces, seams between words, alternatives kept apart.
    assert literals.requirements(re.compile(r"\bwe\s+will\s+pay\b")) == (frozenset({" we will pay "}),)
    (clause,) = literals.requirements(re.compile(r"\b(?:we|the\s+council)\s+(?:will|shall)\b"))
    assert clause == {" we will ", " we shall ", " the council wil", " the council sha"}   # cut at 16
    assert literals.requirements(re.compile(r"we'll pay")) == (frozenset({" ll pay"}),)   # "we" may end a word
    # A word's end is looked for where its start cannot be: "xyzpc will" is found by "pc will ".
    assert literals.requirements(re.compile(r"[a-z]+pc\s+will\b")) == (frozenset({"pc will "}),)
    # Nothing provable, nothing derived: a pattern that can match anywhere, or matches case-blind.
    assert literals.requirements(re.compile(r"\w+")) == ()
    assert literals.requirements(re.compile(r"we will", re.IGNORECASE)) == ()


def test_a_boundary_that_cannot_hold_leaves_its_string_out():
    # "do notbefore" (nothing between the words) cannot match: \b between two letters.
    (clause, *_) = literals.requirements(re.compile(r"\bdo\s+not\b.{0,60}\bbefore\b"))
    assert all("notbefore" not in s for s in clause)


EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_normalised_text_has_single_spaces_only():
    # The analysis reads \s+ as one space: true of every normalised, lowercased text, since the
    # regex's whitespace is str.isspace's (which normalise splits on) and lowercasing makes none.
    assert set(re.findall(r"\s", EVERY_CHARACTER)) == {c for c in EVERY_CHARACTER if c.isspace()}
    assert not any(c.isspace() for c in "".join(c.lower() for c in EVERY_CHARACTER if not c.isspace()))


def test_screen_text_keeps_ascii_word_characters_only():
    assert literals.screen_text("we'll pay \u00a3300 \u2013 caf\u00e9_1") == " we ll pay  300   caf _1 "
    kept = "".join(c if c.isascii() and re.fullmatch(r"\w", c) else " " for c in EVERY_CHARACTER)
    assert literals.screen_text(EVERY_CHARACTER) == f" {kept} "


def test_the_screen_finds_exactly_the_clauses_that_hold():
    rng = random.Random(5)
    words = ["we", "will", "wil", "pay", "pays", "the", "council", "counc", "a", "ll", "x"]
    def string() -> str:   # the clauses' strings start or end with a space; the screen needs neither
        middle = " ".join(rng.choices(words, k=rng.randint(1, 3)))
        return rng.choice((" " + middle, " " + middle + " ", middle + " ", middle[1:] + " ", middle, middle[1:]))

    clauses = {frozenset(string() for _ in range(rng.randint(1, 4))) for _ in range(80)}
    screen = literals.Screen(clauses)
    for _ in range(2000):
        text = literals.screen_text(" ".join(rng.choices(words + [",", "-"], k=rng.randint(0, 12))))
        holding = screen.holding(text)
        for clause in clauses:
            assert bool(holding & screen.mask([clause])) == _holds(clause, text), (text, sorted(clause))


def test_a_screen_with_the_empty_string_or_no_strings():
    """The empty string is in every text; a screen of no clauses holds none."""
    screen = literals.Screen([frozenset({""}), frozenset({" we will "})])
    assert screen.holding(" nothing here ") == screen.mask([frozenset({""})])
    assert screen.holding(" we will pay ") == screen.mask([frozenset({""}), frozenset({" we will "})])
    assert literals.Screen([]).holding(" we will ") == 0


def test_the_screen_is_built_without_compiling_a_regex(monkeypatch):
    """Building it (12,500 strings for the cue reader) used to compile a trie as one regex: half a second at
    every start of every process."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the screen compiled a regex")

    monkeypatch.setattr(re, "compile", refuse)
    screen = literals.Screen([frozenset({f" word{i:04} ", f"stem{i:04}"}) for i in range(5000)])
    assert screen.holding(" a word0017 and stem4999x ") == screen.mask([frozenset({" word0017 ", "stem0017"}),
                                                                         frozenset({" word4999 ", "stem4999"})])
