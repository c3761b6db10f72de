"""The sign-off: the name that closes the sender's own text.

The protocol asks in whose *name* mail goes out. That is the name under the valediction ("Kind
regards, / Cllr Tom Baker"), not the From address (councillors send from the clerk's mailbox and
from personal accounts), and not whatever names a signature block lists underneath (a clerk's footer
often lists the Chair and Vice-Chair; a letterhead lists every member). So we look for the closing:
a valediction, then the first name-like line after it; failing that, a final short block whose first
line names someone in the directory; failing that, the first line after a "-- " delimiter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailguard import cues
from mailguard.config import Person
from mailguard.directory import Directory
from mailguard.segment import paragraph_spans

_VALEDICTION = re.compile(
    r"^\s*(?:(?:with|very|kind(?:est)?|best|warm(?:est)?|many|warm|all\s+the|yours|most|sincere|"
    r"regards|thanks|again)\s+)*"
    r"(?P<word>regards|rgds|kind regards|wishes|best wishes|thanks|thank you|thanks again|many thanks|ta|cheers|"
    r"sincerely|faithfully|truly|best|love|respectfully|take care|speak soon|all the best|yours|"
    r"yours sincerely|yours faithfully|yours truly|yours aye|warmly|with thanks|"
    # Welsh: "Diolch (yn fawr)", "Cofion (cynnes/gorau)", "Yn gywir", "Pob hwyl", "Gyda diolch"
    r"diolch(?:\s+yn\s+fawr)?|cofion(?:\s+(?:cynnes|gorau))?|(?:yr\s+eiddoch\s+)?yn\s+gywir|(?:pob\s+)?hwyl(?:\s+fawr)?|"
    r"gyda\s+(?:diolch|dymuniadau\s+gorau))\b"
    r"(?:\s+(?:so|very)\s+much|\s+a\s+(?:lot|million|bunch)|\s+in\s+advance|\s+indeed|\s+again|\s+(?:all|everyone|"
    r"both|folks))?\b"
    r"[\s,.!:;-]*(?P<rest>.*?)\s*$",
    re.IGNORECASE,
)
_MOBILE = re.compile(r"^\s*(sent from my|sent from outlook|get outlook for|sent from mail for|sent via)\b", re.I)
_SIG_DELIMITER = re.compile(r"^--\s?$")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.?|(?:cllr|cllr\.|councillor|mr|mrs|ms|dr|de|van|von|da|le|la)"
                        r"|&|and|[|,/–-])$", re.UNICODE)
_MAX_TAIL_LINES = 25


@dataclass(frozen=True)
class SignOff:
    name_line: str              # the line as written, e.g. "Cllr Tom Baker"
    person: Person | None       # who it names, if they are in the directory
    valediction: str            # "Kind regards", or "" when the closing had none
    content_end: int            # own-text lines before this index are the message proper
    title_line: str = ""        # the line after the name ("Chair, Ashford Parva TC"), if any


def find_signoff(own_lines: list[str], directory: Directory) -> SignOff | None:
    lines = [ln.rstrip() for ln in own_lines]
    divider, pasted = next(((i, kind == "pasted") for i, line in enumerate(lines) for kind in _divider_kind(line)),
                           (None, False))
    if divider is not None and divider > 0:
        # A draft pasted below the message for someone else to sign ("-- DRAFT --" ... "Cllr Rosalind
        # Amery / Town Mayor"), or a document pasted below the signature (a press release, a minute): the
        # sender's own closing is above it (blind set U; held-out split test20), if it closes some text
        # ("Thanks Dave," opening the message above "Proposed:" closes nothing).
        above = _find_signoff(lines[:divider], directory)
        below = _find_signoff(lines[divider + 1:], directory) if pasted else None
        if below is not None and above is not None and below.name_line == above.name_line:
            above = None   # the sender writes again below what they pasted, and signs again: all of it is theirs
        if above is not None and above.name_line and above.content_end > 0:
            return above
    return _find_signoff(lines, directory)


#: A line that introduces a draft for someone else to sign or send: "-- DRAFT --", "*** Draft letter ***",
#: "Draft reply:", "Suggested wording:", "PROPOSED RESPONSE".
_DRAFT_DIVIDER = re.compile(
    r"^\s*(?:[-=*_~#]{2,}\s*)?(?:(?:draft|proposed|suggested)(?:\s+(?:letter|reply|response|wording|text|e-?mail|"
    r"statement|press\s+release|notice))?|(?:letter|reply|response|wording|text|e-?mail|statement)\s+(?:for\s+your\s+"
    r"signature|to\s+sign))(?:\s*(?:[-=*_~#]{2,}|:))?\s*$", re.IGNORECASE)

#: A line that introduces a document pasted in below the sender's signature, the council's or another's words
#: rather than the sender's: "PRESS RELEASE - 3 April 2025", "-------- Copied from draft minutes --------",
#: "Extract from draft minutes, Lower Heyford Parish Council, 12 March 2025" (held-out split test20). Only
#: read below a closing that names the sender, so a heading inside the message itself changes nothing.
_PASTED_DIVIDER = re.compile(
    r"^\s*(?:[-=*_~#]{2,}\s*)?(?:(?:copied|pasted|taken)\s+from\b.{0,60}|(?:an?\s+)?(?:extract|excerpt)s?\s+from\b.{0,60}|"
    r"from\s+the\s+(?:draft\s+|approved\s+|signed\s+|unapproved\s+)?minutes\b.{0,60}|minutes?\s+(?:extract|excerpt)s?\b.{0,40}|"
    r"(?:press|news|media)\s+(?:release|statement)\b.{0,60}|public\s+notice\b.{0,40})\s*(?:[-=*_~#]{2,}|:)?\s*$",
    re.IGNORECASE)



def _divider_kind(line: str) -> tuple[str, ...]:
    """("draft",) or ("pasted",) for a line that introduces someone else's text, else (); drafts are headed by
    short lines ("-- DRAFT --"), pasted documents may name their source ("Extract from draft minutes, ...")."""
    if len(line) <= 60 and _DRAFT_DIVIDER.match(line):
        return ("draft",)
    if len(line) <= 80 and _PASTED_DIVIDER.match(line):
        return ("pasted",)
    return ()


def _find_signoff(lines: list[str], directory: Directory) -> SignOff | None:
    end = _end_of_closing(lines)
    start = max(0, end - _MAX_TAIL_LINES)
    # 1. A valediction, searched from the bottom up.
    for i in range(end - 1, start - 1, -1):
        m = _VALEDICTION.match(lines[i])
        if not m or len(lines[i]) > 80:
            continue
        rest = m.group("rest").strip(" ,.-")
        if rest and not is_name_like(rest):
            continue
        if rest:
            if _prose_below(lines, i + 1, end):
                continue   # "Thanks so much Dave." opening the message, not closing it
            title = _next_nonblank(lines, i + 1, end)
            return _make(rest, title, m.group(0).strip(), i, directory)
        j = _next_nonblank_index(lines, i + 1, min(end, i + 4))
        if j is not None and is_name_like(lines[j]) and not _prose_below(lines, j + 1, end):
            title = _next_nonblank(lines, j + 1, end)
            return _make(lines[j].strip(), title, lines[i].strip(), i, directory)
        if j is None:
            return SignOff(name_line="", person=None, valediction=lines[i].strip(), content_end=i)
    # 2. A "-- " signature delimiter: its first line is the name.
    for i in range(end - 1, start - 1, -1):
        if _SIG_DELIMITER.match(lines[i]):
            j = _next_nonblank_index(lines, i + 1, end)
            if j is not None and is_name_like(lines[j]):
                return _make(lines[j].strip(), _next_nonblank(lines, j + 1, end), "", i, directory)
            return None
    # 3. No valediction: a final short block whose first line names someone we know, or is just a
    #    first name ("Geoff") closing the message.
    block_start = end
    while block_start > start and lines[block_start - 1].strip():
        block_start -= 1
    block = [ln for ln in lines[block_start:end] if ln.strip()]
    if 0 < len(block) <= 4 and is_name_like(block[0]) and block_start > 0:
        person = _person_in(block[0], directory)
        if person is None and len(block) > 1:
            person = _full_name_under(block[0], block[1], directory)   # "Tom" / "Cllr Tom Baker"
        if person is not None or (len(block) == 1 and len(block[0].split()) <= 2):
            return _above_block(lines, start, block_start, person, block) or SignOff(
                name_line=block[0].strip(), person=person, valediction="", content_end=block_start,
                title_line=block[1].strip() if len(block) > 1 else "")
    # 4. No valediction, and the mailbox's own signature block last ("Harriet Pengelly / Town Mayor"
    #    typed above the clerk's automatic footer), or a full signature block (name, title, council,
    #    address, telephone, web): the first block in the tail that starts by naming someone.
    for para_start, para_end in paragraph_spans(lines, start, end):
        para = lines[para_start:para_end]
        if para_start > 0 and is_name_like(para[0]) and (len(para) <= 4 or _is_signature_block(para)):
            person = _person_in(para[0], directory)
            if person is not None:
                return _above_block(lines, start, para_start, person, para) or SignOff(
                    name_line=para[0].strip(), person=person, valediction="", content_end=para_start,
                    title_line=para[1].strip() if len(para) > 1 else "")
    return None


_SIGNATURE_LINES = 10


def _prose_below(lines: list[str], first: int, end: int) -> bool:
    """Running text below a closing candidate ("Thanks so much Dave." / "That all looks fine - please go
    ahead ..."): the candidate opened the message. Signature and contact lines are not prose."""
    for line in lines[first:end]:
        text = line.strip()
        if _SIG_DELIMITER.match(line):
            return False   # a "-- " footer below the signature (a Welsh-language welcome, a notice)
        if text.startswith("(") and text.endswith(")") and _is_a_note(text[1:-1]):
            continue       # a note on the signature: "(looking after the clerk's inbox while Helen is on leave)"
        if len(text.split()) >= 7 and re.search(r"[a-z]{2}[,;:]?\s+[a-z]{2,}\s+[a-z]", text) \
                and not is_contact_line(text) and not text.startswith(">"):
            return True
    return False


def _is_a_note(text: str) -> bool:
    """A bracketed line that only annotates the signature: not a postscript, and nothing in it binds anyone
    ("(PS - please go ahead and start the hedge on Monday, the council will pay your invoice.)" is the message)."""
    if _POSTSCRIPT.match(text):
        return False
    cue = cues.read(text)
    return cue is None or not cue.binding


_POSTSCRIPT = re.compile(r"\s*p\.?\s*p?\.?\s*s\b", re.IGNORECASE)


def _is_signature_block(block: list[str]) -> bool:
    """A name's block of contact details: short lines, none of them running prose, at least one of
    them a telephone number, an e-mail or web address or a postal address (a list of names is not
    a signature)."""
    return len(block) <= _SIGNATURE_LINES and any(is_contact_line(line) for line in block) and all(
        len(line.strip()) <= 90 and len(line.split()) <= 14 and not re.search(r"[a-z]{2}[.!?]\s+[A-Z]", line)
        for line in block)


_CONTACT_LABEL = re.compile(r"^\s*(?:t|tel|telephone|phone|m|mob|mobile|f|fax|e|e-?mail|w|web|website|office|"
                            r"direct(?:\s+line)?)\s*[:.]", re.IGNORECASE)
_CONTACT_TOKEN = re.compile(r"https?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\(?\+?\d[\d ()-]{8,}\d")
_POSTCODE_AT_END = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\W*$")   # case-sensitive: "AS9 4QP"


def is_contact_line(line: str) -> bool:
    """A line of contact details: "Tel: 01632 960418", "www.x-pc.gov.uk", "clerk@x-pc.gov.uk",
    "The Parish Office, Church Street, Ashcombe AS9 4QP" — labelled, or hardly more than the number
    or address itself; not a sentence that mentions a phone call or an e-mail."""
    text = line.strip()
    if not text or len(text) > 120:
        return False
    if _CONTACT_LABEL.match(text) or _POSTCODE_AT_END.search(text):
        return True
    found = [m.group(0) for m in _CONTACT_TOKEN.finditer(text)]
    if not any(sum(c.isdigit() for c in t) >= 9 or not t[0].isdigit() for t in found):
        return False   # "Votes: 5 4 3 2 1" is not a telephone number
    rest = _CONTACT_TOKEN.sub(" ", text)
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 5     # "Office hours: Mon-Thu 9-1 | www.x.gov.uk"


def _above_block(lines: list[str], start: int, block_start: int, person: Person | None,
                 block: list[str]) -> SignOff | None:
    """ "Joanna" on its own line, then the signature block of Joanna Pettifer: the lone first name is
    the sign-off, and the message proper ends above it (not above the signature block)."""
    spans = paragraph_spans(lines, start, block_start)
    if not spans or person is None:
        return None
    first, past = spans[-1]
    if past - first != 1 or first == 0:
        return None
    word = lines[first].strip().strip(",.")
    if len(word.split()) != 1 or not is_name_like(word):
        return None
    if word.lower() not in {n.split()[0].lower() for n in person.names}:
        return None
    return SignOff(name_line=word, person=person, valediction="", content_end=first,
                   title_line=block[1].strip() if len(block) > 1 else "")


def _end_of_closing(lines: list[str]) -> int:
    """Where the closing ends: before trailing blank lines, "Sent from my iPhone" and disclaimers."""
    from mailguard.markers import is_disclaimer  # noqa: PLC0415

    end = len(lines)
    while end:
        if not lines[end - 1].strip() or _MOBILE.match(lines[end - 1]):
            end -= 1
            continue
        para_start = end
        while para_start and lines[para_start - 1].strip():
            para_start -= 1
        if is_disclaimer(" ".join(s.strip() for s in lines[para_start:end])):
            end = para_start
            continue
        break
    return end


def _make(name_line: str, title_line: str, valediction: str, index: int, directory: Directory) -> SignOff:
    person = _person_in(name_line, directory)
    if person is None and title_line:
        # "Tom" + "Chair, Ashford Parva TC": the office held by one councillor identifies them.
        person = _office_holder(name_line, title_line, directory)
    if person is None and title_line:
        person = _full_name_under(name_line, title_line, directory)
    return SignOff(name_line=name_line, person=person, valediction=valediction, content_end=index,
                   title_line=title_line)


def _full_name_under(name_line: str, next_line: str, directory: Directory) -> Person | None:
    """ "Bernard" over "Cllr Bernard Kemp": the full name under a lone first name is the same person."""
    if len(name_line.split()) != 1:
        return None
    under = _person_in(next_line, directory)
    if under is not None and name_line.strip(",.").lower() in {n.split()[0].lower() for n in under.names}:
        return under
    return None


def _person_in(text: str, directory: Directory) -> Person | None:
    hits = directory.find_names(text)
    if not hits:
        return None
    first = min(hits, key=lambda h: h.start)  # "Tom Baker, on behalf of Jane Doe": the first name wins
    return first.person


def _office_holder(name_line: str, title_line: str, directory: Directory) -> Person | None:
    """ "Tom" over "Chair, Ashford Parva TC": the one holder of that office, if the first name fits."""
    for office, pattern in directory.office_patterns:
        if pattern.search(title_line):
            holders = directory.holders(office)
            if len(holders) == 1 and name_line.split()[0].lower() == holders[0].name.split()[0].lower():
                return holders[0]
    return None


#: "cc Cllr Frost" at the foot names a copy's recipient, and "Dear Kevin, Paul and Neil," the readers: not the
#: writer.
_COPY_LINE = re.compile(r"^\s*(?:b?cc|c\.c\.|b?cc'?d|copied(?:\s+to)?|copy(?:\s+to)?|copies(?:\s+to)?|dear|hi|"
                        r"hiya|hello|hey|morning|afternoon|evening|good\s+(?:morning|afternoon|evening)|attn|for\s+the\s+attention)"
                        r"\b[:,\s]", re.IGNORECASE)


def is_name_like(text: str) -> bool:
    if _COPY_LINE.match(text):
        return False
    words = re.split(r"\s+", text.strip().strip(",."))
    if not words or len(words) > 8 or len(text) > 70:
        return False
    if re.search(r"[?!]|https?://|@|\d{3}", text):
        return False
    caps = sum(1 for w in words if _NAME_WORD.match(w.strip(",.()")))
    return caps >= max(1, len(words) - 1)


def _next_nonblank_index(lines: list[str], i: int, end: int) -> int | None:
    while i < end:
        if lines[i].strip():
            return i
        i += 1
    return None


def _next_nonblank(lines: list[str], i: int, end: int) -> str:
    j = _next_nonblank_index(lines, i, min(end, i + 2))
    return lines[j].strip() if j is not None else ""
