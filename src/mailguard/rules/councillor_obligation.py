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
from collections.abc import Callable
from dataclasses import dataclass

from mailguard.directory import Party
from mailguard.facts import BARE_YES, MessageFacts
from mailguard.nlp import BindingSentence
from mailguard.ownwords import PARAGRAPH_BREAK, TO_THE_READER
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
    generator though"); what another body undertakes ("The Appeal will pay the £240 hire") and a paragraph
    sending the bill to the writer's business are left out; a bare "Yes please do" answering an outsider's
    priced offer is judged as the acceptance it is. All of this is decided before the detector is asked
    (the yes through the rewording), so that model train's realistic floor still sees every question the
    rule asks.
    """
    voice = council_voice(ctx.directory.council.name)
    text = _without_paid_elsewhere(facts.own_statements, voice, ctx)
    sentences = ctx.nlp.sentences(text)
    if political_group_release(facts.body.own_text) or any(voice.writes_apart(s) for s in sentences):
        kept = [s for s in sentences if voice.names_this_council(s) and not voice.writes_apart(s)]
        if not kept:
            return []
        text = "\n\n".join(kept)
    elif any(voice.another_body_acts(s) for s in sentences):
        text = _without_other_bodies(text, voice, ctx)
    reword = _YesToTheOffer(ctx.directory.as_judged) if facts.answers_an_offer else ctx.directory.as_judged
    return ctx.nlp.binding_sentences(text, reword=reword)


@dataclass(frozen=True)
class _YesToTheOffer:
    """Judges a bare yes with what it answers: "Yes please do, looks great!" under a contractor's "we could
    re-seed the goalmouths for £380 + VAT - want me to do it?" is judged as the acceptance it is (the
    evidence still quotes the councillor's words). Hashable, so both rules asking share one judgement."""

    reword: Callable[[str], str]

    def __call__(self, sentence: str) -> str:
        return _ACCEPTED if BARE_YES.match(sentence.strip()) else self.reword(sentence)


_ACCEPTED = "Yes please, we accept your offer."


_WE = re.compile(r"^(?:we|we'll|we're|we've|we'd|our|us)\b", re.IGNORECASE)


def _without_other_bodies(text: str, voice: CouncilVoice, ctx: RuleContext) -> str:
    """The text without what another body undertakes: "The Association will find host families ... We'll meet
    the coach at the car park" (the twinning association's chair writing for it: blind set AA). A sentence
    with another body as its subject, and the "we" sentences after it in its paragraph, are that body's; the
    rest of the message is still read, and a sentence naming this council always is."""
    out = []
    for para in PARAGRAPH_BREAK.split(text):
        kept, theirs = [], False
        for sentence in ctx.nlp.sentences(para):
            if voice.names_this_council(sentence):
                theirs = False
            elif voice.another_body_acts(sentence):
                theirs = True
                continue
            elif theirs and _WE.match(sentence) and not TO_THE_READER.search(sentence):
                continue   # "... We'll meet the coach" (not "We will pay you the £850 - please start on Monday")
            else:
                theirs = False
            kept.append(sentence)
        out.append(" ".join(kept))
    return "\n\n".join(out)


_PAYER = re.compile(r"\b(?:invoice|bill|charge|account)", re.IGNORECASE)


def _without_paid_elsewhere(text: str, voice: CouncilVoice, ctx: RuleContext) -> str:
    """The own text without a paragraph that sends the bill to the writer's other business ("Can you do the
    roadside hedge on Monday. Flail as usual and invoice the farm as normal."): that paragraph is the
    business's order; the rest of the message is still read, unless it never names this council ("Please go
    ahead with the deep clean at Gull Cottage ... Invoice Harbourside Lets as usual": blind set X)."""
    if not _PAYER.search(text):
        return text
    out, changed, bare = [], False, True
    for para in PARAGRAPH_BREAK.split(text):
        if not _PAYER.search(para):
            out.append(para)   # most paragraphs: no sentence splitting here
            continue
        sentences = ctx.nlp.sentences(para)
        billed = [voice.paid_elsewhere(ctx.directory.as_judged(s)) for s in sentences]
        if any(billed):
            # Only what still names this council is read ("... the town council will pay for the generator").
            changed = True
            bare = bare and all(billed)
            para = " ".join(s for s, paid in zip(sentences, billed, strict=True)
                            if not paid and voice.names_this_council(s) and not voice.writes_apart(s))
        out.append(para)
    if changed and bare and not voice.names_this_council(text):
        # A paragraph of its own sends the bill elsewhere ("Invoice Harbourside Lets as usual.") and the council
        # is never named: the whole message is that business's (not when the bill is one job among others).
        return ""
    return "\n\n".join(out) if changed else text


def _who(parties: list[Party]) -> str:
    if len(parties) == 1:
        return parties[0].describe()
    return f"{len(parties)} people outside the council"


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
