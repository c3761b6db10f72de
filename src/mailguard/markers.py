"""Confidentiality markings, told apart from the word "confidential" used in passing.

The protocol protects officer-to-councillor mail "marked confidential". A marking is a label on the
message: in the subject ("CONFIDENTIAL: staffing", "[OFFICIAL-SENSITIVE]"), on a line of its own at
the top or foot ("Private and Confidential", "Not for onward circulation"), in a sentence that says
so ("I'm sharing this with you in confidence", "please treat this as confidential"), or in a
header (Outlook's ``Sensitivity: Company-Confidential``, Microsoft Purview's ``msip_labels``, a
protective-marking header).

Not markings: "I'm confident", "the confidentiality policy", "confidential waste", "restricted byway
7", and above all the legal disclaimer many councils append to every e-mail ("This e-mail and any
attachments are confidential and intended solely for ..."). If the disclaimer counted, every forward
of any council mail would look like a breach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_A_MARKING_AFTER = (r"(?:waste|shredding|shred|bins?|sacks?|bags?|paper|disposal|reporting|hotline|helpline|"
                        r"counselling|advice\s+line|service|consultation\s+service)")
_CONFIDENTIAL_WORD = re.compile(rf"\bconfidential\b(?!\s+{_NOT_A_MARKING_AFTER}\b)(?!ity)", re.IGNORECASE)
_PHRASES = re.compile(
    r"\b(?:private\s*(?:and|&)\s*confidential|strictly\s+(?:private|confidential)|"
    r"in\s+(?:the\s+)?(?:strict(?:est)?\s+|complete\s+|absolute\s+)?confidence\b|"
    r"not\s+for\s+(?:onward|wider|further|general|public)\s+(?:circulation|distribution|transmission|sharing)|"
    r"not\s+(?:to\s+be\s+)?(?:circulated|shared|forwarded)\s+(?:further|beyond|outside|with\s+anyone)|"
    r"not\s+for\s+(?:circulation|distribution|publication)|for\s+your\s+eyes\s+only|"
    r"(?:please\s+)?(?:don't|do\s+not)\s+(?:pass|send)\s+(?:this|it|these)\s+on|"
    r"(?:please\s+)?(?:don't|do\s+not)\s+(?:share|forward|circulate|repeat|disclose)\s+(?:this|it|these|the\s+"
    r"(?:details|contents?|information))(?:\s+(?:with\s+anyone|further|outside|beyond|to\s+anyone))?\b|"
    r"keep\s+(?:this|it)\s+to\s+yourself|between\s+(?:you\s+and\s+me|ourselves)|"
    r"(?:^|[-\u2013:.!]\s*)confidential\s*[,:;\u2013-]\s)",
    re.IGNORECASE,
)
_CLASSIFICATION = re.compile(r"(?<![\w-])(?:OFFICIAL[- ]SENSITIVE|TOP SECRET|"
                             # a kind of way or area, not a marking: "RESTRICTED BYWAY 7", "RESTRICTED PARKING"
                             r"RESTRICTED(?!\s+(?:BYWAY|ROAD|ZONE|AREA|PARKING|ACCESS|HOURS|SPEED|WAITING|TRAFFIC)\b)|"
                             r"SECRET(?!\s+SANTA\b))(?![\w-])")
_CLASSIFICATION_LABEL = re.compile(
    r"(?:^|[\[(|:])\s*(?:official[- ]sensitive|restricted)\s*(?:$|[\])|:–—-])", re.IGNORECASE)
_DECLARES_CONFIDENTIAL = re.compile(
    r"\b(?:(?:this|the|my|our)\s+(?:\w+\s+){0,3}(?:is|are|remains?|must\s+remain|should\s+remain|must\s+be\s+kept|"
    r"should\s+be\s+kept|to\s+be\s+kept)\s+(?:strictly\s+|entirely\s+|completely\s+)?confidential|"
    # "treat this as confidential", "treat these confidential papers with care"; not "handle confidential papers"
    # or "keep confidential information safe", which speak of such papers in general
    r"(?:treat|treated|regard|regarded|keep|kept|hold|held|handle|handled)(?!\s+confidential\s+(?:papers?|documents?|"
    r"information|matters?|items?|business|material|records?|data|reports?|files?|correspondence|mail|e-?mails?)\b)"
    r"\s+(?:\w+\s+){0,4}?(?:as\s+)?(?:strictly\s+)?confidential|confidential\s+(?:to|between|for)\s+(?:you|us|councillors|members|"
    r"the\s+(?:council|councillors|members|committee))|shared?\s+(?:\w+\s+){0,3}(?:in\s+confidence|confidentially))",
    re.IGNORECASE,
)
_DISCLAIMER_CUES = re.compile(
    r"intended\s+(?:solely|only|exclusively)|intended\s+recipient|named\s+(?:recipient|addressee)|addressee|"
    r"received\s+(?:this|it)\s+(?:e-?mail\s+|message\s+)?in\s+error|if\s+you\s+are\s+not\s+the|notify\s+the\s+sender|"
    r"unauthori[sz]ed|legally\s+privileged|views\s+(?:or\s+opinions\s+)?expressed|virus|monitored|disclaimer|"
    r"freedom\s+of\s+information|may\s+be\s+(?:subject|disclosed|monitored)|delete\s+(?:it|this)|destroy\s+(?:it|this)|"
    r"any\s+attachments?\s+(?:are|is|may)|the\s+information\s+(?:contained|in\s+this)|confidentiality\s+notice",
    re.IGNORECASE,
)
_CONFIDENTIAL_OR_PRIVILEGED = re.compile(r"confidential|privileged", re.IGNORECASE)
#: A word that every marking pattern above needs (a superset: _PHRASES, _CONFIDENTIAL_WORD,
#: _CLASSIFICATION(_LABEL) and _DECLARES_CONFIDENTIAL cannot match a text without one of these).
#: One search per paragraph instead of several per line; tests/test_markers.py checks the patterns.
_MAY_BE_MARKED = re.compile(
    r"confiden|private|strictly|circul|distribut|transmission|shar|forward|publication|eyes|n't|n\u2019t|"
    r"do\s+not|yourself|between|secret|restricted|sensitive", re.IGNORECASE)
_MARKING_WORDS = ("confiden", "private", "strictly", "circul", "distribut", "transmission", "shar", "forward",
                  "publication", "eyes", "n't", "yourself", "between", "secret", "restricted", "sensitive")
_DO_NOT = re.compile(r"do\s+not")
#: "None of this is confidential - do share it": the words of a marking, denied.
_NEGATED = re.compile(r"\b(?:none|nothing|no\s+part|neither)\s+(?:of|in)\s+$", re.IGNORECASE)


def _may_be_marked(text: str) -> bool:
    """``_MAY_BE_MARKED.search(text)``, by substring search when the text is ASCII (a regular
    expression with many alternatives tries each at every position: ten times slower)."""
    if not text.isascii():
        return _MAY_BE_MARKED.search(text) is not None
    low = text.lower()
    return any(w in low for w in _MARKING_WORDS) or ("not" in low and _DO_NOT.search(low) is not None)


_SENSITIVITY_HEADER = re.compile(r"sensitivity|classification|protective-?marking|msip_labels|security-label",
                                 re.IGNORECASE)
_SENSITIVITY_VALUE = re.compile(r"confidential|official[- _]sensitive|restricted|secret|\bprivate\b", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    """Where the marking was found and the words that make it one (the evidence a clerk sees)."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: \u201c{self.text}\u201d"


