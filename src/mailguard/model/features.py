"""How the hand-written cues feed the trained model: the feature modes compared on the dev split.

The cues (:mod:`mailguard.cues`) know grammar a bag of words cannot see ("the council resolved ...
the clerk will" reports rather than commits). Two ways to use them are measured:

``plain``        the textcat sees the sentence only;
``cue-markers``  the cue verdict is appended as marker words ("mgcuepos mgcuecommitment") that the
                 textcat learns to weigh against the sentence's own words;
``cue-vote``     a ``plain`` model whose score is pulled halfway towards the cue's verdict, when the
                 cues have one;
``cue-gate``     a ``cue-markers`` model whose decision bar moves with the cue's verdict: a binding
                 reading lowers it (the model only has to not disagree), a non-binding reading
                 raises it (the model has to be sure). The two shifts were set on the realistic
                 council mail in tests/fixtures (the dev split, written by the training data's own
                 hands, is too easy to tell them apart); see docs/model.md. A binding reading from
                 one of the cue reader's broad patterns (``Cue.broad``: "we'll <any verb>", a bare
                 imperative) lowers it less, chosen on the dev split with part-e in training.

The same functions run at training and at run time, so the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailguard import cues

#: cue-gate: how far a binding cue lowers the bar, and how far a non-binding cue raises it.
GATE_POSITIVE = 0.55
GATE_POSITIVE_BROAD = 0.25
GATE_NEGATIVE = 0.10
#: The textcat's two exclusive labels; a sentence's score is the probability of LABEL.
LABEL = "BINDING"
OTHER = "OTHER"


@dataclass(frozen=True)
class Gate:
    """cue-gate's three shifts. A trained model records the ones it was tuned with in mailguard.json
    (``"gate"``), and decides with those; the constants above are only the default, for training and
    for a mailguard.json written before the shifts were recorded."""

    positive: float          # a specific binding cue reading lowers the bar this much
    positive_broad: float    # a binding reading from a broad pattern (Cue.broad)
    negative: float          # a non-binding reading raises it this much

    @classmethod
    def default(cls) -> Gate:
        """The constants as they are now (read at call time)."""
        return cls(GATE_POSITIVE, GATE_POSITIVE_BROAD, GATE_NEGATIVE)

    @classmethod
    def from_json(cls, raw: Any) -> Gate:
        """From ``{"positive": .., "positive_broad": .., "negative": ..}``; ValueError unless all three
        are numbers in [0, 1]."""
        if not isinstance(raw, dict) or set(raw) != {"positive", "positive_broad", "negative"}:
            raise ValueError(f"gate must have exactly positive, positive_broad and negative, not {raw!r}")
        values = [raw["positive"], raw["positive_broad"], raw["negative"]]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and 0.0 <= v <= 1.0 for v in values):
            raise ValueError(f"gate shifts must be numbers in [0, 1], not {raw!r}")
        return cls(*(float(v) for v in values))

    def to_json(self) -> dict[str, float]:
        return {"positive": self.positive, "positive_broad": self.positive_broad, "negative": self.negative}


def cue_markers(cue: cues.Cue | None) -> str:
    if cue is None:
        return "mgcuenone"
    return f"{'mgcuepos' if cue.binding else 'mgcueneg'} mgcue{cue.kind}"


_UNREAD = cues.Cue(False, "unread", "")


def model_text(sentence: str, mode: str, cue: cues.Cue | None = _UNREAD) -> str:
    """The text handed to the pipeline for ``sentence``; pass the ``cue`` already read (None if none)."""
    text = cues.normalise(sentence)
    if mode in ("cue-markers", "cue-gate"):
        return f"{text} {cue_markers(cues.read(text) if cue is _UNREAD else cue)}"
    return text


def needs_cues(mode: str) -> bool:
    return mode in ("cue-markers", "cue-vote", "cue-gate")


def combine(score: float, cue: cues.Cue | None, mode: str, gate: Gate | None = None) -> float:
    """The final score: the model's; for ``cue-vote`` halfway to the cue's verdict; for ``cue-gate``
    shifted by the cue's verdict (by ``gate``, default :meth:`Gate.default`), so one threshold applies
    to all."""
    if mode == "cue-gate" and cue is not None:
        gate = gate if gate is not None else Gate.default()
        if cue.binding:
            shifted = score + (gate.positive_broad if cue.broad else gate.positive)
        else:
            shifted = score - gate.negative
        return min(1.0, max(0.0, shifted))
    if mode != "cue-vote" or cue is None:
        return score
    return (score + 1.0) / 2 if cue.binding else score / 2
