"""What a regular expression cannot match without, and a one-pass test for many such words at once.

The cue reader (:mod:`mailguard.cues`) tries some sixty patterns on every sentence of every message,
and most sentences can match none of them. Running a regex is the expensive part; knowing that a
sentence lacks every word a pattern needs is cheap. This module supplies both halves:

* :func:`requirements` reads a compiled pattern's syntax tree (``re._parser``) and derives
  *clauses*: sets of strings such that, whenever the pattern finds a match in a text, every clause
  has at least one of its strings in the text's :func:`screen_text`. Only what is provable is
  derived; whatever the analysis does not understand contributes nothing (a weaker screen, never
  a wrong one).
* :class:`Screen` finds, in one pass over a screen text, which of many strings it holds and answers
  with a bit mask of the clauses that hold.

Which clauses are kept, and how sets of strings are cut short, is a matter of rough guesses about
what is selective (:func:`_weight`); every step that derives a clause is sound whatever is guessed.

Two facts about the texts make the clauses sharp. They are normalised and lowercased as
:func:`mailguard.cues.read` does, so their only whitespace is single spaces: ``\\s+`` in a pattern
reads as exactly one space. And the screen text puts a space for every character that is not an
ASCII word character and one at each end, so a word boundary (``\\b``), ``^`` or ``$`` next to a
letter reads as a space too: ``\\bwe\\s+will\\b`` requires " we will ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from re import _constants as _sre  # type: ignore[attr-defined]  # no typeshed stub for re._constants
from re import _parser  # type: ignore[attr-defined]  # nor for re._parser (was sre_parse)
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # a C extension with no type stubs

#: Largest set of strings tracked exactly; beyond it the analysis keeps a weaker summary.
_LIMIT = 128
#: Lengths strings are cut to, in turn, when a set of them grows past :data:`_LIMIT` (0: uncut).
_CUTS = (0, 8, 4, 2, 1)
#: Most alternatives an alternation keeps apart (:attr:`_Shape.alts`).
_MAX_ALTS = 8
#: How many joined clauses an alternation keeps (see :func:`_alternation`).
_RANKS = 3
#: How many clauses a piece of a pattern keeps (its most selective).
_KEEP = 4
#: Longest string the screen looks for (a longer one is cut: any part of it must be there too).
_SCREEN_SPAN = 16
#: Largest clause kept (all its strings go into :class:`Screen`'s automaton).
_CLAUSE_LIMIT = 512
#: Largest character class read as a set of characters rather than as "some character".
_CLASS_LIMIT = 16
#: Clauses with a string shorter than this (the leading space included) are dropped: " a", " we"
#: are in nearly every sentence, so testing for them costs more than it saves.
MIN_LENGTH = 4

# Zero-width assertions stand in the analysed strings as Unicode noncharacters (reserved for
# internal use; a pattern that contains one is not analysed) until :func:`_screen_form` reads them.
_BOUNDARY, _START, _END = "\ufdd0", "\ufdd1", "\ufdd2"
_SENTINELS = frozenset((_BOUNDARY, _START, _END))
_SENTINEL_CHARS = "".join(sorted(_SENTINELS))
_NO_SENTINELS = {ord(c): None for c in _SENTINELS}
#: Assertions that cannot hold where they stand: a boundary between two word characters or two
#: other characters, a start after a character, an end before one. (Sentinels are not ``\w``.)
_IMPOSSIBLE = re.compile("|".join((
    rf"\w[{_BOUNDARY}{_START}{_END}]*{_BOUNDARY}[{_BOUNDARY}{_START}{_END}]*\w",
    rf"[^\w{_BOUNDARY}{_START}{_END}][{_BOUNDARY}{_START}{_END}]*{_BOUNDARY}[{_BOUNDARY}{_START}{_END}]*"
    rf"[^\w{_BOUNDARY}{_START}{_END}]",
    rf"[^{_BOUNDARY}{_START}{_END}][{_BOUNDARY}{_START}{_END}]*{_START}",
    rf"{_END}[{_BOUNDARY}{_START}{_END}]*[^{_BOUNDARY}{_START}{_END}]")), re.DOTALL)
_AT = {_sre.AT_BOUNDARY: _BOUNDARY, _sre.AT_BEGINNING: _START, _sre.AT_BEGINNING_STRING: _START,
       _sre.AT_END: _END, _sre.AT_END_STRING: _END}
#: Flags the analysis understands (``\b`` and ``\w`` as for str patterns; no case folding).
_FLAGS = re.UNICODE | re.VERBOSE | re.DOTALL

Clause = frozenset[str]


# ----------------------------------------------------------------- the screen text

@lru_cache(maxsize=None)
def _is_word(ch: str) -> bool:
    return re.fullmatch(r"\w", ch) is not None


#: ASCII word characters stay; every other ASCII character becomes a space.
_ASCII_SCREEN = {code: chr(code) if _is_word(chr(code)) else " " for code in range(128)}


def _screen_chars(text: str) -> str:
    """``text`` with a space for every character but an ASCII letter, digit or underscore. (Characters
    beyond ASCII go through "?", which is cheaper than a translation table that covers them.)"""
    if not text.isascii():
        text = text.encode("ascii", "replace").decode("ascii")
    return text.translate(_ASCII_SCREEN)


def screen_text(lowered: str) -> str:
    """``lowered`` as the screen reads it: a space for every character but an ASCII letter, digit or
    underscore, and a space at each end.

    Characters beyond ASCII all become spaces: the clauses' strings are put the same way
    (:func:`_screen_form`), and a space where the text has a letter only ever lets more through.
    """
    return f" {_screen_chars(lowered)} "


def _screen_form(s: str) -> str | None:
    """An analysed string (which may hold assertion sentinels) as it must appear in the screen text,
    or None if its assertions cannot all hold (a word boundary between two letters, ``^`` after a
    character): then it is never there.

    A match of ``s`` at the start of the text (``^``), at its end (``$``), or with a word boundary
    before a word character or after one, has a non-word character or a padding space there in the
    screen text: a space. A boundary between two of the string's own characters adds nothing.
    """
    if _SENTINELS.isdisjoint(s):
        return _screen_chars(s)
    if _IMPOSSIBLE.search(s):
        return None
    body = s.translate(_NO_SENTINELS)
    lead = s[:len(s) - len(s.lstrip(_SENTINEL_CHARS))]
    trail = s[len(s.rstrip(_SENTINEL_CHARS)):]
    before = _START in lead or (_BOUNDARY in lead and body[:1] != "" and _is_word(body[0]))
    after = _END in trail or (_BOUNDARY in trail and body[-1:] != "" and _is_word(body[-1]))
    return (" " if before else "") + _screen_chars(body) + (" " if after else "")


@lru_cache(maxsize=1 << 16)
def _looked_for(s: str) -> str | None:
    """What :class:`Screen` looks for to know the analysed string ``s`` is there: its screen form
    from its first space on, or up to its last space, whichever tells more ("pc will " rather than
    " will "). "" if ``s`` is never there; None if neither can be looked for."""
    form = _screen_form(s)
    if form is None:
        return ""
    at, to = form.find(" "), form.rfind(" ")
    forward = form[at:] if 0 <= at < len(form) - 1 else None
    backward = form[:to + 1] if to >= 1 else None
    if forward is None or (backward is not None and _telling(backward) > _telling(forward)):
        return backward
    return forward


# ----------------------------------------------------------------- the analysis

@dataclass(frozen=True)
class _Shape:
    """What is known about every string a piece of a pattern can match (in a normalised text).

    ``exact``: the match is one of these strings (None: unknown). ``empty``: it can be empty. A
    non-empty match starts with one of ``prefix`` and ends with one of ``suffix`` (a set holding ""
    says nothing), and any match contains at least one string of each of ``clauses``.
    """

    exact: frozenset[str] | None
    empty: bool
    prefix: frozenset[str]
    suffix: frozenset[str]
    clauses: tuple[Clause, ...] = ()
    #: If any: the shape is the alternation of these, kept apart so that what comes before and after
    #: joins each of them ("\b" + "we" + " will", not "\b" + "we|the council|..." + " will"). The
    #: other fields summarise them.
    alts: tuple[_Shape, ...] = ()

    def all_clauses(self) -> tuple[Clause, ...]:
        """Every clause that holds for every match (the prefix and suffix sets, trivial ones too)."""
        if self.empty:
            return ()   # the empty match holds nothing
        if self.exact is not None:
            return (self.exact,)
        return (*self.clauses, self.prefix, self.suffix)


_NOTHING = frozenset({""})
#: Some string, perhaps empty, nothing known; and some single character.
_UNKNOWN = _Shape(None, True, _NOTHING, _NOTHING)
_ANY_CHAR = _Shape(None, False, _NOTHING, _NOTHING)
#: The empty string: where a sequence starts, and what a lookaround matches.
_EPSILON = _Shape(_NOTHING, True, frozenset(), frozenset())


def _exact(strings: Iterable[str]) -> _Shape:
    s = frozenset(strings)
    nonempty = s - _NOTHING
    return _Shape(s, "" in s, nonempty, nonempty)


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    """Every ``x + y``, or None when there would be more than :data:`_LIMIT` of them."""
    if len(a) * len(b) > _LIMIT:
        return None
    return frozenset([x + y for x in a for y in b])


def _join(left: frozenset[str], right: frozenset[str], keep_start: bool) -> frozenset[str] | None:
    """Strings ``x + y`` the text must hold one of: every such pair if there are few enough, else
    with one side's strings cut shorter until there are (the right side's cut to their starts if
    ``keep_start``, so that each result still begins as ``x + y`` does; else the left side's cut
    to their ends). None if even one character of them is too many."""
    for cut in _CUTS:
        if cut:
            if keep_start:
                right = frozenset([y[:cut] for y in right])
            else:
                left = frozenset([x[-cut:] for x in left])
        joined = _product(left, right)
        if joined is not None:
            return joined
    return None


def _cut(strings: frozenset[str], keep_start: bool) -> frozenset[str]:
    """``strings`` cut to their starts (or ends) until there are at most :data:`_LIMIT`."""
    for cut in _CUTS:
        if cut:
            strings = frozenset([s[:cut] if keep_start else s[-cut:] for s in strings])
        if len(strings) <= _LIMIT:
            return strings
    return _NOTHING


def _concat(a: _Shape, b: _Shape) -> _Shape:
    """The shape of a match of ``a`` followed directly by a match of ``b`` (remembered: the patterns
    share fragments, so the same two shapes meet again and again)."""
    known = _CONCATS.get((id(a), id(b)))
    if known is not None and known[0] is a and known[1] is b:
        return known[2]
    shape = _concat_anew(a, b)
    _CONCATS[id(a), id(b)] = (a, b, shape)   # holding a and b keeps their ids from being reused
    return shape


def _concat_anew(a: _Shape, b: _Shape) -> _Shape:
    if a.alts or b.alts:
        # Keep alternatives apart while there are few enough: both sides', or else the left side's
        # (each joined to the right side as a whole), or else the right side's.
        left, right = a.alts or (a,), b.alts or (b,)
        if len(left) * len(right) > _MAX_ALTS:
            if len(left) > 1:
                right = (replace(b, alts=()),)
            else:
                left = (replace(a, alts=()),)
        if len(left) * len(right) > 1:
            joined = _alternation([_concat(x, y) for x in left for y in right])
            if joined.exact is not None or joined.empty:
                return joined
            # What holds for a's match and for b's holds for theirs, whichever alternatives matched.
            whole = replace(a, alts=()).all_clauses() + replace(b, alts=()).all_clauses()
            return replace(joined, clauses=_best(joined.clauses + whole))
        a, b = left[0], right[0]
    if a.exact is not None and b.exact is not None:
        both = _product(a.exact, b.exact)
        if both is not None:
            return _exact(both)
    # A non-empty match starts as a's does, or as b's does when a's can be empty; and when ``a`` is
    # exact, its strings run on into b's start. Likewise at the end.
    prefix = (a.prefix | b.prefix) if a.empty else a.prefix
    if a.exact is not None:
        longer = _join(a.exact, b.prefix, keep_start=True)
        if longer is not None:
            prefix = (longer | a.prefix) if b.empty else longer
    suffix = (a.suffix | b.suffix) if b.empty else b.suffix
    if b.exact is not None:
        longer = _join(a.suffix, b.exact, keep_start=False)
        if longer is not None:
            suffix = (longer | b.suffix) if a.empty else longer
    # Where a non-empty ``a`` meets a non-empty ``b``, the text holds a's end followed by b's start.
    seam = _join(a.suffix, b.prefix, keep_start=False) if not (a.empty or b.empty) else None
    clauses = a.all_clauses() + b.all_clauses() + ((seam,) if seam is not None else ())
    return _Shape(None, a.empty and b.empty, _cut(prefix, True), _cut(suffix, False), _best(clauses))


def _union(sets: Iterable[frozenset[str]], limit: int = _LIMIT) -> frozenset[str] | None:
    """All the strings of ``sets``, or None when there would be more than ``limit``."""
    out: frozenset[str] = frozenset().union(*sets)
    return out if len(out) <= limit else None


def _clause_cut(clause: Clause) -> Clause | None:
    """``clause`` with its strings cut to their starts until it has at most :data:`_CLAUSE_LIMIT`
    (a part of a string the text must hold is a string it must hold), or None."""
    for cut in (0, 16, 12, 8):
        if cut:
            clause = frozenset([s[:cut] for s in clause])
        if len(clause) <= _CLAUSE_LIMIT:
            return clause
    return None


def _alternation(shapes: Sequence[_Shape]) -> _Shape:
    """The shape of a match of any one of ``shapes``."""
    alts: list[_Shape] = [a for s in shapes for a in (s.alts or (s,))]
    exact = [a.exact for a in alts if a.exact is not None]
    union = _union(exact)
    if exact and union is not None:   # the exact alternatives as one
        if len(exact) == len(alts):
            return _exact(union)
        alts = [_exact(union)] + [a for a in alts if a.exact is None]
    if len(alts) == 1:
        return alts[0]
    empty = any(a.empty for a in alts)
    clauses: list[Clause] = []
    if not empty:
        # The match holds one clause of whichever alternative it matches: so any choice of one clause
        # from each, joined, is a clause. The most selective from each; then the next; and so on.
        ranked = [_best(a.all_clauses()) for a in alts]
        if all(ranked):
            for rank in range(_RANKS):
                joined = _clause_cut(frozenset().union(*(r[min(rank, len(r) - 1)] for r in ranked)))
                if joined is not None:
                    clauses.append(joined)
    prefix = _cut(frozenset().union(*(a.prefix for a in alts)), True)
    suffix = _cut(frozenset().union(*(a.suffix for a in alts)), False)
    return _Shape(None, empty, prefix, suffix, _best(clauses), tuple(alts) if len(alts) <= _MAX_ALTS else ())


def _repeat(low: int, high: int, body: _Shape) -> _Shape:
    """The shape of ``body`` matched between ``low`` and ``high`` times in a row."""
    if high == 0:
        return _EPSILON
    if low == high == 1:
        return body
    body = replace(body, alts=())
    if body.exact == frozenset(" ") and low <= 1:
        # Whitespace in a normalised text is one space, never two in a row: "\s+" matches " ".
        return _exact({" "} if low == 1 else {"", " "})
    if body.exact is not None and high != _sre.MAXREPEAT:
        # Few enough strings to list: every count from ``low`` to ``high``.
        strings: set[str] = set()
        power: frozenset[str] | None = _NOTHING   # the body's strings repeated ``count`` times
        for count in range(high + 1):
            if power is None or len(strings) > _LIMIT:
                break
            if count >= low:
                strings |= power
            power = _product(power, body.exact)
        else:
            if len(strings) <= _LIMIT:
                return _exact(strings)
    if low == 0:
        return _alternation([_EPSILON, _repeat(1, high, body)])
    # At least once: starts as the first repetition starts, ends as the last one ends.
    return _Shape(None, body.empty, body.prefix, body.suffix, _best(body.all_clauses()))


def _class(items: Sequence[tuple[Any, Any]]) -> _Shape:
    """A character class (``[...]``, ``\\s``): the characters it can match in a normalised text."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _sre.LITERAL:
            chars.add(chr(arg))
        elif op is _sre.RANGE and arg[1] - arg[0] < _CLASS_LIMIT:
            chars.update(map(chr, range(arg[0], arg[1] + 1)))
        elif op is _sre.CATEGORY and arg is _sre.CATEGORY_SPACE:
            chars.add(" ")  # the only whitespace a normalised text holds
        else:
            return _ANY_CHAR  # NEGATE, \w, \d, a wide range: some character, which says nothing
    return _exact(chars) if len(chars) <= _CLASS_LIMIT else _ANY_CHAR


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[int, _Shape]:
    """A node list of ``re._parser``'s tree: its structure's number and its shape (remembered by
    structure, so a fragment that recurs across patterns is read once)."""
    # Literal characters in a row are read as one string; everything else by _item.
    parts: list[str | _Shape] = []
    keys: list[Any] = ["seq"]
    for op, arg in items:
        if op is _sre.LITERAL:
            if parts and isinstance(parts[-1], str):
                parts[-1] += chr(arg)
            else:
                parts.append(chr(arg))
            keys.append(chr(arg))
        else:
            key, shape = _item(op, arg)
            parts.append(shape)
            keys.append(key)
    key = _number(tuple(keys))
    known = _SHAPES.get(key)
    if known is None:
        known = _EPSILON
        for part in parts:
            known = _concat(known, _exact({part}) if isinstance(part, str) else part)
        _SHAPES[key] = known
    return key, known


