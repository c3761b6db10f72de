"""Training a textcat pipeline on the labelled sentences, seeded so the same data gives the same model.

The pipeline is ``spacy.blank("en")`` plus one ``textcat`` with two exclusive labels; the score of
a sentence is the probability of ``BINDING``. Reproducibility comes from three things: thinc's and
numpy's seeds (``fix_random_seed``), a private ``random.Random`` for the epoch shuffles, and a fixed
batch schedule; training twice on the same data writes byte-identical weights.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.training import Example
from spacy.util import minibatch
from thinc.api import compounding, fix_random_seed

from mailguard.model.architectures import model_config
from mailguard.model.data import SEED, Sentence
from mailguard.model.features import LABEL, OTHER, model_text

DROPOUT = 0.2
#: With the read splits in training no run has chosen more than 4 epochs (docs/model.md, stop 17); this also caps
#: `model compare` and `model train --dev-threshold-only`, which were tuned on up to 12 before.
MAX_EPOCHS = 8

EpochHook = Callable[[int, Language], None]


def new_pipeline(architecture: str) -> Language:
    nlp = spacy.blank("en")
    textcat = cast(TextCategorizer, nlp.add_pipe("textcat", config={"model": model_config(architecture),
                                                                     "threshold": 0.5}))
    textcat.add_label(LABEL)
    textcat.add_label(OTHER)
    return nlp


def _examples(nlp: Language, rows: Sequence[Sentence], mode: str) -> list[Example]:
    out = []
    for r in rows:
        doc = nlp.make_doc(model_text(r.text, mode))
        out.append(Example.from_dict(doc, {"cats": {LABEL: float(r.label), OTHER: 1.0 - r.label}}))
    return out


def fit(rows: Sequence[Sentence], architecture: str, mode: str, epochs: int = MAX_EPOCHS, seed: int = SEED,
        after_epoch: EpochHook | None = None) -> Language:
    """Train from scratch; ``after_epoch(epoch, nlp)`` lets the caller measure the model as it learns."""
    fix_random_seed(seed)
    nlp = new_pipeline(architecture)
    examples = _examples(nlp, rows, mode)
    optimizer = nlp.initialize(lambda: examples, sgd=None)
    rng = random.Random(seed)
    for epoch in range(1, epochs + 1):
        order = examples[:]
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for batch in minibatch(order, size=compounding(4.0, 32.0, 1.001)):  # type: ignore[no-untyped-call]
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        if after_epoch is not None:
            after_epoch(epoch, nlp)
    return nlp
