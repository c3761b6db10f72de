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


def test_capitals_without_announcement_stay_in_history():
    text = ("Noted.\n\n-----Original Message-----\nFrom: Lee <lee@f.example>\nSent: Monday\nTo: D <d@x.example>\n"
            "Subject: q\n\nIMPORTANT NOTICE ABOUT ACCESS.\n")
    body = recover_replies(segment(text), ["Declan O'Rourke"])
    assert "IMPORTANT" not in body.own_text
