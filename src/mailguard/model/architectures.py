"""The textcat architectures compared on the dev split, as spaCy model configs.

All are CPU-only and self-contained: hashed embeddings learned from our own sentences, no
pretrained vectors, nothing downloaded. Sizes are kept small so the shipped pipeline is a few MB.
"""

from __future__ import annotations

from typing import Any

#: How the cue reading is given to the model (mailguard.model.features builds each). Named here, not
#: there, so that the command's parser can offer them without compiling the cue patterns (0.2 s).
MODES = ("plain", "cue-markers", "cue-vote", "cue-gate")
#: The architecture and feature mode chosen on the dev split (docs/model.md has the table).
CHOSEN_ARCHITECTURE = "bow-2"
CHOSEN_FEATURES = "cue-gate"

#: Hashed feature rows for the bag-of-words models: 2**17 rows x 2 classes of float32 is 1 MB.
BOW_LENGTH = 2**17


def _bow(ngram_size: int) -> dict[str, Any]:
    return {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": ngram_size,
            "no_output_layer": False, "length": BOW_LENGTH, "nO": None}


def _tok2vec(width: int = 64) -> dict[str, Any]:
    return {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": width, "depth": 2,
            "embed_size": 2000, "window_size": 1, "maxout_pieces": 3, "subword_features": True}


def _cnn() -> dict[str, Any]:
    return {"@architectures": "spacy.TextCatReduce.v1", "exclusive_classes": True, "use_reduce_first": False,
            "use_reduce_last": False, "use_reduce_max": True, "use_reduce_mean": True, "tok2vec": _tok2vec(),
            "nO": None}


def _ensemble() -> dict[str, Any]:
    return {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": _tok2vec(), "linear_model": _bow(2),
            "nO": None}


ARCHITECTURES: dict[str, dict[str, Any]] = {
    "bow-1": _bow(1),
    "bow-2": _bow(2),
    "bow-3": _bow(3),
    "cnn": _cnn(),
    "ensemble": _ensemble(),
}


def model_config(name: str) -> dict[str, Any]:
    """A fresh copy of the named architecture's config (spaCy mutates what it is given)."""
    import copy  # noqa: PLC0415

    return copy.deepcopy(ARCHITECTURES[name])
