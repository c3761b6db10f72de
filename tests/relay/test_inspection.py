"""The header-only fast path of the relay's inspection gives exactly what the full inspection gives."""

from __future__ import annotations

from email.utils import getaddresses
from pathlib import Path

from mailguard.facts import Envelope
from mailguard.ledger import Position
from mailguard.message import parse
from mailguard.relay.inspection import Inspector
from tests.conftest import BAKER, CLERK, CONTRACTOR, OFFICER, mail

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "council_mail"


def _envelopes(raw: bytes) -> list[Envelope]:
    """As a mail program would send it, and with an extra blind copy to a councillor."""
    m = parse(raw)
    sender = m.sender.address if m.sender is not None else ""
    rcpts = tuple(a for _, a in getaddresses(m.headers("To") + m.headers("Cc") + m.headers("Bcc")) if a)
    return [Envelope(sender, rcpts), Envelope(sender, rcpts + ("cllr.smith@ashfordparva-tc.gov.uk",))]


def test_messages_settled_on_their_headers_get_the_full_inspections_answer(engine):
    inspector = Inspector(engine, None, 1, 10)
    samples = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))]
    samples += [mail(CLERK, OFFICER, "Internal note.\n\nJane"), mail(BAKER, CLERK, "Can you book the hall?"),
                mail(OFFICER, CONTRACTOR, "Please go ahead."), mail(CLERK, BAKER, "Agenda attached.")]
    settled = 0
    try:
        for raw in samples:
            for envelope in _envelopes(raw):
                fast = inspector.decided_by_headers(raw, envelope)
                if fast is None:
                    continue
                settled += 1
                full = inspector.inspect_now(raw, envelope, Position(0.0, 0))
                assert fast == full
    finally:
        inspector.close()
    assert settled >= 10     # internal mail, councillors to the clerk, ...


def test_mail_that_may_join_the_ledger_or_meet_a_rule_takes_the_full_path(engine):
    inspector = Inspector(engine, None, 1, 10)
    try:
        to_councillor = mail(CLERK, BAKER, "Agenda attached.")
        assert inspector.decided_by_headers(to_councillor, Envelope("clerk@ashfordparva-tc.gov.uk",
                                                                    ("cllr.baker@ashfordparva-tc.gov.uk",))) is None
        outside = mail(OFFICER, CONTRACTOR, "Please go ahead.")
        assert inspector.decided_by_headers(outside, Envelope("sam.patel@ashfordparva-tc.gov.uk",
                                                              ("dave@hughesfencing.co.uk",))) is None
        assert inspector.decided_by_headers(b"not mail at all", Envelope("a@b.org", ("c@d.org",))) is None
    finally:
        inspector.close()


def test_large_messages_are_inspected_in_a_separate_process_with_the_same_result(engine, tmp_path):
    import asyncio

    from mailguard.ledger_store import PersistentLedger
    from mailguard.relay.inspection import Isolation
    from tests.conftest import EXAMPLE, RESIDENT

    raw = mail(BAKER, RESIDENT, "Dear Mrs Green,\n\nPlease go ahead with the fence repairs and send the invoice "
               "to the council.\n\nCllr Tom Baker")
    envelope = Envelope("cllr.baker@ashfordparva-tc.gov.uk", ("pgreen1957@yahoo.co.uk",))
    ledger = PersistentLedger(tmp_path)
    isolated = Inspector(engine, ledger, 1, 60, Isolation(EXAMPLE, None, tmp_path, above=100))
    in_thread = Inspector(engine, ledger, 1, 60)
    try:
        far = asyncio.run(isolated.inspect(raw, envelope))
        near = asyncio.run(in_thread.inspect(raw, envelope))
    finally:
        isolated.close()
        in_thread.close()
        ledger.close()
    assert isolated._process is not None           # it did go to the other process
    assert far.verdict.action == "quarantine" and far == near
