"""silent-bcc: positives and the hard negatives named in the issue, in archive and relay form."""

from __future__ import annotations

import pytest

from mailguard.facts import Envelope
from tests.conftest import (
    BAKER,
    BAKER_GMAIL,
    CLERK,
    JONES,
    OFFICER,
    ONEILL,
    RESIDENT,
    SHAH,
    SMITH,
    SMITH_BT,
    SOLICITOR,
    D,
    mail,
    rules_fired,
)

BODY = "Dear Tom,\n\nThe streetlight on Orchard Way has been reported.\n\nKind regards,\nJane\n"


def _silent(verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.rule == "silent-bcc"]


# ----------------------------------------------------------------------------- positives

def test_bcc_header_to_another_councillor_fires(check):
    v = check(mail(CLERK, BAKER, BODY, bcc=SMITH))
    [f] = _silent(v)
    assert "Anne Smith" in f.explanation and "Tom Baker" in f.explanation
    assert any("cllr.smith@" in e for e in f.evidence)
    assert f.action == "quarantine" and "§6" in f.clause


def test_bcc_to_councillors_personal_address_fires(check):
    [f] = _silent(check(mail(CLERK, BAKER, BODY, bcc=SMITH_BT)))
    assert "anne.smith@btinternet.com" in " ".join(f.evidence)


def test_names_every_undisclosed_councillor(check):
    [f] = _silent(check(mail(CLERK, BAKER, BODY + "\nCC Councillor Smith\n", bcc=[SMITH, JONES, ONEILL])))
    assert "Gareth Jones" in f.explanation and "O'Neill" in f.explanation
    assert "Anne Smith" not in f.explanation


def test_relay_envelope_recipient_not_in_headers_fires(check):
    raw = mail(OFFICER, SHAH, "Dear Priya,\n\nThe grass is cut.\n\nSam\n")
    env = Envelope(f"sam.patel@{D}", (f"cllr.shah@{D}", f"cllr.jones@{D}"))
    [f] = _silent(check(raw, envelope=env))
    assert "Gareth Jones" in f.explanation


def test_archive_delivery_header_naming_councillor_fires(check):
    raw = mail(CLERK, BAKER, BODY, headers={"Delivered-To": f"cllr.oneill@{D}"})
    assert "silent-bcc" in rules_fired(check(raw))


def test_disclosure_in_quoted_history_does_not_count(check):
    body = ("Dear Tom,\n\nUpdated figures below.\n\nJane\n\nOn 1 May 2024, Jane Doe <clerk@ashfordparva-tc.gov.uk> "
            "wrote:\n> Dear Tom,\n> First figures.\n> CC Councillor Smith\n")
    assert "silent-bcc" in rules_fired(check(mail(CLERK, BAKER, body, bcc=SMITH)))


def test_disclosure_naming_a_different_councillor_does_not_count(check):
    assert "silent-bcc" in rules_fired(check(mail(CLERK, BAKER, BODY + "\nCC Cllr Jones\n", bcc=SMITH)))


def test_html_only_message_without_disclosure_fires(check):
    html = "<p>Dear Priya,</p><p>The grass is cut.</p><p>Sam</p>"
    assert "silent-bcc" in rules_fired(check(mail(OFFICER, SHAH, html=html, html_only=True, bcc=JONES)))


# ----------------------------------------------------------------------------- disclosures (hard negatives)

def test_cc_councillor_surname_line_discloses(check):
    assert not _silent(check(mail(CLERK, BAKER, BODY + "\nCC Councillor Smith\n", bcc=SMITH)))


def test_cc_colon_cllr_initial_surname_discloses(check):
    assert not _silent(check(mail(CLERK, BAKER, BODY + "\ncc: Cllr A. Smith\n", bcc=SMITH)))


def test_copied_to_councillors_list_discloses_both(check):
    body = BODY + "\nCopied to Councillors Smith and Jones\n"
    assert not _silent(check(mail(CLERK, BAKER, body, bcc=[SMITH, JONES])))


def test_disclosure_by_alias_and_full_name(check):
    raw = mail(CLERK, SHAH, "Dear Priya,\n\nNoted.\n\nJane\n\ncc Tommy Baker, Margaret O'Neill\n", bcc=[BAKER, ONEILL])
    assert not _silent(check(raw))


def test_disclosure_by_unique_office(check):
    raw = mail(CLERK, SHAH, "Dear Priya,\n\nNoted.\n\nJane\n\ncc the Chair\n", bcc=BAKER)
    assert not _silent(check(raw))


def test_disclosure_in_html_body(check):
    html = "<div>Dear Priya,</div><div>Noted.</div><div>Sam</div><div><br></div><div>CC: Cllr Gareth Jones</div>"
    assert not _silent(check(mail(OFFICER, SHAH, html=html, html_only=True, bcc=JONES)))


def test_disclosure_list_over_several_lines(check):
    body = BODY + "\nCopies to:\nCllr Anne Smith\nCllr Gareth Jones\n"
    assert not _silent(check(mail(CLERK, BAKER, body, bcc=[SMITH, JONES])))