_REPLY_PREFIXES = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|tr|sv|vs|antw|ynt|ateb)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def subject_markers(subject: str) -> list[Marker]:
    if not subject:
        return []
    # An all-capitals subject makes every word look like a marking; "Fwd: FW:" in front does not make it quieter.
    bare = _REPLY_PREFIXES.sub("", subject).strip()
    shouting = bare.upper() == bare
    patterns = [_PHRASES, _CONFIDENTIAL_WORD, _CLASSIFICATION_LABEL]
    if not shouting:
        patterns.append(_CLASSIFICATION)
    if any(p.search(subject) for p in patterns) or (shouting and _CLASSIFICATION.match(bare)):
        return [Marker("subject", subject.strip())]
    return []


def header_markers(headers: list[tuple[str, str]]) -> list[Marker]:
    found = []
    for name, value in headers:
        if _SENSITIVITY_HEADER.search(name) and _SENSITIVITY_VALUE.search(value):
            if name.lower() == "msip_labels" and not re.search(r"_Name=[^;]*(confidential|sensitive|restricted|secret)",
                                                               value, re.I):
                continue
            found.append(Marker(f"{name} header", value.strip()[:120]))
    return found


def body_markers(lines: list[str]) -> list[Marker]:
    """Markings in a body's own lines; disclaimer paragraphs are skipped, so are passing mentions."""
    found: list[Marker] = []
    if not _may_be_marked("\n".join(lines)):
        return found   # none of the words any marking needs, anywhere
    for para in _paragraphs(lines):
        text = " ".join(s.strip() for s in para)
        if not _may_be_marked(text):
            continue   # none of the words any marking needs: most paragraphs of most mail
        if is_disclaimer(text):
            continue
        for line in para:
            stripped = line.strip().strip("*_#=").strip()
            if not stripped:
                continue
            marker = _line_marker(stripped)
            if marker:
                found.append(Marker("text", marker))
        if not found or found[-1].text not in text:
            m = _PHRASES.search(text) or _DECLARES_CONFIDENTIAL.search(text)
            if m and not _NEGATED.search(text, max(0, m.start() - 20), m.start()):
                found.append(Marker("text", _sentence_around(text, m.start(), m.end())))
    return _dedupe(found)


def _line_marker(line: str) -> str | None:
    """A line that is a marking by itself: short, and mostly the label."""
    words = line.split()
    if len(words) > 12:
        return None
    if _CLASSIFICATION_LABEL.search(line) or (_CLASSIFICATION.search(line) and len(words) <= 3):
        return line
    if _PHRASES.search(line):
        return line
    m = _CONFIDENTIAL_WORD.search(line)
    if m and (len(words) <= 4 or re.match(r"^\W*confidential\b", line, re.I)):
        if re.search(r"\b(?:i'?m|i\s+am|we\s+are|we're)\s+confident", line, re.I):
            return None
        return line
    return None


def is_disclaimer(text: str) -> bool:
    """The legal notice appended to every e-mail: mentions confidentiality alongside its tell-tale phrases."""
    return (len(text) > 60 and _CONFIDENTIAL_OR_PRIVILEGED.search(text) is not None
            and _DISCLAIMER_CUES.search(text) is not None)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("! ", 0, start), text.rfind("? ", 0, start))
    left = left + 2 if left >= 0 else 0
    right_candidates = [i for i in (text.find(". ", end), text.find("! ", end), text.find("? ", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    sentence = text[left:right].strip()
    return sentence if len(sentence) <= 240 else sentence[:237] + "..."


def _dedupe(markers: list[Marker]) -> list[Marker]:
    seen: set[str] = set()
    out = []
    for m in markers:
        if m.text not in seen:
            seen.add(m.text)
            out.append(m)
    return out
