"""Fixtures: a store in a temporary state dir, and a Review wired to an in-memory upstream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailguard.config import load_config
from mailguard.notify import Notifier
from mailguard.quarantine.review import Review
from mailguard.quarantine.store import NewItem, QuarantineStore
from mailguard.relay.memory_upstream import MemoryUpstream
from mailguard.settings import load_service_settings
from tests.conftest import D
from tests.relay.harness import write_config
from tests.relay.messages import silent_bcc

EXTRA = """
quarantine:
  remind_after: 2h
  remind_every: 12h
  escalate_after: 2d
  reject_reasons:
    confidential: The e-mail contains confidential material that cannot go to these recipients.
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[QuarantineStore]:
    s = QuarantineStore(tmp_path / "state")
    yield s
    s.close()


@pytest.fixture
def upstream() -> MemoryUpstream:
    return MemoryUpstream()


@pytest.fixture
def review(tmp_path: Path, store: QuarantineStore, upstream: MemoryUpstream) -> Review:
    config = load_config(write_config(tmp_path / "config", extra=EXTRA))
    settings = load_service_settings(config)
    notifier = Notifier(settings.notify, config.council.name, upstream)
    return Review(store, upstream, notifier, settings.quarantine)


def held_item(store: QuarantineStore, n: int = 0, sample=None, **kwargs):  # type: ignore[no-untyped-def]
    sample = sample or silent_bcc(n)
    finding = {"rule": "silent-bcc", "action": "quarantine", "clause": "Leigh-on-Sea protocol \u00a76 Correspondence",
               "explanation": "Cllr Anne Smith receives a blind copy of this officer's e-mail to Cllr Tom Baker.",
               "evidence": [f"blind copy to cllr.smith@{D} (Cllr Anne Smith)"],
               "fix_data": {"undisclosed": ["Anne Smith"]}}
    new = NewItem(mail_from=sample.mail_from, rcpt_tos=tuple(sample.rcpts), verdict="quarantine",
                  findings=(finding,), message_id=f"<bcc{n}@test>", header_from=f"Jane Doe <clerk@{D}>",
                  subject=f"Streetlight {n}", client="127.0.0.1")
    return store.hold(new, sample.data, **kwargs), sample


from tests.relay.conftest import loop_thread, relay, relay_factory, sink  # noqa: E402,F401  (real SMTP fixtures)
