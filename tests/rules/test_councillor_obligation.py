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


# ----------------------------------------------------------------------------- another body's business

@pytest.mark.parametrize("apart", [
    "Please invoice the Show committee and not the town council - we are separate bodies.",
    "I'm writing in a personal capacity, as chair of the allotment society.",
    "This is for the carnival committee, not on behalf of the council.",
    "The Show is a separate charity from the town council, so the bill comes to us.",
    "It's a private job, nothing to do with the council.",
])
def test_a_councillor_setting_the_council_aside_books_for_another_body(check, apart):
    """Blind set H: the chair of the village Show books a marquee and says the bill is the Show's, "not
    the community council - we are separate bodies"; a message that says so binds no council."""
    body = f"Hello,\n\nPlease book the 9m x 18m marquee for Saturday 23 August. {apart}\n\nRegards,\nTom Baker\n"
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("sentence", [
    "The town council will pay for the skip, not the county council.",
    "The town council will pay for the skip, not the city council.",
    "The town council will pay for the skip, not the parish council.",
    "Please deliver the skips to the Green on Friday, not the council depot. The town council will pay on delivery.",
    "The hedge was cut by the contractor and not by the council. Please go ahead and replant it at our expense.",
    "The allotments are separate from the council's other land, so please go ahead with the new fence and invoice "
    "the clerk.",
    "Please do not wait for the council meeting. Go ahead with the repair and we will pay on completion.",
    "Please invoice the Show committee for the marquee, not the town council. The town council will pay for the "
    "generator though.",
    "I'm writing in a personal capacity. As Chair I can now confirm the town council will pay for the repairs.",
    "We will repair the fence by Friday; it is not the county council's job.",
    "If this is not for the town council, tell me. Otherwise please go ahead with the works.",
    "Please go ahead with the works and invoice the council, not the Show committee.",
    "Is this not for the council? Please go ahead with the works anyway.",
])
def test_setting_another_council_or_body_aside_is_still_this_councils_word(check, sentence):
    """Only this council set aside counts: "not the county council", "not the Show committee", a
    condition or a question leave this council's promise standing."""
    body = f"Dear Dave,\n\nThanks for the quote. {sentence}\n\nRegards,\nTom Baker\n"
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("office", [
    "Chair, Ashford Parva Carnival Committee",
    "Chairman, Ashford Parva Town FC",
    "Chair, Ashford Parva Chamber of Trade",
    "Treasurer, Friends of Orchard Park",
])
def test_a_councillor_signing_as_another_bodys_officer_is_not_in_the_councils_name(check, office):
    """Blind set J: councillors who chair the carnival, the chamber of trade or the football club book and
    pay in that body's name ("Invoice the Carnival Committee", "the club will pay 50% up front")."""
    body = ("Hi Gareth,\n\nPlease deliver two 8-yard skips to the Green on Friday 1 August and collect them on "
            f"Monday. We will pay 50% up front.\n\nMany thanks\nTom Baker\n{office}\n")
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize(("office", "text"), [
    ("Chair, Planning Committee", "Please deliver two skips to the Green on Friday; we will pay on delivery."),
    ("Chair, Ashford Parva Carnival Committee",
     "Please deliver two skips to the Green on Friday; the town council will pay on delivery."),
])
def test_a_council_committee_chair_or_a_council_promise_is_still_ours(check, office, text):
    body = f"Hi Gareth,\n\n{text}\n\nMany thanks\nTom Baker\n{office}\n"
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_an_instruction_after_a_consequences_so_in_a_run_on_sentence(check):
    """Blind set K: the reason first, then the instruction: "Council agreed it last night so crack on ..."."""
    body = ("Morning Dave\n\nCouncil agreed it last night so crack on with the first cut as soon as the field's "
            "dry enough and invoice Helen monthly like your quote says.\n\nGraham\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_the_reason_before_a_so_is_not_judged_alone(check):
    """From a held-out split: the clause before "so" read alone ("... the building itself is yours") is a
    grant out of context; only what follows "so" is judged on its own."""
    body = ("Dear Ian,\n\nAs you know, the hut is on land the council leases to the Scouts, but the building itself "
            "is yours, so the repair would normally be the group's responsibility.\n\nBest wishes,\nTom\n")
    assert not _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


def test_a_councillor_writing_as_another_bodys_officer_says_so_in_the_text(check):
    body = ("Hello,\n\nI'm writing as chair of the Ashford Parva Carnival Committee. Please deliver two skips to "
            "the Green on Friday 1 August. We will pay 50% up front.\n\nRegards,\nTom Baker\n")
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))
    as_committee_chair = body.replace("Ashford Parva Carnival Committee", "Planning Committee")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, as_committee_chair)))


def test_a_district_council_setting_a_town_council_aside_still_promises(tmp_path):
    from mailguard.runtime import build_engine
    from tests.conftest import EXAMPLE, council_dir, evaluate

    council = (EXAMPLE / "council.yaml").read_text().replace("Ashford Parva Town Council", "Ashford District Council")
    engine = build_engine(council_dir(tmp_path, "", council))
    body = ("Dear Mrs Bagnall,\n\nThe district council will pay for the new bins, not the town council.\n\n"
            "Kind regards,\nTom\n")
    assert _fires(evaluate(engine, mail(BAKER_GMAIL, RESIDENT, body)))


