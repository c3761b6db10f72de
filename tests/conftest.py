"""Shared fixtures: the example council, an engine built once per session, and a message builder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from mailguard.config import Config, load_config
from mailguard.engine import Engine, Verdict
from mailguard.facts import Envelope, MessageFacts
from mailguard.ledger import Ledger, Position
from mailguard.message import parse
from mailguard.runtime import build_engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "example"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
D = "ashfordparva-tc.gov.uk"

CLERK = f"Jane Doe <clerk@{D}>"
OFFICER = f"Sam Patel <sam.patel@{D}>"
BAKER = f"Cllr Tom Baker <cllr.baker@{D}>"          # chair
BAKER_GMAIL = "Tom Baker <tombaker64@gmail.com>"
SMITH = f"Cllr Anne Smith <cllr.smith@{D}>"          # vice-chair
SMITH_BT = "Anne Smith <anne.smith@btinternet.com>"
SHAH = f"Cllr Priya Shah <cllr.shah@{D}>"
JONES = f"Cllr Gareth Jones <cllr.jones@{D}>"
ONEILL = f"Cllr Margaret O'Neill <cllr.oneill@{D}>"  # committee chair
SOLICITOR = "Wright & Co <legal@wrightco-law.co.uk>"
RESIDENT = "Mrs P. Green <pgreen1957@yahoo.co.uk>"
CONTRACTOR = "Dave Hughes <dave@hughesfencing.co.uk>"
JOURNALIST = "News desk <news@ashfordgazette.co.uk>"


def mail(frm: str, to: str | list[str], body: str = "Hello.", *, subject: str = "Test", cc: str | list[str] = "",
         bcc: str | list[str] = "", html: str | None = None, html_only: bool = False,
         headers: dict[str, str] | None = None, when: datetime | None = None, msgid: str | None = None,
         attach: bytes | EmailMessage | None = None, attach_name: str = "forwarded.eml") -> bytes:
    """A realistic message as bytes, built with the stdlib so the MIME is what real clients produce."""
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to if isinstance(to, str) else ", ".join(to)
    if cc:
        m["Cc"] = cc if isinstance(cc, str) else ", ".join(cc)
    if bcc:
        m["Bcc"] = bcc if isinstance(bcc, str) else ", ".join(bcc)
    m["Subject"] = subject
    m["Date"] = format_datetime(when or datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc))
    m["Message-ID"] = msgid or f"<{abs(hash((frm, str(to), body, subject)))}@test.example>"
    for k, v in (headers or {}).items():
        m[k] = v
    if html_only:
        m.set_content(html or body, subtype="html")
    else:
        m.set_content(body)
        if html is not None:
            m.add_alternative(html, subtype="html")
    if isinstance(attach, EmailMessage):
        m.add_attachment(attach)
    elif isinstance(attach, bytes):
        m.add_attachment(attach, maintype="application", subtype="octet-stream", filename=attach_name)
    return bytes(m)


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="session")
def engine(config: Config) -> Engine:
    return build_engine(EXAMPLE, config=config)


Check = Callable[..., Verdict]


@pytest.fixture
def check(engine: Engine) -> Check:
    """Evaluate raw bytes: ``check(raw, envelope=..., ledger=..., index=...)`` -> Verdict."""

    def _check(raw: bytes, envelope: Envelope | None = None, ledger: Ledger | None = None,
               index: int = 1000) -> Verdict:
        message = parse(raw)
        facts = MessageFacts(message, engine.directory, envelope)
        date = message.date
        return engine.evaluate(facts, ledger, Position(date.timestamp() if date else None, index))

    return _check


def council_dir(where: Path, policy: str = "", council: str | None = None) -> Path:
    """A copy of the example council with its own policy.yaml (and optionally council.yaml)."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "council.yaml", where / "council.yaml")
    if council is not None:
        (where / "council.yaml").write_text(council, encoding="utf-8")
    (where / "policy.yaml").write_text(policy, encoding="utf-8")
    return where


def evaluate(engine: Engine, raw: bytes, envelope: Envelope | None = None) -> Verdict:
    """One message through an engine built for a test (the ``check`` fixture uses the example's)."""
    message = parse(raw)
    return engine.evaluate(MessageFacts(message, engine.directory, envelope), None, Position(None, 1000))


def rules_fired(verdict: Verdict) -> list[str]:
    return [f.rule for f in verdict.findings]


@pytest.fixture
def facts(engine: Engine) -> Callable[..., MessageFacts]:
    def _facts(raw: bytes, envelope: Envelope | None = None) -> MessageFacts:
        return MessageFacts(parse(raw), engine.directory, envelope)

    return _facts


def requires_corpora() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPORA.is_dir(),
                              reason=f"third-party corpora not present at {CORPORA} (only in the dev workspace)")
