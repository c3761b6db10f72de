"""Fixtures: reviewer accounts, a state dir with held messages, the app wired to a real SMTP sink."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mailguard.config import load_config
from mailguard.quarantine.review import Review, open_review
from mailguard.quarantine.store import Item, NewItem, QuarantineStore
from mailguard.settings import load_service_settings
from mailguard.web.app import ReviewApp
from mailguard.web.auth import MIN_LOG_N, hash_password
from tests.conftest import BAKER_GMAIL, CLERK, CONTRACTOR, D, mail
from tests.relay import conftest as relay_fixtures
from tests.relay.harness import LoopThread, Sink, crlf, write_config
from tests.relay.messages import Sample, obligation, silent_bcc
from tests.web.client import Client

PASSWORDS = {"alice": "alice-has-a-long-password", "bob": "bob-has-another-password"}
CANNED = "The e-mail contains confidential material that cannot go to these recipients."
HOSTILE_SUBJECT = '<script>window.__pwned=1;alert("subject")</script> "Quotes" & <b>bold</b>'
HOSTILE_EVIDENCE = "<img src=x onerror=alert(1)>"

#: The relay tests' fixtures: an event loop thread, a real aiosmtpd upstream sink, in-process relays.
loop_thread = relay_fixtures.loop_thread
sink = relay_fixtures.sink
relay_factory = relay_fixtures.relay_factory


@pytest.fixture(scope="session")
def user_hashes() -> dict[str, str]:
    """Hashes at the lowest accepted cost, made once: signing in stays fast in tests."""
    return {user: str(hash_password(pw, MIN_LOG_N)) for user, pw in PASSWORDS.items()}


def web_policy(hashes: dict[str, str], web_extra: str = "") -> str:
    users = "\n".join(f'    {u}: "{h}"' for u, h in hashes.items())
    return (f"quarantine:\n  reject_reasons:\n    confidential: {CANNED}\n"
            f"web:\n  idle_timeout: 10m\n  users:\n{users}\n{web_extra}")


def silent_bcc_finding() -> dict[str, Any]:
    return {"rule": "silent-bcc", "action": "quarantine", "clause": "Leigh-on-Sea protocol \u00a76",
            "explanation": "Cllr Anne Smith receives a blind copy of this e-mail to Cllr Tom Baker.",
            "evidence": [f"blind copy to cllr.smith@{D} (Cllr Anne Smith)",
                         f"visible correspondent: Cllr Tom Baker <cllr.baker@{D}>"],
            "fix_data": {"undisclosed": ["Anne Smith"]}}


def obligation_finding(n: int = 0) -> dict[str, Any]:
    return {"rule": "councillor-obligation", "action": "quarantine", "clause": "Leigh-on-Sea \u00a74",
            "explanation": "This e-mail goes out in the name of Cllr Tom Baker to a contractor and commits "
                           "the council.",
            "evidence": [f"\u201cPlease go ahead with the works ({n}).\u201d",
                         "in the name of Cllr Tom Baker (signature)",
                         "to Dave Hughes <dave@hughesfencing.co.uk>"]}


def hostile() -> Sample:
    body = ("Hello,\n\nPlease see " + HOSTILE_EVIDENCE + " and <script>alert('body')</script>.\n\n"
            "On 1 May 2024, Dave wrote:\n"
            "> Earlier \"quoted\" text with <a href='http://203.0.113.9/'>a link</a>\n")
    html = ("<html><head><script>alert('html')</script></head><body><img src=\"http://203.0.113.9/t.png\">"
            "<p onclick=\"alert(2)\">Hello</p></body></html>")
    data = mail('"Evil <script>alert(3)</script>" <evil@example.com>', CONTRACTOR, body,
                subject=HOSTILE_SUBJECT, html=html, msgid="<hostile@test>",
                headers={"Reply-To": '"a\\" onmouseover=\\"x" <x@example.com>'})
    return Sample("evil@example.com", ["dave@hughesfencing.co.uk"], crlf(data))


def hold(store: QuarantineStore, sample: Sample, findings: list[dict[str, Any]], subject: str,
         header_from: str = CLERK) -> Item:
    new = NewItem(mail_from=sample.mail_from, rcpt_tos=tuple(sample.rcpts), verdict="quarantine",
                  findings=tuple(findings), message_id=None, header_from=header_from, subject=subject,
                  client="127.0.0.1")
    return store.hold(new, sample.data)


@dataclass
class WebEnv:
    app: ReviewApp
    store: QuarantineStore
    review: Review
    sink: Sink
    config: Path
    state: Path
    bcc: Item
    oblig: Item
    evil: Item
    samples: dict[str, Sample]

    def client(self, **kwargs: Any) -> Client:
        return Client(self.app, **kwargs)

    def signed_in(self, user: str = "alice") -> Client:
        client = self.client()
        page = client.login(user, PASSWORDS[user])
        assert page.status == 303 and page.location == "/queue", page.text
        return client


def make_env(tmp: Path, loop: LoopThread, sink: Sink, hashes: dict[str, str], web_extra: str = "") -> WebEnv:
    config_dir = write_config(tmp / "config", extra=web_policy(hashes, web_extra))
    config = load_config(config_dir)
    settings = load_service_settings(config)
    store = QuarantineStore(tmp / "state")
    samples = {"bcc": silent_bcc(), "oblig": obligation(), "evil": hostile()}
    bcc = hold(store, samples["bcc"], [silent_bcc_finding()], "Streetlight 0")
    oblig = hold(store, samples["oblig"], [obligation_finding()], "Fence 0", BAKER_GMAIL)
    evil_finding = {"rule": "councillor-obligation", "action": "quarantine",
                    "clause": "\u00a74 <b>clause</b>",
                    "explanation": "Explains <script>alert('explanation')</script>",
                    "evidence": [f"\u201c{HOSTILE_EVIDENCE}\u201d"]}
    evil = hold(store, samples["evil"], [evil_finding], HOSTILE_SUBJECT, '"Evil <script>" <evil@example.com>')
    review = open_review(config, settings, store, sink.address)
    app = ReviewApp(store=store, review=review, run=loop.run, settings=settings.web,
                    council=config.council.name)
    return WebEnv(app, store, review, sink, config_dir, tmp / "state", bcc, oblig, evil, samples)


@pytest.fixture
def env(tmp_path: Path, loop_thread: LoopThread, sink: Sink, user_hashes: dict[str, str]) -> Iterator[WebEnv]:
    made = make_env(tmp_path, loop_thread, sink, user_hashes)
    yield made
    loop_thread.run(made.review.upstream.close())
    made.store.close()

