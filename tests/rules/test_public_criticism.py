"""public-criticism: a councillor criticising a named officer to the press, the public or a mass list.

Written from Leigh-on-Sea §2.5 / Grantham "The Relationship: General" ("ensure that any criticism is
made in private"; "take up the concern with the chair") and principal council 5.3.3.3.
"""

from __future__ import annotations

import pytest

from mailguard.runtime import build_engine
from tests.conftest import (
    BAKER,
    BAKER_GMAIL,
    CLERK,
    JONES,
    JOURNALIST,
    ONEILL,
    RESIDENT,
    SHAH,
    SMITH,
    SMITH_BT,
    D,
    council_dir,
    evaluate,
    mail,
)

RULE = "public-criticism"
RESIDENTS = [f"Resident {i} <resident{i}@example-mail.co.uk>" for i in range(12)]


def _hits(verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.rule == RULE]


# ----------------------------------------------------------------------------- positives

def test_councillor_tells_the_press_the_clerk_failed_to_publish_the_accounts(check):
    body = ("Dear Editor,\n\nResidents deserve to know that our Town Clerk, Jane Doe, failed to publish the annual "
            "accounts on time for the second year running. Frankly she is not up to the job.\n\n"
            "Cllr Gareth Jones\n")
    [f] = _hits(check(mail(JONES, JOURNALIST, body, subject="Letter for publication")))
    assert f.action == "warn" and f.clause == "Leigh-on-Sea protocol §2.5 The Relationship: General"
    assert "Jane Doe (the clerk)" in f.explanation and "news@ashfordgazette.co.uk" in f.explanation
    assert len([e for e in f.evidence if e.startswith("\u201c")]) == 2


def test_named_assistant_clerk_called_incompetent_to_a_resident(check):
    body = ("Mrs Green,\n\nI'm sorry about the allotment letter. To be honest Sam Patel is incompetent and I've "
            "been saying so for months.\n\nAnne\n")
    [f] = _hits(check(mail(SMITH_BT, RESIDENT, body)))
    assert "Sam Patel (an officer)" in f.explanation


def test_mass_mailing_to_residents_criticising_officers_collectively(check):
    body = ("Dear neighbours,\n\nOnce again council staff have been lazy and obstructive about the footpath "
            "closure, and nobody has been held to account.\n\nTom Baker\n")
    [f] = _hits(check(mail(BAKER_GMAIL, "Tom Baker <tombaker64@gmail.com>", body, bcc=RESIDENTS)))
    assert "12 recipients" in f.explanation or "outside the council" in f.explanation


def test_large_internal_list_counts_as_mass(tmp_path):
    engine = build_engine(council_dir(tmp_path, "rules:\n  public-criticism:\n    mass_recipients: 4\n"))
    body = "All,\n\nThe clerk deliberately withheld the auditor's letter from us.\n\nPriya\n"
    assert _hits(evaluate(engine, mail(SHAH, [BAKER, SMITH, JONES, ONEILL, CLERK], body)))


def test_pronoun_in_the_sentence_after_the_name(check):
    body = ("Hi Lucy,\n\nI asked Sam three times to get the bins on Mill Lane emptied. He simply ignored me.\n\n"
            "Tom\n")
    [f] = _hits(check(mail(BAKER, "Lucy Ward <lucy.ward@gmail.com>", body)))
    assert "ignored" in " ".join(f.evidence)


def test_call_for_the_clerk_to_go_on_a_residents_group_list(check):
    body = "Everyone,\n\nIt's time we got rid of the clerk. She should resign.\n\nCllr Anne Smith\n"
    assert _hits(check(mail(SMITH, "Orchard Way Residents <orchardway-residents@googlegroups.com>", body)))


def test_criticism_in_the_subject_line(check):
    body = "Hello,\n\nSee my letter below for Thursday's edition.\n\nCllr Gareth Jones\n"
    assert _hits(check(mail(JONES, JOURNALIST, body, subject="Incompetent clerk costs the town thousands")))


@pytest.mark.parametrize("sentence", [
    "The clerk's appalling handling of the complaint made things worse.",
    "Jane's incompetent and lazy, and everyone on the council knows it.",
    "The town clerk's handling of the allotment waiting list has been shambolic from start to finish.",
    "Our so-called clerk couldn't organise a piss-up in a brewery.",
    "The council's officers have been obstructive and secretive throughout.",
])
def test_conduct_criticism_phrasings(check, sentence):
    body = f"Dear Mrs Green,\n\n{sentence}\n\nCllr Gareth Jones\n"
    assert _hits(check(mail(JONES, RESIDENT, body)))


# ----------------------------------------------------------------------------- not findings

