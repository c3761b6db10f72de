"""Exempt-information and internal-only markings: the labels on council papers that must stay inside.

Principal council 5.3.8.5: "Exempt or confidential information should not be disclosed to persons
outside the Council." Exempt information is a legal category (Local Government Act 1972, Schedule
12A): the "Part 2" items a committee takes with the press and public excluded. Council papers and
mail carry it as a label, and that label is what can be read:

- "PART 2 - EXEMPT", "Part II item", "Confidential appendix", "Exempt report";
- "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A ...";
- in a subject line, on a line of its own, or in an attachment's file name.

Not labels: a sentence that mentions exempt business without disclosing it ("the lease will be taken
in closed session, so I can't say more"), a refusal to share it, a Freedom of Information reply
explaining an exemption, and a press embargo ("not for publication until 00:01 Tuesday").

Internal-only markings ("not for onward circulation", "councillors only") say the text was meant for
the council's own people; they are read here too because, unlike a plain "Private and
Confidential" letter heading, they are never about the recipient's own affairs.
"""

from __future__ import annotations

import re

from mailguard.markers import Marker, _paragraphs, is_disclaimer

_P = re.IGNORECASE
_PART2 = r"part\s*(?:2|ii|two|b)"
EXEMPT = re.compile(
    rf"\b{_PART2}\s*(?:[-\u2013:]\s*)?(?:item|items|report|reports|paper|papers|agenda|minutes?|session|business|"
    rf"exempt|confidential|appendix|appendices|matters?|meeting)\b|\b(?:confidential|exempt|closed|private)\s*"
    rf"(?:[-\u2013:/]\s*)?{_PART2}\b|^\W*{_PART2}\W*$|^\W*{_PART2}\s*[-\u2013:]|\bexempt\s+(?:information|items?|reports?|papers?|appendix|"
    r"appendices|minutes?|business|matters?|from\s+publication|by\s+virtue|under\s+(?:paragraph|schedule|part))\b|"
    r"\bschedule\s*12\s*a\b|\bnot\s+for\s+publication\b(?!\s+(?:until|before))|\bconfidential\s+(?:items?|reports?|"
    r"papers?|appendix|appendices|annexe?|minutes?|agenda|briefing|session|business|committee\s+(?:reports?|papers?)|"
    r"staffing\s+(?:reports?|matters?))\b|\b(?:closed|private)\s+session\s+(?:items?|reports?|papers?|minutes?|"
    r"business)\b", _P)
INTERNAL_ONLY = re.compile(
    r"\bnot\s+for\s+(?:onward|wider|further|general|public|external)\s+(?:circulation|distribution|sharing)\b|"
    r"\bnot\s+to\s+be\s+(?:shared|circulated|forwarded|passed\s+on)\s+(?:outside|beyond)\b|"
    r"(?:^|[\[(:|\u2013-]\s*|\bfor\s+)(?:councillors?|members?)'?\s+(?:eyes\s+)?only\b|\binternal\s+(?:use\s+)?only\b|"
    r"\bnot\s+for\s+(?:circulation|distribution)\s+outside\b|\bOFFICIAL[- ]SENSITIVE\b", _P)
_NOT_A_LABEL = re.compile(
    r"\bexclude\s+the\s+(?:press|public)|admission\s+to\s+meetings|"  # a public agenda announcing a closed item
    r"\bembargo|\bfreedom\s+of\s+information\b|\bfoi\b|\beir\b|\benvironmental\s+information\s+regulations\b|"
    r"\bsection\s+\d+\s*\(\d\)", _P)
_REFUSAL = re.compile(
    r"(?:can't|cannot|can\s+not|unable\s+to|not\s+able\s+to|won't|will\s+not|not\s+allowed\s+to|not\s+permitted\s+to|"
    r"mustn't|must\s+not|couldn't|could\s+not)\s+(?:\w+\s+){0,3}?(?:share|disclose|release|discuss|say|tell|comment|"
    r"send|provide|give|go\s+into|pass|forward|reveal)\b|\bno\s+comment\b", _P)
_MAX_LABEL_WORDS = 14


def is_refusal(text: str) -> bool:
    """"I'm afraid it's confidential so I can't say more": a mention that withholds, not a disclosure."""
    return bool(_REFUSAL.search(text))


#: Every label contains one of these (lower case): a substring test rules out most lines cheaply.
_LABEL_WORDS = ("part", "exempt", "schedule", "publication", "confidential", "closed", "private")


def exempt_label(text: str) -> str | None:
    """The exempt-information label in a subject, a line or a file name, if it is one."""
    text = text.strip()
    lowered = text.lower()
    if not text or not any(w in lowered for w in _LABEL_WORDS):
        return None
    if _NOT_A_LABEL.search(text) or is_refusal(text):
        return None
    m = EXEMPT.search(text)
    return m.group(0) if m else None


def exempt_markers(subject: str, lines: list[str], attachment_names: tuple[str, ...] = ()) -> list[Marker]:
    """Exempt labels in the subject, on the body's own marking lines, and in attachment names."""
    found: list[Marker] = []
    if exempt_label(subject):
        found.append(Marker("subject", subject.strip()))
    for para in _paragraphs(lines):
        if is_disclaimer(" ".join(para)):
            continue
        for line in para:
            stripped = line.strip().strip("*_#=[]").strip()
            if _is_label_line(stripped):
                found.append(Marker("text", stripped))
    for name in attachment_names:
        if "/" not in name and exempt_label(re.sub(r"[_.]+", " ", name)):
            found.append(Marker("attachment", name))
    return found


def internal_only(text: str) -> bool:
    """A marking that says the text is for the council's own people."""
    return bool(INTERNAL_ONLY.search(text)) and not is_refusal(text)


def _is_label_line(line: str) -> bool:
    """Short and mostly the label, or a line that opens with it ("NOT FOR PUBLICATION by virtue of ...")."""
    if exempt_label(line) is None:
        return False
    words = line.split()
    if len(words) <= _MAX_LABEL_WORDS:
        return True
    m = EXEMPT.search(line)
    return m is not None and m.start() <= 3