def _number(structure: tuple[Any, ...]) -> int:
    """A small number for a node's structure (children by their numbers), the same for the same."""
    return _NUMBERS.setdefault(structure, len(_NUMBERS))


def _item(op: Any, arg: Any) -> tuple[int, _Shape]:
    """One node of ``re._parser``'s tree: its structure's number and its shape. Anything unlisted is
    unknown: nothing derived."""
    if op is _sre.LITERAL:
        return _number((op, arg)), _exact({chr(arg)})
    if op is _sre.IN:
        return _number((op, tuple(arg))), _class(arg)
    if op in (_sre.NOT_LITERAL, _sre.ANY):
        return _number((op,)), _ANY_CHAR
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        if add_flags or del_flags:
            return _number((op, add_flags, del_flags)), _UNKNOWN
        return _sequence(body)
    if op is _sre.ATOMIC_GROUP:
        return _sequence(arg)
    if op is _sre.BRANCH:
        alts = [_sequence(alt) for alt in arg[1]]
        key = _number((op, *(k for k, _ in alts)))
        if key not in _SHAPES:
            _SHAPES[key] = _alternation([shape for _, shape in alts])
        return key, _SHAPES[key]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, high, body = arg
        inner, shape = _sequence(body)
        key = _number((_sre.MAX_REPEAT, low, high, inner))   # lazy or possessive: the same strings
        if key not in _SHAPES:
            _SHAPES[key] = _repeat(low, high, shape)
        return key, _SHAPES[key]
    if op is _sre.AT:
        return _number((op, arg)), _exact({_AT.get(arg, "")})   # zero-width: before and after are adjacent
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return _number((_sre.ASSERT,)), _EPSILON
    return _number((op,)), _UNKNOWN


