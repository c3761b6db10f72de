"""councillor-obligation: attribution to a councillor, third-party recipients, own text only."""

from __future__ import annotations

import pytest

from tests.conftest import (
    BAKER,
    BAKER_GMAIL,
    CLERK,
    CONTRACTOR,
    JOURNALIST,
    OFFICER,
    RESIDENT,
    SHAH,
    SMITH,
    SOLICITOR,
    mail,
    rules_fired,
)


def _fires(verdict) -> bool:  # type: ignore[no-untyped-def]
    return "councillor-obligation" in rules_fired(verdict)


# ----------------------------------------------------------------------------- positives

@pytest.mark.parametrize("sentence", [
    "We will repair the fence by Friday.",
    "The council will cover the cost of the skip.",
    "You have the council's agreement to start on Monday.",
    "Please go ahead with the works.",
    "Invoice the council for the extra hours.",
    "We are happy to accept your quotation of £2,400.",
    "Consider this email as our go-ahead.",
    "We won't be pursuing the invoice.",
])
def test_binding_sentence_from_councillor_to_third_party(check, sentence):
    body = f"Hi Dave,\n\nThanks for getting back to me. {sentence}\n\nCheers,\nTom\n"
    v = check(mail(BAKER_GMAIL, CONTRACTOR, body))
    assert _fires(v)
    [f] = [f for f in v.findings if f.rule == "councillor-obligation"]
    assert sentence.rstrip(".") in " ".join(f.evidence)
    assert "Tom Baker" in f.explanation


def test_clerks_mailbox_signed_off_by_councillor(check):
    body = ("Dear Sir or Madam,\n\nWe are pleased to accept your quotation for the Christmas lights.\n\n"
            "Yours faithfully,\n\nCllr Tom Baker\nChair, Ashford Parva Town Council\n")
    v = check(mail(CLERK, "sales@festivelights.co.uk", body))
    [f] = [f for f in v.findings if f.rule == "councillor-obligation"]
    assert "signed off" in " ".join(f.evidence)


def test_unknown_address_signed_councillor_surname_with_office(check):
    body = "Dear Mr Hughes,\n\nPlease proceed with the repairs to the bus shelter.\n\nCouncillor Baker, Chair\n"
    assert _fires(check(mail("t.baker@work-example.com", CONTRACTOR, body)))


def test_html_only_councillor_mail(check):
    html = "<p>Hi Dave,</p><p>Please go ahead and replace the gate, the parish will pay.</p><p>Tom</p>"
    assert _fires(check(mail(BAKER, CONTRACTOR, html=html, html_only=True)))


def test_adviser_counts_as_outside_for_instructions(check):
    body = "Dear Mr Wright,\n\nPlease go ahead and issue proceedings against the club.\n\nTom Baker\n"
    assert _fires(check(mail(BAKER, SOLICITOR, body)))


def test_internal_plus_third_party_recipient_fires(check):
    body = "Dave,\n\nPlease go ahead with the fence next week.\n\nTom\n"
    assert _fires(check(mail(BAKER, [CONTRACTOR, CLERK], body)))


# ----------------------------------------------------------------------------- not findings

@pytest.mark.parametrize("sentence", [
    "I think we should repair the fence.",
    "I will raise this with the clerk.",
    "The council resolved on 3 May to consult residents; the clerk will write to you.",
    "Could you send us a quote for the work?",
    "If the council approves it, we might be able to pay in June.",
    "I can't authorise any work myself.",
    "Please don't start until you hear from the clerk.",
    "Could you print this for me?",
    "Thanks for coming to the meeting on Tuesday.",
])
def test_non_binding_sentences(check, sentence):
    body = f"Hi Dave,\n\n{sentence}\n\nCheers,\nTom\n"
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_obligation_only_in_quoted_text(check):
    body = ("Hi Dave,\n\nThanks, I've passed this to the clerk.\n\nTom\n\n"
            "On 2 May 2024, at 17:10, Dave Hughes <dave@hughesfencing.co.uk> wrote:\n"
            "> We will start on Monday and the council will pay us £1,450.\n> Please go ahead and confirm.\n")
    assert not _fires(check(mail(BAKER, CONTRACTOR, body)))


def test_obligation_only_in_outlook_forwarded_text(check):
    body = ("Mrs Green,\n\nFor your information, see the contractor's note below.\n\nTom\n\n"
            "-----Original Message-----\nFrom: Jane Doe <clerk@ashfordparva-tc.gov.uk>\nSent: 01 May 2024 09:00\n"
            "To: Dave Hughes\nSubject: Fence\n\nDave, please go ahead with the fence; the council will pay.\n")
    assert not _fires(check(mail(BAKER, RESIDENT, body)))


def test_officer_letter_signed_by_officer(check):
    body = ("Dear Dave,\n\nPlease go ahead with the works; the council will pay your invoice.\n\n"
            "Kind regards,\nJane Doe\nTown Clerk\n")
    assert not _fires(check(mail(CLERK, CONTRACTOR, body)))


