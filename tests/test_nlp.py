"""Sentence splitting's pipeline stays bounded in memory however much new text it reads."""

from __future__ import annotations

import logging
import threading

import pytest

from mailguard.nlp import RENEW_AFTER_NEW_STRINGS, RenewingPipeline, SentenceSplitter, blank_pipeline

SAMPLE = ("Dear Ms Patel,\n\nThanks for the quote. We will pay the £240 hire on 3 May. Please send the invoice "
          "to the clerk, Mr. Jones, at office@example.gov.uk!\n\nBest wishes\nJo")


def novel_text(start: int, words: int = 50) -> str:
    """Reference numbers nobody has written before: each one a string spaCy has not seen."""
    return " ".join(f"REF{n:08d}" for n in range(start, start + words)) + "."


def test_splitter_is_rebuilt_once_it_has_learnt_the_limit():
    splitter = SentenceSplitter(limit=120)
    first = splitter.nlp
    known = len(first.vocab.strings)
    for n in range(0, 300, 50):
        splitter.split(novel_text(n))
    assert splitter.pipeline.renewals >= 1
    assert splitter.nlp is not first
    # what the current pipeline holds: at most the limit plus one text's worth of new words
    assert len(splitter.nlp.vocab.strings) <= known + 120 + 2 * 50


def test_splitting_is_the_same_after_a_rebuild():
    fresh = SentenceSplitter()
    renewed = SentenceSplitter(limit=60)
    for n in range(0, 400, 50):
        renewed.split(novel_text(n))
    assert renewed.pipeline.renewals >= 2
    assert renewed.split(SAMPLE) == fresh.split(SAMPLE)
    assert len(renewed.split(SAMPLE)) >= 4


def test_a_pipeline_under_its_limit_is_kept():
    splitter = SentenceSplitter()
    first = splitter.nlp
    for n in range(0, 1000, 50):
        splitter.split(novel_text(n))
    assert splitter.nlp is first and splitter.pipeline.renewals == 0
    assert splitter.pipeline.limit == RENEW_AFTER_NEW_STRINGS


def test_the_rebuild_is_logged_with_what_was_learnt(caplog):
    pipeline = RenewingPipeline(blank_pipeline, "sentence splitting", limit=10)
    pipeline.nlp("one two three four five six seven eight nine ten eleven twelve thirteen")
    with caplog.at_level(logging.INFO, logger="mailguard.nlp"):
        pipeline.nlp  # noqa: B018 - the access is what rebuilds
    assert pipeline.renewals == 1
    [record] = caplog.records
    assert "rebuilt the sentence splitting pipeline" in record.getMessage()
    assert "memory stays bounded" in record.getMessage()


def test_a_split_in_progress_finishes_with_the_pipeline_it_started_on():
    splitter = SentenceSplitter(limit=30)
    old = splitter.nlp
    units = ["First one. Second one.", novel_text(0, 40), "Third one! Fourth one?"]
    docs = old.pipe(units, batch_size=1)           # as split() does, one unit at a time
    first = next(docs)
    rebuilt = threading.Thread(target=lambda: splitter.nlp)   # another thread notices the limit
    next(docs)                                     # the new words go over it
    rebuilt.start()
    rebuilt.join()
    assert splitter.nlp is not old and splitter.pipeline.renewals == 1
    last = next(docs)
    assert [s.text for s in first.sents] == ["First one.", "Second one."]
    assert [s.text for s in last.sents] == ["Third one!", "Fourth one?"]


def test_one_rebuild_however_many_threads_notice():
    built: list[object] = []

    def build():
        built.append(nlp := blank_pipeline())
        return nlp

    pipeline = RenewingPipeline(build, "test", limit=5)
    pipeline.nlp("alpha beta gamma delta epsilon zeta eta theta")
    barrier = threading.Barrier(4)
    seen: list[object] = []

    def use():
        barrier.wait()
        seen.append(pipeline.nlp)

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert pipeline.renewals == 1 and len(built) == 2
    assert all(n is built[0] or n is built[1] for n in seen)   # none waited: old or new, never a third
    assert pipeline.nlp is built[1]


def test_a_thread_does_not_wait_for_a_rebuild_in_another():
    started, release = threading.Event(), threading.Event()

    def slow_build():
        started.set()
        release.wait(5)
        return blank_pipeline()

    pipeline = RenewingPipeline(slow_build, "test", limit=5, loaded=blank_pipeline())
    old = pipeline.nlp
    old("alpha beta gamma delta epsilon zeta eta theta")
    rebuilding = threading.Thread(target=lambda: pipeline.nlp)
    rebuilding.start()
    assert started.wait(5)
    assert pipeline.nlp is old                     # at once, with the pipeline it has
    release.set()
    rebuilding.join()
    assert pipeline.nlp is not old and pipeline.renewals == 1


def test_a_build_that_hands_back_the_same_pipeline_is_a_failed_rebuild(caplog):
    only = blank_pipeline()
    pipeline = RenewingPipeline(lambda: only, "test", limit=5)
    only("alpha beta gamma delta epsilon zeta eta theta")
    with caplog.at_level(logging.ERROR, logger="mailguard.nlp"):
        assert pipeline.nlp is only
    assert pipeline.renewals == 0
    assert "could not rebuild the test pipeline" in caplog.text


@pytest.mark.parametrize("limit", [0, 1])
def test_a_tiny_limit_rebuilds_but_never_loops(limit):
    splitter = SentenceSplitter(limit=limit)
    assert splitter.split("Hello there. General Kenobi.") == ["Hello there.", "General Kenobi."]
    assert splitter.split("Hello there. General Kenobi.") == ["Hello there.", "General Kenobi."]


def test_a_failed_rebuild_goes_on_with_the_old_pipeline_and_tries_later(caplog):
    calls = []

    def build():
        calls.append(1)
        if len(calls) == 2:
            raise MemoryError("no room for a new pipeline")
        return blank_pipeline()

    pipeline = RenewingPipeline(build, "sentence splitting", limit=5)
    old = pipeline.nlp
    old("alpha beta gamma delta epsilon zeta eta theta")
    with caplog.at_level(logging.INFO, logger="mailguard.nlp"):
        assert pipeline.nlp is old                     # the rebuild failed: checking goes on
        assert pipeline.nlp is old and len(calls) == 2   # not retried on every message ...
        old("iota kappa lambda mu nu xi omicron pi")
        assert pipeline.nlp is not old                 # ... but after another limit's worth
    assert pipeline.renewals == 1 and len(calls) == 3
    assert "could not rebuild the sentence splitting pipeline" in caplog.text
    # the rebuild counts everything learnt since the pipeline was built, not since the failed try
    failed, done = (int(r.getMessage().split("learnt ")[1].split()[0]) for r in caplog.records)
    assert done == len(old.vocab.strings) - len(blank_pipeline().vocab.strings) > failed
    assert "MemoryError" in caplog.text
