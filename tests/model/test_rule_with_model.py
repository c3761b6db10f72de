"""The councillor-obligation rule with the trained detector: only the councillor's own words count."""

from __future__ import annotations

from tests.conftest import BAKER, BAKER_GMAIL, CONTRACTOR, RESIDENT, mail, rules_fired


def _fires(verdict) -> bool:  # type: ignore[no-untyped-def]
    return "councillor-obligation" in rules_fired(verdict)


def test_engine_uses_the_trained_detector(engine):
    assert engine.nlp.detector.name == "trained"


def test_own_binding_text_fires_and_quotes_the_sentence(check):
    body = ("Hi Dave,\n\nThanks for the quote. The parish will meet the cost of the skip, so crack on.\n\n"
            "Cheers,\nTom\n")
    v = check(mail(BAKER_GMAIL, CONTRACTOR, body))
    [f] = [f for f in v.findings if f.rule == "councillor-obligation"]
    assert any("meet the cost of the skip" in e for e in f.evidence)


def test_obligations_in_a_gmail_quote_do_not_count(check):
    body = ("Hi Dave,\n\nThanks, I'll pass this on to the clerk.\n\nTom\n\n"
            "On Tue, 30 Apr 2024 at 09:12, Dave Hughes <dave@hughesfencing.co.uk> wrote:\n"
            "> Tom said the parish will meet the cost of the skip.\n"
            ">> We will repair the fence by Friday and invoice the council.\n")
    assert not _fires(check(mail(BAKER, CONTRACTOR, body)))


def test_obligations_in_a_forwarded_message_do_not_count(check):
    body = ("Mrs Green,\n\nSee below, for your information.\n\nTom\n\n"
            "---------- Forwarded message ---------\nFrom: Dave Hughes <dave@hughesfencing.co.uk>\n"
            "Date: Tue, 30 Apr 2024 at 09:12\nSubject: Fence\nTo: <clerk@ashfordparva-tc.gov.uk>\n\n"
            "Please confirm the council will pay for the fence; we will start on Monday.\n")
    assert not _fires(check(mail(BAKER, RESIDENT, body)))


def test_the_same_obligation_in_own_text_does_fire(check):
    body = ("Mrs Green,\n\nWe will repair the fence by Friday and the council will pay for it.\n\nTom\n\n"
            "On Tue, 30 Apr 2024 at 09:12, Mrs Green <pgreen1957@yahoo.co.uk> wrote:\n"
            "> When will the fence be fixed?\n")
    assert _fires(check(mail(BAKER, RESIDENT, body)))
