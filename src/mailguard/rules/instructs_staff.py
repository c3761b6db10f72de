"""instructs-staff: councillors don't give the clerk's staff instructions directly.

Model protocol (Leigh-on-Sea §3.3, Grantham "Some general principles"): "Communications should be
made directly with the Proper Officer, unless it is agreed by the Proper Officer that such
communication may take place directly with other officers over a particular matter. Councillors
should not give instructions directly to the Proper Officer's staff without the express approval of
the Proper Officer." Halewood 3.2(a): "any direction or assigning of tasks to individual staff
members is avoided (these must be made through the appropriate line management process)".

Fires on mail in a councillor's name addressed to a member of staff other than the clerk (role
``officer``: To, or Cc when the greeting names them) whose own text assigns them work
(:mod:`mailguard.tasks`); a request for information is not an instruction. Not findings: mail to the
clerk (the clerk in To means the instruction goes through the clerk); mail sent from the clerk's
own mailbox; text saying the clerk has approved or asked for it ("as agreed with Jane", "Jane has
asked me to ..."); councillors holding an office the council exempts (``exempt_offices``, e.g.
Cabinet Members under principal council 5.3.4.4). Copying the clerk is not the clerk's *express
approval*, so by default it does not excuse the instruction; ``clerk_copy_is_approval: true``
makes it do so for councils whose practice is otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mailguard.config import Person
from mailguard.cues import normalise
from mailguard.directory import Party
from mailguard.facts import MessageFacts
from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.rules.options import OptionProblem, check_bool, check_offices, str_list
from mailguard.tasks import Task, read

_CLERK_TITLES = (r"(?:the\s+|our\s+)?(?:town\s+|parish\s+|village\s+|city\s+)?clerk|(?:the\s+)?proper\s+officer|"
                 r"(?:the\s+)?town\s+manager|(?:the\s+)?chief\s+executive")
_APPROVED = (r"(?:agreed|approved|okayed|ok'?d|cleared|authori[sz]ed|signed\s+(?:it\s+|this\s+)?off|"
             r"given\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:ok|okay|go-?ahead|green\s+light|approval|blessing)|"
             r"asked\s+(?:me|us)\s+to|asked\s+(?:that|if|whether)\s+(?:you|i)|wants?\s+(?:you|me)\s+to|"
             r"would\s+like\s+(?:you|me)\s+to|(?:is|was)\s+(?:happy|fine|ok|okay|content)\s+(?:for|with|that)|"
             r"said\s+(?:it's|it\s+is|that's|that\s+is|you\s+can|you\s+could)|suggested)")
_NEGATED = re.compile(r"n't\b|\b(?:not|never|no|yet\s+to)\b", re.IGNORECASE)


class InstructsStaff(Rule):
    id = "instructs-staff"
    title = "Councillors don't give the clerk's staff instructions"
    enforces = ("Some general principles: councillors should not give instructions directly to the Proper "
                "Officer's staff without the express approval of the Proper Officer")
    default_action = "warn"
    options = ("exempt_offices", "clerk_copy_is_approval")

    def validate_options(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        problems = []
        if "exempt_offices" in options:
            problems += check_offices(options["exempt_offices"], ("exempt_offices",))
        if "clerk_copy_is_approval" in options:
            problems += check_bool(options["clerk_copy_is_approval"], ("clerk_copy_is_approval",))
        return problems

    def applies(self, facts: MessageFacts) -> bool:
        return any(_is_staff(p) for p in facts.visible)

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        named = facts.councillor_in_name
        if named is None or (facts.sender is not None and _is_clerk(facts.sender)):
            return []
        councillor, how = named
        if set(councillor.offices) & set(str_list(ctx.options, "exempt_offices")):
            return []
        if any(_is_clerk(p) for p in facts.to):
            return []  # written to the clerk: the instruction goes through the Proper Officer
        copied_clerk = [p for p in facts.cc + facts.blind if _is_clerk(p)]
        if copied_clerk and ctx.options.get("clerk_copy_is_approval", False):
            return []
        staff = _addressed_staff(facts)
        if not staff:
            return []
        sentences = list(ctx.nlp.sentences(facts.content_text))
        approval = _clerk_approval(ctx.directory.council.people)
        if any(approval.search(normalise(s)) and not _negated(approval, s) for s in sentences):  # approved
            return []
        found: list[Task] = [t for s in sentences if (t := read(s)) is not None]
        if not found:
            return []
        clerk = _clerk_name(ctx.directory.council.people)
        names = " and ".join(p.person.name for p in staff if p.person is not None)
        explanation = (f"This e-mail in the name of Cllr {councillor.name} gives work directly to {names}, of the "
                       f"clerk's staff (\u201c{_clip(found[0].text)}\u201d); instructions to staff should go "
                       f"through the clerk{f' ({clerk})' if clerk else ''} or have the clerk's express approval.")
        evidence = tuple(f"\u201c{t.text}\u201d" for t in found)
        evidence += (f"to {', '.join(p.describe() for p in staff)} (staff, not the clerk)",
                     f"in the name of Cllr {councillor.name} ({how})")
        if copied_clerk:
            evidence += (f"the clerk is only copied ({copied_clerk[0].describe()}), which is not approval",)
        return [Hit(explanation, evidence)]


def _is_staff(party: Party) -> bool:
    """A member of the clerk's staff: an officer in the directory who is not the clerk."""
    return party.is_officer and party.person is not None and party.person.role == "officer"


