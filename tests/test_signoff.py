"""In whose name: the sign-off closing the own text, not the From address or a signature block."""

from __future__ import annotations

from tests.conftest import BAKER, BAKER_GMAIL, CLERK, CONTRACTOR, OFFICER, RESIDENT, SMITH, mail


def _named(facts, raw):  # type: ignore[no-untyped-def]
    f = facts(raw)
    hit = f.councillor_in_name
    return hit[0].name if hit else None


def test_valediction_then_titled_name(facts):
    raw = mail(CLERK, CONTRACTOR, "Hi,\n\nText.\n\nKind regards,\n\nCllr Tom Baker\nChair\n")
    assert _named(facts, raw) == "Tom Baker"


def test_valediction_with_name_on_same_line(facts):
    assert _named(facts, mail(CLERK, CONTRACTOR, "Hi,\n\nText.\n\nThanks, Cllr Baker\n")) == "Tom Baker"


def test_mobile_footer_after_name_is_ignored(facts):
    raw = mail(CLERK, CONTRACTOR, "Hi,\n\nText.\n\nBest wishes\nTommy Baker\n\nSent from my iPhone\n")
    assert _named(facts, raw) == "Tom Baker"


def test_a_note_in_brackets_under_the_signature_is_not_prose_below_the_closing(facts):
    # blind set AK: the Chair answering from the clerk's mailbox while she is on leave
    body = ("Dear Kirsty,\n\nPlease invoice the Parish Council for the heater and the postage.\n\nKind regards,\n"
            "Tom Baker\nChair, Ashford Parva Town Council\n(looking after the clerk's inbox while Jane is on leave)\n")
    assert _named(facts, mail(CLERK, CONTRACTOR, body)) == "Tom Baker"
    # a postscript in brackets, or a bracketed line that binds, is the message, not a note on the signature
    for note in ("(PS - please go ahead and start the hedge on Monday, the council will pay your invoice.)",
                 "(We are happy to accept your quotation of £2,400, so please go ahead.)"):
        body = "Hi Dave,\n\nThanks for the quote.\n\nKind regards,\nTom Baker\nChair\n" + note + "\n"
        assert "go ahead" in facts(mail(CLERK, CONTRACTOR, body)).own_statements
    # but running text below a closing still shows the closing opened the message
    body = "Thanks Tom,\n\n(sorry for the delay)\n\nThe hall is booked for the 12th and the keys are with Sue.\n"
    assert facts(mail(CLERK, CONTRACTOR, body)).councillor_in_name is None


def test_officer_signature_listing_chair_is_not_a_councillor_sign_off(facts):
    body = ("Dear Dave,\n\nText.\n\nKind regards,\n\nJane Doe\nTown Clerk\nAshford Parva Town Council\n"
            "Chair: Cllr Tom Baker | Vice-Chair: Cllr Anne Smith\n")
    f = facts(mail(OFFICER, CONTRACTOR, body))
    assert f.signoff is not None and f.signoff.person is not None and f.signoff.person.name == "Jane Doe"
    assert f.councillor_in_name is None


def test_no_valediction_final_name_block(facts):
    assert _named(facts, mail(CLERK, CONTRACTOR, "Dave,\n\nText here.\n\nCouncillor Baker\nChair\n")) == "Tom Baker"


def test_signature_delimiter(facts):
    assert _named(facts, mail(CLERK, CONTRACTOR, "Dave,\n\nText here.\n\n-- \nTom Baker\nChair\n")) == "Tom Baker"


def test_from_councillor_address_without_sign_off(facts):
    assert _named(facts, mail(BAKER_GMAIL, CONTRACTOR, "Dave, text here.\n")) == "Tom Baker"


def test_on_behalf_of_a_councillor(facts):
    raw = mail(CLERK, CONTRACTOR, "Sent on behalf of Cllr Tom Baker:\n\nDave, text here.\n\nJane\n")
    assert _named(facts, raw) == "Tom Baker"


def test_on_behalf_of_the_council_is_not_a_councillor(facts):
    raw = mail(CLERK, CONTRACTOR, "I am writing on behalf of the council.\n\nKind regards,\nJane Doe\nTown Clerk\n")
    assert _named(facts, raw) is None


def test_unlisted_address_with_councillors_display_name(facts):
    assert _named(facts, mail("Cllr Tom Baker <tom@bakerplumbing.co.uk>", CONTRACTOR, "Dave, text.\n")) == "Tom Baker"