#: What the analysis remembers, shared by every pattern: node structures' numbers, their shapes,
#: and the shapes of pairs of shapes concatenated (see :func:`forget`).
_NUMBERS: dict[tuple[Any, ...], int] = {}
_SHAPES: dict[int, _Shape] = {}
_CONCATS: dict[tuple[int, int], tuple[_Shape, _Shape, _Shape]] = {}


def forget() -> None:
    """Drop what the analysis remembers between patterns: some tens of megabytes for the cue
    patterns, worth keeping while deriving their requirements and not after."""
    _NUMBERS.clear()
    _SHAPES.clear()
    _CONCATS.clear()
    for cached in (_looked_for, _score, _weight, _telling, _trivial):
        cached.cache_clear()


@lru_cache(maxsize=1 << 14)
def _score(clause: Clause) -> tuple[int, int]:
    """How selective a clause is likely to be, roughly (this only picks among sound clauses): its
    shortest string, counted as 0 when the screen likely cannot look for it (no assertion at its
    start and no space or punctuation in it), then the fewer strings the better."""
    return min(map(_weight, clause)), -len(clause)


@lru_cache(maxsize=1 << 16)
def _weight(s: str) -> int:
    """Roughly how telling what the screen looks for in place of ``s`` is (see :func:`_looked_for`):
    all of it after an assertion at its start, else from its first separator on; or all of it before
    an assertion at its end, else up to its last separator, if that tells more; 0 without either."""
    forward = backward = 0
    if s[:1] in _SENTINELS:
        forward = _telling(s)
    elif (first := _SEPARATOR.search(s, 0, len(s) - 1)) is not None:
        forward = _telling(s[first.start():])
    if s[-1:] in _SENTINELS:
        backward = _telling(s)
    elif (last := _LAST_SEPARATOR.search(s, 1)) is not None:
        backward = _telling(s[:last.end()])
    return max(forward, backward)


