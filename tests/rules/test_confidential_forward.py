"""confidential-forward: (a) addressed, (b) forwarded/quoted/attached, (c) reproduced; and what is not."""

from __future__ import annotations

from datetime import datetime, timezone

from mailguard.facts import MessageFacts
from mailguard.ledger import Ledger, Position
from mailguard.message import parse
from mailguard.rules.confidential_forward import ledger_entry
from tests.conftest import (
    BAKER,
    BAKER_GMAIL,
    CLERK,
    JONES,
    JOURNALIST,
    OFFICER,
    RESIDENT,
    SHAH,
    SMITH,
    SOLICITOR,
    mail,
)

CONF_BODY = ("Dear Tom,\n\nI am sharing this with you in confidence because it concerns a member of staff. "
             "The caretaker has been signed off sick for three weeks and the staffing committee will review "
             "the cover arrangements on 12 June, including the agency costs of about £900 a week.\n\n"
             "Kind regards,\nJane\n")
DISCLAIMER = ("\n\nThis e-mail and any attachments are confidential and intended solely for the use of the "
              "individual to whom it is addressed. If you have received it in error please notify the sender.\n")


def _conf(verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.rule == "confidential-forward"]


def _outlook_forward(inner_body: str, subject: str = "CONFIDENTIAL: staffing") -> str:
    return ("Mrs Green,\n\nSee below.\n\nTom\n\n-----Original Message-----\n"
            "From: Jane Doe <clerk@ashfordparva-tc.gov.uk>\nSent: 01 May 2024 09:00\n"
            f"To: Cllr Tom Baker <cllr.baker@ashfordparva-tc.gov.uk>\nSubject: {subject}\n\n{inner_body}")


# ----------------------------------------------------------------------------- (a)

def test_a_officer_confidential_mail_also_to_complainant(check):
    v = check(mail(CLERK, BAKER, CONF_BODY, subject="Staffing", cc=RESIDENT))
    [f] = _conf(v)
    assert f.action == "block"
    assert "pgreen1957@yahoo.co.uk" in " ".join(f.evidence)
    assert "in confidence" in " ".join(f.evidence)


def test_a_marking_in_subject_and_bcc_to_third_party(check):
    raw = mail(CLERK, BAKER, "Dear Tom,\n\nDetails below.\n", subject="OFFICIAL-SENSITIVE: grievance", bcc=RESIDENT)
    assert _conf(check(raw))


def test_a_sensitivity_header(check):
    raw = mail(CLERK, BAKER, "Dear Tom,\n\nDetails below.\n", cc=JOURNALIST,
               headers={"Sensitivity": "Company-Confidential"})
    assert _conf(check(raw))


# ----------------------------------------------------------------------------- (b)

def test_b_outlook_inline_forward_to_resident(check):
    v = check(mail(BAKER, RESIDENT, _outlook_forward(CONF_BODY), subject="FW: CONFIDENTIAL: staffing"))
    [f] = _conf(v)
    assert "forwards" in f.explanation


def test_b_gmail_forward_with_marker_line_only(check):
    body = ("FYI\n\n---------- Forwarded message ---------\nFrom: Jane Doe <clerk@ashfordparva-tc.gov.uk>\n"
            "Date: Wed, 1 May 2024 at 09:00\nSubject: Staffing\nTo: <cllr.baker@ashfordparva-tc.gov.uk>\n\n"
            "PRIVATE AND CONFIDENTIAL\n\n" + CONF_BODY)
    assert _conf(check(mail(BAKER_GMAIL, RESIDENT, body, subject="Fwd: Staffing")))


def test_b_apple_mail_forward(check):
    body = ("Have a read.\n\nBegin forwarded message:\n\nFrom: Jane Doe <clerk@ashfordparva-tc.gov.uk>\n"
            "Subject: Not for onward circulation - budget\nDate: 1 May 2024 at 09:00:00 BST\n"
            "To: Cllr Tom Baker <cllr.baker@ashfordparva-tc.gov.uk>\n\nDear Tom, the budget figures.\n")
    assert _conf(check(mail(BAKER, JOURNALIST, body)))


def test_b_quoted_reply_to_third_party(check):
    body = ("Mrs Green, I can't say much yet.\n\nTom\n\nOn Wed, 1 May 2024 at 09:00, Jane Doe "
            "<clerk@ashfordparva-tc.gov.uk> wrote:\n> CONFIDENTIAL\n>\n> Dear Tom,\n> The caretaker is off sick.\n")
    assert _conf(check(mail(BAKER, RESIDENT, body)))