def test_district_councillor_is_nobody_here(facts):
    raw = mail("Cllr Bob Harris <bob.harris@district.gov.uk>", CONTRACTOR, "Text.\n\nRegards,\nCllr Bob Harris\n")
    assert _named(facts, raw) is None


def test_sign_off_in_quoted_history_does_not_count(facts):
    body = ("Noted.\n\nJane\n\nOn 1 May 2024, Tom Baker <cllr.baker@ashfordparva-tc.gov.uk> wrote:\n"
            "> Text\n> Cllr Tom Baker\n")
    assert _named(facts, mail(CLERK, CONTRACTOR, body)) is None


def test_councillor_from_address_signed_by_councillor(facts):
    assert _named(facts, mail(BAKER, CONTRACTOR, "Text.\n\nCheers\nTom\n")) == "Tom Baker"


FULL_SIGNATURE = ("Jane Doe\nTown Clerk & Responsible Financial Officer\nAshford Parva Town Council\n"
                  "The Parish Office, Village Hall, Church Street, Ashford Parva AP1 2BC\n"
                  "Tel: 01632 960418 (Mon, Wed & Thu 9.00-13.00)\nwww.ashfordparva-tc.gov.uk\n")


def test_first_name_alone_then_a_full_signature_block(facts):
    """ "Jane" closing the text, then six lines of contact details: the own text ends above "Jane"
    (a signature block longer than four lines must not be read as the message, nor fingerprinted)."""
    body = "Dear all,\n\nThe briefing itself, a paragraph of it.\n\nJane\n\n" + FULL_SIGNATURE
    f = facts(mail(CLERK, BAKER, body))
    assert f.signoff is not None and f.signoff.name_line == "Jane"
    assert f.signoff.person is not None and f.signoff.person.name == "Jane Doe"
    assert f.content_text == "Dear all,\n\nThe briefing itself, a paragraph of it."


def test_a_long_signature_block_without_a_first_name_above_it(facts):
    f = facts(mail(CLERK, BAKER, "Dear all,\n\nThe briefing itself.\n\n" + FULL_SIGNATURE))
    assert f.signoff is not None and f.signoff.person is not None and f.signoff.person.name == "Jane Doe"
    assert f.content_text == "Dear all,\n\nThe briefing itself."


def test_a_first_name_that_is_not_the_signatures_owner_is_not_taken_as_the_sign_off(facts):
    body = "Dear all,\n\nText.\n\nTom\n\n" + FULL_SIGNATURE     # "Tom" above Jane Doe's block
    f = facts(mail(CLERK, BAKER, body))
    assert f.signoff is not None and f.signoff.name_line == "Jane Doe"


def test_a_paragraph_of_prose_naming_someone_is_not_a_signature_block(facts):
    body = ("Dear Dave,\n\nThanks.\n\nTom Baker raised this at the meeting. He asked that we look again at it.\n"
            "The clerk agreed to do so.\nShe will write.\nThen we will see.\n\nCllr Anne Smith\n")
    assert _named(facts, mail(CLERK, CONTRACTOR, body)) == "Anne Smith"


def test_a_list_of_councillors_is_not_a_signature_block(facts):
    """Five names on their own lines, then the message goes on: the text below the list is still the
    councillor's own (a block longer than four lines is a signature only at the end, with contact details)."""
    body = ("Dear Mrs Green,\n\nThe working group on the fence will be:\n\nCllr Tom Baker\nCllr Anne Smith\n"
            "Cllr Priya Shah\nCllr Gareth Jones\nCllr Margaret O'Neill\n\n"
            "The council will pay for the new fence and we will start the work in March.\n\nAnne\n")
    f = facts(mail(SMITH, RESIDENT, body))
    assert "The council will pay for the new fence" in f.content_text


def test_contact_lines_are_told_from_sentences_that_mention_a_phone_or_an_email() -> None:
    from mailguard.signoff import is_contact_line

    for line in ("Tel: 01632 960418 (Mon, Wed & Thu 9.00-13.00)", "www.ashfordparva-tc.gov.uk", "Mobile: 07700 900123",
                 "clerk@ashfordparva-tc.gov.uk", "The Parish Office, Church Street, Ashford Parva AP1 2BC",
                 "01632 960418"):
        assert is_contact_line(line), line
    for line in ("Mr Hughes has been suspended on full pay; we told him by phone.",
                 "The grievance hearing is set for 14 March. Details by email.",
                 "Spend in Q3 2nd half was over budget", "Votes: 5 4 3 2 1 against the motion",
                 "Please call the clerk on 01632 960418 if you have any questions about the hearing."):
        assert not is_contact_line(line), line


