"""The measurement behind the pipelines' rebuild being counted in strings alone (bench.tokenizer_cache)."""

from __future__ import annotations

import random

import pytest

from bench.tokenizer_cache import SHAPES, feed, known_words, primed


@pytest.mark.parametrize("shape", SHAPES)
def test_new_combinations_of_known_words_teach_the_pipeline_no_string(shape):
    # The measurement's premise: these chunks teach the pipeline nothing the rebuild would count, so any
    # memory they cost is the tokenizer's alone (what bench.tokenizer_cache reports).
    words = known_words(300)
    assert feed(primed(words), SHAPES[shape], words, 2000, random.Random(3)) == 0


def test_a_chunk_that_glues_words_into_a_new_one_is_counted():
    words = known_words(300)
    assert feed(primed(words), lambda a, b, c: f"{a}{b}", words, 500, random.Random(3)) > 0
