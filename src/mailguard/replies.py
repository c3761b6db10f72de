"""Replies written below or inside the history they answer.

Segmentation assumes top-posting: whatever follows an Outlook "From:/Sent:" block or a forward
separator is history. Two common habits break that, and with it the rules' view of what the sender
wrote (a councillor's "yes please go ahead, the council will pay" must not hide in the history):

- bottom-posting under an unquoted Outlook block: nothing above the history, the reply under the
  quoted message's own closing, signed with the sender's name;
- answering inline, announced in the own text ("answers below in caps", "answers in line below"),
  typed between the quoted questions in capitals or tagged with the sender's initials ("[SI] Yes - the
  council will supply the staging", "SI: yes") or bracketed first name ("[Steve] fine").

Both are recognised only on clear evidence: the sender's own name closing the tail, or the
announcement plus capitals or the sender's own tag. Otherwise the body is left as segmented.
"""

from __future__ import annotations

import re

from mailguard.markers import is_disclaimer
from mailguard.segment import Body, Embedded, paragraph_spans

_VALEDICTION = re.compile(r"^\s*(?:kind|best|warm|many|with)?\s*(?:regards|wishes|thanks|thank you|cheers|sincerely|"
                          r"faithfully|rgds|best)\b", re.IGNORECASE)
_HEADERISH = re.compile(r"^\s*(?:from|sent|to|cc|subject|date)\s*:", re.IGNORECASE)
_INLINE_ANNOUNCED = re.compile(
    r"\b(?:answers?|replies|responses?|comments?|notes?)\b.{0,40}?\b(?:below|inline|in\s+line|in\s+(?:caps|capitals|"
    r"upper\s*case|block\s+capitals|red|blue|green|bold))\b|\bin\s+(?:caps|capitals|upper\s*case)\s+below\b",
    re.IGNORECASE)
_MAX_TAIL_PARAGRAPHS = 8


def recover_replies(body: Body, sender_names: list[str]) -> Body:
    body = _recover_bottom_post(body, sender_names)
    return _recover_inline(body, sender_names)


def _names_sender(text: str, sender_names: list[str]) -> bool:
    lowered = " ".join(text.lower().split())
    return any(re.search(rf"(?<![\w'-]){re.escape(n.lower())}(?![\w'-])", lowered) for n in sender_names if n)


def _recover_bottom_post(body: Body, sender_names: list[str]) -> Body:
    if body.own_text.strip() or not body.embedded or not sender_names:
        return body
    last: Embedded = body.embedded[-1]
    lines = last.body.own_lines
    spans = paragraph_spans(lines)
    if len(spans) < 2:
        return body
    closing_start, closing_end = spans[-1]
    closing = lines[closing_start:closing_end]
    if len(closing) > 4 or not _names_sender(" ".join(closing), sender_names):
        return body
    quoted_sender = (last.sender.display if last.sender is not None else "") or ""
    if quoted_sender and _names_sender(quoted_sender, sender_names):
        return body  # the history is the sender's own earlier message, closing with their own name
    first = len(spans) - 1
    for k in range(len(spans) - 2, max(-1, len(spans) - 2 - _MAX_TAIL_PARAGRAPHS), -1):
        s, e = spans[k]
        para = lines[s:e]
        text = " ".join(p.strip() for p in para)
        if (any(_VALEDICTION.match(p) for p in para) or is_disclaimer(text) or any(_HEADERISH.match(p) for p in para)
                or (quoted_sender and _names_sender(text, [quoted_sender]))):
            break
        first = k
    if first == len(spans) - 1 and len(closing) == 1:
        return body  # only a name after the quoted closing: nothing written
    if first == 0:
        return body  # the whole quoted message would be "reply": the evidence is not clear
    cut = spans[first][0]
    body.own_lines = lines[cut:]
    last.body.own_lines = lines[:cut]
    return body