def test_a_valediction_with_an_intensifier_from_a_family_address(facts):
    """Blind set K: "Thanks so much / Sue Bannerman" from the family's shared iCloud address."""
    for closing in ("Thanks so much", "Thank you very much", "Many thanks in advance", "Thanks again"):
        raw = mail("The Bakers <bakers.family@icloud.com>", RESIDENT, f"Hi Pat,\n\nText.\n\n{closing}\nTom Baker\n\n"
                   "Sent from my iPhone\n")
        assert _named(facts, raw) == "Tom Baker", closing


def test_a_cc_line_at_the_foot_is_not_the_sign_off(facts):
    """Blind set M: "cc Cllr Frost" above the clerk's "Fiona" was read as Cllr Frost signing."""
    body = ("Pauline\n\nGood news on the ditch.\n\ncc Cllr Smith\n\nJane\n\nJane Doe\nTown Clerk\n"
            "Ashford Parva Town Council\nThe Guildhall, Market Place, Ashford Parva AP1 2BC\nT: 01632 960 441\n"
            "www.ashfordparva-tc.gov.uk\n")
    f = facts(mail(CLERK, BAKER, body))
    assert f.sent_by_officer
    assert f.in_name_of is None or not f.in_name_of.is_councillor


def test_a_first_name_over_the_full_name_from_a_family_address(facts):
    """Blind set N: "I am writing from my wife's email" ... "With kind regards / Bernard / Cllr Bernard Kemp"."""
    body = ("Dear Mrs Holt,\n\nText.\n\nWith kind regards\nTom\nCllr Tom Baker\nAshford Parva Town Council "
            "(Castle Ward)\n")
    assert _named(facts, mail("Brenda Baker <brendabaker1950@aol.com>", RESIDENT, body)) == "Tom Baker"


def test_a_greeting_naming_councillors_is_not_a_sign_off(facts):
    """Blind set L: "Dear Kevin, Paul and Neil," was read as a councillor signing the clerk's confidential mail."""
    body = ("Dear Tom, Anne and Neil,\n\nPlease find attached the evaluation.\n\nHelen\n\nJane Doe\nTown Clerk\n"
            "Ashford Parva Town Council\nThe Guildhall, Market Place, Ashford Parva AP1 2BC\nT: 01632 960 441\n"
            "www.ashfordparva-tc.gov.uk\n")
    assert facts(mail(CLERK, BAKER, body)).sent_by_officer


def test_a_first_name_over_the_full_name_without_a_valediction(facts):
    """From the review: the same reading when the message simply ends "Tom / Cllr Tom Baker / ..."."""
    body = "Dear Mrs Holt,\n\nText.\n\nTom\nCllr Tom Baker\nAshford Parva Town Council (Castle Ward)\n"
    assert _named(facts, mail("Brenda Baker <brendabaker1950@aol.com>", RESIDENT, body)) == "Tom Baker"


def test_welsh_closings(facts):
    """Blind set R: "Diolch yn fawr, / Meinir", "Cofion cynnes, / Elfed"."""
    for closing in ("Diolch yn fawr,", "Cofion cynnes,", "Yn gywir,", "Pob hwyl,"):
        raw = mail("Tom Baker <tbaker.shop@outlook.com>", RESIDENT, f"Hi Kerry,\n\nText.\n\n{closing}\nTom Baker\n")
        assert _named(facts, raw) == "Tom Baker", closing


_DRAFT = ("Dear Minister,\n\nI am writing as Chair of the council to ask for your help with the pool. We would "
          "welcome a visit.\n\nYours sincerely\n\nCllr Tom Baker\nChair, Ashford Parva Town Council\n")


def test_a_draft_for_a_councillor_to_sign_is_not_the_senders_closing(facts):
    """The clerk's own closing sits above a pasted draft that ends in the Chair's name (blind set U):
    the mail is the clerk's, and the draft is not its own text."""
    for divider in ("-- DRAFT --", "DRAFT", "Draft letter:", "*** Suggested wording ***", "Letter for your signature:"):
        body = (f"Dear Tom,\n\nHere is the draft for your signature.\n\nKind regards\n\nJane\n\n{divider}\n\n"
                + _DRAFT)
        f = facts(mail(CLERK, SMITH, body))
        assert f.signoff is not None and f.signoff.name_line == "Jane", divider
        assert f.councillor_in_name is None and "pool" not in f.content_text


