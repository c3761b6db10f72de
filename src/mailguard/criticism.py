"""Criticism of an officer's conduct or capability, told apart from criticism of decisions and policy.

The protocols protect officers from public criticism because "an officer has no means of responding
to criticisms like this in public" (Leigh-on-Sea §2.5, Grantham "The Relationship: General"); "no
member or officer shall criticise or otherwise undermine the other at Council or other public
meetings" (principal council 5.3.3.3). What they protect is the officer as a person doing a job, so
a sentence is criticism here when it

- names an officer of this council: by name ("Jane Doe", "Ms Doe", "Jane" where only one person in
  the directory has that first name), by post ("the clerk", "our RFO", "the assistant clerk"), or
  collectively ("council staff", "our officers"), or by "he"/"she" in the sentence after one that
  named a single officer; and
- says something about their conduct or capability attached to that mention: "incompetent", "not up
  to the job", "failed to publish the accounts", "lied to councillors", "should be sacked".

Not criticism: praise; criticism of a decision, policy or recommendation ("the decision to close the
toilets is a disgrace", "the clerk's recommendation is wrong-headed"); negated or defended ("the clerk
was not at fault", "it is unfair to blame Sam"); someone else's complaint reported ("you say the clerk
was rude"); criticism of contractors or other councils' officers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from mailguard.config import Person
from mailguard.cues import normalise

_P = re.IGNORECASE
_TOKEN = "officerx"
CUE = re.compile(
    r"\b(?:incompetent(?:ly)?|incompetence|inept(?:itude)?|useless|hopeless|clueless|lazy|laziness|rude(?:ness)?|"
    r"arrogan(?:t|ce)|dishonest(?:y)?|deceitful|obstructive|unprofessional(?:ly)?|negligen(?:t|ce)|incapable|"
    r"sloppy|shoddy|slapdash|amateurish|pathetic|disgraceful|appalling(?:ly)?|abysmal|shambolic|unhelpful|"
    r"disrespectful|untrustworthy|biased|partisan|corrupt|patronising|condescending|insubordinate|unacceptable|"
    r"woeful(?:ly)?|atrocious|a\s+(?:disgrace|joke|liability|liar|bully|shambles)|out\s+of\s+(?:her|his|their|its)\s+"
    r"depth|not\s+up\s+to\s+(?:the\s+job|it|scratch|standard|the\s+role)|not\s+fit\s+(?:for|to)|unfit\s+(?:for|to)|"
    r"no\s+idea\s+(?:what|how)|(?:doesn't|does\s+not|don't|do\s+not)\s+know\s+what\s+(?:she|he|they)(?:'s|\s+is|"
    r"\s+are|'re)\s+doing|(?:can't|cannot|can\s+not)\s+do\s+(?:her|his|their)\s+jobs?|lied|lies|lying|misled|"
    r"misleading|failed\s+to|fails\s+to|keeps?\s+failing|failure\s+to|(?:messed|cocked|screwed|fouled)\s+"
    r"(?:it\s+|this\s+|things\s+)?up|botched|bungled|made\s+(?:a|an|another|several|numerous|repeated|yet\s+"
    r"another)\s+(?:\w+\s+)?(?:mess|hash|mistakes?|errors?|blunders?)|ignored|ignores|(?:refused|refuses)\s+to\s+"
    r"(?:answer|reply|respond|engage|listen|help|co-?operate|provide|share|explain|meet)|(?:can't|couldn't|cannot)\s+"
    r"be\s+bothered|never\s+(?:answers|replies|responds|returns|bothers)|withheld\s+(?:\w+\s+){0,4}?from\s+(?:us|"
    r"me|councillors|members|residents|the\s+public|the\s+council)|withheld\s+(?:information|documents|evidence)|"
    r"deliberately\s+(?:\w+\s+)?(?:withheld|withholding|misled|misleading|ignored|ignoring|hid|hidden|hiding|"
    r"delayed|delaying|excluded|obstructed)|covered\s+(?:it\s+)?up|cover(?:ing)?\s+up|sat\s+on\s+(?:it|this|that|"
    r"the\s+\w+|my\s+\w+|our\s+\w+)\s+for\s+(?:weeks|months|days|ages)|bull(?:ies|ied)\s+(?:\w+\s+)?(?:staff|"
    r"residents|councillors|members|people|us|me|volunteers)|should\s+be\s+(?:sacked|fired|dismissed|disciplined|"
    r"removed|replaced|suspended)|(?:should|must|ought\s+to)\s+(?:resign|step\s+down)|(?:should|must|needs?\s+to|"
    r"has\s+to)\s+go(?=\s*(?:[.,;!]|$|now|immediately))|overpaid|waste\s+of\s+(?:money|space|a\s+salary)|"
    r"poor\s+(?:performance|work|job|standard)|(?:terrible|awful|dreadful|lousy|rubbish)\s+job|secretive|"
    r"so-called|(?:couldn't|could\s+not|can't|cannot)\s+organi[sz]e\s+a)\b", _P)
#: After "the clerk's", only the officer's own conduct can be criticised; "the clerk's recommendation",
#: "the clerk's laptop" or "the clerk's workload" is something else.
_CONDUCT_NOUN = re.compile(r"^'s\s+(?:own\s+)?(?:conduct|behaviour|behavior|attitude|performance|handling|work|"
                           r"incompetence|failures?|mistakes?|errors?|lies|rudeness|laziness|manner|approach|"
                           r"management|competence|capability|record|behaviour|communication|minutes|accounts)\b", _P)
#: The cue only counts when a negation does not come just before it ("the clerk was not rude").
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bhardly|\bfar\s+from|\bnothing)\b(?:\s+\w+){0,2}\s*$", _P)
#: Words between the officer and the cue that detach them: a clause turn, a report of someone else's
#: words, another actor, or a decision being criticised rather than the person.
_DETACH = re.compile(
    r"[;:]|\b(?:but|however|although|though|despite|whereas|while|whilst|unlike|because|since|so|and\s+then|"
    r"told|tells|said|says|reported|explained|informed|advised|warned|thinks|believes|wrote|asked|"
    r"contractor|resident|residents|developer|company|firm|builder|county|district|decision|decisions|policy|"
    r"policies|recommendation|recommendations|proposal|proposals|plan|plans|scheme|budget|precept|motion|"
    r"resolution|vote|workload|treatment|health|illness|sick|stress|pressure|about|regarding|concerning|thanks|"
    r"thank|i|we|you|they|the\s+\w+'s|for\s+(?:sorting|dealing|handling|fixing|clearing|cleaning|tidying))\b", _P)
#: Adjectives that, placed before a noun, describe that noun: "the rude contractor", "the shambolic mess".
_ADJECTIVE = re.compile(
    r"^(?:incompetent|inept|useless|hopeless|clueless|lazy|rude|arrogant|dishonest|deceitful|obstructive|"
    r"unprofessional|negligent|incapable|sloppy|shoddy|slapdash|amateurish|pathetic|disgraceful|appalling|abysmal|"
    r"shambolic|unhelpful|disrespectful|untrustworthy|biased|partisan|corrupt|patronising|condescending|"
    r"insubordinate|unacceptable|woeful|atrocious|misleading|secretive|so-called)$", _P)
#: ... unless the noun is the officer's own conduct or work: "the clerk's appalling handling of it".
_CONDUCT_OR_WORK = re.compile(
    r"^\s+(?:behaviour|behavior|conduct|handling|performance|attitude|work|management|service|record|response|"
    r"manner|approach|incompetence|failures?|mistakes?|errors?|lies|rudeness|report|reports|minutes|advice|"
    r"letters?|accounts|figures|e-?mails?|replies|reply|answers?)\b", _P)
_NEXT_WORD = re.compile(r"^\s+([a-z][\w'-]*)", _P)
_FUNCTION_WORD = re.compile(r"^(?:and|or|but|to|of|in|at|with|about|for|from|towards|toward|as|when|that|than|"
                            r"on|by|if|so|because|since|again|too|now|then|and|all|in|this|these|those|"
                            r"throughout|beyond)$", _P)
#: "incompetence of the clerk", "rudeness from Sam" (and "incompetent clerk", checked directly).
_AFTER_CUE = re.compile(r"^\s*(?:by|of|from)\s+" + _TOKEN, _P)
_ACT_ON = re.compile(r"\b(?:sack|fire|dismiss|get\s+rid\s+of|discipline|suspend|replace|remove)\s+" + _TOKEN, _P)
_REPORTED = re.compile(
    r"\b(?:you|they|residents|people|some|someone|others|he|she|mrs?|ms|mr|dr)\.?\s+(?:\w+\s+)?(?:say|says|said|claim|"
    r"claims|claimed|feel|felt|think|thinks|thought|suggest|suggests|suggested|allege|alleges|alleged|accuse|accused|"
    r"complain|complained|describe|described)\b|\b(?:i\s+)?(?:don't|do\s+not|can't|cannot)\s+(?:agree|accept|believe|"
    r"see|say|think)\b|\b(?:unfair|wrong|untrue|not\s+true|false|nonsense|unjust)\b.{0,40}\bto\s+(?:blame|criticise|"
    r"criticize|say|suggest|call|accuse)\b|\bnot\s+(?:her|his|their|" + _TOKEN + r"'s)\s+fault\b|\bno\s+fault\s+of\b|"
    r"\bin\s+(?:her|his|their)\s+defen[cs]e\b|\bto\s+be\s+fair\b", _P)
_WINDOW_WORDS = 8
_PRONOUN = re.compile(r"\b(?:she|he|her|him)\b", _P)
_OTHER_PERSON = re.compile(r"\b(?i:mr|mrs|ms|miss|dr|cllr|councillor)\.?\s+[A-Z]")


@dataclass(frozen=True)
class Criticism:
    """A sentence criticising an officer, who it names (None: an unnamed post or staff collectively)."""

    text: str
    officer: Person | None
    mention: str
    words: str


class OfficerReader:
    """Finds officers mentioned in text and criticism attached to them. Build with :func:`officer_reader`."""

    def __init__(self, people: tuple[Person, ...]) -> None:
        officers = [p for p in people if p.is_officer]
        firsts = [p.name.split()[0] for p in people if p.name.split()]
        clerks = [p for p in officers if p.role == "clerk"]
        self._named: list[tuple[Person | None, re.Pattern[str]]] = []
        for person in officers:
            parts = person.name.split()
            alternatives = [re.escape(n) for n in person.names]
            if len(parts) >= 2:
                alternatives.append(rf"(?:mr|mrs|ms|miss|dr)\.?\s+{re.escape(parts[-1])}")
            self._named.append((person, re.compile(rf"(?<![\w'-])(?:{'|'.join(alternatives)})(?![\w-])", _P)))
            if parts and firsts.count(parts[0]) == 1 and len(parts[0]) > 2:
                self._named.append((person, re.compile(rf"(?<![\w'-]){re.escape(parts[0])}(?![\w-])")))
        clerk = clerks[0] if len(clerks) == 1 else None
        self._named.append((clerk, re.compile(
            r"\b(?:(?:the|our|your|this|that)\s+)?(?:town\s+|parish\s+|village\s+|city\s+)?clerk\b"
            r"(?!'s\s+office|\s+of\s+(?:the\s+)?works)|"
            r"\bthe\s+proper\s+officer\b|\bthe\s+town\s+manager\b|\bthe\s+chief\s+executive\b", _P)))
        self._named.append((None, re.compile(
            r"\b(?:the|our|your)\s+(?:assistant|deputy)\s+(?:town\s+|parish\s+)?clerk\b|\b(?:the|our)\s+(?:rfo|"
            r"responsible\s+financial\s+officer|finance\s+officer|caretaker|groundsman|grounds\s*man|handyman|"
            r"administrator|admin\s+assistant|office\s+manager|lengthsman|events\s+officer)\b|"
            r"\b(?:the\s+|our\s+)?(?:town\s+|parish\s+)?council(?:'s)?\s+(?:staff|officers|employees)\b|"
            r"\bour\s+(?:staff|officers|employees)\b|\bthe\s+clerk's\s+office\b|\b(?:the|our)\s+office\s+staff\b",
            _P)))

    @cached_property
    def _any(self) -> re.Pattern[str]:
        """Matches wherever any one of the mention patterns would (each keeps its own case rule):
        most sentences mention no officer, and one search says so instead of one per pattern."""
        return re.compile("|".join(f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
                                   for _, p in self._named))

    def mentions(self, text: str) -> list[tuple[int, int, Person | None, str]]:
        """Officer mentions as (start, end, person, words), longest first where they overlap."""
        if not self._any.search(text):
            return []
        found = []
        for person, pattern in self._named:
            for m in pattern.finditer(text):
                found.append((m.start(), m.end(), person, m.group(0)))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, Person | None, str]] = []
        for f in found:
            if kept and f[0] < kept[-1][1]:
                continue
            kept.append(f)
        return kept

    def criticisms(self, sentences: list[str]) -> list[Criticism]:
        out: list[Criticism] = []
        carried: tuple[Person | None, str] | None = None
        for sentence in sentences:
            text = normalise(sentence)
            mentions = self.mentions(text)
            masked, who = _mask(text, mentions)
            if not mentions and carried is not None and _PRONOUN.search(text):
                masked = _PRONOUN.sub(_TOKEN, text, count=1)
                who = carried
            hit = _attached_cue(masked) if who is not None else None
            if hit is not None and who is not None:
                out.append(Criticism(sentence.strip(), who[0], who[1], hit))
            people = {m[2] for m in mentions}
            single = len(mentions) >= 1 and len(people) == 1 and not _OTHER_PERSON.search(text)
            carried = (mentions[0][2], mentions[0][3]) if single else (carried if not mentions and hit else None)
        return out


@lru_cache(maxsize=16)
def officer_reader(people: tuple[Person, ...]) -> OfficerReader:
    return OfficerReader(people)


def _mask(text: str, mentions: list[tuple[int, int, Person | None, str]]) -> tuple[str, tuple[Person | None,
                                                                                              str] | None]:
    """The sentence with each officer mention replaced by one token, and the first officer mentioned."""
    if not mentions:
        return text, None
    parts, last = [], 0
    for start, end, _, _ in mentions:
        parts.append(text[last:start])
        parts.append(_TOKEN)
        last = end
    parts.append(text[last:])
    return "".join(parts), (mentions[0][2], mentions[0][3])


def _attached_cue(masked: str) -> str | None:
    """The criticism words attached to an officer token, or None."""
    if _TOKEN not in masked.lower() or _REPORTED.search(masked):
        return None
    act = _ACT_ON.search(masked)
    if act is not None:
        return act.group(0)[: -len(_TOKEN)].strip()
    for cue in CUE.finditer(masked):
        before = masked[:cue.start()]
        if _attributive_elsewhere(cue.group(0), masked[cue.end():]):
            continue
        if _NEGATION.search(before) and not re.match(r"(?:not|no|never|can't|cannot|doesn't|does|don't|do)\b",
                                                     cue.group(0), _P):
            continue
        if _AFTER_CUE.match(masked[cue.end():]) or masked[cue.end():].lower().startswith(" " + _TOKEN):
            return cue.group(0)
        at = before.lower().rfind(_TOKEN)
        if at < 0:
            continue
        gap = before[at + len(_TOKEN):]
        window = _WINDOW_WORDS
        if gap.strip() == "'s":
            pass  # "Jane's incompetent" (is), or "the clerk's appalling handling" (checked as attributive above)
        elif gap.startswith("'s"):
            if not _CONDUCT_NOUN.match(gap):
                continue
            window += 4  # "the clerk's handling of the allotment waiting list has been shambolic"
        if len(gap.split()) <= window and not _DETACH.search(gap):
            return cue.group(0)
    return None


def _attributive_elsewhere(cue: str, after: str) -> bool:
    """"the rude contractor": an adjective before a noun other than the officer or their conduct."""
    if not _ADJECTIVE.match(cue):
        return False
    nxt = _NEXT_WORD.match(after)
    if nxt is None or nxt.group(1).lower() == _TOKEN or _FUNCTION_WORD.match(nxt.group(1)):
        return False
    return not _CONDUCT_OR_WORK.match(after)
