"""public-criticism: concerns about an officer are raised in private, not with the press or public.

Model protocol (Leigh-on-Sea §2.5, Grantham "The Relationship: General"): "Councillors should not
raise matters relating to the conduct or capability of an officer, or officers collectively, [...]
at meetings held in public or on social media. [...] An officer has no means of responding to
criticisms like this in public." A councillor unhappy with an officer should "ensure that any
criticism is made in private" and "take up the concern with the chair". Principal council 5.3.3.3:
"No member or officer shall criticise or otherwise undermine the other at Council or other public
meetings"; concerns go to the relevant Director or the Chief Executive.

E-mail is public when it goes to the press or the public (any third party), or to a mass list
(``mass_recipients`` distinct recipients or more, default 10). Fires on such mail in a councillor's
name whose own text criticises the conduct or capability of an officer of this council
(:mod:`mailguard.criticism`). Not findings: a complaint sent privately to the clerk or chair (inside
the council, few recipients); a formal complaint to the monitoring officer or standards committee
(``private_recipients``, address patterns, default ``monitoring*@*`` and ``standards*@*``); praise;
criticism of decisions or policy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mailguard.criticism import Criticism, officer_reader
from mailguard.directory import Party
from mailguard.facts import MessageFacts
from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.rules.options import OptionProblem, address_matches, check_address_globs, check_int

DEFAULT_MASS_RECIPIENTS = 10
DEFAULT_PRIVATE_RECIPIENTS = ("monitoring*@*", "standards*@*")
_PRIVATE_NAME = re.compile(r"\bmonitoring\s+officer\b|\bstandards\s+(?:committee|team|officer)\b", re.IGNORECASE)
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|fw|fwd)\s*:", re.IGNORECASE)


class PublicCriticism(Rule):
    id = "public-criticism"
    title = "Criticism of an officer is made in private"
    enforces = ("The Relationship: General: councillors should not raise the conduct or capability of an officer in "
                "public; any criticism should be made in private")
    default_action = "warn"
    options = ("mass_recipients", "private_recipients")

    def validate_options(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        problems = []
        if "mass_recipients" in options:
            problems += check_int(options["mass_recipients"], ("mass_recipients",), minimum=2)
        if "private_recipients" in options:
            problems += check_address_globs(options["private_recipients"], ("private_recipients",))
        return problems

    def applies(self, facts: MessageFacts) -> bool:
        return bool(facts.third_parties) or len(facts.recipients) >= 2

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        named = facts.councillor_in_name
        if named is None:
            return []
        councillor, how = named
        audience = _public_audience(facts, ctx.options)
        if audience is None:
            return []
        sentences = list(ctx.nlp.sentences(facts.content_text))
        subject = facts.message.subject
        if subject and not _REPLY_SUBJECT.match(subject):
            sentences.insert(0, subject)
        found = officer_reader(ctx.directory.council.people).criticisms(sentences)
        if not found:
            return []
        whom = _officer_label(found[0])
        explanation = (f"This e-mail in the name of Cllr {councillor.name} goes to {audience} and criticises the "
                       f"conduct or capability of {whom} (\u201c{_clip(found[0].text)}\u201d); concerns about an "
                       f"officer should be raised in private, where the officer can respond.")
        evidence = tuple(f"\u201c{c.text}\u201d ({_officer_label(c)}: \u201c{c.words}\u201d)" for c in found)
        evidence += (f"in the name of Cllr {councillor.name} ({how})", f"to {audience}")
        return [Hit(explanation, evidence)]


def _public_audience(facts: MessageFacts, options: Mapping[str, Any]) -> str | None:
    """Who makes this mail public (third parties, or a mass list), described; None if it is private."""
    globs = tuple(options.get("private_recipients", DEFAULT_PRIVATE_RECIPIENTS))
    public = [p for p in facts.third_parties if not _private_channel(p, globs)]
    sender = facts.sender.key if facts.sender is not None else ""
    distinct = {p.key for p in facts.recipients if p.key != sender}
    mass = int(options.get("mass_recipients", DEFAULT_MASS_RECIPIENTS))
    if len(distinct) >= mass:
        return f"{len(distinct)} recipients" + (f", {len(public)} outside the council" if public else "")
    if not public:
        return None
    shown = ", ".join(p.describe() for p in public[:3]) + (" ..." if len(public) > 3 else "")
    return f"{shown}, outside the council"


def _private_channel(party: Party, globs: tuple[str, ...]) -> bool:
    """The monitoring officer or a standards committee: a formal, private route for a complaint."""
    return address_matches(party.address.address, globs) or bool(_PRIVATE_NAME.search(party.address.display))


def _officer_label(c: Criticism) -> str:
    if c.officer is not None:
        post = "the clerk" if c.officer.role == "clerk" else "an officer"
        return f"{c.officer.name} ({post})"
    return c.mention


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