def test_officer_signature_block_listing_the_chair_is_not_a_sign_off(check):
    body = ("Dear Dave,\n\nPlease go ahead with the works.\n\nKind regards,\n\nJane Doe\nTown Clerk\n"
            "Ashford Parva Town Council\nChair: Cllr Tom Baker | Vice-Chair: Cllr Anne Smith\n")
    assert not _fires(check(mail(OFFICER, CONTRACTOR, body)))


def test_councillor_mail_only_to_council_recipients(check):
    body = "Jane,\n\nPlease go ahead and order the benches; we will pay from the reserves.\n\nTom\n"
    assert not _fires(check(mail(BAKER, [CLERK, SMITH, SHAH], body)))


def test_personal_request_to_third_party(check):
    body = "Hi,\n\nCould you print 20 copies of this for me? I'll collect them Friday.\n\nTom\n"
    assert not _fires(check(mail(BAKER_GMAIL, "print@quickprint.co.uk", body)))


def test_district_councillor_signing_cllr_is_not_ours(check):
    body = "Dear Dave,\n\nPlease go ahead with the works.\n\nCllr Bob Harris\nDistrict Councillor\n"
    assert not _fires(check(mail("bob.harris@districtcouncil.gov.uk", CONTRACTOR, body)))


def test_councillor_view_to_the_press(check):
    body = ("Hello,\n\nPersonally I think the car park charges are a mistake and I will be arguing against them "
            "at the next meeting.\n\nCllr Tom Baker\n")
    assert not _fires(check(mail(BAKER, JOURNALIST, body)))


def test_our_councillor_writing_as_county_councillor_is_not_ours(check):
    """A town councillor who also sits on the county council, writing from the county's address and
    signing as its councillor, speaks for the county (blind set G): a third party to this council."""
    body = ("Dear Mrs Bagnall,\n\nPlease go ahead and clear the path; we will cover the cost.\n\nKind regards,\n\n"
            "County Councillor Tom Baker\nMember for Ashford Division\nKent County Council\n")
    assert not _fires(check(mail("Baker, Tom (Councillor) <tom.baker@kent.gov.uk>", RESIDENT, body)))


def test_our_councillor_naming_this_council_in_the_signature_is_ours(check):
    body = ("Dear Mrs Bagnall,\n\nPlease go ahead and clear the path; we will cover the cost.\n\nKind regards,\n\n"
            "Cllr Tom Baker\nChair, Ashford Parva Town Council\n")
    assert _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


def test_county_office_from_a_council_mailbox_is_still_ours(check):
    """From this council's own mailbox the mail is this council's, whatever else the writer holds."""
    body = ("Dear Mrs Bagnall,\n\nPlease go ahead and clear the path; we will cover the cost.\n\nKind regards,\n\n"
            "Tom Baker\nCounty Councillor\n")
    assert _fires(check(mail(BAKER, RESIDENT, body)))


def test_a_signature_naming_this_council_and_the_county_is_ours(check):
    """Both offices in the signature, from an unlisted address: she writes as this council's councillor too."""
    body = ("Dear Mrs Bagnall,\n\nPlease go ahead and clear the path; we will cover the cost.\n\nKind regards,\n\n"
            "Cllr Tom Baker\nAshford Parva Town Council\nKent County Council\n")
    assert _fires(check(mail("Tom Baker <t.baker@work-example.com>", RESIDENT, body)))


def test_county_office_from_the_councillors_listed_address_is_ours(check):
    body = ("Dear Mrs Bagnall,\n\nPlease go ahead and clear the path; we will cover the cost.\n\nKind regards,\n\n"
            "County Councillor Tom Baker\nKent County Council\n")
    assert _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


# ----------------------------------------------------------------------------- other councils' promises

@pytest.mark.parametrize("sentence", [
    "Martin Cope has confirmed that the County Council will cut back the vegetation within four weeks.",
    "Kent County Council will cover the cost of the new signs.",
    "The district council will replace the bins next week.",
    "I can confirm that Bexwell Parish Council will pay for the hedge.",
])
def test_another_councils_promise_is_not_this_councils(check, sentence):
    """A parish councillor reporting what another authority will do commits this council to nothing
    (blind set G: "the County Council will cut back the vegetation")."""
    body = f"Dear Mrs Bagnall,\n\nThanks for letting me know. {sentence}\n\nKind regards,\nTom\n"
    assert not _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


@pytest.mark.parametrize("sentence", [
    "The Town Council will cover the cost of the new signs.",
    "Ashford Parva Town Council will pay for the hedge.",
    "I can confirm that the parish council will pay for the hedge.",
    "We will cut back the vegetation, and the County Council will do the verge.",
])
def test_this_councils_promise_beside_another_council_still_fires(check, sentence):
    body = f"Dear Mrs Bagnall,\n\nThanks for letting me know. {sentence}\n\nKind regards,\nTom\n"
    assert _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


