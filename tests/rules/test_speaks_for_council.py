"""councillor-speaks-for-council: a councillor writing in the council's name, and what is not that.

Written from Leigh-on-Sea §6 para 2 ("official letters or emails on behalf of the council should
normally be sent out under the name of the officer [...] e.g. representations to a Government
Minister [...] over the name of the chair") and principal council 5.3.9.1 (Cabinet Members may
communicate with the media and local groups).
"""

from __future__ import annotations

import pytest

from mailguard.runtime import build_engine
from tests.conftest import (
    BAKER,
    BAKER_GMAIL,
    CLERK,
    EXAMPLE,
    JOURNALIST,
    ONEILL,
    RESIDENT,
    SHAH,
    SMITH,
    SMITH_BT,
    council_dir,
    evaluate,
    mail,
    rules_fired,
)

RULE = "councillor-speaks-for-council"
PLANNING = "Planning Services <planning@ashforddc.gov.uk>"
MINISTER = "Office of the Minister for Local Government <ministerial.correspondence@communities.gov.uk>"
BUSCO = "Customer Relations <customer.relations@vectabus.co.uk>"
DEVELOPER = "Mill Lane Homes <enquiries@milllanehomes.co.uk>"


def _hits(verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.rule == RULE]


# ----------------------------------------------------------------------------- positives

def test_councillor_objects_on_behalf_of_the_council_to_the_planning_authority(check):
    body = ("Dear Sir or Madam,\n\nPlanning application 24/00412/FUL - land north of Mill Lane\n\n"
            "I am writing on behalf of Ashford Parva Town Council to object to this application. The site lies "
            "outside the settlement boundary and the access onto Mill Lane is unsafe.\n\n"
            "Yours faithfully,\n\nCllr Anne Smith\nVice-Chair, Ashford Parva Town Council\n")
    [f] = _hits(check(mail(SMITH_BT, PLANNING, body, subject="Objection - 24/00412/FUL")))
    assert f.action == "warn" and f.clause == "Leigh-on-Sea protocol §6 Correspondence, para 2"
    assert "Anne Smith" in f.explanation and "planning@ashforddc.gov.uk" in " ".join(f.evidence)
    assert any("on behalf of Ashford Parva Town Council" in e for e in f.evidence)


def test_chair_states_the_councils_position_to_the_mast_operator(check):
    body = ("Dear Sir or Madam,\n\nThe Town Council objects to the mast in its proposed location next to the "
            "primary school, and asks you to look again at the old depot site.\n\nRegards,\nTom Baker\n")
    [f] = _hits(check(mail(BAKER, "Site Acquisitions <siteacquisition@masts-uk.co.uk>", body, subject="Mast")))
    assert "The Town Council objects" in " ".join(f.evidence)


def test_the_council_formally_objects_even_to_a_personal_mailbox(check):
    body = ("Dear Mr Hale,\n\nThe Town Council wishes to formally register its objection to the loss of the "
            "hedgerow.\n\nTom Baker\n")
    assert _hits(check(mail(BAKER, "Ray Hale <rayhale.builder@gmail.com>", body)))


def test_thanks_on_behalf_of_the_council_to_the_press(check):
    body = ("Hi,\n\nCould you include this in Thursday's paper? On behalf of the town council, I'd like to thank "
            "everyone who helped at the summer fun day, which raised over £2,000 for the scout hut.\n\n"
            "Priya Shah\n")
    assert _hits(check(mail(SHAH, JOURNALIST, body, subject="Fun day thanks")))


def test_for_and_on_behalf_of_under_the_signature(check):
    body = ("Dear Sir,\n\nThe withdrawal of the 42 service on Sundays has left the village with no public "
            "transport to the hospital. We would urge you to reconsider before the timetable change in "
            "September.\n\nYours faithfully,\n\nGareth Jones\nFor and on behalf of Ashford Parva Town Council\n")
    [f] = _hits(check(mail("Gareth Jones <garethjones.ap@outlook.com>", BUSCO, body, subject="Route 42")))
    assert any("For and on behalf of Ashford Parva Town Council" in e for e in f.evidence)


def test_committee_chair_from_the_clerks_mailbox_to_county_highways(check):
    body = ("Dear Highways team,\n\nAs Chair of the Planning Committee, I am writing to ask that the 20mph limit "
            "on Church Street be extended to the school gates before September.\n\nKind regards,\n\n"
            "Cllr Margaret O'Neill\nChair, Planning Committee\n")
    [f] = _hits(check(mail(CLERK, "highways@ashfordcc.gov.uk", body, subject="Church Street speed limit")))
    assert "O'Neill" in f.explanation and "signed off" in " ".join(f.evidence)


