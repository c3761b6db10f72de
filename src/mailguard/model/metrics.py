"""Precision, recall and the decision threshold: small, dependency-free, and shared by every report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def confusion(labels: Sequence[int], predicted: Sequence[bool]) -> Scores:
    tp = sum(1 for y, p in zip(labels, predicted, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, predicted, strict=True) if not y and p)
    fn = sum(1 for y, p in zip(labels, predicted, strict=True) if y and not p)
    return Scores(tp, fp, fn, len(labels) - tp - fp - fn)


def at_threshold(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Scores:
    return confusion(labels, [s >= threshold for s in scores])


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the precision-recall curve (step-wise): threshold-free, for comparing models."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda t: -t[0])
    positives = sum(labels)
    if not positives:
        return 0.0
    tp = 0
    total = 0.0
    for i, (_, y) in enumerate(ranked, 1):
        if y:
            tp += 1
            total += tp / i
    return total / positives


def pick_threshold(labels: Sequence[int], scores: Sequence[float], min_precision: float) -> float:
    """The lowest threshold (most recall) from which every higher one keeps precision >= ``min_precision``.

    Candidates are a fixed grid, not the scores themselves, so the choice is stable between runs;
    requiring every higher grid point to qualify too keeps a lucky dip in the curve from being
    chosen. Falls back to the best-F1 grid point when even the strictest misses the precision.
    """
    grid = [round(0.05 + 0.01 * i, 2) for i in range(95)]
    chosen = None
    for t in reversed(grid):
        if at_threshold(labels, scores, t).precision < min_precision:
            break
        chosen = t
    if chosen is not None:
        return chosen
    return max(grid, key=lambda t: (at_threshold(labels, scores, t).f1, t))


def errors_by_kind(kinds: Sequence[str], labels: Sequence[int], predicted: Sequence[bool]) -> Counter[str]:
    """Missed binding sentences and false alarms, counted by the data's ``kind`` (e.g. "fp opinion")."""
    out: Counter[str] = Counter()
    for kind, y, p in zip(kinds, labels, predicted, strict=True):
        if y and not p:
            out[f"missed {kind}"] += 1
        elif p and not y:
            out[f"false alarm {kind}"] += 1
    return out
