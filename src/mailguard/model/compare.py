"""Choosing the architecture by measurement, on training data only.

Every candidate (architecture x feature mode) is trained on the train part of the seeded group
split and measured on the dev part after each epoch. Its epoch count is the one with the best dev
average precision; its threshold is chosen on the dev scores by :func:`policy.choose_threshold`. At
those settings we report the dev figures, the dev-message false-alarm rate, a cross-writer figure
(train on part-a, test on part-b and the reverse, pooled: the parts were written separately, so
this is the nearest thing to the independently written test set that we may look at), and speed.
The test split is never read here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.language import Language

from mailguard.model.architectures import ARCHITECTURES, MODES
from mailguard.model.data import Sentence, group_split
from mailguard.model.metrics import Scores, at_threshold
from mailguard.model.train import fit
from mailguard.model.tuning import TRAINED_AS, Tuned, score, tune


@dataclass(frozen=True)
class Measured:
    tuned: Tuned
    cross: Scores
    us_per_sentence: float


def _cross(rows: Sequence[Sentence], t: Tuned) -> Scores:
    parts = ([r for r in rows if r.group.startswith("a-")], [r for r in rows if r.group.startswith("b-")])
    tp = fp = fn = tn = 0
    for train, test in (parts, parts[::-1]):
        nlp = fit(train, t.architecture, TRAINED_AS[t.features], t.epochs)
        s = at_threshold([r.label for r in test], score(nlp, t.features, [r.text for r in test]), t.threshold)
        tp, fp, fn, tn = tp + s.tp, fp + s.fp, fn + s.fn, tn + s.tn
    return Scores(tp, fp, fn, tn)


def _speed(nlp: Language, mode: str, texts: Sequence[str], per_message: int = 30) -> float:
    """Microseconds per sentence, judged in message-sized batches as the rule does (cues included)."""
    score(nlp, mode, texts[:per_message])
    started = time.perf_counter()
    for at in range(0, len(texts), per_message):
        score(nlp, mode, texts[at:at + per_message])
    return (time.perf_counter() - started) / len(texts) * 1e6


def compare(rows: Sequence[Sentence], architectures: Sequence[str] = tuple(ARCHITECTURES),
            modes: Sequence[str] = MODES, report: Callable[[Measured], None] | None = None) -> list[Measured]:
    train, dev = group_split(rows)
    results = []
    for arch in architectures:
        for trained_as in dict.fromkeys(TRAINED_AS[m] for m in modes):
            tuned, final = tune(train, dev, arch, [m for m in modes if TRAINED_AS[m] == trained_as])
            for t in tuned:
                measured = Measured(t, _cross(rows, t), _speed(final, t.features, [r.text for r in dev]))
                results.append(measured)
                if report is not None:
                    report(measured)
    return results


def table(results: Sequence[Measured]) -> str:
    head = ("| architecture / features | epochs | threshold | dev AP | dev P | dev R | dev F1 | dev msg FA | "
            "cross-writer P | cross-writer R | cross-writer F1 | µs/sentence |")
    lines = [head, "|" + "---|" * 12]
    for m in results:
        t = m.tuned
        dev, cross = t.dev, m.cross
        lines.append(f"| {t.architecture} / {t.features} | {t.epochs} | {t.threshold:.2f} | {t.dev_ap:.3f} | "
                     f"{dev.precision:.3f} | {dev.recall:.3f} | {dev.f1:.3f} | "
                     f"{t.messages[0]}/{t.messages[1]} | {cross.precision:.3f} | {cross.recall:.3f} | "
                     f"{cross.f1:.3f} | {m.us_per_sentence:.0f} |")
    return "\n".join(lines)
