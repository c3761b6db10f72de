"""councillor-obligation: mail that is not in the council's name although a councillor writes it.

A councillor is also a resident, a business owner, a club's chair and a party member, and writes as one
every day: a personal capacity, another body's signature or press release, a bill sent to their own
business, words quoted from a briefing. These tests hold both sides: what sets the council aside, and
what must still be held (a passing mention, another council, a sentence that still names this council).
"""

from __future__ import annotations

import pytest

from tests.conftest import (
    BAKER_GMAIL,
    CLERK,
    CONTRACTOR,
    JOURNALIST,
    RESIDENT,
    mail,
    rules_fired,
)


def _fires(verdict) -> bool:  # type: ignore[no-untyped-def]
    return "councillor-obligation" in rules_fired(verdict)


# ----------------------------------------------------------------------------- another body's business

@pytest.mark.parametrize("apart", [
    "Please invoice the Show committee and not the town council - we are separate bodies.",
    "I'm writing in a personal capacity, as chair of the allotment society.",
    "This is for the carnival committee, not on behalf of the council.",
    "The Show is a separate charity from the town council, so the bill comes to us.",
    "It's a private job, nothing to do with the council.",
    # Realistic set AN/019: the sports club's treasurer, a councillor too, says which hat he writes in.
    "I'm writing in my capacity as Treasurer of the Sports Club, not as a councillor.",
    "I'm writing with my Show hat on, not my council hat.",
    "This is from me as a parent at the school, not in my capacity as a town councillor.",
    "To be clear I'm asking as the hall's booking secretary and not in my council role.",
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
    "I'm writing as your town councillor, not as a county councillor. The town council will pay for the skip.",
    "Speaking as a councillor and not as a member of the Show committee, please go ahead with the works.",
    "Was that you writing as a councillor or not as a councillor? Please go ahead with the works anyway.",
    # the review of stop 18: another kind of council is not this one; an office of this council is not another body's
    "I'm writing as your town councillor, not as a city councillor. Please go ahead with the works on Monday.",
    "I'm writing as your town councillor, not as a parish councillor. Please go ahead with the works on Monday.",
    "As chair of the finance committee, I can confirm the Trust will fund half the new bench. We'll pay the other "
    "half when it's installed.",
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
    ("tom@cafeverde-ashford.co.uk", "Tom\nCafé Verde, Oakmere Community Centre, Heron Way AP3 7LS", False),
    ("t.baker@fernhill-primary.sch.uk", "Tom Baker\nSchool Business Manager\nFernhill Primary School, Fernhill Road",
     False),
    ("siopysgwar@outlook.com", "Tom\nSiop y Sgwâr, 2 Sgwâr y Farchnad, Tregarwen", False),   # blind set R
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


def test_a_legal_notice_pasted_with_the_clerks_details_is_not_judged(check):
    """Blind set R: a councillor pasted the clerk's signature block and its notice for a resident; "If you have
    received it in error please notify the sender and delete it" read as an instruction."""
    body = ("Dear Gwyneth,\n\nFor booking the hall you want the clerk - her details are below:\n\nJane Doe\n"
            "Town Clerk\n\nThis e-mail and any attachments are confidential and intended solely for the use of the "
            "individual to whom they are addressed. If you have received it in error please notify the sender and "
            "delete it.\n\nTom\n")
    assert not _fires(check(mail(BAKER_GMAIL, RESIDENT, body)))


# ----------------------------------------------------------------------------- stop 14 (blind sets X and AA)

@pytest.mark.parametrize("body", [
    # the twinning association's chair writing for it; the council's part is left to its office
    "Chère Sylvie,\n\nThe Association will find host families for all 38 of you - we are nearly there - and we "
    "will keep the families close together. We'll meet the coach at the car park on the Friday afternoon.\n\n"
    "The Town Council's civic office will send the formal invitation to the Mayor's reception.\n\nSue\n",
    # the Mayor presiding over her charity appeal
    "Hi Marie,\n\nPlease could you book the main hall for the appeal quiz night on Friday 23 May. The Appeal will "
    "pay the £240 hire - Jill, our treasurer, will sort the deposit with you this week.\n\nThanks so much!\nTom\n",
    # the regatta's secretary, the council set aside in brackets
    "Dear Lorraine,\n\nThe Regatta Committee is happy to accept your quote of £1,450 for the marquee.\n\n"
    "The Regatta Committee (not the Town Council) will pay the £300 deposit this week.\n\nBest wishes\nTom\n",
    # the council's trustee on a village hall's board, after a short lead-in (blind set T)
    "Peter, Linda,\n\nAs agreed last night, the hall committee will pay their call-out and the pump from the "
    "hall's maintenance fund.\n\nI'll report back to the parish council.\n\nTom\n",
    # the fete committee's chair, by her signature (blind set AF)
    "Hi there,\n\nCould you quote for a 9m x 18m marquee for Saturday 14 June? If the price is similar to last "
    "year's we'd like to book it, and the fete committee will pay the deposit from its own account as before.\n\n"
    "Many thanks\n\nTom Baker\nChair, Ashford Parva Fete Committee\n07944 210336\n",
    # the councillor's own boat and holiday let
    "Terry\n\nGo ahead and fit the new bilge pump on Reel Deal this week. Invoice me as usual (not the council "
    "obviously!).\n\nTa\nTom\n",
    "Hi Becky\n\nPlease go ahead with the deep clean at Gull Cottage on Saturday as well as the changeover.\n\n"
    "Invoice Harbourside Lets as usual.\n\nThanks\nTom\n",
    # the cricket club's treasurer, his office opening the sentence (read split test34, stop 18)
    "Dear Mr Platt,\n\nThanks for fixing the roller so quickly. As treasurer of the cricket club, I can confirm "
    "the club will pay its share of the repair, £210, by the end of the month.\n\nBest wishes\nTom\n",
])
def test_another_bodys_undertaking_or_the_writers_own_bill_is_not_the_councils(check, body):
    assert not _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


@pytest.mark.parametrize("body", [
    # this council named beside the other body's part: still the council's promise
    "Hi Marie,\n\nThe Association will host the visitors. The town council will pay for the reception.\n\nTom\n",
    # a council committee is the council's
    "Hi Marie,\n\nThe Finance Committee will pay the £240 hire.\n\nTom\n",
    # the clerk's name is the council's office, not another payee
    "Dan\n\nPlease go ahead and cut the hedge on Monday.\n\nInvoice Jane as usual.\n\nTom\n",
    # the council's own initials
    "Dan\n\nPlease go ahead and cut the hedge on Monday.\n\nInvoice APTC as usual.\n\nTom\n",
    # "we" after another body's sentence, in a paragraph of its own, is read again
    "Hi Marie,\n\nThe Trust will fund the plaque.\n\nWe will pay for the new bench on the Green.\n\nTom\n",
    # from the second review: the body as the object, or on the receiving end, is not the one acting
    "Our grant to the Festival will be £1,000 this year and we'll pay it by the end of April.",
    "The hire fees for the football club will be waived for the coming season.",
    "The club will need to send us a copy of its insurance certificate. We will then release the £500 grant.",
    # "we" speaking to the reader after another body's sentence is the council's
    "The Trust will put up the interpretation board. We will pay you the £850 for the groundworks and we'd like "
    "you to start on Monday.",
    # one job billed elsewhere among the council's work, the council never named
    "Please go ahead with the verge cutting on Church Lane next week, £450 as quoted.\n\nWhile you're out, could "
    "you also do the hedge at Brook Farm? Flail as usual and invoice the farm as normal.",
    # payees that are the council's office, officers or people by title, and "Bill" the person
    "Please go ahead with the bench repairs, £380 as quoted.\n\nInvoice Accounts as usual.",
    "Please go ahead with the bench repairs, £380 as quoted.\n\nInvoice Mr Patel as usual.",
    "Please go ahead with the bench repairs, £380 as quoted.\n\nInvoice AP as usual.",
    "Please go ahead with the bench repairs, £380 as quoted. Pick up the keys from Bill Turner as before.",
    # "(not the council)" describing someone else's role, not who pays
    "The path is owned by the church (not the council) but we have agreed to pay for the resurfacing this year. "
    "Please start on 10 March.",
])
def test_the_councils_own_undertaking_beside_another_body_is_still_held(check, body):
    assert _fires(check(mail(BAKER_GMAIL, CONTRACTOR, body)))


def test_a_business_signature_with_the_clerk_copied_in_is_council_business(tmp_path):
    """Blind set AH: a councillor answers the council's grounds contractor from his joinery's address (listed for
    him), signed with the business's name, and copies the clerk: the order is the council's. Without the clerk
    copied in, the same mail is the joinery's."""
    from mailguard.runtime import build_engine
    from tests.conftest import EXAMPLE, council_dir, evaluate

    council = (EXAMPLE / "council.yaml").read_text(encoding="utf-8").replace(
        "tombaker64@gmail.com", "tombaker64@gmail.com, tom@bakerjoinery.co.uk")
    engine = build_engine(council_dir(tmp_path / "c", council=council))
    body = ("Dave, answers below. Tom\n\nYes please do the extra cut in the cemetery before the 26th and add it to "
            "this month's invoice.\n\n--\nTom Baker\nBaker Joinery | 07971 402 665\n")
    sender = "Tom Baker <tom@bakerjoinery.co.uk>"
    assert "councillor-obligation" in rules_fired(evaluate(engine, mail(sender, CONTRACTOR, body, cc=CLERK)))
    assert "councillor-obligation" not in rules_fired(evaluate(engine, mail(sender, CONTRACTOR, body)))
