"""The batched n-gram counting gives spaCy's own counts, and the model's scores, exactly."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import spacy
from spacy.ml.extract_ngrams import forward as spacy_forward

from mailguard.model.detector import TrainedDetector
from mailguard.model.features import model_text
from mailguard.model.ngrams import LAYER, forward, use_batched_counting
from mailguard.runtime import COMMITMENT, models_dir

from ..conftest import ROOT


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    rows = []
    for path in sorted((ROOT / "models" / "data" / "train").glob("*.jsonl"))[:6]:
        rows += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows


def _layer(nlp):
    return next(layer for layer in nlp.get_pipe("textcat").model.walk() if layer.name == LAYER)


def test_counts_are_spacys_counts(sentences):
    nlp = spacy.load(models_dir(None) / COMMITMENT)
    layer = _layer(nlp)
    rng = random.Random(7)
    for _ in range(200):
        # batches as the rule makes them: a message's sentences, some one or two words long,
        # some with the cue markers appended
        picked = [rng.choice(sentences)[: rng.choice([2, 5, 12, 1000])] for _ in range(rng.randint(1, 25))]
        docs = [nlp.make_doc(model_text(s, "cue-markers", None) if rng.random() < 0.5 else s) for s in picked]
        (keys, counts, lengths), _ = spacy_forward(layer, docs, False)
        (keys2, counts2, lengths2), _ = forward(layer, docs, False)
        for a, b in ((keys, keys2), (counts, counts2), (lengths, lengths2)):
            assert a.dtype == b.dtype and np.array_equal(a, b)


def test_the_loaded_detector_scores_as_spacy_would(sentences):
    detector = TrainedDetector.load(models_dir(None) / COMMITMENT)
    assert _layer(detector.nlp)._func is forward
    stock = spacy.load(models_dir(None) / COMMITMENT)
    assert _layer(stock)._func is spacy_forward
    sample = sentences[::7][:400]
    ours = detector.nlp.get_pipe("textcat").predict([detector.nlp.make_doc(s) for s in sample])
    theirs = stock.get_pipe("textcat").predict([stock.make_doc(s) for s in sample])
    assert np.array_equal(ours, theirs)


def test_patching_finds_the_layer_once():
    nlp = spacy.load(models_dir(None) / COMMITMENT)
    assert use_batched_counting(nlp) == 1
    assert use_batched_counting(spacy.blank("en")) == 0
