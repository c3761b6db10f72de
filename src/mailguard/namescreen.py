"""Which people a text may name, found in one pass: the screen in front of the directory's name patterns.

Each person's name patterns (titles, initials, word edges, accents typed or not, any case) take 20-45 µs
to scan a short paragraph, so looking for a council's people in a copy line cost about 0.3 ms with the
example council's nine, and would cost ten times that for a principal council's ninety. Most texts name
nobody. Every name pattern contains one of its person's name words (see ``directory._name_keys``), so
a text in which none of those words occurs cannot match it; an Aho-Corasick automaton (pyahocorasick, in
C, as :mod:`mailguard.literals` uses) finds all the words present in one pass, in about 3 µs.

The words are matched with ``re.IGNORECASE`` and with or without their accents, so the automaton reads
both the words and the text folded (:func:`fold`), one character for one: each character lowercased as
the regular-expression engine lowercases it (``_sre.unicode_tolower``), joined with the characters the
engine also takes as the same letter (``re._casefix``: "ſ" for "s", "ı" for "i"), then stripped of its
accent where the name patterns accept the letter without it. Whatever a pattern's word matches in the
text, the folded text holds the folded word at that place: the screen lets through every text a pattern
could match. tests/test_namescreen.py checks the character rule for 140 name letters against every
character of Unicode; a review checked it for every code point as a name letter, on Python 3.11, 3.12
and 3.13.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the regular-expression engine's own case rules
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from functools import lru_cache
from re import _casefix  # type: ignore[attr-defined]  # no typeshed stub for re._casefix
from typing import Generic, TypeVar

import ahocorasick  # type: ignore[import-not-found]  # a C extension with no type stubs

T = TypeVar("T", bound=Hashable)

_EXTRA_CASES: Mapping[int, tuple[int, ...]] = _casefix._EXTRA_CASES

#: Typographic apostrophes and hyphens made plain, one character for one: the directory translates
#: texts and name words with this table before its patterns read them, and the fold agrees with it.
PLAIN_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})


def fold(text: str) -> str:
    """``text`` as the screen reads it, one character for one (see the module's docstring)."""
    if text.isascii():
        return text.lower()       # (the same as the rule below for every ASCII character: tested)
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=1 << 14)
def _fold_char(ch: str) -> str:
    code = ord(ch)
    plain = PLAIN_MARKS.get(code)
    if plain is not None:
        return str(plain)
    lower = _sre.unicode_tolower(code)
    same = {code, lower, *_EXTRA_CASES.get(code, ()), *_EXTRA_CASES.get(lower, ())}
    folded = chr(min(_sre.unicode_tolower(c) for c in same))
    base = unicodedata.normalize("NFKD", folded)[:1]
    return base.lower() if base and base != folded and base.isascii() else folded


class NameScreen(Generic[T]):
    """The owners of the words a text holds (folded: any case, accents optional)."""

    def __init__(self, words: Mapping[T, Iterable[str]]) -> None:
        owners: dict[str, set[T]] = {}
        for owner, owned in words.items():
            for word in owned:
                owners.setdefault(fold(word), set()).add(owner)
        owners.pop("", None)
        self._automaton = ahocorasick.Automaton()
        for word, who in owners.items():
            self._automaton.add_word(word, frozenset(who))
        self._automaton.make_automaton()
        self._empty = not owners

    def owners_in(self, text: str) -> set[T]:
        found: set[T] = set()
        if self._empty:
            return found
        for _, who in self._automaton.iter(fold(text)):
            found |= who
        return found