def test_copied_to_all_councillors_discloses(check):
    body = BODY + "\nThis e-mail has been copied to all councillors.\n"
    assert not _silent(check(mail(CLERK, BAKER, body, bcc=[SMITH, JONES, ONEILL, SHAH])))


# ----------------------------------------------------------------------------- not findings

def test_councillor_in_visible_cc_is_not_a_silent_copy(check):
    assert not _silent(check(mail(CLERK, BAKER, BODY, cc=SMITH)))


def test_blind_copy_to_visible_councillors_own_other_address(check):
    assert not _silent(check(mail(CLERK, BAKER, BODY, bcc=BAKER_GMAIL)))


def test_blind_copies_sent_by_a_councillor(check):
    assert not _silent(check(mail(BAKER, SHAH, "Priya, FYI.\n\nTom\n", bcc=SMITH)))


def test_blind_copies_to_officers_or_third_parties(check):
    assert not _silent(check(mail(CLERK, BAKER, BODY, bcc=[OFFICER, RESIDENT, SOLICITOR])))


def test_office_mass_mailing_with_all_councillors_in_bcc(check):
    raw = mail(f"Ashford Parva Town Council <office@{D}>", f"office@{D}", "Dear Councillors,\n\nNewsletter.\n",
               bcc=[BAKER, SMITH, SHAH, JONES, ONEILL])
    assert not _silent(check(raw))


def test_no_councillor_visible_means_no_correspondence_with_one(check):
    assert not _silent(check(mail(CLERK, RESIDENT, "Dear Mrs Green,\n\nNoted.\n", bcc=SMITH)))


def test_officer_mailbox_signed_by_councillor_is_the_councillors_mail(check):
    body = "Priya,\n\nThanks for this.\n\nRegards,\nCllr Tom Baker\nChair\n"
    assert not _silent(check(mail(CLERK, SHAH, body, bcc=SMITH)))


def test_envelope_recipients_all_visible(check):
    raw = mail(CLERK, BAKER, BODY, cc=SMITH)
    env = Envelope(f"clerk@{D}", (f"cllr.baker@{D}", f"cllr.smith@{D}"))
    assert not _silent(check(raw, envelope=env))


def test_unlisted_council_mailbox_counts_as_officer_mail(check):
    raw = mail(f"Town Council Office <enquiries@{D}>", BAKER, "Dear Tom,\n\nThe hall is booked.\n\nThe Office\n",
               bcc=SMITH)
    assert "silent-bcc" in rules_fired(check(raw))


def test_name_before_the_copy_cue_discloses(check):
    body = BODY + "\nCllr Smith is copied for information.\n"
    assert not _silent(check(mail(CLERK, BAKER, body, bcc=SMITH)))


def test_curly_apostrophe_and_also_received(check):
    body = "Dear Priya,\n\nNoted.\n\nJane\n\nCllr Margaret O\u2019Neill has also received this e-mail.\n"
    assert not _silent(check(mail(CLERK, SHAH, body, bcc=ONEILL)))


# ------------------------------------------- blind set G: words that look like a disclosure and are not

def test_copy_of_a_document_is_not_a_disclosure(check):
    """ "a certified copy of your photo ID" names a document; with "chair" in the same paragraph it was
    read as "copied to the Chair" and the Chair's blind copy passed (blind set G)."""
    body = ("Dear Priya,\n\nAs agreed, I need you, as the Chair asked, to return the form with a certified copy "
            "of your photo ID.\n\nKind regards,\nJane\n")
    assert _silent(check(mail(CLERK, SHAH, body, bcc=BAKER)))


def test_copy_of_this_email_still_discloses(check):
    body = "Dear Priya,\n\nNoted, thank you.\n\nA copy of this e-mail goes to the Chair.\n\nJane\n"
    assert not _silent(check(mail(CLERK, SHAH, body, bcc=BAKER)))


def test_a_committees_chair_is_not_the_councils_chair(check):
    """ "as F&GP chair", "Planning Chair": a committee's chair, not the office of the council's Chair."""
    for words in ("as F&GP chair", "as Planning Chair", "as finance committee chair"):
        body = f"Dear Priya,\n\nPlease sign the mandate {words}; cc the clerk.\n\nJane\n"
        assert _silent(check(mail(CLERK, SHAH, body, bcc=BAKER))), words


def test_the_chair_named_by_office_still_discloses(check):
    for words in ("cc the Chair", "Copied to our Chair", "CC: Town Mayor", "cc Madam Chair"):
        body = f"Dear Priya,\n\nNoted.\n\nJane\n\n{words}\n"
        assert not _silent(check(mail(CLERK, SHAH, body, bcc=BAKER))), words


def test_greeting_the_chair_by_office_still_names_the_chair():
    from mailguard.directory import _of_a_committee

    for text in ("Thanks Chair", "Hello Mayor", "cc the Chair", "CC Chair"):
        assert not _of_a_committee(text, text.rindex(" ") + 1), text
    for text in ("as F&GP chair", "the Planning Chair", "HR Chair"):
        assert _of_a_committee(text, text.rindex(" ") + 1), text


