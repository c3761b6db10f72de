"""The trained commitment detector: a spaCy textcat pipeline from ``models/commitment``.

It implements :class:`mailguard.nlp.CommitmentDetector`, so the councillor-obligation rule uses it
exactly as it would the cue reader. The pipeline directory holds spaCy's own files plus
``mailguard.json`` (feature mode, decision threshold, how it was trained and measured). A missing
or unreadable model is a :class:`ModelError` at start-up, never a quiet fall-back to keywords: a
guardrail that silently degrades is worse than one that refuses to start.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer

from mailguard import cues
from mailguard.errors import ModelError
from mailguard.model.architectures import MODES
from mailguard.model.features import LABEL, Gate, combine, model_text, needs_cues
from mailguard.model.ngrams import use_batched_counting, uses_batched_counting
from mailguard.nlp import RENEW_AFTER_NEW_STRINGS, Judgement, RenewingPipeline

META_FILE = "mailguard.json"
REBUILD = "rebuild it with `mailguard model train` (from a checkout with models/data), or point --models / " \
          "$MAILGUARD_MODELS at a folder holding commitment/"


@dataclass(frozen=True)
class ModelMeta:
    """What :mod:`mailguard.model.build` records next to the pipeline; ``features``, ``threshold`` and
    ``gate`` drive decisions (``gate``: the code's shifts when mailguard.json does not record them)."""

    features: str
    threshold: float
    info: dict[str, Any]
    gate: Gate = field(default_factory=Gate.default)

    @classmethod
    def read(cls, path: Path) -> ModelMeta:
        file = path / META_FILE
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            features, threshold = raw["features"], float(raw["threshold"])
            gate = Gate.from_json(raw["gate"]) if "gate" in raw else Gate.default()
        except FileNotFoundError as exc:
            raise ModelError(f"{file}: missing, so the model at {path} is incomplete; {REBUILD}") from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{file}: unreadable ({type(exc).__name__}: {exc}); {REBUILD}") from exc
        if features not in MODES or not 0.0 < threshold < 1.0:
            raise ModelError(f"{file}: unknown feature mode {features!r} or threshold {threshold} "
                             f"outside (0, 1); {REBUILD}")
        return cls(features, threshold, raw, gate)


class TrainedDetector:
    """Judges sentences with the trained textcat; names the kind of a binding sentence from the cues."""

    name = "trained"

    def __init__(self, nlp: Language | RenewingPipeline, meta: ModelMeta, path: Path | None = None,
                 renew_after: int = RENEW_AFTER_NEW_STRINGS) -> None:
        """``nlp``: the loaded pipeline (kept as it is now, to rebuild from once it has learnt
        ``renew_after`` strings from mail), or another detector's :attr:`pipeline` to share."""
        self.pipeline = nlp if isinstance(nlp, RenewingPipeline) else RenewingPipeline(
            _rebuilder(nlp), "commitment model", renew_after, loaded=nlp)
        self.meta = meta
        self.path = path

    @property
    def nlp(self) -> Language:
        return self.pipeline.nlp

    @classmethod
    def load(cls, path: Path, renew_after: int = RENEW_AFTER_NEW_STRINGS) -> TrainedDetector:
        path = Path(path)
        if not (path / "config.cfg").is_file():
            raise ModelError(f"no trained commitment model at {path} (config.cfg not found); {REBUILD}")
        meta = ModelMeta.read(path)
        try:
            nlp = spacy.load(path)
        except Exception as exc:  # noqa: BLE001 - spaCy raises many types for a damaged pipeline
            raise ModelError(f"the commitment model at {path} is damaged ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}); {REBUILD}") from exc
        if "textcat" not in nlp.pipe_names or LABEL not in _textcat(nlp).labels:
            raise ModelError(f"the model at {path} has no textcat with a {LABEL} label; {REBUILD}")
        use_batched_counting(nlp)   # same scores, about half the textcat's time (model/ngrams.py)
        cues.prepare()              # the cue reader's screen, derived now rather than on the first message
        return cls(nlp, meta, path, renew_after)

    def scores(self, sentences: Sequence[str]) -> list[float]:
        return [s for s, _ in self._scored(sentences)]

    def judge(self, sentences: Sequence[str]) -> list[Judgement]:
        out = []
        for sentence, (score, cue) in zip(sentences, self._scored(sentences), strict=True):
            if score >= self.meta.threshold:
                if cue is None:
                    cue = cues.read(sentence)
                kind = cue.kind if cue is not None and cue.binding else "binding"
                out.append(Judgement(True, score, kind))
            else:
                kind = cue.kind if cue is not None and not cue.binding else "not-binding"
                out.append(Judgement(False, score, kind))
        return out

    def _scored(self, sentences: Sequence[str]) -> list[tuple[float, cues.Cue | None]]:
        return score_sentences(self.nlp, self.meta.features, sentences, self.meta.gate)


def score_sentences(nlp: Language, mode: str, sentences: Sequence[str],
                    gate: Gate | None = None) -> list[tuple[float, cues.Cue | None]]:
    """Each sentence's final binding score (and the cue read for it, if the mode needed one), with the
    cue gate's shifts ``gate`` (default :meth:`Gate.default`: what training tunes with).

    Training, comparison, evaluation and the rule all score through here, so the figures in
    docs/model.md are the figures of the code that runs.
    """
    if not sentences:
        return []
    read = [cues.read(s) for s in sentences] if needs_cues(mode) else [None] * len(sentences)
    texts = [model_text(s, mode, c) for s, c in zip(sentences, read, strict=True)]
    # The tokenizer and the textcat's own predict, rather than nlp.pipe: the same numbers without
    # writing doc.cats, about a third faster on a message's worth of sentences.
    textcat = _textcat(nlp)
    probs = textcat.predict([nlp.make_doc(t) for t in texts])
    column = list(textcat.labels).index(LABEL)
    gate = gate if gate is not None else Gate.default()
    return [(combine(float(row[column]), cue, mode, gate), cue) for row, cue in zip(probs, read, strict=True)]


def _rebuilder(nlp: Language) -> Callable[[], Language]:
    """Builds ``nlp`` afresh as it is now, from memory: the model folder may have been replaced by an
    upgrade since, and a long-running relay must go on judging with the model it started with."""
    config, weights, batched = nlp.config, nlp.to_bytes(), uses_batched_counting(nlp)

    def build() -> Language:
        fresh = spacy.util.load_model_from_config(config, auto_fill=False, validate=False)
        fresh.from_bytes(weights)
        if batched:
            use_batched_counting(fresh)
        return fresh

    return build


def _textcat(nlp: Language) -> TextCategorizer:
    return cast(TextCategorizer, nlp.get_pipe("textcat"))
