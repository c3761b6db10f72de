"""Fixtures: a loop thread, an upstream sink, and a factory for an in-process relay in front of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.relay.harness import LoopThread, RunningRelay, Sink, start_relay


@pytest.fixture
def loop_thread() -> Iterator[LoopThread]:
    loop = LoopThread()
    yield loop
    loop.close()


@pytest.fixture
def sink(loop_thread: LoopThread) -> Iterator[Sink]:
    s = Sink(loop_thread).start()
    yield s
    s.stop()


@pytest.fixture
def relay_factory(tmp_path: Path, loop_thread: LoopThread, sink: Sink) -> Iterator[Callable[..., RunningRelay]]:
    started: list[RunningRelay] = []

    def make(**kwargs: Any) -> RunningRelay:
        running = start_relay(tmp_path / f"r{len(started)}", loop_thread, sink, **kwargs)
        started.append(running)
        return running

    yield make
    for running in started:
        if not running.relay._stopped.is_set():
            running.stop()


@pytest.fixture
def relay(relay_factory: Callable[..., RunningRelay]) -> RunningRelay:
    return relay_factory()
