"""The bag-of-words textcat's n-gram counting, for a whole batch of sentences at once.

Why: spaCy's ``extract_ngrams`` layer (spacy/ml/extract_ngrams.py) counts each sentence's n-grams
with its own ``numpy.unique`` call, and numpy's per-call overhead (~10 us) was most of the model's
cost on a message's ten-odd short sentences. Here every sentence's tokens are joined into one
array, the n-grams that would straddle two sentences are dropped, and one sort over (sentence,
key) pairs counts them all: the same keys, counts and lengths, in the same order and dtypes (a test
compares both on the training sentences). Inference only; the backward pass is the layer's own
(it has nothing to learn).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from thinc.api import Model

LAYER = "extract_ngrams"


def use_batched_counting(nlp: Language) -> int:
    """Give every ``extract_ngrams`` layer of ``nlp``'s pipes the batched forward; return how many."""
    patched = 0
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if not isinstance(model, Model):
            continue
        for layer in model.walk():
            if layer.name == LAYER and {"ngram_size", "attr"} <= set(layer.attrs):
                layer._func = forward
                patched += 1
    return patched


def uses_batched_counting(nlp: Language) -> bool:
    """Whether :func:`use_batched_counting` has patched ``nlp``."""
    models = [getattr(pipe, "model", None) for _name, pipe in nlp.pipeline]
    return any(layer._func is forward for model in models if isinstance(model, Model) for layer in model.walk())


def forward(model: Model[Any, Any], docs: list[Any], is_train: bool) -> tuple[tuple[Any, Any, Any], Any]:
    ops = model.ops
    xp = ops.xp
    size = int(model.attrs["ngram_size"])
    attr = model.attrs["attr"]
    unigrams = [ops.asarray(doc.to_array([attr])) for doc in docs]
    tokens = xp.concatenate(unigrams)
    token_doc = xp.repeat(xp.arange(len(docs)), [u.shape[0] for u in unigrams])
    keys = [tokens]
    owners = [token_doc]
    for n in range(2, size + 1):
        if tokens.shape[0] < n:
            break
        grams = ops.ngrams(n, tokens)
        starts_in = token_doc[: grams.shape[0]]
        whole = starts_in == token_doc[n - 1:]          # the n-gram does not run into the next sentence
        keys.append(grams[whole])
        owners.append(starts_in[whole])
    all_keys = xp.concatenate(keys)
    all_owners = xp.concatenate(owners)
    order = xp.lexsort((all_keys, all_owners))          # by sentence, then key: np.unique's order
    sorted_keys = all_keys[order]
    sorted_owners = all_owners[order]
    first = xp.ones(sorted_keys.shape[0], dtype=bool)
    first[1:] = (sorted_keys[1:] != sorted_keys[:-1]) | (sorted_owners[1:] != sorted_owners[:-1])
    starts = xp.flatnonzero(first)
    counts = xp.diff(xp.append(starts, sorted_keys.shape[0]))
    lengths = ops.asarray(xp.bincount(sorted_owners[starts], minlength=len(docs)), dtype="int32")

    def backprop(d_output: Any) -> list[Any]:
        return []

    return (sorted_keys[starts], ops.asarray(counts, dtype="f"), lengths), backprop
