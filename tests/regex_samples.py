"""Random texts a regex is likely to match: strings drawn from its syntax tree, with words around them.

Lookarounds and anchors are not honoured when drawing (the callers keep the texts the regex really
matches), so a pattern with many of them yields fewer matching texts; ask for more.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: Characters drawn for "any character" and negated classes: letters, punctuation, the odd
#: non-ASCII character (curly quote, pound sign, accented letter) and whitespace of other kinds.
ALPHABET = "abcdefghijklmnopqrstuvwxyz '-,.?!;:0123456789\u00a3\u2019\u00e9\t\u00a0"
#: Words put around a drawn string: council words, hedges and punctuation the cue patterns care about.
CONTEXT = ("the council will", "we", "please", "and", "not", "if", "you", "quote", "thanks", "i think",
           "clerk", "committee", "town council", "us", "by us", "is", "yours", ",", "-", "?", "fine",
           "Leigh PC", "happy", "(", "'", "\u00e9t\u00e9")


def _class_char(items: list[tuple[Any, Any]], rng: random.Random) -> str:
    negate = any(op is sre.NEGATE for op, _ in items)
    categories = {sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_DIGIT: r"\d",
                  sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}

    def inside(ch: str) -> bool:
        for op, arg in items:
            if op is sre.LITERAL and ord(ch) == arg:
                return True
            if op is sre.RANGE and arg[0] <= ord(ch) <= arg[1]:
                return True
            if op is sre.CATEGORY and re.fullmatch(categories[arg], ch):
                return True
        return False

    pool = [ch for ch in ALPHABET if inside(ch) != negate]
    if not negate:
        pool += [chr(arg) for op, arg in items if op is sre.LITERAL]
        pool += [chr(rng.randint(*arg)) for op, arg in items if op is sre.RANGE]
    return rng.choice(pool) if pool else "x"


def _draw(items: Any, rng: random.Random) -> str:
    out = []
    for op, arg in items:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.NOT_LITERAL:
            out.append(rng.choice([c for c in ALPHABET if ord(c) != arg]))
        elif op is sre.ANY:
            out.append(rng.choice(ALPHABET))
        elif op is sre.IN:
            out.append(_class_char(arg, rng))
        elif op is sre.BRANCH:
            out.append(_draw(rng.choice(arg[1]), rng))
        elif op is sre.SUBPATTERN:
            out.append(_draw(arg[3], rng))
        elif op is sre.ATOMIC_GROUP:
            out.append(_draw(arg, rng))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = arg
            count = rng.randint(low, min(high, low + 3))
            out.extend(_draw(body, rng) for _ in range(count))
        # AT, ASSERT, ASSERT_NOT, GROUPREF: nothing drawn
    return "".join(out)


def texts(pattern: str, count: int, seed: int = 0) -> Iterator[str]:
    """``count`` texts: a string drawn from ``pattern``, often with a few context words either side,
    sometimes shouted or with doubled spaces and curly quotes (what normalising must undo)."""
    rng = random.Random(seed)
    tree = _parser.parse(pattern)
    for _ in range(count):
        core = _draw(tree, rng)
        before = " ".join(rng.choice(CONTEXT) for _ in range(rng.choice((0, 0, 1, 3))))
        after = " ".join(rng.choice(CONTEXT) for _ in range(rng.choice((0, 0, 1, 3))))
        text = before + rng.choice((" ", "", "  ", "\n")) + core + rng.choice((" ", "", "  ")) + after
        if rng.random() < 0.1:
            text = text.upper()
        if rng.random() < 0.1:
            text = text.replace("'", "\u2019")
        yield text