def test_a_document_pasted_below_the_signature_is_not_the_senders_text(facts):
    """A press release or a minute pasted under the councillor's signature is the council's text, passed on
    (held-out split test20): the closing above it is the sender's, and the pasted promise is not their own."""
    for divider in ("PRESS RELEASE - 3 April 2025", "-------- Copied from draft minutes --------",
                    "Extract from draft minutes, Lower Heyford Parish Council, 12 March 2025"):
        body = ("Dear Mr Brewer,\n\nI thought you'd like to see this. The clerk will write to you formally.\n\n"
                f"Best wishes,\nCllr Tom Baker\nParish Councillor\n\n{divider}\n"
                "RESOLVED: That the council will repair the boundary wall at a cost not exceeding £2,500.\n")
        f = facts(mail(BAKER_GMAIL, CONTRACTOR, body))
        assert f.signoff is not None and f.signoff.name_line == "Cllr Tom Baker", divider
        assert "boundary wall" not in f.content_text, divider


def test_the_senders_own_framed_lines_after_a_closing_stay_theirs(facts):
    """A framed P.S. or update below the closing is not a pasted document (the review of stop 16), and
    neither is what the sender pasted when they write and sign again below it."""
    for tail in ("*** P.S. ***\nPlease go ahead with the works on Monday; the council will pay your invoice.\n",
                 "---------- Update ----------\nPlease go ahead with the works on Monday; the council will pay your "
                 "invoice.\n\nTom\n",
                 "PRESS RELEASE\nThe council will pay your invoice.\n\nTom again - please go ahead with the works "
                 "on Monday.\n\nBest wishes,\nCllr Tom Baker\n"):
        body = f"Dear Dave,\n\nThanks for the quote.\n\nBest wishes,\nCllr Tom Baker\n\n{tail}"
        f = facts(mail(BAKER_GMAIL, CONTRACTOR, body))
        assert "go ahead with the works" in f.content_text, tail


def test_a_heading_inside_the_message_is_no_pasted_document(facts):
    """With no closing above it, a heading is part of the sender's own text, and so is what follows it."""
    body = ("Dear Mr Hale,\n\n--- Update ---\nThe council will pay for the printing.\n\n"
            "Kind regards,\n\nCllr Tom Baker\n")
    f = facts(mail(BAKER_GMAIL, CONTRACTOR, body))
    assert "will pay for the printing" in f.content_text


def test_without_a_closing_above_the_draft_the_last_one_counts(facts):
    body = "Tom - draft below, happy to change.\n\n-- DRAFT --\n\n" + _DRAFT
    assert _named(facts, mail(CLERK, SMITH, body)) == "Tom Baker"


def test_a_word_draft_in_running_text_is_no_divider(facts):
    body = ("Dear Mr Hale,\n\nThe draft is attached, and the council will pay for the printing.\n\n"
            "Kind regards,\n\nCllr Tom Baker\n")
    assert _named(facts, mail(BAKER_GMAIL, CONTRACTOR, body)) == "Tom Baker"


def test_a_greeting_above_the_divider_is_no_closing(facts):
    """'Thanks Dave,' opens the message above 'Proposed:'; it closes no text, so the closing at the foot counts
    and the councillor's own text keeps its commitment (from the review)."""
    body = ("Thanks Dave,\n\nProposed:\n\nThe council will pay the £4,200 on completion, so crack on.\n\n"
            "Cheers\nTom Baker\n")
    f = facts(mail(BAKER_GMAIL, CONTRACTOR, body))
    assert f.signoff is not None and f.signoff.name_line == "Tom Baker"
    assert "£4,200" in f.content_text


def test_a_long_line_is_no_divider_and_costs_nothing(facts):
    """A line of 'Draft' and 20,000 spaces once took over a second to rule out (from the review)."""
    import time
    body = "Hi,\n\n" + ("Draft" + " " * 20000 + "x\n\n") * 3 + "Kind regards,\n\nCllr Tom Baker\n"
    started = time.perf_counter()
    assert _named(facts, mail(BAKER_GMAIL, CONTRACTOR, body)) == "Tom Baker"
    assert time.perf_counter() - started < 2.0   # generous: the old pattern took 3.9 s, the fixed one 0.1 s
