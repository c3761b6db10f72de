"""Bottom-posted and inline replies are the sender's own text; history stays history."""

from __future__ import annotations

from mailguard.replies import recover_replies
from mailguard.segment import segment

OUTLOOK_BLOCK = ("________________________________\nFrom: Dean <jobs@water.example>\nSent: Thursday, 17 July 2025\n"
                 "To: Alan Fairclough <alan@hotmail.example>\nSubject: quote\n\n")


def test_bottom_post_under_outlook_block_is_own_text():
    text = (OUTLOOK_BLOCK + "Dear Mr Fairclough,\n\nWe can replace it for £385.\n\nRegards\nDean\n\n"
            "Yes please go ahead, the council will pay.\n\nAlan Fairclough\n")
    body = recover_replies(segment(text), ["Alan Fairclough"])
    assert "Yes please go ahead" in body.own_text and "Alan Fairclough" in body.own_text
    assert "We can replace it" in body.embedded[0].body.own_text
    assert "go ahead" not in body.embedded[0].body.own_text


def test_history_ending_with_someone_elses_name_is_left_alone():
    text = OUTLOOK_BLOCK + "Dear Mr Fairclough,\n\nWe will start Monday.\n\nDean\n"
    body = recover_replies(segment(text), ["Alan Fairclough"])
    assert body.own_text == "" and "We will start Monday" in body.embedded[0].body.own_text


def test_forward_of_own_signed_message_without_new_text_is_left_alone():
    text = ("________________________________\nFrom: Alan Fairclough <alan@hotmail.example>\nSent: Monday\n"
            "To: Dean <jobs@water.example>\nSubject: quote\n\n"
            "Dear Dean,\n\nPlease quote for the standpipe.\n\nKind regards\nAlan Fairclough\n")
    body = recover_replies(segment(text), ["Alan Fairclough"])
    assert body.own_text == ""


def test_top_posted_reply_is_unchanged():
    text = "Thanks Dean.\n\nAlan\n\n" + OUTLOOK_BLOCK + "We can do it Tuesday.\n\nDean\n"
    body = recover_replies(segment(text), ["Alan Fairclough"])
    assert body.own_text.startswith("Thanks Dean.") and "Tuesday" not in body.own_text


def test_announced_inline_answers_in_capitals():
    text = ("Hi Lee, answers below in caps.\n\nThanks\nDeclan\n\n-----Original Message-----\n"
            "From: Lee <lee@f.example>\n"
            "Sent: Monday\nTo: Declan <d@x.example>\nSubject: questions\n\n1. Can we start Tuesday?\n\n"
            "YES FINE, GO AHEAD ON THE 3RD.\n\n2. Who do we invoice?\n\nTHE PARISH COUNCIL, ON COMPLETION.\n\nLee\n")
    body = recover_replies(segment(text), ["Declan O'Rourke"])
    own = body.own_text
    assert "GO AHEAD ON THE 3RD" in own and own.index("GO AHEAD") < own.index("Thanks")
    assert "Can we start Tuesday" in body.embedded[0].body.own_text


def test_answers_typed_under_each_question_are_read_apart_and_a_wrapped_answer_whole():
    """Answers typed straight under questions without blank lines (blind set T) must not run together into
    one sentence ("... THE DRIVES WILL STAY OPEN THE COUNCIL WILL PAY ..."); a capitals answer over two
    lines stays one answer."""
    text = ("Colin, answers below in caps\n\nBill\n\n________________________________\n"
            "From: Colin <colin@x.example>\nSent: Wednesday\nTo: Bill <bill@y.example>\nSubject: Culvert\n\n"
            "1. Will they dig up my drive?\nJUST THE VERGE I THINK\n"
            "2. Who is paying for my garage floor?\nTHE COUNCIL WILL PAY FOR THE FLOOR DONT WORRY. GET IT DONE\n"
            "AND SEND THE BILL TO HELEN\n3. What about the trees?\nNOT OUR TREES\n\nColin\n")
    body = recover_replies(segment(text), ["Bill Preece"])
    paragraphs = [p for p in body.own_text.split("\n\n") if p.strip()]
    assert paragraphs[1:4] == ["JUST THE VERGE I THINK",
                               "THE COUNCIL WILL PAY FOR THE FLOOR DONT WORRY. GET IT DONE\nAND SEND THE BILL TO HELEN",
                               "NOT OUR TREES"]
    assert "Who is paying" in body.embedded[0].body.own_text


