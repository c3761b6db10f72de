"""silent-bcc: no silent copies of an officer's correspondence with a councillor.

Model protocol (Leigh-on-Sea §6, Grantham "Correspondence"): correspondence between an individual
councillor and an officer should not normally be copied by the officer to another councillor; where
it is, "it should be made clear at the foot of any e-mails if another councillor has received an
e-mail by adding 'CC councillor X'".

Fires when an officer writes to at least one councillor (To/Cc) and another councillor receives a
blind copy that the text does not disclose. Not findings: a councillor in visible Cc; a blind copy to
the visible councillor's own other address; blind copies sent by a councillor; blind copies to
officers or third parties; an office mass mailing with every councillor in Bcc (no councillor is a
visible correspondent there).
"""

from __future__ import annotations

import re

from mailguard.config import Person
from mailguard.directory import Directory
from mailguard.facts import MessageFacts
from mailguard.rules.base import Hit, Rule, RuleContext

_COPY_CUE = re.compile(
    r"(?<![\w-])(?:cc|c\.c\.?|cc'?d|cc'?ed|ccs|bcc|b\.c\.c\.?|bcc'?d|bcc'?ed|copied|copying|"
    # "copy" the noun names a document ("a certified copy of your photo ID", "a copy of the agenda"),
    # not a recipient; "a copy of this e-mail goes to ..." still discloses.
    r"(?:copy|copies)(?!\s+of\s+(?!(?:this|these|it)\b|(?:my|your|our|the|this|that|his|her|their)\s+"
    r"(?:[\w'-]+\s+)?(?:e-?mails?|messages?|repl(?:y|ies)|letters?|correspondence|thread|chain|above|below)\b))|"
    r"also\s+sent|sent\s+also|also\s+going\s+to|shared\s+with|forwarded\s+to|blind[- ]copied|"
    r"(?:has|have)\s+(?:also\s+)?(?:received|been\s+sent|had)\s+(?:a\s+copy|this|it)|also\s+receiv(?:ed|es|ing)|"
    r"(?:is|are)\s+(?:also\s+)?(?:in\s+copy|on\s+copy|receiving\s+(?:a\s+copy|this)))(?![\w-])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_REGION_LINES = 6


class SilentBcc(Rule):
    id = "silent-bcc"
    title = "No silent copies of officer-councillor correspondence"
    enforces = "Correspondence, para 1: no \u201csilent copies\u201d; add \u201cCC councillor X\u201d at the foot"
    default_action = "quarantine"
    actions = ("warn", "quarantine", "block", "fix", "off")

    def applies(self, facts: MessageFacts) -> bool:
        return bool(facts.blind) and any(p.is_councillor for p in facts.visible)

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        if not facts.sent_by_officer:
            return []
        visible_people = {p.person for p in facts.visible if p.person is not None}
        visible_councillors = [p for p in facts.visible if p.is_councillor and p.person is not None]
        blind: dict[Person, str] = {}
        for party in facts.blind:
            if party.is_councillor and party.person is not None and party.person not in visible_people:
                blind.setdefault(party.person, party.address.address)
        if not blind:
            return []
        disclosed = disclosed_councillors(facts, ctx.directory)
        undisclosed = [(person, addr) for person, addr in blind.items() if person not in disclosed]
        if not undisclosed:
            return []
        names = _join([f"Cllr {p.name}" for p, _ in undisclosed])
        correspondents = _join([f"Cllr {p.person.name}" for p in visible_councillors if p.person is not None])
        lines = _join([f"\u201cCC Councillor {p.name.split()[-1]}\u201d" for p, _ in undisclosed])
        verb = "receives" if len(undisclosed) == 1 else "receive"
        explanation = (f"{names} {verb} a blind copy of this officer's e-mail to {correspondents}, and the e-mail "
                       f"does not say so; add {lines} at its foot.")
        evidence = tuple(f"blind copy to {addr} (Cllr {p.name})" for p, addr in undisclosed)
        evidence += (f"visible correspondent: {correspondents}",)
        return [Hit(explanation, evidence, fix_data={"undisclosed": [p.name for p, _ in undisclosed]})]


def disclosed_councillors(facts: MessageFacts, directory: Directory) -> set[Person]:
    """Councillors the sender's own text says were copied in ("CC Cllr Smith", "copied to the Chair")."""
    found: set[Person] = set()
    texts = [facts.body.own_lines]
    if facts.html_body is not facts.body:
        texts.append(facts.html_body.own_lines)
    for lines in texts:
        for region in _copy_regions(lines):
            if _all_councillors_copied(region):
                found.update(directory.councillors)
            for hit in directory.find_names(region, loose=True):
                found.add(hit.person)
            for addr in _EMAIL.findall(region):
                person = directory.person_for(addr)
                if person is not None:
                    found.add(person)
    return {p for p in found if p.is_councillor}


def _all_councillors_copied(region: str) -> bool:
    """ "cc all councillors", "All members, the RFO etc. have been copied", "Copied to: / ... / All councillors":
    in the sentence (or list) that holds a copy cue, not anywhere in a paragraph typed as one line ("... so it has
    to go to Full Council on Monday. cc Cllr Kenyon" copies Kenyon alone: blind set AG). "Full Council" is a
    meeting as often as an audience, so it counts only right beside the cue ("cc Full Council")."""
    for m in _COPY_CUE.finditer(region):
        ends = [e.end() for e in _SENTENCE_END.finditer(region) if e.end() <= m.start()]
        after = _SENTENCE_END.search(region, m.end())
        start, stop = ends[-1] if ends else 0, after.start() + 1 if after else len(region)
        if _ALL_MEMBERS.search(region, start, stop):
            return True
        beside = region[max(start, m.start() - _BESIDE): min(stop, m.end() + _BESIDE)]
        if _FULL_COUNCIL.search(beside):
            return True
    return False


#: Where a sentence ends: a stop and a capital after it, not an abbreviation ("incl.", "etc.", "Cllr.", "i.e.").
_SENTENCE_END = re.compile(r"(?<!\bincl)(?<!\betc)(?<!\bcllr)(?<!\bcllrs)(?<!\bi\.e)(?<!\be\.g)(?<!\bmr)"
                           r"(?<!\bmrs)(?<!\bdr)(?<!\bst)(?<!\bno)[.?!;]\s+"
                           r"(?=(?-i:[A-Z])|cc\b|c\.c\.|copied\b|copying\b)", re.IGNORECASE)
_ALL_MEMBERS = re.compile(r"\ball\s+(?:(?:town|parish|other|fellow)\s+)?(?:councillors|cllrs|members)\b|"
                          r"\ball\s+council\s+members\b|\bevery\s+councillor\b", re.IGNORECASE)
_FULL_COUNCIL = re.compile(r"\bfull\s+council\b", re.IGNORECASE)
_BESIDE = 20


def _copy_regions(lines: list[str]) -> list[str]:
    """Each line with a copy cue, plus the lines that continue it (a "CC:" list over several lines)."""
    regions = []
    for i, line in enumerate(lines):
        m = _COPY_CUE.search(line)
        if not m:
            continue
        region = [line]  # the whole line: "Cllr Jones is copied for information" names before the cue
        for follow in lines[i + 1: i + 1 + _REGION_LINES]:
            if not follow.strip():
                break
            region.append(follow)
        regions.append("\n".join(region))
    return regions


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
