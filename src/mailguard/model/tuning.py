"""Settling a candidate's epochs and threshold on the dev split, by watching it learn.

After every epoch the dev sentences and dev messages are scored and a threshold is chosen for
that epoch (:func:`mailguard.model.policy.choose_threshold`); the epoch kept is the one whose
operating point keeps the most recall while meeting the precision and false-alarm bounds.

Used both by ``mailguard model compare`` (every candidate) and ``mailguard model train`` (the
chosen one), so the shipped model is tuned exactly as the comparison table says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from mailguard.model import devmail
from mailguard.model.data import Sentence
from mailguard.model.detector import score_sentences
from mailguard.model.metrics import Scores, at_threshold, average_precision
from mailguard.model.policy import DevMessages, choose_threshold
from mailguard.model.train import MAX_EPOCHS, fit

#: Feature modes that share one trained model (cue-vote re-scores a plain model).
TRAINED_AS = {"plain": "plain", "cue-markers": "cue-markers", "cue-vote": "plain", "cue-gate": "cue-markers"}


@dataclass(frozen=True)
class Tuned:
    """A candidate's settings chosen on the dev split, and its dev figures at those settings."""

    architecture: str
    features: str
    epochs: int
    threshold: float
    dev_ap: float
    dev: Scores
    messages: tuple[int, int]         # (false alarms, non-binding dev messages)
    curve: DevCurve | None = field(default=None, compare=False, repr=False)

    def at(self, threshold: float) -> tuple[Scores, tuple[int, int]]:
        """The dev figures of the chosen epoch at another threshold: ``train`` may raise the threshold
        above the dev choice (the realistic-mail floor), and the record should describe the one shipped."""
        if self.curve is None:
            raise ValueError("no dev scores kept for this candidate")
        c = self.curve
        return at_threshold(c.labels, c.scores, threshold), c.messages.false_alarms(c.message_scores, threshold)


@dataclass(frozen=True)
class DevCurve:
    """The chosen epoch's dev scores, kept so its figures can be read at any threshold."""

    labels: list[int]
    scores: list[float]
    message_scores: list[list[float]]
    messages: DevMessages


@dataclass
class _Epoch:
    scores: list[float]
    message_scores: list[list[float]]
    ap: float


def score(nlp: Language, mode: str, texts: Sequence[str]) -> list[float]:
    """Final scores only (see :func:`mailguard.model.detector.score_sentences`)."""
    return [s for s, _ in score_sentences(nlp, mode, texts)]


def tune(train: Sequence[Sentence], dev: Sequence[Sentence], architecture: str, modes: Sequence[str]
         ) -> tuple[list[Tuned], Language]:
    """Train once for the modes that share a model; pick each mode's epochs and threshold on ``dev``."""
    by_mode, final = tune_epochs(train, dev, architecture, modes)
    return [best(by_mode[mode]) for mode in modes], final


def best(candidates: Sequence[Tuned]) -> Tuned:
    """The epoch whose operating point (its own threshold) keeps the most dev recall; rounded so a
    near-tie goes to the better ranking and then to the shorter training."""
    return max(candidates, key=lambda t: (round(t.dev.recall, 3), round(t.dev_ap, 3), -t.epochs))


def tune_epochs(train: Sequence[Sentence], dev: Sequence[Sentence], architecture: str, modes: Sequence[str],
                report: Callable[[str], None] | None = None) -> tuple[dict[str, list[Tuned]], Language]:
    """Every epoch's dev threshold and figures, per mode (``[i]`` is epoch ``i + 1``): ``model train``
    chooses among them with the realistic e-mails too (mailguard.model.build). ``report`` hears of each
    epoch as it ends (the dev run takes minutes)."""
    trained_as = {TRAINED_AS[m] for m in modes}
    if len(trained_as) != 1:
        raise ValueError(f"modes {modes} do not share one trained model")
    messages = DevMessages(devmail.build(dev))
    labels = [r.label for r in dev]
    history: dict[str, list[_Epoch]] = {m: [] for m in modes}

    def hook(epoch: int, nlp: Language) -> None:
        for mode in modes:
            s = score(nlp, mode, [r.text for r in dev])
            flat = score(nlp, mode, messages.flat)
            history[mode].append(_Epoch(s, messages.regroup(flat), average_precision(labels, s)))
        if report is not None:
            report(f"dev run, epoch {epoch} of {MAX_EPOCHS}: dev AP {history[modes[0]][-1].ap:.3f}")

    final = fit(train, architecture, trained_as.pop(), MAX_EPOCHS, after_epoch=hook)
    out: dict[str, list[Tuned]] = {}
    for mode in modes:
        candidates: list[Tuned] = []
        for i, e in enumerate(history[mode]):
            threshold = choose_threshold(labels, e.scores, e.message_scores, messages)
            candidates.append(Tuned(architecture, mode, i + 1, threshold, e.ap,
                                    at_threshold(labels, e.scores, threshold),
                                    messages.false_alarms(e.message_scores, threshold),
                                    DevCurve(labels, e.scores, e.message_scores, messages)))
        out[mode] = candidates
    return out, final
