"""confidential-external: exempt or confidential council information sent outside, whoever sends it.

Written from principal council 5.3.8.5 ("Exempt or confidential information should not be disclosed
to persons outside the Council") and Leigh-on-Sea §5 (council information "must only be used by the
councillor for the purpose for which it was provided").
"""

from __future__ import annotations

from email.message import EmailMessage

from mailguard.runtime import build_engine
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
    council_dir,
    evaluate,
    mail,
    rules_fired,
)

RULE = "confidential-external"
CONTRACTOR = "Dave Hughes <dave@hughesfencing.co.uk>"
FRIEND = "Pete Rowe <pete.rowe@gmail.com>"


def _hits(verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.rule == RULE]


def _with_attachment(frm: str, to: str, body: str, filename: str, subject: str = "Papers") -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = frm, to, subject
    m["Date"] = "Wed, 01 May 2024 10:00:00 +0000"
    m.set_content(body)
    m.add_attachment(b"%PDF-1.4 report", maintype="application", subtype="pdf", filename=filename)
    return bytes(m)


# ----------------------------------------------------------------------------- positives

def test_councillor_sends_a_part_2_report_to_a_resident(check):
    raw = _with_attachment(BAKER_GMAIL, RESIDENT, "Mrs Green,\n\nHere's the report you asked about.\n\nTom\n",
                           "Part 2 - Pavilion lease report.pdf", subject="Pavilion")
    [f] = _hits(check(raw))
    assert f.action == "quarantine" and f.clause.startswith("Leigh-on-Sea protocol §5")
    assert "attachment: \u201cPart 2 - Pavilion lease report.pdf\u201d" in f.evidence
    assert "pgreen1957@yahoo.co.uk" in f.explanation


def test_officer_sends_the_agenda_pack_with_a_confidential_appendix_to_the_press(check):
    raw = _with_attachment(OFFICER, JOURNALIST, "Hello,\n\nPlease find attached the agenda pack for Tuesday's "
                           "meeting.\n\nSam Patel\nAssistant Clerk\n", "Appendix C - Confidential report "
                                                                    "- staffing.pdf",
                           subject="Agenda pack - Full Council 14 May")
    assert _hits(check(raw))


def test_not_for_publication_label_in_the_body(check):
    body = ("Pete,\n\nNOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government "
            "Act 1972\n\nThe club has offered £3,000 to settle the arrears, and the committee is minded to accept.\n\n"
            "Gareth\n")
    [f] = _hits(check(mail(JONES, FRIEND, body, subject="Bowls club")))
    assert "NOT FOR PUBLICATION" in " ".join(f.evidence)


def test_confidential_mail_to_councillors_with_a_resident_copied_in(check):
    body = ("Tom, Priya,\n\nCONFIDENTIAL\n\nI think we need to talk about the clerk's contract before the staffing "
            "committee on Thursday.\n\nAnne\n")
    [f] = _hits(check(mail(SMITH, [BAKER, SHAH], body, cc="Ray Smith <ray.smith1960@btinternet.com>",
                           subject="Staffing")))
    assert "written to" in f.explanation and "ray.smith1960@btinternet.com" in f.explanation


def test_officer_forwards_the_clerks_confidential_note_to_a_contractor(check):
    body = ("Dave, see below - thought you should know before you quote.\n\nSam\n\n-----Original Message-----\n"
            "From: Jane Doe <clerk@ashfordparva-tc.gov.uk>\nSent: 01 May 2024 09:00\n"
            "To: Sam Patel <sam.patel@ashfordparva-tc.gov.uk>\nSubject: Pavilion budget\n\nCONFIDENTIAL\n\n"
            "Sam, the committee has capped the pavilion budget at £18,000, so any quote above that will fail.\n")
    [f] = _hits(check(mail(OFFICER, CONTRACTOR, body, subject="FW: Pavilion budget")))
    assert "forwards a confidential council message from Jane Doe" in f.explanation


def test_councillor_forwards_another_councillors_confidential_mail_to_the_press(check):
    body = ("For your story.\n\nGareth\n\n---------- Forwarded message ---------\nFrom: Cllr Anne Smith "
            "<cllr.smith@ashfordparva-tc.gov.uk>\nDate: Wed, 1 May 2024 at 09:00\nSubject: In confidence - the "
            "chair\nTo: Cllr Gareth Jones <cllr.jones@ashfordparva-tc.gov.uk>\n\nGareth, strictly confidential: I "
            "am going to propose a vote of no confidence in the chair on Thursday.\n")
    assert _hits(check(mail(JONES, JOURNALIST, body, subject="Fwd: In confidence - the chair")))


def test_internal_only_marking_from_a_councillor_to_a_friend(check):
    body = ("Pete,\n\nNot for onward circulation, but the finance committee is going to write off the bowls club's "
            "arrears next week.\n\nG\n")
    assert _hits(check(mail("Gareth Jones <garethjones.ap@outlook.com>", FRIEND, body, subject="Bowls club")))


def test_quoted_confidential_exchange_between_councillors_in_a_reply_to_a_resident(check):
    body = ("Mrs Green, I've had a word with Anne about this.\n\nTom\n\nOn Wed, 1 May 2024 at 09:00, Cllr Anne Smith "
            "<cllr.smith@ashfordparva-tc.gov.uk> wrote:\n> CONFIDENTIAL\n>\n> Tom, the neighbour has two earlier "
            "enforcement notices against him.\n")
    assert _hits(check(mail(BAKER, RESIDENT, body, subject="Re: hedge")))