def test_b_attached_message_rfc822(check):
    from email.message import EmailMessage
    inner = EmailMessage()
    inner["From"] = CLERK
    inner["To"] = BAKER
    inner["Subject"] = "Private and Confidential - appraisal"
    inner.set_content("Dear Tom, the appraisal outcome.\n")
    assert _conf(check(mail(BAKER_GMAIL, "kev@hotmail.co.uk", "have a look\n", attach=inner)))


def test_b_attached_eml_file(check):
    inner = mail(CLERK, BAKER, "Dear Tom, the appraisal outcome.\n", subject="CONFIDENTIAL appraisal")
    assert _conf(check(mail(BAKER_GMAIL, "kev@hotmail.co.uk", "have a look\n", attach=inner,
                            attach_name="appraisal.eml")))


def test_b_nested_forward_two_levels_deep(check):
    body = ("Passing this on.\n\nAnne\n\n---------- Forwarded message ---------\nFrom: Tom Baker "
            "<cllr.baker@ashfordparva-tc.gov.uk>\nDate: Thu, 2 May 2024\nSubject: Fwd: staffing\nTo: Anne\n\n"
            "See below\n\n---------- Forwarded message ---------\nFrom: Jane Doe <clerk@ashfordparva-tc.gov.uk>\n"
            "Date: Wed, 1 May 2024\nSubject: CONFIDENTIAL staffing\nTo: Cllr Tom Baker "
            "<cllr.baker@ashfordparva-tc.gov.uk>\n\n" + CONF_BODY)
    assert _conf(check(mail(SMITH, RESIDENT, body)))


# ----------------------------------------------------------------------------- (c)

def _ledger_with(engine, raw: bytes, index: int = 1) -> Ledger:  # type: ignore[no-untyped-def]
    msg = parse(raw)
    facts = MessageFacts(msg, engine.directory)
    entry = ledger_entry(facts, Position(msg.date.timestamp(), index), "x")
    assert entry is not None
    ledger = Ledger()
    ledger.add(entry)
    return ledger


