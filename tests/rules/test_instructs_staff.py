"""instructs-staff: work given directly to the clerk's staff, and what is not that.

Written from Leigh-on-Sea §3.3 / Grantham "Some general principles" ("Councillors should not give
instructions directly to the Proper Officer's staff without the express approval of the Proper
Officer"), §5 ("Councillors are free to approach officers to provide them with such information,
explanation and advice as they may reasonably need") and Halewood 3.2(a).
"""

from __future__ import annotations

import pytest

from mailguard.runtime import build_engine
from tests.conftest import (
    BAKER,
    BAKER_GMAIL,
    CLERK,
    EXAMPLE,
    OFFICER,
    SHAH,
    SMITH,
    SMITH_BT,
    council_dir,
    evaluate,
    mail,
)

RULE = "instructs-staff"
OFFICE = "Ashford Parva Town Council <office@ashfordparva-tc.gov.uk>"


def _hits(verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.rule == RULE]


# ----------------------------------------------------------------------------- positives

def test_councillor_asks_the_assistant_clerk_to_book_the_hall(check):
    body = ("Hi Sam,\n\nCould you book the village hall for the litter pick on Saturday 12 October, 9am to 1pm? "
            "We'll need the tea urn as well.\n\nThanks,\nTom\n")
    [f] = _hits(check(mail(BAKER, OFFICER, body, subject="Litter pick")))
    assert f.action == "quarantine" and f.clause == "Leigh-on-Sea protocol §3.3 Some General Principles"
    assert "Sam Patel" in f.explanation and "Jane Doe" in f.explanation
    assert any("book the village hall" in e for e in f.evidence)


def test_instruction_to_chase_a_contractor_from_a_personal_address(check):
    body = ("Sam\n\nThe gate at the rec is still broken. Please ring Dave Hughes today and get him to fix it "
            "before the weekend, the kids are getting out onto the road.\n\nAnne\n")
    assert _hits(check(mail(SMITH_BT, OFFICER, body, subject="Rec gate")))


def test_deadline_directive(check):
    body = ("Sam,\n\nI want the grass at the cemetery cut before Remembrance Sunday, and the paths swept.\n\n"
            "Cllr Priya Shah\n")
    assert _hits(check(mail(SHAH, OFFICER, body, subject="Cemetery")))


def test_agenda_item_and_website_update_to_the_office_mailbox(check):
    body = ("Hello,\n\nPlease add the pavilion lease to the agenda for the next full council, and update the "
            "website with the new meeting dates.\n\nRegards,\nCllr Anne Smith\n")
    [f] = _hits(check(mail(SMITH, OFFICE, body, subject="Agenda")))
    assert len([e for e in f.evidence if e.startswith("\u201c")]) == 1


def test_copying_the_clerk_is_not_her_express_approval(check):
    body = "Sam,\n\nCan you order two more dog bins for Mill Lane, the same as the last ones?\n\nTom\n"
    [f] = _hits(check(mail(BAKER, OFFICER, body, cc=CLERK, subject="Dog bins")))
    assert "only copied" in " ".join(f.evidence)


def test_staff_member_in_cc_named_in_the_greeting(check):
    body = ("Sam - please put the attached poster on all the noticeboards this week.\n\nTom\n")
    assert _hits(check(mail(BAKER_GMAIL, "Lucy Ward <lucy.ward@gmail.com>", body, cc=OFFICER, subject="Poster")))


def test_html_only_request_to_do_work(check):
    html = "<p>Sam,</p><p>I'd be grateful if you could sort out the broken swing at Orchard Way.</p><p>Priya</p>"
    assert _hits(check(mail(SHAH, OFFICER, html=html, html_only=True, subject="Swing")))


@pytest.mark.parametrize("sentence", [
    "The hedge on Mill Lane is blocking the footpath. Get Dave onto it this week please.",
    "Would you mind ringing round for three quotes for the bus shelter repairs?",
    "When you get a minute, pop down to the rec and take some photos of the damaged bench for the insurers.",
    "I need you to cancel the booking for the hall on the 3rd and rebook it for the 10th.",
    "Is it possible for you to order more dog bags before the weekend?",
])
def test_ways_of_assigning_work(check, sentence):
    assert _hits(check(mail(BAKER, OFFICER, f"Sam,\n\n{sentence}\n\nTom\n")))