def test_capitals_without_announcement_stay_in_history():
    text = ("Noted.\n\n-----Original Message-----\nFrom: Lee <lee@f.example>\nSent: Monday\nTo: D <d@x.example>\n"
            "Subject: q\n\nIMPORTANT NOTICE ABOUT ACCESS.\n")
    body = recover_replies(segment(text), ["Declan O'Rourke"])
    assert "IMPORTANT" not in body.own_text


_TAGGED = ("Hugh - answers in line below. Steve\n\n-----Original Message-----\nFrom: Hugh Pettit <sec@trust.example>\n"
           "Sent: 02 July 2025 11:00\nTo: Steve Ives <steve@ives.example>\nSubject: Harbour Day\n\n"
           "Steve - can you help with the following from the council's side?\n\n"
           "1. Will the council lend us the staging?\n{answer}\n\n2. Bunting on the lamp posts?\n{second}\n\n"
           "Thanks\nHugh\n")


def test_announced_inline_answers_tagged_with_the_senders_initials():
    """Blind set J: "[SI] Yes - the council will supply the staging" between the quoted questions."""
    text = _TAGGED.format(answer="[SI] Yes \u2013 the council will supply the staging. Consider it done.",
                          second="SI: I'd think so, but Dean will know.")
    body = recover_replies(segment(text), ["Steve Ives"])
    assert "Yes \u2013 the council will supply the staging. Consider it done." in body.own_text
    assert "[SI]" not in body.own_text and "I'd think so" in body.own_text
    history = body.embedded[0].body.own_text
    assert "Will the council lend us the staging?" in history and "council will supply" not in history
    assert "can you help" in history   # "Steve - can you help": the quoted writer addressing him, not his tag


def test_someone_elses_initials_or_no_announcement_stay_in_history():
    text = _TAGGED.format(answer="[HP] We will supply the staging ourselves.", second="")
    assert "supply the staging" not in recover_replies(segment(text), ["Steve Ives"]).own_text
    unannounced = _TAGGED.replace("answers in line below", "see you Saturday").format(
        answer="[SI] Yes, the council will supply the staging.", second="")
    assert "council will supply" not in recover_replies(segment(unannounced), ["Steve Ives"]).own_text


def test_a_tagged_answer_wrapped_over_two_lines_is_taken_whole():
    text = _TAGGED.format(answer="[SI] Yes - and the town council will\npay for the stage crew as well.", second="")
    body = recover_replies(segment(text), ["Steve Ives"])
    assert "the town council will pay for the stage crew as well." in body.own_text
    assert "stage crew" not in body.embedded[0].body.own_text


def test_a_tagged_answer_without_a_full_stop_does_not_swallow_the_next_quoted_line():
    """The quoted writer's next line starts with a capital; the answer's own wrapped rest would not (review)."""
    text = _TAGGED.format(answer="[SI] Yes - the council will lend it\nLast thing, is there parking at the back?",
                          second="")
    body = recover_replies(segment(text), ["Steve Ives"])
    assert "the council will lend it" in body.own_text and "parking" not in body.own_text
    assert "Last thing, is there parking at the back?" in body.embedded[0].body.own_text


def test_abbreviations_are_not_initials():
    text = _TAGGED.format(answer="NB: last year the council paid for the staging.", second="PS - ask Dean.")
    own = recover_replies(segment(text), ["Nigel Brown", "Peter Smith"]).own_text
    assert "council paid" not in own and "ask Dean" not in own