def test_we_the_town_council_to_a_developer(check):
    body = ("Dear Mr Hale,\n\nWe, the town council, strongly object to the loss of the hedgerow along the "
            "footpath and ask that it is kept in the revised layout.\n\nTom Baker\nChairman\n")
    assert _hits(check(mail(BAKER_GMAIL, DEVELOPER, body, subject="Hedgerow at Mill Lane")))


def test_the_councils_position_is_in_html_only_mail(check):
    html = ("<p>Dear Mr Hale,</p><p>The council's position is that the footpath across the field must remain "
            "open while the works are carried out.</p><p>Regards,<br>Cllr Priya Shah</p>")
    assert _hits(check(mail(SHAH, DEVELOPER, html=html, html_only=True, subject="Footpath FP12")))


def test_chair_representation_to_a_non_government_body_is_not_excepted(check):
    body = ("Dear Ms Ward,\n\nI am writing on behalf of Ashford Parva Town Council to ask the trust to keep the "
            "village surgery open on Saturday mornings.\n\nYours sincerely,\nCllr Tom Baker\nChair\n")
    [f] = _hits(check(mail(BAKER, "Practice Manager <manager@ashfordsurgery.nhs.net>", body)))
    assert "not covered by the configured exceptions: chair writing to *.gov.uk" in " ".join(f.evidence)


@pytest.mark.parametrize("sentence", [
    "Ashford Parva Town Council has considered this application and objects on the grounds of overlooking.",
    "The Town Council would be delighted to take a stand at the county show again this year.",
    "The council is concerned about parking on match days and asks that you remind members to use the overflow "
    "car park.",
])
def test_the_councils_stance_to_an_organisation(check, sentence):
    body = f"Dear Sir or Madam,\n\n{sentence}\n\nRegards,\nAnne Smith\n"
    assert _hits(check(mail(SMITH_BT, "Secretary <secretary@ashfordrugby.co.uk>", body)))


@pytest.mark.parametrize("sentence", [
    "This is the Town Council's response to the consultation.",
    "I write as Mayor of Ashford Parva to ask you to reconsider the layout.",
    "On behalf of the council, I'd like to apologise for the disruption caused by the works on the green.",
])
def test_explicit_representation_to_anyone(check, sentence):
    body = f"Dear Mrs Green,\n\n{sentence}\n\nTom Baker\n"
    assert _hits(check(mail(BAKER, RESIDENT, body)))


def test_asking_the_recipient_to_record_the_councils_response_is_councillor_obligations_finding(check):
    # Blind set AM: "Please record the parish council's response as 'no objection'" instructs the planning
    # authority on the council's behalf; the commitment rule has it, and this rule leaves such mail to it.
    body = "Dear Mrs Green,\n\nPlease accept this as the Town Council's response to the consultation.\n\nTom Baker\n"
    verdict = check(mail(BAKER, RESIDENT, body))
    assert "councillor-obligation" in {f.rule for f in verdict.findings} and not _hits(verdict)


# ----------------------------------------------------------------------------- not findings

def test_chair_to_a_government_minister_is_the_protocols_exception(check):
    body = ("Dear Minister,\n\nI am writing on behalf of Ashford Parva Town Council to ask you to reconsider the "
            "withdrawal of rural bus funding, which leaves 400 residents without a service.\n\n"
            "Yours sincerely,\n\nCllr Tom Baker\nChair, Ashford Parva Town Council\n")
    assert not _hits(check(mail(BAKER, MINISTER, body, subject="Rural bus funding")))


def test_telling_a_constituent_what_the_council_thinks(check):
    body = ("Hi Pat,\n\nThe town council supports the idea of a speed camera on Church Street, so I'd encourage "
            "you to come to the meeting on the 12th and speak in public participation.\n\nAnne\n")
    assert not _hits(check(mail(SMITH_BT, RESIDENT, body)))


def test_committee_chair_thanks_a_resident(check):
    body = ("Dear Mrs Green,\n\nAs chair of the planning committee I'd like to thank you for your clear "
            "presentation, which members found very helpful.\n\nMargaret O'Neill\n")
    assert not _hits(check(mail(ONEILL, RESIDENT, body)))


def test_councillors_own_view_to_the_press(check):
    body = ("Hello,\n\nPersonally I think the car park charges are a mistake, and I will be arguing against them "
            "at the next meeting.\n\nCllr Tom Baker\n")
    assert not _hits(check(mail(BAKER, JOURNALIST, body)))


def test_reporting_a_decision_and_leaving_the_letter_to_the_clerk(check):
    body = ("Dear Mrs Green,\n\nThe council objected to the application at its meeting on 3 May, and the clerk "
            "has written to the planning officer setting out the reasons. The minutes are on the website.\n\n"
            "Best wishes,\nCllr Anne Smith\n")
    assert not _hits(check(mail(SMITH_BT, RESIDENT, body)))


