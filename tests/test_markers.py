"""Confidentiality markings versus passing mentions and disclaimers."""

from __future__ import annotations

import pytest

from mailguard.markers import body_markers, header_markers, subject_markers


@pytest.mark.parametrize("subject", [
    "CONFIDENTIAL: staffing", "Re: staffing - confidential", "Private & Confidential", "[OFFICIAL-SENSITIVE] grievance",
    "RESTRICTED - audit findings", "Not for onward circulation: budget", "Staffing (in confidence)",
    "Fwd: RESTRICTED: staffing", "FW: Re: grievance hearing RESTRICTED",
    # a capitalised subject that opens with its marking, forwarded or not
    "Re: OFFICIAL SENSITIVE ENFORCEMENT CASE 23/004", "Fwd: RESTRICTED STAFFING REVIEW", "Fwd: TOP SECRET",
    "RESTRICTED STAFFING REVIEW", "Re: OFFICIAL SENSITIVE ACCESS REVIEW",
])
def test_subject_markings(subject):
    assert subject_markers(subject)


@pytest.mark.parametrize("subject", [
    "Confidential waste collection", "Restricted byway 7 closure", "RESTRICTED BYWAY 7 CLOSURE",
    # blind set AK: a forward's "Fwd: FW:" in front of a capitalised subject does not make "RESTRICTED" a marking
    "Fwd: FW: RESTRICTED BYWAY 7 (RAVENSGILL LANE) - TEMPORARY CLOSURE", "Re: SECRET SANTA at the depot",
    "FW: RESTRICTED PARKING on Mill Lane",
    "Confidentiality policy review", "I'm confident about Friday", "Confidential reporting (whistleblowing) policy",
])
def test_subject_non_markings(subject):
    assert not subject_markers(subject)


@pytest.mark.parametrize("lines", [
    ["CONFIDENTIAL", "", "Dear Tom,"],
    ["Dear Tom,", "", "I am sharing this with you in confidence because it concerns staff."],
    ["Please treat this as confidential."],
    ["Not for onward circulation"],
    ["*** PRIVATE AND CONFIDENTIAL ***"],
    ["OFFICIAL-SENSITIVE"],
    ["Dear Tom, this information is strictly confidential to councillors."],
    ["Please keep this confidential."],
    ["Please treat the attached as confidential information."],
    ["Please treat these confidential papers with care and don't pass them on."],
])
def test_body_markings(lines):
    assert body_markers(lines)


@pytest.mark.parametrize("lines", [
    ["I'm confident the works will finish."],
    ["The confidentiality policy is on the agenda."],
    ["Please put out the confidential waste."],
    ["The footpath is a restricted byway."],
    ["Regards", "Jane", "", "This e-mail and any attachments are confidential and intended solely for the use of the "
     "individual to whom it is addressed. If you have received it in error please notify the sender."],
    ["CONFIDENTIALITY NOTICE: The information in this e-mail is confidential and may be legally privileged. It is "
     "intended solely for the addressee."],
    # an agenda item about confidential papers is about them, not a marking of this mail (blind set Y)
    ["Item 11: Confidentiality policy. The draft covers how councillors should handle confidential papers, so "
     "please do read it."],
    ["Councillors must keep confidential information safe."],
])
def test_body_non_markings(lines):
    assert not body_markers(lines)


def test_sensitivity_and_label_headers():
    assert header_markers([("Sensitivity", "Company-Confidential")])
    assert header_markers([("msip_labels", "MSIP_Label_abc_Enabled=true; MSIP_Label_abc_Name=Confidential;")])
    assert not header_markers([("msip_labels", "MSIP_Label_abc_Name=Public;")])
    assert not header_markers([("X-Priority", "1")])


def test_the_paragraph_prefilter_admits_every_marking_the_patterns_can_find():
    """body_markers skips paragraphs without one of _MAY_BE_MARKED's words: each pattern's words are in it."""
    from mailguard import markers

    samples = ["Private & confidential", "STRICTLY PRIVATE", "in the strictest confidence", "not for wider sharing",
               "not to be forwarded outside", "not for publication", "for your eyes only", "please don't pass this on",
               "do not  disclose the details to anyone", "keep it to yourself", "between ourselves", "- confidential, ",
               "OFFICIAL-SENSITIVE", "TOP SECRET", "[restricted]", "this report is to be kept confidential",
               "treat it as strictly confidential", "confidential to members", "shared with you confidentially",
               "not to be circulated further", "not for onward transmission"]
    patterns = [markers._PHRASES, markers._CONFIDENTIAL_WORD, markers._CLASSIFICATION, markers._CLASSIFICATION_LABEL,
                markers._DECLARES_CONFIDENTIAL]
    for text in samples:
        assert any(p.search(text) for p in patterns), text
        assert markers._MAY_BE_MARKED.search(text), text


@pytest.mark.parametrize("text", [
    "Please do\n  not forward", "DON'T SHARE THIS", "Kind regards, Jane", "The contractor starts on Monday.",
    "between", "nothing here at all", "do not", "do\tnot", "Strictly", "naïve but private", "ſtrictly",
    "OFFICIAL SENSITIVE", "eyes", "donot", "",
])
def test_the_fast_prefilter_agrees_with_the_pattern(text):
    from mailguard import markers

    assert markers._may_be_marked(text) == bool(markers._MAY_BE_MARKED.search(text))


def test_a_denied_marking_is_not_a_marking():
    """Blind set O: the clerk's briefing says "None of this is confidential - ... so do share it"."""
    from mailguard.markers import body_markers

    assert body_markers(["The fees go up in June. None of this is confidential - the borough is writing to all "
                         "traders this week - so do share it."]) == []
    assert body_markers(["The fees go up in June. This is confidential until the borough writes to traders."])