def test_a_district_councillors_own_councils_promise_fires(tmp_path):
    """A principal council using mailguard: "The District Council will ..." from its own councillor is
    its promise (judged as "the council will ..."); "the town council will ..." is another council's."""
    from mailguard.runtime import build_engine
    from tests.conftest import EXAMPLE, council_dir, evaluate

    council = (EXAMPLE / "council.yaml").read_text().replace("Ashford Parva Town Council", "Wealden District Council")
    engine = build_engine(council_dir(tmp_path, "", council))
    for sentence, fires in (("The District Council will empty the overflowing bins on Monday.", True),
                            ("Wealden District Council will pay for the new bench.", True),
                            ("The town council will pay for the new bench.", False)):
        body = f"Dear Mrs Bagnall,\n\nThanks for letting me know. {sentence}\n\nKind regards,\nTom\n"
        assert _fires(evaluate(engine, mail(BAKER_GMAIL, RESIDENT, body))) is fires, sentence


def test_a_councillor_signing_for_their_business_is_not_in_the_councils_name(check):
    """Blind set H: a councillor who is a builder confirms a customer's job from his firm's address,
    which the directory lists for him; "we'll start on Monday" is the firm's promise."""
    body = ("Morning Martin,\n\nJust to confirm we'll start on your garage extension on Monday 3 February.\n\n"
            "Thanks,\nTom Baker\nBaker Building Services Ltd\n07700 900314\n")
    assert not _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


def test_a_business_signature_that_also_names_this_council_is_still_ours(check):
    body = ("Morning Martin,\n\nWe will repair the fence by Friday at the council's cost.\n\n"
            "Thanks,\nCllr Tom Baker\nAshford Parva Town Council\nBaker Building Services Ltd\n")
    assert _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


def test_a_business_signature_on_mail_speaking_for_the_council_is_still_ours(check):
    """Realistic set C: a councillor at his firm accepts a quote "on behalf of the town council"."""
    body = ("Dave,\n\nOn behalf of the town council I'm happy to accept your quote - please crack on.\n\n"
            "Regards,\n\nTom Baker\nManaging Director\nBaker Building Services Ltd\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


# ----------------------------------------------------------------------------- a bare yes to a quoted offer

def _reply_to(offer_from: str, offer: str, answer: str) -> str:
    return (f"{answer}\n\nSent from my iPhone\n\nOn 17 Mar 2025, at 08:30, {offer_from} wrote:\n\n"
            + "".join(f"> {line}\n" for line in offer.splitlines()))


_OFFER = ("Morning Tom,\n\nWhile we're on site we could also re-seed the two goalmouths for £380 + VAT. Want me to "
          "do it? Would need to be this week.\n\nSteve")


@pytest.mark.parametrize("answer", ["Yes please do, looks great! Tom x", "Yes please", "OK do it, thanks"])
def test_a_bare_yes_to_a_contractors_priced_offer_accepts_it(check, answer):
    """Blind set AC: "Yes please do, looks great!" under the contractor's offer is judged with what it answers;
    the finding quotes the councillor's own words."""
    [f] = [f for f in check(mail(BAKER_GMAIL, CONTRACTOR, _reply_to(CONTRACTOR, _OFFER, answer))).findings
           if f.rule == "councillor-obligation"]
    assert any(e.startswith("\u201c" + answer.split(" Tom")[0][:10]) for e in f.evidence)


@pytest.mark.parametrize("offer_from, offer, answer", [
    (CONTRACTOR, _OFFER, "Yes please send me the quote in writing first."),     # not a bare yes
    (CONTRACTOR, _OFFER.replace("for £380 + VAT", ""), "Yes please"),          # no price: nothing to accept
    (CLERK, _OFFER, "Yes please"),                                               # the clerk's offer, internal
    (RESIDENT, "Would you like me to put a poster up in the shop window?", "Yes please"),
    # from the third review: work on the councillor's own home, an offer of information, a yes taken back
    (CONTRACTOR, "I could also trim your own hedge at home for £80 - want me to do it?", "Yes please do, thanks Dave"),
    (CONTRACTOR, "Would you like a copy of our 2025 price list? Rates from £45 an hour.", "Yes please"),
    (CONTRACTOR, _OFFER, "Yes please do.\n\nActually, hold on - that needs council approval first, I'll come back "
                         "to you after the meeting."),
])
def test_a_yes_that_accepts_no_priced_offer_from_outside(check, offer_from, offer, answer):
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, _reply_to(offer_from, offer, answer))))


def test_a_yes_above_a_forwarded_offer_answers_no_one(check):
    """The offer's writer is not a recipient: the councillor passes it on to a friend, accepting nothing."""
    body = ("Yes please do\n\n---------- Forwarded message ---------\nFrom: " + CONTRACTOR + "\nDate: Mon, 17 Mar "
            "2025\nSubject: Goalmouths\nTo: " + BAKER_GMAIL + "\n\n" + _OFFER + "\n")
    assert not _fires(check(mail(BAKER_GMAIL, "Pete <pete.r@outlook.com>", body)))
