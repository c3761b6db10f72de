"""Who is who: addresses and names to people, roles and standing.

The protocol's rules turn on standing, not on addresses: a councillor's Gmail and council addresses
are one person; an unlisted address at the council's domain is inside the council; an adviser (the
council's solicitor, auditor, HR adviser) is outside the council but not a "third party" for
confidentiality; a district or county councillor signing "Cllr" is a third party, because only the
people in ``council.yaml`` are this council's councillors.

Names are matched the way people write them in sign-offs, footers and "CC" lines: full name,
aliases, "Cllr Baker", "Councillor T. Baker", "Cllr Dr David Bowry", and, in a CC line only, the
bare surname or an office held by exactly one councillor ("cc the Chair").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from mailguard.config import Council, Person, normalise_address
from mailguard.message import Address
from mailguard.namescreen import PLAIN_MARKS, NameScreen
from mailguard.voice import LOCAL_NOT_CITY, other_councils_as_third_party

_TITLE_WORDS = ("cllr", "cllor", "councillor", "councilor", "cr", "clr", "mr", "mrs", "ms", "miss", "mx", "dr",
                "prof", "rev", "revd", "sir", "dame", "lord", "lady")
_TITLES = rf"(?:(?:{'|'.join(_TITLE_WORDS)})\.?\s+)"
_APOSTROPHES = PLAIN_MARKS      # (one table for the text, the name words and the screen's fold)
_COUNCILLOR_WORD = re.compile(r"\b(?:cllrs?|councillors?|councilors?|members)\b", re.IGNORECASE)
_COUNCILLOR_TITLE = r"(?:cllrs?|cllor|councillors?|councilors?|cr|clr)\.?"
_OFFICE_WORDS = {
    "chair": r"(?:chair|chairman|chairwoman|chairperson|town mayor|mayor)",
    "vice-chair": r"(?:vice[- ]?chair|vice[- ]?chairman|vice[- ]?chairwoman|deputy chair|deputy (?:lord )?mayor)",
    "committee-chair": r"(?:committee chair|chair of the [a-z ]{3,40} committee)",
    "leader": r"(?:leader of the council|council leader)",
    "cabinet-member": r"(?:cabinet member|portfolio holder)",
}


class Standing(StrEnum):
    COUNCILLOR = "councillor"
    OFFICER = "officer"
    ADVISER = "adviser"
    COUNCIL = "council"          # inside the council (council domain) but not a listed person
    THIRD_PARTY = "third-party"


@dataclass(frozen=True)
class Party:
    """One address on a message, with the person behind it and their standing."""

    address: Address
    person: Person | None
    standing: Standing

    @property
    def is_councillor(self) -> bool:
        return self.standing is Standing.COUNCILLOR

    @property
    def is_officer(self) -> bool:
        return self.standing is Standing.OFFICER

    @property
    def is_third_party(self) -> bool:
        """Outside the council and not its adviser: complainants, contractors, press, other councils."""
        return self.standing is Standing.THIRD_PARTY

    @property
    def is_outside(self) -> bool:
        """Outside the council, advisers included."""
        return self.standing in (Standing.THIRD_PARTY, Standing.ADVISER)

    @property
    def key(self) -> str:
        """Identity for de-duplication: two addresses of one person are one recipient."""
        if self.person is not None:
            return f"person:{self.person.name}"
        return f"addr:{self.address.address or self.address.display.lower()}"

    def describe(self) -> str:
        if self.person is not None:
            title = "Cllr " if self.person.is_councillor else ""
            shown = self.address.address
            return f"{title}{self.person.name} <{shown}>" if shown else f"{title}{self.person.name}"
        return str(self.address)


@dataclass(frozen=True)
class NameHit:
    person: Person
    text: str
    start: int
    end: int


class Directory:
    """Lookups over a validated :class:`Council`. Built once per config; cheap to query."""

    def __init__(self, council: Council) -> None:
        self.council = council
        self._by_address: dict[str, Person] = {}
        for person in council.people:
            for addr in person.addresses:
                self._by_address[addr] = person
        self._domains = tuple(council.domains)

    # ------------------------------------------------------------------ addresses
    def person_for(self, address: str) -> Person | None:
        return self._by_address.get(normalise_address(address)) if address else None

    def at_council_domain(self, address: str) -> bool:
        domain = normalise_address(address).rpartition("@")[2]
        return any(domain == d or domain.endswith("." + d) for d in self._domains)

    def party(self, address: Address) -> Party:
        person = self.person_for(address.address)
        if person is None and not address.address and address.display:
            person = self.person_named(address.display)
        if person is not None:
            return Party(address, person, _standing_of(person))
        if address.address and self.at_council_domain(address.address):
            return Party(address, None, Standing.COUNCIL)
        if not address.address:
            # A bare display name we cannot place (forwarded headers often lack addresses): unknown,
            # which for rules that need a third party means "not shown to be one".
            return Party(address, None, Standing.COUNCIL)
        return Party(address, None, Standing.THIRD_PARTY)

    @property
    def councillors(self) -> tuple[Person, ...]:
        return tuple(p for p in self.council.people if p.is_councillor)

    def holders(self, office: str) -> tuple[Person, ...]:
        return tuple(p for p in self.councillors if office in p.offices)

    # ------------------------------------------------------------------ names
    def person_named(self, text: str) -> Person | None:
        """The person a display name or sign-off line names, if exactly one person matches."""
        hits = {h.person for h in self.find_names(text)}
        return next(iter(hits)) if len(hits) == 1 else None

    def find_names(self, text: str, *, loose: bool = False) -> list[NameHit]:
        """People named in ``text``; ``loose`` also accepts bare surnames and offices (CC lines).

        Bare surnames must be capitalised ("Copied to Councillors Smith and Jones"), unless the
        text says it is listing councillors ("cc cllrs shah, jones"), as people on phones type.
        """
        text = text.translate(_APOSTROPHES)  # same length: hit offsets still index the caller's text
        hits: list[NameHit] = []
        patterns = self._strict_patterns
        if loose:
            patterns = (self._loose_patterns_anycase if _COUNCILLOR_WORD.search(text)
                        else self._loose_patterns)
        for index in sorted(self._possibly_named(text)):   # (the pattern lists follow council.people)
            person, pattern = patterns[index]
            for m in pattern.finditer(text):
                hits.append(NameHit(person, m.group(0).strip(), m.start(), m.end()))
        if loose:
            # The most specific name wins its span: "Cllr Peter Hughes" is not also "Hughes" for Margaret.
            specific = [(h.start, h.end, h.person) for h in hits if _is_specific(h.text)]
            hits = [h for h in hits if not any(start <= h.start and h.end <= end and person is not h.person
                                               for start, end, person in specific)]
            for office, pattern in self.office_patterns:
                holders = self.holders(office)
                if len(holders) == 1:
                    for m in pattern.finditer(text):
                        if not _of_a_committee(text, m.start()) and not self._another_mayor(text, m.start()):
                            hits.append(NameHit(holders[0], m.group(0).strip(), m.start(), m.end()))
        return hits

    def _possibly_named(self, text: str) -> set[int]:
        """Where in ``council.people`` are the people whose name patterns may match in ``text``: those
        one of whose name words (:func:`_name_keys`) it holds, in any case, with or without accents
        (:mod:`mailguard.namescreen`: exact, and a tenth of the cost of even one person's patterns), and
        anyone without such words. Positions, not people: a frozen dataclass hashes all its fields."""
        return self._name_screen.owners_in(text) | self._unscreened

    @cached_property
    def _name_screen(self) -> NameScreen[int]:
        return NameScreen({i: _name_keys(p) for i, p in enumerate(self.council.people)})

    @cached_property
    def _unscreened(self) -> set[int]:
        return {i for i, p in enumerate(self.council.people) if not _name_keys(p)}

    @cached_property
    def _strict_patterns(self) -> list[tuple[Person, re.Pattern[str]]]:
        return [(p, re.compile("|".join(_strict_name_regexes(p)), re.IGNORECASE)) for p in self.council.people]

    @cached_property
    def _loose_patterns(self) -> list[tuple[Person, re.Pattern[str]]]:
        out = []
        first_names = [p.name.split()[0].lower() for p in self.councillors if p.name.split()]
        for p in self.council.people:
            regexes = _strict_name_regexes(p)
            parts = _name_parts(p.name)
            if parts:
                # Surname with a capital, alone ("Copied to Councillors Smith and Jones").
                surname = parts[-1]
                if surname.lower().rstrip(".") in _TITLE_WORDS:
                    # "Lord" as a surname, not as the title in "the Lord Lieutenant", "Lord Shuttleworth".
                    regexes.append(rf"(?<![\w'-])(?<!the\s){_word(surname)}(?![\w'-]|\s+[A-Z]|-)")
                else:
                    regexes.append(rf"(?<![\w'-]){_word(surname)}(?![\w'-])")
                first = parts[0]
                if len(parts) > 1 and first_names.count(first.lower()) == 1 and len(first) > 2:
                    regexes.append(rf"(?<![\w'-]){_word(first)}(?![\w'-])")
            out.append((p, re.compile("|".join(regexes))))  # case-sensitive: surnames are capitalised
        return out

    def _another_mayor(self, text: str, start: int) -> bool:
        """ "the Lord Mayor": a city's office (Cardiff Council's, Leeds City Council's), never a town's,
        parish's or community's, so not this council's chair if it is one of those."""
        return (_LORD_BEFORE.search(text, max(0, start - 12), start) is not None
                and bool(LOCAL_NOT_CITY & set(self.council.name.lower().split())))

    def as_judged(self, text: str) -> str:
        """A councillor's sentence as the detector should read it: other councils named as the third
        parties they are ("the County Council will ..." -> "another authority will ..."), and this
        council's officers as their role (:meth:`officers_as_roles`)."""
        return self.officers_as_roles(other_councils_as_third_party(self.council.name, text))

    def officers_as_roles(self, text: str) -> str:
        """ "Rebecca will be in touch" -> "the clerk will be in touch": officers named as their role.

        Full names, aliases and (when no one else shares it) first names of the clerk and officers.
        Used before judging a councillor's sentences, so that leaving something to a named officer
        reads as the deferral it is.
        """
        pattern, roles = self._officer_names
        if pattern is None:
            return text
        return pattern.sub(lambda m: roles[m.group(0).lower()], text)

    @cached_property
    def _officer_names(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        first_counts: dict[str, int] = {}
        for p in self.council.people:
            parts = _name_parts(p.name)
            if parts:
                first_counts[parts[0].lower()] = first_counts.get(parts[0].lower(), 0) + 1
        roles: dict[str, str] = {}
        for p in self.council.people:
            if not p.is_officer:
                continue
            role = "the clerk" if p.role == "clerk" else "the officer"
            for name in p.names:
                parts = _name_parts(name)
                if parts:
                    roles[" ".join(parts).lower()] = role
                    if first_counts.get(parts[0].lower()) == 1 and len(parts[0]) > 2:
                        roles.setdefault(parts[0].lower(), role)
        if not roles:
            return None, roles
        alternatives = "|".join(re.escape(n) for n in sorted(roles, key=len, reverse=True))
        return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w'-])", re.IGNORECASE), roles

    @cached_property
    def _loose_patterns_anycase(self) -> list[tuple[Person, re.Pattern[str]]]:
        return [(p, re.compile(pattern.pattern, re.IGNORECASE)) for p, pattern in self._loose_patterns]

    @cached_property
    def office_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        # "Chairman" inside "Vice-Chairman" or "Vice Chairman" is not the chair.
        return [(office, re.compile(rf"(?<![\w-])(?<!vice\s)(?<!deputy\s)(?<!deputy\slord\s)(?:the\s+)?{words}"
                                    r"(?![\w-])",
                                    re.IGNORECASE))
                for office, words in _OFFICE_WORDS.items()]


#: Words that, just before "chair", make it a committee's or a group's chair ("as Planning chair").
_COMMITTEE_WORDS = frozenset((
    "committee", "sub-committee", "subcommittee", "panel", "group", "board", "forum", "club", "society",
    "association", "trust", "school", "governors", "planning", "finance", "amenities", "allotments", "allotment",
    "staffing", "personnel", "environment", "events", "estates", "highways", "leisure", "policy", "resources",
    "recreation", "burial", "cemetery", "lighting", "markets", "grounds", "audit", "appeals", "youth", "festival",
    "carnival", "residents", "neighbourhood", "plan", "twinning", "museum", "library", "hall", "management"))
#: Abbreviations that are not committees ("CC Chair", "FAO Mayor").
_NOT_COMMITTEES = frozenset(("cc", "bcc", "fao", "attn", "to", "re", "fw", "fwd", "ps", "nb"))
_WORD_BEFORE = re.compile(r"([\w&'-]+)[ \t]*$")
_LORD_BEFORE = re.compile(r"\blord[ \t]+$", re.IGNORECASE)


def _of_a_committee(text: str, start: int) -> bool:
    """ "as F&GP chair", "the Planning Chair", "HR chair": an office word that names a committee's chair,
    not the council's. Only committee words, "&" and capital abbreviations count, so "Thanks Chair" and
    "Hello Mayor" still name the council's."""
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return False
    word = m.group(1)
    lowered = word.lower()
    if lowered in _COMMITTEE_WORDS or "&" in word:
        return True
    return 2 <= len(word) <= 5 and word.isupper() and word.isalpha() and lowered not in _NOT_COMMITTEES


def _is_specific(text: str) -> bool:
    """More than a (titled) surname: a first name or initial identifies one of two namesakes."""
    return len([w for w in text.split() if w.lower().rstrip(".") not in _TITLE_WORDS]) > 1


def _standing_of(person: Person) -> Standing:
    if person.is_councillor:
        return Standing.COUNCILLOR
    if person.is_officer:
        return Standing.OFFICER
    return Standing.ADVISER


def _name_parts(name: str) -> list[str]:
    """The words of a name without the titles before it ("Cllr Dr Jane Smith" -> Jane Smith); the last
    word is always kept, so a surname that is also a title stays ("Paul Lord", blind set L)."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    return words


def _name_keys(person: Person) -> list[str]:
    """Words one of which each of ``person``'s name patterns contains, as ``_word(key)``: the last word of
    each of their names (in the full name, first + last, initial + last, "Councillor" + last and, loose,
    the surname alone) and the first word of their name (loose, the first name alone).

    Keep in step with :func:`_strict_name_regexes` and ``Directory._loose_patterns``: a pattern added
    there without one of these words would be screened out (tests/test_directory.py compares
    find_names with and without the screen, for a fixed council and for generated ones, on generated
    texts)."""
    keys = [parts[-1] for name in person.names if (parts := _name_parts(name))]
    parts = _name_parts(person.name)
    if parts:
        keys.append(parts[0])
    return list(dict.fromkeys(keys))


def _word(word: str) -> str:
    """A name word as a regex that also matches it typed without accents ("Sian" for "Siân"). Its
    apostrophes and hyphens are made plain first, as :meth:`Directory.find_names` makes the text's: a
    name written "O‘Neill" or "Anne‑Marie" in council.yaml was otherwise never found."""
    out = []
    for ch in word.translate(_APOSTROPHES):
        base = unicodedata.normalize("NFKD", ch)[0]
        if ch == "'":
            out.append("['\u2019]")
        elif base != ch and base.isascii():
            out.append(f"[{re.escape(ch)}{re.escape(base)}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _strict_name_regexes(person: Person) -> list[str]:
    """Regexes naming ``person`` unambiguously: full name, aliases, titled surname, initial + surname."""
    out: list[str] = []
    b, e = r"(?<![\w'-])", r"(?![\w'-])"
    for name in person.names:
        parts = _name_parts(name)
        if not parts:
            continue
        full = r"\s+".join(_word(w) for w in parts)
        out.append(rf"{b}{_TITLES}*{full}{e}")
        if len(parts) >= 2:
            first, last = parts[0], parts[-1]
            if len(parts) > 2:  # "Tom Baker" for "Thomas Edward Baker" is not safe; first+last is
                out.append(rf"{b}{_TITLES}*{_word(first)}\s+{_word(last)}{e}")
            # "Cllr T. Baker", "T Baker", "Councillor Baker"
            out.append(rf"{b}{_TITLES}*{_word(first[0])}\.?\s+{_word(last)}{e}")
            if person.is_councillor:
                out.append(rf"{b}{_COUNCILLOR_TITLE}\s+(?:{_TITLES})*{_word(last)}{e}")
    return out
