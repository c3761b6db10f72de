"""``python -m bench.tokenizer_cache [--chunks N]``: does spaCy's tokenizer grow on new combinations of known words?

The relay rebuilds its pipelines once they have learnt 50,000 strings (mailguard.nlp.RenewingPipeline).
A chunk such as "planning/highways-team" made of words the pipeline already knows adds no string, so it
could only cost memory unseen if the tokenizer cached it. This feeds a blank English pipeline never-repeated
combinations of 3,000 known words and prints the strings learnt and the growth of resident memory.
Measured at stop 25 (docs/performance.md, "Stop 25"): +0-2 MB over 500,000 of each shape, flat; no
backstop is needed. A shape that glues words into a new one ("ab", "a.b") adds strings and is counted.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable

import spacy
from spacy.language import Language

#: Shapes of a whitespace-delimited chunk made only of known words and punctuation.
SHAPES: dict[str, Callable[[str, str, str], str]] = {
    "a/b-c": lambda a, b, c: f"{a}/{b}-{c}",
    "a-b": lambda a, b, c: f"{a}-{b}",
    "(a/b),": lambda a, b, c: f"({a}/{b}),",
}


def rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))


def known_words(n: int = 3000) -> list[str]:
    return [f"w{i}x" for i in range(n)]


def primed(words: list[str]) -> Language:
    """A blank English pipeline that has seen every word and punctuation mark the shapes use."""
    nlp = spacy.blank("en")
    nlp(" ".join(words) + " / - ( ) ,")
    return nlp


def feed(nlp: Language, shape: Callable[[str, str, str], str], words: list[str], chunks: int,
         rnd: random.Random) -> int:
    """Feed ``chunks`` never-repeated combinations (100 to a text); the strings the pipeline learnt."""
    before = len(nlp.vocab.strings)
    for _ in range(0, chunks, 100):
        nlp(" ".join(shape(rnd.choice(words), rnd.choice(words), rnd.choice(words)) for _ in range(100)))
    return len(nlp.vocab.strings) - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=500_000, help="combinations fed per shape")
    args = parser.parse_args()
    words = known_words()
    rnd = random.Random(1)
    step = max(100, args.chunks // 5 // 100 * 100)
    for name, shape in SHAPES.items():
        nlp = primed(words)
        rss, learnt, fed = rss_mb(), 0, 0
        while fed < args.chunks:
            learnt += feed(nlp, shape, words, min(step, args.chunks - fed), rnd)
            fed += min(step, args.chunks - fed)
            print(f"{name:8s} {fed:>9,} chunks: {learnt:>7,} new strings, RSS +{rss_mb() - rss} MB", flush=True)


if __name__ == "__main__":
    main()