@lru_cache(maxsize=1 << 16)
def _telling(part: str) -> int:
    """How telling a string is to look for: its length (up to 12), but a single common word (" to ",
    " will "), in most sentences, counts as 1."""
    if len(part) <= 9:   # (the longest common word and a few separators)
        words = _WORD.findall(part)
        if len(words) == 1 and words[0] in _COMMON:
            return 1
    return min(len(part), 12)


_SEPARATOR = re.compile(r"[^\w\ufdd0-\ufdd2]")
_LAST_SEPARATOR = re.compile(r"[^\w\ufdd0-\ufdd2][\w\ufdd0-\ufdd2]*$")
_WORD = re.compile(r"\w+")
_COMMON = frozenset("to of and or in on at by for with is are be will shall would can ll re ve s d t "
                    "we us you it this that our your now then also not as if so do have has".split())


def quality(clause: Clause) -> tuple[int, int]:
    """How selective a clause of screen strings is likely to be: longer shortest string first, then fewer."""
    return min(map(len, clause)), -len(clause)


def _simplify(clause: Clause) -> Clause:
    """The same requirement with every string that contains another of the clause's strings dropped."""
    kept: list[str] = []
    for s in sorted(clause, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _best(clauses: Iterable[Clause]) -> tuple[Clause, ...]:
    """The :data:`_KEEP` most selective useful clauses, best first (dropping a clause is always sound:
    it only lets more through)."""
    return tuple(sorted(_useful(clauses), key=_score, reverse=True)[:_KEEP])


def _useful(clauses: Iterable[Clause]) -> tuple[Clause, ...]:
    """The clauses worth keeping: none with a string that is empty or only assertions, no repeats."""
    return tuple(dict.fromkeys(c for c in clauses if not _trivial(c)))


@lru_cache(maxsize=1 << 14)
def _trivial(clause: Clause) -> bool:
    """Whether a clause says nothing: it is empty (never the case of a real clause) or one of its
    strings is empty or only assertions."""
    return not clause or any(_SENTINELS.issuperset(s) for s in clause)


def _implies(a: Clause, b: Clause) -> bool:
    """Whether a text holding a string of ``a`` must hold one of ``b`` (each of a's contains one of b's)."""
    return all(any(y in x for y in b) for x in a)


def requirements(pattern: re.Pattern[str], min_length: int = MIN_LENGTH) -> tuple[Clause, ...]:
    """Clauses the screen text of every text ``pattern`` finds a match in satisfies, most selective first.

    Contract: the text is normalised (whitespace runs collapsed to one space, none at the ends,
    as :func:`mailguard.cues.normalise` does) and lowercased. If ``pattern.search(text)`` matches,
    then for every returned clause at least one of its strings is a substring of
    ``screen_text(text)``. Every string starts or ends with a space. Patterns with flags beyond
    :data:`_FLAGS` (``re.IGNORECASE``, ``re.ASCII``, ...) get no clauses.
    """
    if pattern.flags & ~_FLAGS or any(s in pattern.pattern for s in _SENTINELS):
        return ()
    _, shape = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    clauses: list[Clause] = []
    for clause in _useful(shape.all_clauses()):
        found = {_looked_for(s) for s in clause} - {""}   # drop the strings that are never there
        if found and None not in found:
            # A few words are as telling as many, and short strings keep the screen small.
            strings = frozenset(f[:_SCREEN_SPAN] if f[0] == " " else f[-_SCREEN_SPAN:] for f in found if f is not None)
            if min(map(len, strings)) >= min_length:
                clauses.append(_simplify(strings))
    # Most selective first; a clause another kept one implies (" council" beside " town council") adds nothing.
    kept: list[Clause] = []
    for c in sorted(dict.fromkeys(clauses), key=quality, reverse=True):   # (stable: the same every run)
        if not any(_implies(k, c) for k in kept):
            kept.append(c)
    return tuple(kept[:_KEEP])


# ----------------------------------------------------------------- the screen

class Screen:
    """Which of many clauses hold in a screen text, found in one pass over it.

    A clause holds when the text contains any of its strings. An Aho-Corasick automaton of all the
    strings (pyahocorasick, in C) reports every occurrence of every string in one pass; each string
    maps to the bit mask of the clauses it belongs to, so the clauses that hold are one OR per string
    found. It replaced a trie of the strings written as one regular expression: Python compiles a
    regular expression in Python, and the screen's 12,500 strings took half a second to compile at
    every start of every process (the relay, each audit); the automaton is built in 30 ms, and reads
    a sentence in about a third of the time the regex took.
    """

    def __init__(self, clauses: Iterable[Clause]) -> None:
        self.bits: dict[Clause, int] = {}
        for c in clauses:
            self.bits.setdefault(c, 1 << len(self.bits))
        masks: dict[str, int] = {}   # each string -> the clauses it is in
        for c, bit in self.bits.items():
            for s in c:
                masks[s] = masks.get(s, 0) | bit
        self._always = masks.pop("", 0)   # the empty string is in every text
        self._automaton = ahocorasick.Automaton()
        for s, mask in masks.items():
            self._automaton.add_word(s, mask)
        self._automaton.make_automaton()
        self._iter = self._automaton.iter if masks else None

    def mask(self, clauses: Iterable[Clause]) -> int:
        """The bits of ``clauses`` (each must have been given to the constructor)."""
        return _or(self.bits[c] for c in clauses)

    def holding(self, screen: str) -> int:
        """The bit mask of the clauses that hold in ``screen`` (a :func:`screen_text`)."""
        out = self._always
        if self._iter is not None:
            for _, mask in self._iter(screen):
                out |= mask
        return out


def _or(masks: Iterable[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out
