"""councillor-obligation: councillors don't sign obligations.

Model protocol (Leigh-on-Sea §6, Grantham "Correspondence"): "Letters or emails which, for example,
create obligations or give instructions on behalf of the council should never be sent out in the
name of a councillor."

Fires on mail in a councillor's name (From is a councillor's address, or the sign-off names one) to
someone outside the council, whose own text (not quoted history) commits the council, accepts an
offer, or instructs an outsider on the council's behalf. Which sentences do that is decided by the
commitment detector (:mod:`mailguard.nlp`), sentence by sentence; each finding quotes them.

A councillor who also chairs a show committee, runs a business or writes as a resident books,
orders and promises in that other name every day, and says so when it matters ("please invoice the
Show and not the community council - we are separate bodies", "I write in a personal capacity"):
such a message creates no obligation of the council, so it is not held, except for any sentence
that still names this council ("the town council will pay for the generator though"). Only this
council counts as set aside ("the town council will pay, not the county council" is still held).
"""

from __future__ import annotations

import re

from mailguard.directory import Party
from mailguard.facts import MessageFacts
from mailguard.markers import is_disclaimer
from mailguard.nlp import BindingSentence
from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.voice import CouncilVoice, council_voice, political_group_release

_KIND_WORDS = {
    "commitment": "commits the council",
    "refrain": "commits the council",
    "grant": "gives the council's agreement",
    "acceptance": "accepts an offer for the council",
    "instruction": "gives an instruction on the council's behalf",
}


class CouncillorObligation(Rule):
    id = "councillor-obligation"
    title = "Councillors don't sign obligations or instructions"
    enforces = ("Correspondence, para 2: letters or e-mails that create obligations or give instructions on "
                "behalf of the council should never be sent out in the name of a councillor")
    default_action = "quarantine"

    def applies(self, facts: MessageFacts) -> bool:
        return bool(facts.outside_recipients)

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        named = facts.councillor_in_name
        if named is None:
            return []
        councillor, how = named
        binding = binding_in_own_text(facts, ctx)
        if not binding:
            return []
        outsiders = facts.outside_recipients
        kinds = []
        for b in binding:
            words = _KIND_WORDS.get(b.judgement.kind, "commits the council or instructs on its behalf")
            if words not in kinds:
                kinds.append(words)
        what = " and ".join(kinds) if kinds else "commits the council or instructs on its behalf"
        first = binding[0].text
        explanation = (f"This e-mail goes out in the name of Cllr {councillor.name} to "
                       f"{_who(outsiders)} and {what}: \u201c{_clip(first)}\u201d; such mail should be sent by "
                       f"an officer.")
        evidence = tuple(f"\u201c{b.text}\u201d" for b in binding)
        evidence += (f"in the name of Cllr {councillor.name} ({how})",
                     "to " + ", ".join(p.describe() for p in outsiders[:5]) + (" ..." if len(outsiders) > 5 else ""))
        return [Hit(explanation, evidence)]


def binding_in_own_text(facts: MessageFacts, ctx: RuleContext) -> list[BindingSentence]:
    """The sentences of the sender's own text that bind the council (also asked by speaks-for-council,
    which leaves such mail to this rule).

    A message that sets this council aside ("please invoice the Show and not the town council") has
    only its sentences that still name this council judged ("... the town council will pay for the
    generator though"). The choice is made before the detector is asked, so that model train's
    realistic floor still sees every question the rule asks.
    """
    voice = council_voice(ctx.directory.council.name)
    text = _without_paid_elsewhere(_without_reported_paragraphs(_without_notices(facts.content_text)), voice, ctx)
    sentences = ctx.nlp.sentences(text)
    if political_group_release(facts.body.own_text) or any(voice.writes_apart(s) for s in sentences):
        kept = [s for s in sentences if voice.names_this_council(s) and not voice.writes_apart(s)]
        if not kept:
            return []
        text = "\n\n".join(kept)
    return ctx.nlp.binding_sentences(text, reword=ctx.directory.as_judged)


