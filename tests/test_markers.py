"""Confidentiality markings versus passing mentions and disclaimers."""

from __future__ import annotations

import pytest

from mailguard.markers import body_markers, header_markers, subject_markers


@pytest.mark.parametrize("subject", [
    "CONFIDENTIAL: staffing", "Re: staffing - confidential", "Private & Confidential", "[OFFICIAL-SENSITIVE] grievance",
    "RESTRICTED - audit findings", "Not for onward circulation: budget", "Staffing (in confidence)",
])
def test_subject_markings(subject):
    assert subject_markers(subject)


@pytest.mark.parametrize("subject", [
    "Confidential waste collection", "Restricted byway 7 closure", "RESTRICTED BYWAY 7 CLOSURE",
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
])
def test_body_non_markings(lines):
    assert not body_markers(lines)


def test_sensitivity_and_label_headers():
    assert header_markers([("Sensitivity", "Company-Confidential")])
    assert header_markers([("msip_labels", "MSIP_Label_abc_Enabled=true; MSIP_Label_abc_Name=Confidential;")])
    assert not header_markers([("msip_labels", "MSIP_Label_abc_Name=Public;")])
    assert not header_markers([("X-Priority", "1")])