def test_councillor_passes_council_business_on_in_confidence(check):
    body = ("Mike,\n\nStrictly confidential - the finance committee is about to make an offer for the pub car park "
            "at next week's meeting.\n\nTom\n")
    [f] = _hits(check(mail(BAKER_GMAIL, "Mike Dunn <mike@ashfordpub.co.uk>", body, subject="Car park")))
    assert "in the name of Cllr Tom Baker" in f.explanation


# ----------------------------------------------------------------------------- not findings

def test_councillor_writes_to_a_resident_in_confidence_about_their_own_complaint(check):
    body = ("Dear Mrs Green,\n\nIn confidence: I have spoken to the clerk about your complaint and she is looking "
            "into it.\n\nTom\n")
    assert not _hits(check(mail(BAKER, RESIDENT, body)))


def test_private_and_confidential_letter_to_a_complainant_about_their_own_complaint(check):
    body = ("PRIVATE AND CONFIDENTIAL\n\nDear Mrs Green,\n\nThank you for your complaint of 3 April. The council has "
            "investigated and I enclose its findings.\n\nKind regards,\nJane Doe\nTown Clerk\n")
    assert not _hits(check(mail(CLERK, RESIDENT, body, subject="Your complaint", cc=BAKER)))


def test_part_2_report_to_the_councils_solicitor(check):
    raw = _with_attachment(BAKER, SOLICITOR, "Please advise on the attached.\n\nCllr Tom Baker\n",
                           "Part 2 - Pavilion lease report.pdf")
    assert not _hits(check(raw))


def test_refusing_to_share_an_exempt_item(check):
    body = ("Dear Mrs Green,\n\nI'm afraid the pavilion lease is a Part 2 item and is confidential, so I can't share "
            "the details until the council has decided.\n\nBest wishes,\nCllr Tom Baker\n")
    assert not _hits(check(mail(BAKER, [RESIDENT, CLERK], body, subject="Pavilion lease")))


def test_freedom_of_information_reply_explaining_an_exemption(check):
    body = ("Dear Mr Rowe,\n\nFOI request 2024/17\n\nThe tender prices are exempt under section 43(2) of the Freedom "
            "of Information Act 2000 (commercial interests).\n\nJane Doe\nTown Clerk\n")
    assert not _hits(check(mail(CLERK, FRIEND, body, subject="FOI 2024/17 - exempt information")))


def test_embargoed_press_release(check):
    body = ("NOT FOR PUBLICATION UNTIL 00:01 TUESDAY 14 MAY\n\nAshford Parva Town Council will open the new play "
            "area on Saturday.\n\nSam Patel\nAssistant Clerk\n")
    assert not _hits(check(mail(OFFICER, JOURNALIST, body, subject="Press release: play area")))


def test_officer_to_councillor_confidential_is_confidential_forwards_finding(check):
    body = ("Mrs Green,\n\nSee below.\n\nTom\n\n-----Original Message-----\nFrom: Jane Doe "
            "<clerk@ashfordparva-tc.gov.uk>\nSent: 01 May 2024 09:00\nTo: Cllr Tom Baker "
            "<cllr.baker@ashfordparva-tc.gov.uk>\nSubject: CONFIDENTIAL: staffing\n\nDear Tom, the caretaker is off.\n")
    v = check(mail(BAKER, RESIDENT, body, subject="FW: CONFIDENTIAL: staffing"))
    assert "confidential-forward" in rules_fired(v) and not _hits(v)


def test_residents_own_confidential_letter_forwarded_by_a_resident(check):
    body = ("FYI\n\n-----Original Message-----\nFrom: Mrs P. Green <pgreen1957@yahoo.co.uk>\nSent: 1 May 2024\n"
            "To: Cllr Tom Baker\nSubject: Confidential - my neighbour\n\nPlease keep this confidential.\n")
    assert not _hits(check(mail(BAKER, JOURNALIST, body)))


def test_quoting_the_clerks_confidential_letter_back_to_its_recipient(check):
    body = ("Dear Mrs Green,\n\nI'm glad the clerk's letter helped.\n\nTom\n\nOn Wed, 1 May 2024 at 09:00, Jane Doe "
            "<clerk@ashfordparva-tc.gov.uk> wrote:\n> PRIVATE AND CONFIDENTIAL\n> Dear Mrs Green, your complaint "
            "has been upheld.\n")
    raw = mail(BAKER, RESIDENT, body, subject="Re: Your complaint")
    assert not _hits(check(raw))


def test_in_confidence_casework_reply_to_the_resident_and_the_clerk(check):
    body = ("Mrs Green, Jane,\n\nIn confidence: I have asked the clerk to look again at the hedge complaint, and "
            "she will write to your neighbour this week.\n\nTom\n")
    assert not _hits(check(mail(BAKER, [RESIDENT, CLERK], body, subject="Hedge")))


def test_confidential_mail_between_councillors_only(check):
    body = "Tom,\n\nCONFIDENTIAL\n\nWe need to talk about the clerk's contract.\n\nAnne\n"
    assert not _hits(check(mail(SMITH, [BAKER, SHAH], body)))


def test_trusted_partner_domain_from_policy(tmp_path):
    policy = "rules:\n  confidential-external:\n    trusted_domains: ['*.police.uk']\n"
    engine = build_engine(council_dir(tmp_path, policy))
    raw = _with_attachment(CLERK, "PC Amy Lane <amy.lane@essex.police.uk>", "Amy,\n\nThe report, as agreed.\n\n"
                           "Jane\n", "Part 2 - Antisocial behaviour at the rec.pdf")
    assert not _hits(evaluate(engine, raw))
    assert _hits(evaluate(engine, raw.replace(b"essex.police.uk", b"gmail.com")))