#: A line that hands over to someone else's words: "This is what we were told:", "The clerk wrote:", "Here's
#: what the briefing says:". Not "I've been asked to tell you:" (the councillor passing the message on).
_REPORTED_INTRO = re.compile(
    r"(?:\b(?:we|i)\s+(?:were|was|have\s+been|'ve\s+been)\s+told|\b(?:the\s+)?(?:clerk|officer|officers|briefing|report|"
    r"minutes|email|e-mail|letter|statement)\s+(?:said|says|wrote|writes|told\s+us|told\s+me)|\bwhat\s+(?:the\s+)?"
    r"(?:clerk|officer|briefing|report|minutes)\s+(?:said|says|wrote|told\s+(?:us|me))|\b(?:straight\s+)?from\s+(?:the\s+)?"
    r"(?:clerk's|officer's|officers'|council's|borough's)\s+(?:briefing|report|update|note|e-?mail|letter))[^:\n]{0,40}:\s*$",
    re.IGNORECASE)
#: The councillor passing a message on, or their own words, not someone else's handed over: "I have been told
#: by the clerk to confirm the following:", "the clerk says I can let you know:", "the plan is:", "my letter".
_PASSED_ON = re.compile(r"\b(?:confirm|let\s+you\s+know|tell\s+you|i\s+can|so|plan|position|decision|my|our)\b",
                        re.IGNORECASE)
#: A paragraph speaking to the reader is the councillor's own ("please go ahead ...").
_TO_THE_READER = re.compile(r"\b(?:please|you|your)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PAYER = re.compile(r"\b(?:invoice|bill|charge|account)", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|me|my|we|we're|we've|we'll|us|our)\b", re.IGNORECASE)


def _without_reported_paragraphs(text: str) -> str:
    """The own text without the paragraphs that a line ending "... what we were told:" or "straight from
    the clerk's briefing:" hands over to (the first, and those after it with no first person in them):
    the councillor quoting a briefing binds no one (blind sets N and O; a leak is confidential-forward's
    to report)."""
    if ":" not in text:
        return text
    paragraphs = _PARAGRAPH_BREAK.split(text)
    kept: list[str] = []
    handed_over = 0   # paragraphs since the introducing line (0: not quoting)
    for para in paragraphs:
        if handed_over and not _TO_THE_READER.search(para) and (handed_over == 1 or not _FIRST_PERSON.search(para)):
            handed_over += 1   # the first paragraph, then any after it with no first person
            continue
        last_line = para.rstrip().rsplit("\n", 1)[-1]
        handed_over = 1 if _REPORTED_INTRO.search(last_line) and not _PASSED_ON.search(last_line) else 0
        kept.append(para)
    return "\n\n".join(kept) if len(kept) < len(paragraphs) else text


def _without_notices(text: str) -> str:
    """The own text without a legal notice the sign-off reader left in ("If you have received it in error
    please notify the sender and delete it", pasted with the clerk's signature block: blind set R)."""
    if "error" not in text and "intended" not in text:
        return text
    paragraphs = _PARAGRAPH_BREAK.split(text)
    kept = [p for p in paragraphs if not is_disclaimer(" ".join(p.split()))]
    return "\n\n".join(kept) if len(kept) < len(paragraphs) else text


def _without_paid_elsewhere(text: str, voice: CouncilVoice, ctx: RuleContext) -> str:
    """The own text without a paragraph that sends the bill to the writer's other business ("Can you do the
    roadside hedge on Monday. Flail as usual and invoice the farm as normal."): that paragraph is the
    business's order; the rest of the message is still read."""
    if not _PAYER.search(text):
        return text
    out, changed = [], False
    for para in _PARAGRAPH_BREAK.split(text):
        if not _PAYER.search(para):
            out.append(para)   # most paragraphs: no sentence splitting here
            continue
        sentences = ctx.nlp.sentences(para)
        if any(voice.paid_elsewhere(s) for s in sentences):
            # Only what still names this council is read ("... the town council will pay for the generator").
            changed = True
            para = " ".join(s for s in sentences if voice.names_this_council(s)
                            and not voice.paid_elsewhere(s) and not voice.writes_apart(s))
        out.append(para)
    return "\n\n".join(out) if changed else text


def _who(parties: list[Party]) -> str:
    if len(parties) == 1:
        return parties[0].describe()
    return f"{len(parties)} people outside the council"


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