def test_asking_the_clerk_to_respond_on_behalf_of_the_council(check):
    body = ("Dear Mr Hale,\n\nThank you for the revised plans. I have asked the clerk to respond on behalf of the "
            "council once the planning committee has met on 14 June.\n\nRegards,\nPriya Shah\n")
    assert not _hits(check(mail(SHAH, DEVELOPER, body)))


def test_writing_in_a_personal_capacity(check):
    body = ("Dear Sir or Madam,\n\nI am writing in a personal capacity as a resident of Mill Lane, not on behalf "
            "of the town council. I object to this application because of the traffic it will bring.\n\n"
            "Anne Smith\n")
    assert not _hits(check(mail(SMITH_BT, PLANNING, body)))


def test_ward_councillor_advocacy(check):
    body = ("Dear Mrs Green,\n\nAs your ward councillor I have raised the flooding on Orchard Way with the county "
            "highways team and will let you know what they say.\n\nGareth\n")
    assert not _hits(check(mail("Gareth Jones <garethjones.ap@outlook.com>", RESIDENT, body)))


def test_a_commitment_is_councillor_obligations_finding_not_this_one(check):
    body = ("Dear Dave,\n\nOn behalf of the council, I can confirm we will pay your invoice for the fence repairs "
            "by the end of the month.\n\nCheers,\nTom\n")
    v = check(mail(BAKER_GMAIL, "Dave Hughes <dave@hughesfencing.co.uk>", body))
    assert "councillor-obligation" in rules_fired(v) and not _hits(v)


def test_officers_letter_on_behalf_of_the_council(check):
    body = ("Dear Sir or Madam,\n\nI am writing on behalf of Ashford Parva Town Council to object to application "
            "24/00412/FUL.\n\nYours faithfully,\n\nJane Doe\nTown Clerk and Proper Officer\n")
    assert not _hits(check(mail(CLERK, PLANNING, body)))


def test_internal_mail_asking_the_clerk_to_write(check):
    body = "Jane,\n\nCould you write to the planners on behalf of the council objecting to Mill Lane?\n\nTom\n"
    assert not _hits(check(mail(BAKER, [CLERK, SMITH], body)))


def test_on_behalf_of_the_council_only_in_quoted_text(check):
    body = ("Thanks Jane, that's very clear.\n\nTom\n\nOn 3 May 2024, at 10:02, Mrs P. Green "
            "<pgreen1957@yahoo.co.uk> wrote:\n> Are you writing on behalf of the council or yourself?\n"
            "> The council objects to everything, it seems.\n")
    assert not _hits(check(mail(BAKER, RESIDENT, body)))


def test_a_briefing_the_councillor_hands_over_is_not_their_voice(check):
    body = ("Dear Sir or Madam,\n\nResidents asked me where the council stands on the mast. This is what we "
            "were told:\n\nThe Town Council objects to the mast in its proposed location.\n\nI will keep "
            "residents posted.\n\nTom Baker\n")
    assert not _hits(check(mail(BAKER, "Site Acquisitions <siteacquisition@masts-uk.co.uk>", body)))
    own = body.replace("This is what we were told:\n\n", "")
    assert _hits(check(mail(BAKER, "Site Acquisitions <siteacquisition@masts-uk.co.uk>", own)))


def test_district_councillor_is_not_ours(check):
    body = ("Dear Sir,\n\nI am writing on behalf of the council to object.\n\nCllr Bob Harris\nDistrict "
            "Councillor\n")
    assert not _hits(check(mail("bob.harris@ashforddc.gov.uk", DEVELOPER, body)))


# ----------------------------------------------------------------------------- exceptions from config

@pytest.fixture(scope="module")
def principal_engine(tmp_path_factory):  # type: ignore[no-untyped-def]
    council = (EXAMPLE / "council.yaml").read_text().replace(
        "  - name: Priya Shah\n    role: councillor\n",
        "  - name: Priya Shah\n    role: councillor\n    offices: [cabinet-member]\n")
    policy = ("protocol: leigh-on-sea\nrules:\n  councillor-speaks-for-council:\n    exceptions:\n"
              "      - offices: [cabinet-member, leader]\n        why: 5.3.9.1 Cabinet members and the media\n")
    return build_engine(council_dir(tmp_path_factory.mktemp("principal"), policy, council))


def test_cabinet_member_to_the_media_is_excepted_by_configuration(principal_engine):
    body = ("Hello,\n\nThe council welcomes the new cycle path, which opens on Monday.\n\nCllr Priya Shah\n"
            "Cabinet Member for Transport\n")
    assert not _hits(evaluate(principal_engine, mail(SHAH, JOURNALIST, body)))


def test_other_councillors_are_not_covered_by_the_cabinet_exception(principal_engine):
    body = "Hello,\n\nThe council welcomes the new cycle path, which opens on Monday.\n\nCllr Margaret O'Neill\n"
    assert _hits(evaluate(principal_engine, mail(ONEILL, JOURNALIST, body)))
