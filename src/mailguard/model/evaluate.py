"""``mailguard model evaluate``: the held-out figures, computed through the production code path.

Sentence level: precision, recall and F1 for *binding* on ``test/sentences.jsonl``, and the errors
counted by the data's ``kind``. Message level, on ``test/messages.jsonl``: each body is split with
:class:`SentenceSplitter` and judged by the detector exactly as :meth:`Nlp.binding_sentences` does
in the rule; a non-binding message with any sentence flagged is a false alarm.

This is the only module that reads the test split, and it only reports: nothing here feeds back
into training, the threshold or the choice of architecture.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mailguard.model.data import load_test_messages, load_test_sentences
from mailguard.model.metrics import Scores, confusion, errors_by_kind
from mailguard.nlp import CommitmentDetector, Nlp


@dataclass(frozen=True)
class Miss:
    label: int
    score: float
    kind: str
    text: str


@dataclass(frozen=True)
class Evaluation:
    sentences: Scores
    by_kind: Counter[str]
    false_alarms: int
    clean_messages: int
    flagged_binding: int
    binding_messages: int
    misses: list[Miss] = field(default_factory=list)
    alarms: list[tuple[str, list[str]]] = field(default_factory=list)   # (message, sentences flagged)


def evaluate(detector: CommitmentDetector, data_dir: Path, split: str = "test2") -> Evaluation:
    rows = load_test_sentences(data_dir, split)
    judged = detector.judge([r.text for r in rows])
    predicted = [j.binding for j in judged]
    labels = [r.label for r in rows]
    misses = [Miss(r.label, j.score, r.kind, r.text) for r, j in zip(rows, judged, strict=True)
              if j.binding != bool(r.label)]
    nlp = Nlp(detector)
    alarms: list[tuple[str, list[str]]] = []
    flagged_binding = binding_messages = clean = 0
    for m in load_test_messages(data_dir, split):
        found = [b.text for b in nlp.binding_sentences(m.text)]
        if m.binding:
            binding_messages += 1
            flagged_binding += bool(found)
        else:
            clean += 1
            if found:
                alarms.append((m.text, found))
    return Evaluation(confusion(labels, predicted), errors_by_kind([r.kind for r in rows], labels, predicted),
                      len(alarms), clean, flagged_binding, binding_messages, misses, alarms)


def render(ev: Evaluation, describe: str, show_errors: bool = False) -> str:
    s = ev.sentences
    lines = [f"model: {describe}",
             f"held-out sentences: {s.tp + s.fp + s.fn + s.tn} ({s.tp + s.fn} binding)",
             f"  binding precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}"
             f"   (tp {s.tp}, fp {s.fp}, fn {s.fn}, tn {s.tn})",
             f"held-out messages: {ev.clean_messages + ev.binding_messages}",
             f"  false alarms: {ev.false_alarms} of {ev.clean_messages} non-binding messages"
             f" ({200 * ev.false_alarms / max(ev.clean_messages, 1):.1f} per 200)",
             f"  binding messages flagged: {ev.flagged_binding} of {ev.binding_messages}",
             "errors by kind:"]
    by_kind = sorted(ev.by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    lines += [f"  {k:<28} {n}" for k, n in by_kind] or ["  none"]
    if show_errors:
        lines.append("sentence errors (label, score, kind, text):")
        lines += [f"  {m.label} {m.score:.2f} {m.kind:<12} {m.text}" for m in _sorted(ev.misses)]
        lines.append("message false alarms (flagged sentences):")
        lines += [f"  - {' | '.join(found)}" for _, found in ev.alarms]
    return "\n".join(lines)


def _sorted(misses: Sequence[Miss]) -> list[Miss]:
    return sorted(misses, key=lambda m: (m.label, m.kind, -m.score))