@pytest.mark.parametrize("sentence", [
    "I complained to the clerk about the rude contractor.",
    "Thanks to Jane for sorting out the shambolic mess the contractor left.",
    "The clerk has been off sick, so I have failed to chase it, I'm afraid.",
    "I'm sorry the clerk hasn't got back to you yet; she has been very busy with the elections.",
    "The clerk's report sets out the options well, though I disagree with its recommendation.",
])
def test_mentions_of_the_clerk_that_are_not_criticism(check, sentence):
    body = f"Dear Mrs Green,\n\n{sentence}\n\nCllr Gareth Jones\n"
    assert not _hits(check(mail(JONES, RESIDENT, body)))


def test_private_complaint_to_the_chair(check):
    body = ("Tom,\n\nI'm not happy with Sam's conduct at the allotment meeting: he was rude to two tenants. Can we "
            "discuss it before the staffing committee?\n\nAnne\n")
    assert not _hits(check(mail(SMITH, BAKER, body)))


def test_private_complaint_to_the_clerk(check):
    body = "Jane,\n\nSam was rude to Mrs Green at the counter on Tuesday. Could you look into it?\n\nPriya\n"
    assert not _hits(check(mail(SHAH, CLERK, body)))


def test_praise_for_the_clerk_to_the_press(check):
    body = ("Dear Editor,\n\nJane Doe, our clerk, has done an excellent job this year, and the accounts were "
            "published early.\n\nCllr Tom Baker\nChair\n")
    assert not _hits(check(mail(BAKER, JOURNALIST, body)))


def test_criticism_of_a_decision_not_an_officer(check):
    body = ("Dear Editor,\n\nThe council's decision to close the public toilets is a disgrace, and the clerk's "
            "recommendation to close them was wrong-headed.\n\nCllr Gareth Jones\n")
    assert not _hits(check(mail(JONES, JOURNALIST, body)))


def test_defending_the_clerk_to_a_resident(check):
    body = ("Mrs Green,\n\nYou say the clerk was rude to you, but I was there and I don't think she was. It is "
            "unfair to blame Jane for the delay, which was the contractor's fault.\n\nTom\n")
    assert not _hits(check(mail(BAKER, RESIDENT, body)))


def test_criticism_of_a_contractor(check):
    body = ("Dear neighbours,\n\nThe contractor failed to turn up again, so the clerk has rearranged the visit for "
            "Monday.\n\nAnne\n")
    assert not _hits(check(mail(SMITH_BT, RESIDENT, body)))


def test_formal_complaint_to_the_monitoring_officer(check):
    body = ("Dear Monitoring Officer,\n\nI wish to raise a concern: the clerk deliberately withheld the auditor's "
            "letter from councillors.\n\nCllr Gareth Jones\n")
    assert not _hits(check(mail(JONES, "Monitoring Officer <monitoring.officer@ashforddc.gov.uk>", body)))


def test_criticism_only_in_quoted_text(check):
    body = ("Mrs Green, thank you, I've passed this to the chair.\n\nTom\n\nOn 3 May 2024, Mrs P. Green "
            "<pgreen1957@yahoo.co.uk> wrote:\n> The clerk is useless and should be sacked.\n")
    assert not _hits(check(mail(BAKER, RESIDENT, body)))


def test_officer_writing_about_an_officer(check):
    body = "Dear Mrs Green,\n\nSam failed to send the letter; I apologise.\n\nJane Doe\nTown Clerk\n"
    assert not _hits(check(mail(CLERK, RESIDENT, body)))


def test_officers_of_another_council(check):
    body = ("Dear neighbours,\n\nThe district council's planning officer failed to visit the site before deciding."
            "\n\nCllr Priya Shah\n")
    assert not _hits(check(mail(SHAH, RESIDENT, body)))


def test_small_internal_group_is_private(check):
    body = "Tom, Anne,\n\nThe clerk has made yet another mistake in the minutes.\n\nPriya\n"
    assert not _hits(check(mail(SHAH, [BAKER, f"Cllr Anne Smith <cllr.smith@{D}>"], body)))


def test_the_one_search_for_any_officer_finds_what_the_patterns_find_one_by_one():
    """OfficerReader.mentions first asks one combined pattern whether any officer is mentioned; it must
    never say no where a single pattern would find one (names in any case, titles, posts)."""
    import random

    from mailguard.config import load_config
    from mailguard.criticism import OfficerReader
    from tests.conftest import EXAMPLE

    reader = OfficerReader(load_config(EXAMPLE).council.people)
    rng = random.Random(5)
    words = ["jane", "Jane", "JANE", "Doe", "doe", "Mrs", "mrs.", "Sam", "SAM", "sam's", "Patel", "the", "our",
             "town", "parish", "clerk", "Clerk", "CLERK", "assistant", "RFO", "staff", "council's", "officers",
             "proper", "officer", "was", "rude", "-", "'", "Janet", "Samuel", "clerks", "office", "of", "works"]
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 9)))
        one_by_one = [m.group(0) for _, p in reader._named for m in p.finditer(text)]
        assert bool(reader.mentions(text)) == bool(one_by_one), text
