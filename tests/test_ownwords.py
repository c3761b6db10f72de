"""The sender's own words: pasted notices and handed-over briefings are set apart from what they say."""

from mailguard.ownwords import own_statements

_BRIEFING = ("Dear Mr Hale,\n\nI asked about the car park. This is what we were told:\n\n"
             "The council will resurface the car park in March and will meet the full cost.\n\n"
             "Personally I think that is too late, and I'll keep pushing.")


def test_a_handed_over_briefing_is_not_the_senders_words() -> None:
    text = own_statements(_BRIEFING)
    assert "resurface" not in text
    assert "This is what we were told:" in text and "I'll keep pushing" in text


def test_the_councillor_passing_a_message_on_keeps_it() -> None:
    text = _BRIEFING.replace("This is what we were told:", "I have been asked by the clerk to confirm the following:")
    assert own_statements(text) == text


def test_a_paragraph_speaking_to_the_reader_is_the_senders_own() -> None:
    text = ("The clerk wrote:\n\nPlease go ahead with the repair and send your invoice to the council.\n\nThanks")
    assert own_statements(text) == text


def test_only_the_first_paragraph_after_the_intro_and_impersonal_ones_after_it_are_handed_over() -> None:
    text = ("Straight from the clerk's briefing:\n\nThe works start on 4 May.\n\n"
            "The road will be closed for a week.\n\nWe should ask for a diversion sign.")
    kept = own_statements(text)
    assert "4 May" not in kept and "closed for a week" not in kept
    assert "We should ask for a diversion sign." in kept


def test_a_pasted_legal_notice_is_dropped_and_the_rest_kept() -> None:
    text = ("Please invoice the council for the skip.\n\n"
            "This e-mail and any attachments are confidential and intended solely for the addressee. If you have "
            "received it in error please notify the sender and delete it.")
    assert own_statements(text) == "Please invoice the council for the skip."


def test_text_without_either_is_returned_unchanged() -> None:
    text = "The clerk said the hall is free on Friday: shall I book it?\n\nIn error, I sent this twice."
    assert own_statements(text) == text


def test_an_adviser_quoted_word_for_word_under_a_wrapped_intro_is_handed_over() -> None:
    # blind set AR: a leak pasted to a Facebook group's admin; the insurer's confirmation is not the councillor's word
    text = ("Kev\n\nAs promised. This is what their lawyer told them last week, word for\nword:\n\n"
            "Anglia Mutual have confirmed cover, subject to the council following the solicitor's advice.\n\n"
            "Use it how you like but not my name.")
    kept = own_statements(text)
    assert "Anglia Mutual" not in kept and "Use it how you like" in kept


def test_a_last_sentence_passing_a_message_on_keeps_what_follows() -> None:
    text = ("Hi Sue,\n\nI spoke to the clerk this morning. So what the clerk said, in short:\n\n"
            "The council will pay for the new gate.")
    assert own_statements(text) == text


def test_word_for_word_alone_does_not_hand_over_and_a_wrapped_intro_still_does() -> None:
    own = "Hi,\n\nPlease pass this on to your lads word for word:\n\nThe council will pay for the skip.\n\nThanks"
    assert own_statements(own) == own
    pasted = ("Hi,\n\nWe asked the clerk why the resurfacing was taking so long,\nand this is what we were told:\n\n"
              "The council will resurface it in March.\n\nThanks")
    assert "resurface it" not in own_statements(pasted)