# ----------------------------------------------------------------------------- not findings

@pytest.mark.parametrize("sentence", [
    "Could you let me know how much is left in the grounds maintenance budget?",
    "Please send me the minutes of the last planning committee.",
    "Can you check whether the bins on Mill Lane were emptied on Tuesday?",
    "Is the hall booked for the 12th?",
    "Thanks for sorting the bins so quickly last week.",
    "I'll put the posters up myself on Saturday.",
    "Could you give me a call when you have a minute?",
    "Please don't order anything until the committee has met.",
    "Would it be possible to get a copy of the minutes?",
    "Can you ask Jane to call me when she's back?",
    "Can I book the hall for my ward surgery on Saturday?",
    "Is it possible for you to send me the details of the booking?",
])
def test_information_requests_thanks_and_own_promises(check, sentence):
    body = f"Hi Sam,\n\n{sentence}\n\nThanks,\nTom\n"
    assert not _hits(check(mail(BAKER, OFFICER, body)))


def test_mail_to_the_clerk_is_the_proper_channel(check):
    body = "Jane,\n\nCould you ask Sam to book the village hall for the litter pick on 12 October?\n\nTom\n"
    assert not _hits(check(mail(BAKER, CLERK, body, cc=OFFICER)))


def test_clerks_express_approval_in_the_text(check):
    body = ("Hi Sam,\n\nAs agreed with Jane, I'm dealing with you directly on the Christmas lights. Could you book "
            "the electrician for 25 November?\n\nTom\n")
    assert not _hits(check(mail(BAKER, OFFICER, body)))


def test_clerk_has_asked_the_councillor_to_pass_it_on(check):
    body = ("Sam,\n\nJane has asked me to let you know: please collect the keys from the scouts on Friday.\n\n"
            "Anne\n")
    assert not _hits(check(mail(SMITH, OFFICER, body)))


def test_a_refused_approval_does_not_count(check):
    body = ("Sam,\n\nJane hasn't agreed to this yet, but please order the benches anyway.\n\nTom\n")
    assert _hits(check(mail(BAKER, OFFICER, body)))


def test_officer_to_officer(check):
    body = "Sam,\n\nPlease book the village hall for the litter pick on 12 October.\n\nJane\n"
    assert not _hits(check(mail(CLERK, OFFICER, body)))


def test_councillor_signed_mail_from_the_clerks_own_mailbox(check):
    body = "Sam,\n\nPlease book the village hall for 12 October.\n\nCllr Tom Baker\n"
    assert not _hits(check(mail(CLERK, OFFICER, body)))


def test_instruction_only_in_quoted_history(check):
    body = ("Thanks Sam, that's great.\n\nTom\n\nOn 3 May 2024, at 10:02, Tom Baker <cllr.baker@ashfordparva-tc."
            "gov.uk> wrote:\n> Sam, please book the hall for the 12th.\n")
    assert not _hits(check(mail(BAKER, OFFICER, body)))


def test_councillor_writing_to_a_councillor(check):
    body = "Priya,\n\nPlease book the hall for the residents' meeting.\n\nTom\n"
    assert not _hits(check(mail(BAKER, SHAH, body)))


# ----------------------------------------------------------------------------- options

@pytest.fixture(scope="module")
def configured(tmp_path_factory):  # type: ignore[no-untyped-def]
    council = (EXAMPLE / "council.yaml").read_text().replace(
        "  - name: Priya Shah\n    role: councillor\n",
        "  - name: Priya Shah\n    role: councillor\n    offices: [cabinet-member]\n")
    policy = ("rules:\n  instructs-staff:\n    exempt_offices: [cabinet-member]\n"
              "    clerk_copy_is_approval: true\n")
    return build_engine(council_dir(tmp_path_factory.mktemp("staff"), policy, council))


def test_exempt_office_may_instruct_staff(configured):
    body = "Sam,\n\nPlease book the village hall for the transport consultation.\n\nPriya\n"
    assert not _hits(evaluate(configured, mail(SHAH, OFFICER, body)))


def test_clerk_copy_is_approval_when_configured(configured):
    body = "Sam,\n\nCan you order two more dog bins for Mill Lane?\n\nTom\n"
    assert not _hits(evaluate(configured, mail(BAKER, OFFICER, body, cc=CLERK)))
    assert _hits(evaluate(configured, mail(BAKER, OFFICER, body)))
