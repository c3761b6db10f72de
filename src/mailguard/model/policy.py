"""Where the decision threshold goes, decided on the dev split only.

Two targets pull on it: sentence precision (>= 0.95 on held-out text) and the message-level false
alarm rate (<= 1 in 200 non-binding messages). A message is a false alarm as soon as *any* of its
sentences is flagged, so the second is the stricter. The threshold is the lowest (most recall)
point from which every higher grid point meets both, raised by a fixed margin: the dev split was
written by the same hands as the training data, and held-out text will be harder.
"""

from __future__ import annotations

from collections.abc import Sequence

from mailguard.model.data import Message
from mailguard.model.metrics import at_threshold
from mailguard.nlp import Nlp, SentenceSplitter

MIN_DEV_PRECISION = 0.97
#: The target itself, 1 in 200 dev messages. It was 0 while the dev split was a few hundred messages
#: written by the training data's own hands; with the read splits' writers in it (stop 17) it is 2,000
#: and more, where "none at all" pinned every model to the grid's ceiling. The realistic council
#: e-mails bound the threshold from below in any case (mailguard.model.realistic).
MAX_MESSAGE_FALSE_ALARMS = 1 / 200
#: Thresholds this far below the chosen one must meet the targets too: the shipped model is retrained
#: on train + dev, and held-out text comes from other writers, so the dev curve will not sit still.
MARGIN = 0.05
GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(95))


class DevMessages:
    """Messages split into sentences once (as :meth:`Nlp.binding_sentences` does), scored many times."""

    def __init__(self, messages: Sequence[Message], splitter: SentenceSplitter | None = None) -> None:
        splitter = splitter or SentenceSplitter()
        self.messages = list(messages)
        self.sentences = [Nlp.candidate_sentences(splitter, m.text) for m in self.messages]
        self.flat = [s for group in self.sentences for s in group]

    def regroup(self, flat_scores: Sequence[float]) -> list[list[float]]:
        out, at = [], 0
        for group in self.sentences:
            out.append(list(flat_scores[at:at + len(group)]))
            at += len(group)
        return out

    def false_alarms(self, message_scores: Sequence[Sequence[float]], threshold: float) -> tuple[int, int]:
        """(non-binding messages with any sentence at or above ``threshold``, non-binding messages)."""
        negatives = [s for m, s in zip(self.messages, message_scores, strict=True) if not m.binding]
        return sum(1 for s in negatives if any(x >= threshold for x in s)), len(negatives)


def choose_threshold(labels: Sequence[int], scores: Sequence[float],
                     message_scores: Sequence[Sequence[float]], messages: DevMessages,
                     margin: float = MARGIN) -> float:
    """The lowest grid threshold from which every higher one meets both dev targets, plus ``margin``.

    When even the strictest grid point misses a target, the strictest is returned: the comparison
    table then shows the miss rather than hiding it.
    """
    lowest_ok = None
    for t in reversed(GRID):
        fa, total = messages.false_alarms(message_scores, t)
        too_many_alarms = fa > total * MAX_MESSAGE_FALSE_ALARMS
        if at_threshold(labels, scores, t).precision < MIN_DEV_PRECISION or too_many_alarms:
            break
        lowest_ok = t
    if lowest_ok is None:
        return GRID[-1]
    return min(round(lowest_ok + margin, 2), GRID[-1])