def _is_clerk(party: Party) -> bool:
    return party.person is not None and party.person.role == "clerk"


def _addressed_staff(facts: MessageFacts) -> list[Party]:
    """Staff in To, or in Cc when the greeting names them ("Sam, could you ...")."""
    seen: dict[str, Party] = {}
    for p in facts.to:
        if _is_staff(p):
            seen.setdefault(p.key, p)
    if seen:
        return list(seen.values())
    first = next((ln for ln in facts.content_text.splitlines() if ln.strip()), "")
    for p in facts.cc:
        if _is_staff(p) and p.person is not None and _names_in(p.person, first):
            seen.setdefault(p.key, p)
    return list(seen.values())


def _names_in(person: Person, line: str) -> bool:
    first = person.name.split()[0]
    return bool(re.search(rf"(?<![\w'-]){re.escape(first)}(?![\w'-])", line)) or person.name in line


def _clerk_approval(people: tuple[Person, ...]) -> re.Pattern[str]:
    """"as agreed with Jane", "the clerk has asked me to ...", "with the Clerk's approval"."""
    names = [re.escape(n) for p in people if p.role == "clerk" for n in (*p.names, p.name.split()[0])]
    clerk = "|".join([_CLERK_TITLES, *names])
    return re.compile(
        rf"(?P<who>\b(?:{clerk}))\b(?P<between>[^.;!?]{{0,80}}?)\b(?:has\s+|have\s+|had\s+)?{_APPROVED}\b|"
        rf"\b(?:as\s+(?:discussed\s+and\s+)?agreed\s+with|with\s+the\s+(?:agreement|approval|blessing|ok|okay|consent)"
        rf"\s+of|(?:cleared|agreed|checked|okayed)\s+(?:this|it|that)\s+with|at\s+the\s+request\s+of|on\s+behalf\s+of)"
        rf"\s+(?:{clerk})\b|\b(?:{clerk})'s\s+(?:approval|agreement|request|instructions?|ok|okay|go-?ahead|blessing)\b",
        re.IGNORECASE)


def _negated(pattern: re.Pattern[str], sentence: str) -> bool:
    """"Jane hasn't agreed to this", "not yet cleared with the clerk": an approval that is not one."""
    text = normalise(sentence)
    m = pattern.search(text)
    return m is not None and bool(_NEGATED.search(text[max(0, m.start() - 20):m.end()]))


def _clerk_name(people: tuple[Person, ...]) -> str:
    return next((p.name for p in people if p.role == "clerk"), "")


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