def _recover_inline(body: Body, sender_names: list[str]) -> Body:
    own = body.own_text
    if not body.embedded or not any(w in own.lower() for w in ("below", "inline", "in line", "caps", "capitals",
                                                                 "upper", "red", "blue", "green", "bold")) \
            or not _INLINE_ANNOUNCED.search(own):
        return body
    first = body.embedded[0]
    tag = _own_tag(sender_names)
    answers: list[str] = []   # one per answer: each is read on its own, not run into the next one
    kept: list[str] = []
    wrapping = False   # the last tagged answer was cut mid-sentence by the line's end
    in_capitals = False   # the last line was a line of a capitals answer (the next one may continue it)
    for line in first.body.own_lines:
        letters = [c for c in line if c.isalpha()]
        tagged = tag.match(line) if tag is not None else None
        if tagged is not None and tagged.group("answer").strip():
            answers.append(tagged.group("answer").strip())
            wrapping, in_capitals = not _ENDS_SENTENCE.search(answers[-1]), False
        elif wrapping and _CONTINUES.match(line):
            answers[-1] += " " + line.strip()
            wrapping = not _ENDS_SENTENCE.search(answers[-1])
        elif len(letters) >= 6 and len(line.split()) >= 2 and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
            if in_capitals:
                answers[-1] += "\n" + line
            else:
                answers.append(line)
            in_capitals = True
        else:
            kept.append(line)
            wrapping = in_capitals = False
    if answers:
        # Placed under the announcing line, above the sign-off, where the reader takes them to belong.
        at = next(i for i, line in enumerate(body.own_lines) if _INLINE_ANNOUNCED.search(line)) + 1 \
            if any(_INLINE_ANNOUNCED.search(line) for line in body.own_lines) else len(body.own_lines)
        separated = [line for answer in answers for line in ("", *answer.split("\n"))]
        body.own_lines = body.own_lines[:at] + separated + [""] + body.own_lines[at:]
        first.body.own_lines = kept
    return body


_ENDS_SENTENCE = re.compile(r"[.!?:)\"\u201d]\s*$")
#: The rest of a sentence wrapped onto the next line starts in lower case ("pay for the stage crew as well."),
#: a figure or a sum; a capital starts the quoted writer's next line ("Last thing, is there parking?").
_CONTINUES = re.compile(r"^\s*(?:[a-z0-9\u00a3$(&]|per\b)")
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*\u2022]|\(?[a-z]\))\s")
#: Capitals that are abbreviations, not anyone's initials ("NB: last year the council paid ...").
_NOT_INITIALS = frozenset(("NB", "PS", "PPS", "OK", "RE", "FW", "FWD", "AM", "PM", "CC", "BCC", "PP", "TBC", "TBA",
                           "FYI", "AOB", "ETA", "UK", "ASAP", "NA", "NO", "QA"))


def _own_tag(sender_names: list[str]) -> re.Pattern[str] | None:
    """How the sender marks their answers between quoted lines: initials or first name in brackets, or
    initials followed by a colon or dash ("[SI] yes", "[Steve] yes", "SI: yes", "SI - yes"). Initials
    must be in capitals, so "si: ..." in ordinary text does not count; a bare first name does not
    either ("Steve - can you confirm ...?" is the quoted writer addressing him)."""
    initials, firsts = set(), set()
    for name in sender_names:
        words = [w for w in re.split(r"[\s.]+", name) if w and w[0].isalpha()]
        if len(words) >= 2:
            initials.add("".join(w[0].upper() for w in words))
            initials.add(words[0][0].upper() + words[-1][0].upper())
        if words and len(words[0]) > 2:
            firsts.add(re.escape(words[0]))
    initials -= _NOT_INITIALS
    if not initials and not firsts:
        return None
    ini = "|".join(sorted(initials)) or "(?!)"
    first = "|".join(sorted(firsts)) or "(?!)"
    return re.compile(
        rf"^\s*(?:[\[(<]\s*(?:{ini}|(?i:{first}))\s*[\])>]\s*[:\-\u2013\u2014]?|\*\*(?:{ini})\*\*\s*[:\-\u2013]?|"
        rf"(?:{ini})\s*(?::|\s[\-\u2013\u2014])(?!\S*@))\s*(?P<answer>.*)$")