def test_an_acceptance_on_the_councils_behalf_beside_a_place_is_reported(check):
    """"... not the council depot" sets nothing aside, and something must report the acceptance."""
    body = ("Dear Dave,\n\nOn behalf of Ashford Parva Town Council I accept your quote for the fence. Please deliver "
            "the panels to the Green, not the council depot.\n\nRegards,\nTom Baker\n")
    v = check(mail(BAKER_GMAIL, CONTRACTOR, body))
    assert _fires(v)


@pytest.mark.parametrize("tail", [
    "Cllr Tom Baker\nChair, Ashford Parva Carnival Committee",          # signs as a councillor first
    "Tom Baker\nTown Mayor\nTrustee, Ashford Parva Almshouse Trust",
    "Tom Baker\n\nPS the installation guides you sent were very helpful",
])
def test_another_bodys_name_near_a_council_office_or_in_prose_is_still_ours(check, tail):
    body = f"Dave,\n\nCrack on with the cemetery fence next week and send the invoice to Jane.\n\nThanks\n{tail}\n"
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_a_closing_line_of_prose_mentioning_a_club_is_not_a_signature(check):
    body = ("Dave,\n\nCrack on with the cemetery fence next week and send the invoice to Jane.\n\n"
            "See you at the bowls club on Saturday.\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("opening", ["Thanks so much Dave.", "Thank you very much Dave.", "Thanks again Dave."])
def test_a_thank_you_opening_is_not_the_sign_off(check, opening):
    body = (f"{opening}\n\nThat all looks fine - please go ahead with the fence next week and we'll pay on "
            "completion.\n\nTom\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_the_councils_own_name_after_an_imperative(check):
    body = "Dave,\n\nInvoice Ashford Parva Town Council for the extra hours.\n\nThanks\nTom\n"
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("sentence", [
    "Jane told me at the meeting that the county highways team had already said the verge was theirs so they will "
    "cut it back next month and send their own contractor round.",
    "We had a lovely time at the fete and the kids loved the bouncy castle so we will definitely book you again for "
    "next year's party at home.",
])
def test_what_follows_so_is_not_judged_alone_after_reported_speech_or_a_private_reason(check, sentence):
    body = f"Hi Sam,\n\n{sentence}\n\nCheers,\nTom\n"
    assert not _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


@pytest.mark.parametrize("payer", [
    "Flail as usual and invoice the farm as normal.",
    "Put it on the Chamber account.",
    "Charge it to the club.",
    "Invoice me personally.",
])
def test_work_for_the_councillors_farm_or_club_is_paid_by_them(check, payer):
    """Blind set M: a farmer-councillor books his own hedge-cutting, "invoice the farm as normal"."""
    body = f"Dan\n\nPlease go ahead and cut the roadside hedge along Church Lane on Monday. {payer}\n\nEd\n"
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("aside", [
    "The bowling greens have been in a poor state all summer.",
    "I have squared it with the Labour group.",
    "The Independent councillors are all on board.",
    "The Conservatives want it done before the election.",
    "Put it on the usual account.",
    "Put it on the allotments account.",
    "Invoice me directly and I'll get the clerk to pay it.",
    "Please invoice the show for the marquee.",
    "Invoice the council for the club fencing.",
    "Invoice us for the club floodlights.",
])
def test_a_passing_mention_of_a_party_or_a_payer_leaves_the_councils_instruction(check, aside):
    """From the review: none of these sets the council aside for a separate paragraph's instruction."""
    body = (f"Dan\n\n{aside}\n\nPlease go ahead and resurface the car park next week, we will pay your quote "
            "of £4,500.\n\nTom\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("payer", ["Put it on our account.", "Put it on the town council's account.",
                                   "We will not charge the community association for the work."])
def test_work_on_the_councils_account_is_still_ours(check, payer):
    body = f"Dan\n\nPlease go ahead and cut the roadside hedge along Church Lane on Monday. {payer}\n\nTom\n"
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_a_council_project_funded_by_a_trust_is_still_the_councils_instruction(check):
    body = ("Dan\n\nThe Heritage Trust has agreed to fund the new bench on the Green, so please go ahead and fit it "
            "next week and invoice the Trust directly.\n\nTom\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_a_briefing_quoted_to_the_press_binds_no_one(check):
    """Blind set N: "This is what we were told:" then the clerk's paragraph, pasted to a journalist."""
    quoted = ("Cloisters Catering Ltd is the preferred bidder and we will grant them a ten-year lease with six "
              "months rent-free.")
    body = (f"Dan\n\nOff the record. This is what we were told:\n\n{quoted}\n\nMy view is that it's a sweetheart "
            "deal.\n\nG\n")
    assert not _fires(check(mail(BAKER_GMAIL, JOURNALIST, body)))
    passed_on = body.replace("This is what we were told:", "I've been asked to tell you:")
    assert _fires(check(mail(BAKER_GMAIL, JOURNALIST, passed_on)))


def test_an_acceptance_joined_to_a_promise_by_and_we_will(check):
    """Blind set L: the Mayor from the clerk's mailbox, "We would be delighted to accept the additional £500
    towards Santa's grotto, and we will of course make sure Hargreaves & Co is on the grotto signage ..."."""
    body = ("Dear Mark,\n\nThank you so much for your further offer. We would be delighted to accept the additional "
            "£500 towards Santa's grotto, and we will of course make sure Hargreaves & Co is on the grotto signage "
            "and thanked from the stage.\n\nWith warm regards,\n\nCllr Tom Baker\nChair\n")
    assert _fires(check(mail(CLERK, CONTRACTOR, body)))


def test_a_political_groups_press_release_is_not_the_councils_word(check):
    """Blind set L: "Thornlow Liberal Democrats have welcomed ... We will be pushing at budget time for a full rent
    holiday" is the group's campaign."""
    body = ("PRESS RELEASE - for immediate use\n\nAshford Parva Liberal Democrats have welcomed last week's decision "
            "to freeze pitch fees. We will give every trader whose pitch is affected by the roof works a full rent "
            "holiday.\n\nENDS\n\nTom Baker\nLeader, Liberal Democrat Group\n")
    assert not _fires(check(mail(BAKER_GMAIL, JOURNALIST, body)))
    not_a_release = body.replace("PRESS RELEASE - for immediate use", "Dear Editor,")
    assert _fires(check(mail(BAKER_GMAIL, JOURNALIST, not_a_release)))


@pytest.mark.parametrize(("address", "tail", "fires"), [
    ("tom@bakerjoinery.co.uk", "Tom Baker\nBaker Joinery | bespoke joinery & restoration\n07700 900562", False),
    ("tom@tombaker.co.uk", "Tom Baker\n07700 900562", True),              # a vanity domain is not a business
    ("tom@bakerjoinery.co.uk", "Tom Baker\nCastle Ward", True),          # nothing in the signature names it
])
def test_a_sole_traders_letter_from_the_business_address(check, address, tail, fires):
    """Blind set Q: a councillor who is a joiner confirms a customer's fitting date from his firm's address,
    signed "Castellano Joinery | bespoke joinery & restoration" (no "Ltd")."""
    body = ("Dear Mrs Elphick,\n\nThank you for the deposit. We'll fit the oak doors on Thursday 11 December and "
            f"we will take the old doors away.\n\nKind regards\n\n{tail}\n")
    assert _fires(check(mail(f"Tom Baker <{address}>", RESIDENT, body))) is fires


def test_a_promise_after_and_well_in_a_run_on_sentence(check):
    """Blind set P: "Don't you worry, the parish council will have the glass replaced before half term, and
    we'll get a proper CCTV warning sign up on the shelter at the same time." (0.87 whole, 1.0 for the clause)."""
    body = ("Dear Mrs Pell\n\nDon't you worry, the parish council will have the glass replaced before half term, "
            "and we'll get a proper CCTV warning sign up on the shelter at the same time.\n\nBest wishes\nTom\n")
    assert _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


def test_a_briefing_handed_over_in_several_paragraphs_binds_no_one(check):
    """Blind set O: "here is what the borough is changing, straight from the clerk's briefing:" then two of its
    paragraphs, to the market traders' association."""
    body = ("Morning Lorraine,\n\nAhead of the AGM, here is what is changing, straight from the clerk's briefing:\n\n"
            "From Monday 2 June the daily pitch fee goes up from £28 to £29.70 on Saturdays.\n\n"
            "Traders who moved during the works have the right to return to their old pitch, and the overflow "
            "pitches will stay at half the standard fee for six months.\n\nI'll see you at the AGM.\n\nDes\n")
    assert not _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))
    own_promise = body.replace("I'll see you at the AGM.", "We will pay for the AGM room hire ourselves.")
    assert _fires(check(mail(BAKER_GMAIL, RESIDENT, own_promise)))


@pytest.mark.parametrize("intro", [
    "I have been told by the clerk to confirm the following:",
    "The clerk says I can let you know:",
    "As the clerk said on the phone, the plan is:",
    "We were told last night that it's approved, so:",
    "Further to our chat, my letter reads:",
    "This is what we were told:",
])
def test_an_instruction_to_the_reader_after_an_introduction_is_the_councillors(check, intro):
    """From the review: a line ending with a colon hands over only someone else's words, never the councillor's
    own instruction to the reader."""
    body = (f"Dan\n\nGood news on the car park.\n\n{intro}\n\nPlease go ahead and resurface the car park next "
            "week, we will pay your quote of £4,500.\n\nTom\n")
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_a_councillors_own_print_job_said_not_to_be_the_councils(check):
    """Blind set O: "This is a Green Party leaflet, not a council one, so please don't put it on the council's
    account - I'll pay by card when I collect." """
    body = ("Hi Lina,\n\nPlease print 500 of the attached A5 leaflet, double-sided. This is a Green Party leaflet, not "
            "a council one, so please don't put it on the council's account - I'll pay by card when I collect."
            "\n\nThanks,\nTom\n")
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))