def test_c_pasted_text_without_marker_matches_ledger(check, engine):
    original = mail(CLERK, BAKER, CONF_BODY, subject="CONFIDENTIAL staffing",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc), msgid="<orig@x>")
    ledger = _ledger_with(engine, original)
    pasted = ("Hello,\n\nHere's what I know. The caretaker has been signed off sick for three weeks and the "
              "staffing committee will review the cover arrangements on 12 June, including the agency costs of "
              "about £900 a week.\n\nTom\n")
    v = check(mail(BAKER_GMAIL, JOURNALIST, pasted, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    [f] = _conf(v)
    assert "reproduces" in f.explanation
    assert "signed off sick" in " ".join(f.evidence)


def test_c_earlier_message_does_not_match_later_original(check, engine):
    original = mail(CLERK, BAKER, CONF_BODY, subject="CONFIDENTIAL staffing",
                    when=datetime(2024, 5, 10, tzinfo=timezone.utc))
    ledger = _ledger_with(engine, original)
    v = check(mail(BAKER, JOURNALIST, CONF_BODY, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    assert not _conf(v)


def test_c_shared_boilerplate_is_not_a_match(check, engine):
    original = mail(CLERK, BAKER, CONF_BODY + DISCLAIMER, subject="CONFIDENTIAL staffing",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    ledger = _ledger_with(engine, original)
    other = "Dear Mrs Green,\n\nThe bins go out on Tuesday.\n\nKind regards,\nJane" + DISCLAIMER
    v = check(mail(CLERK, RESIDENT, other, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    assert not _conf(v)


def test_c_single_sentence_in_common_is_not_a_match(check, engine):
    original = mail(CLERK, BAKER, CONF_BODY, subject="CONFIDENTIAL staffing",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    ledger = _ledger_with(engine, original)
    text = "Hi, the staffing committee will review the cover arrangements on 12 June. Nothing more to say.\n\nTom\n"
    v = check(mail(BAKER, JOURNALIST, text, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    assert not _conf(v)


OFFICE_SIGNATURE = ("\n\nThe Clerk to the Council\nAshford Parva Town Council, The Parish Office, Village Hall\n"
                    "Church Street, Ashford Parva AP1 2BC\nTel: 01632 960418 (Mon, Wed & Thu 9.00-13.00) "
                    "Mobile: 07700 900123\nEmail: clerk@ashfordparva-tc.gov.uk  Web: www.ashfordparva-tc.gov.uk\n")


def test_c_an_unrecognised_signature_block_is_not_reproduced_text(check, engine):
    """A signature the sign-off detection does not recognise (no name on its first line) must not make
    the clerk's later, ordinary mail 'reproduce' the confidential briefing it closed."""
    briefing = ("Dear Tom,\n\nI am sharing this with you in confidence. The caretaker has been signed off "
                "sick for three weeks.") + OFFICE_SIGNATURE
    original = mail(CLERK, BAKER, briefing, subject="CONFIDENTIAL staffing",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    ledger = _ledger_with(engine, original)
    other = "Dear Mrs Green,\n\nThe bins go out on Tuesday, not Monday, over the bank holiday." + OFFICE_SIGNATURE
    v = check(mail(CLERK, RESIDENT, other, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    assert not _conf(v)
    pasted = "Hello,\n\nThe caretaker has been signed off sick for three weeks, I'm told in confidence.\n\nTom\n"
    v = check(mail(BAKER_GMAIL, JOURNALIST, pasted, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    assert not _conf(v)    # one short sentence in common is not a paragraph


def test_c_briefing_lines_that_mention_a_phone_or_an_email_are_still_fingerprinted(check, engine):
    briefing = ("Dear Tom,\n\nIn confidence: Mr Hughes has been suspended on full pay pending the disciplinary "
                "hearing, and we told him so by phone on Monday afternoon.\n\nThe hearing is set for 14 March "
                "in the committee room and the union representative has the details by email.\n\nJane\n")
    original = mail(CLERK, BAKER, briefing, subject="CONFIDENTIAL staffing",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    ledger = _ledger_with(engine, original)
    pasted = ("Hello,\n\nMr Hughes has been suspended on full pay pending the disciplinary hearing, and we told him "
              "so by phone on Monday afternoon. The hearing is set for 14 March in the committee room and the union "
              "representative has the details by email.\n\nTom\n")
    v = check(mail(BAKER_GMAIL, JOURNALIST, pasted, when=datetime(2024, 5, 3, tzinfo=timezone.utc)), ledger=ledger)
    assert _conf(v)


# ----------------------------------------------------------------------------- not markers / not findings

def test_generic_disclaimer_is_not_a_marker(check):
    body = "Dear Tom,\n\nThe bonfire is on 2 November.\n\nKind regards,\nJane" + DISCLAIMER
    raw = mail(BAKER, RESIDENT, _outlook_forward(body, subject="Bonfire"), subject="FW: Bonfire")
    assert not _conf(check(raw))


def test_confident_and_confidentiality_policy_and_confidential_waste(check):
    body = ("Dear Tom,\n\nI'm confident the hall will be ready. The confidentiality policy is on the agenda, and "
            "the confidential waste collection is on Friday.\n\nJane\n")
    raw = mail(BAKER, RESIDENT, _outlook_forward(body, subject="Hall and agenda"), subject="FW: Hall")
    assert not _conf(check(raw))


def test_restricted_byway_is_not_a_marking(check):
    body = "Dear Tom,\n\nRestricted byway 7 will be closed for resurfacing.\n\nJane\n"
    raw = mail(BAKER, RESIDENT, _outlook_forward(body, subject="Restricted byway 7"), subject="FW: byway")
    assert not _conf(check(raw))


def test_forward_to_another_councillor(check):
    assert not _conf(check(mail(BAKER, SHAH, _outlook_forward(CONF_BODY), subject="FW: CONFIDENTIAL")))


def test_forward_to_an_officer_or_own_address(check):
    raw = mail(BAKER, [OFFICER, BAKER_GMAIL], _outlook_forward(CONF_BODY), subject="FW: CONFIDENTIAL")
    assert not _conf(check(raw))


def test_forward_to_adviser(check):
    assert not _conf(check(mail(BAKER, SOLICITOR, _outlook_forward(CONF_BODY), subject="FW: CONFIDENTIAL")))


def test_officer_to_councillor_confidential_internal_only(check):
    assert not _conf(check(mail(CLERK, [BAKER, JONES], CONF_BODY, subject="CONFIDENTIAL")))


def test_confidential_mail_from_a_resident_forwarded(check):
    body = ("FYI\n\n-----Original Message-----\nFrom: Mrs P. Green <pgreen1957@yahoo.co.uk>\nSent: 1 May 2024\n"
            "To: Cllr Tom Baker\nSubject: Confidential - my neighbour\n\nPlease keep this confidential.\n")
    assert not _conf(check(mail(BAKER, JOURNALIST, body)))


def test_forwarding_non_confidential_officer_mail(check):
    body = "Dear Tom,\n\nThe bonfire is on 2 November; gates open at 6pm.\n\nJane\n"
    assert not _conf(check(mail(BAKER, RESIDENT, _outlook_forward(body, subject="Bonfire"), subject="FW: Bonfire")))