def test_a_copy_of_the_correspondence_discloses(check):
    body = "Dear Priya,\n\nNoted, thank you.\n\nI have sent a copy of our correspondence to the Chair.\n\nJane\n"
    assert not _silent(check(mail(CLERK, SHAH, body, bcc=BAKER)))


def test_the_lord_mayor_is_not_a_town_councils_chair(check):
    """A Lord Mayor is a city's: "cc the Lord Mayor" does not disclose a copy to this town council's Chair."""
    body = "Dear Priya,\n\nNoted.\n\nJane\n\ncc the Lord Mayor\n"
    assert _silent(check(mail(CLERK, SHAH, body, bcc=BAKER)))


def test_the_lord_mayor_of_a_city_council_is_its_chair():
    from mailguard.config import Council, Person
    from mailguard.directory import Directory

    people = (Person(name="Tom Baker", role="councillor", addresses=("lm@city.gov.uk",), offices=("chair",)),
              Person(name="Ann Lee", role="councillor", addresses=("dlm@city.gov.uk",), offices=("vice-chair",)))
    for name, found in (("Midchester City Council", True), ("Cardiff Council", True),
                        ("Midchester Town Council", False), ("Midchester Parish Council", False)):
        directory = Directory(Council(name=name, domains=("city.gov.uk",), people=people))
        hits = directory.find_names("cc the Lord Mayor", loose=True)
        assert [h.person.name for h in hits] == (["Tom Baker"] if found else []), name
    directory = Directory(Council(name="Cardiff Council", domains=("city.gov.uk",), people=people))
    assert [h.person.name for h in directory.find_names("cc the Deputy Lord Mayor", loose=True)] == ["Ann Lee"]


def test_a_surname_that_is_also_a_title_is_a_surname():
    """Blind set L: "Copied to Councillors Lord and Ashcroft" disclosed Cllr Ashcroft but not Cllr Paul Lord,
    whose surname was dropped as a title ("Lord Mayor"); titles come off the front of a name only."""
    from mailguard.config import Council, Person
    from mailguard.directory import Directory

    people = (Person(name="Paul Lord", role="councillor", addresses=("pl@town.gov.uk",)),
              Person(name="Robert Ashcroft", role="councillor", addresses=("ra@town.gov.uk",)),
              Person(name="Sir John Smith", role="councillor", addresses=("js@town.gov.uk",)))
    directory = Directory(Council(name="Thornlow Town Council", domains=("town.gov.uk",), people=people))
    hits = directory.find_names("Copied to Councillors Lord and Ashcroft (group leaders).", loose=True)
    assert sorted(h.person.name for h in hits) == ["Paul Lord", "Robert Ashcroft"]
    assert [h.person.name for h in directory.find_names("cc Cllr Smith", loose=True)] == ["Sir John Smith"]


def test_full_council_in_the_same_paragraph_is_not_a_copy_to_all_councillors(check):
    """Blind set AG: a paragraph typed as one line says the order "has to go to Full Council on Monday" and ends
    "cc Cllr Smith": Smith is disclosed, the other blind-copied councillor is not."""
    body = ("Tom\n\nThe contractor is placing the order, but £3,900 is above my delegated limit, so it has to go "
            "to Full Council on Monday. cc Cllr Smith, who raised it in January.\n\nKind regards\nJane\n")
    [f] = [f for f in check(mail(CLERK, BAKER, body, bcc=[SMITH, JONES])).findings if f.rule == "silent-bcc"]
    assert "Jones" in f.explanation and "Smith" not in f.explanation


def test_cc_all_councillors_still_discloses_every_copy(check):
    body = BODY + "\ncc all councillors\n"
    assert not _silent(check(mail(CLERK, BAKER, body, bcc=[SMITH, JONES])))


@pytest.mark.parametrize("disclosure", [
    "I have copied this email to the Chairman of the Planning Committee and to all councillors for information.",
    "All councillors (incl. the Mayor) are copied in.",
    "All members, the RFO etc. have been copied.",
    "All Cllrs. copied.",
    "Copied to:\nChairman, Planning Committee\nVice-Chairman, Finance Committee\nAll councillors",
    "cc Full Council",
])
def test_copies_to_all_councillors_in_the_sentence_or_list_of_the_cue(check, disclosure):
    assert not _silent(check(mail(CLERK, BAKER, f"Tom\n\nThe hedge is booked.\n\n{disclosure}\n\nJane\n",
                                  bcc=[SMITH, JONES])))


@pytest.mark.parametrize("text", [
    "I've copied Cllr Smith in - it goes to Full Council on Monday.",
    "Should this go to Full Council? cc Cllr Smith",
    "It's on the agenda for Full Council! cc Cllr Smith",
])
def test_full_council_the_meeting_beside_a_named_copy_discloses_only_that_name(check, text):
    [f] = _silent(check(mail(CLERK, BAKER, f"Tom\n\n{text}\n\nJane\n", bcc=[SMITH, JONES])))
    assert "Jones" in f.explanation and "Smith" not in f.explanation
