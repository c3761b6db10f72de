"""Speaking in the council's name: which sentences represent the council, as a clerk would read them.

The protocols ask in whose name correspondence goes out: "official letters or emails on behalf of
the council should normally be sent out under the name of the officer" (Leigh-on-Sea, Grantham);
"councillors must not normally communicate in the name of the Council with any outside body or
person" (principal council 5.3.9.1). A councillor represents the council when they write

- on its behalf ("I am writing on behalf of Ashford Parva Town Council", "for and on behalf of the
  Council" under the signature, "as Chair of the Town Council, I write to ...");
- its position, formally ("the council's formal response is as follows", "we, the town council, ...",
  "the council hereby objects") or, to an organisation, in the present tense ("The Town Council objects
  to this application", "as a council we urge you to ...").

They do not when they report a decision ("the council objected at its May meeting"), give their
own view ("I think the council should object"), ask a question, say that the clerk will write, or
say that they are writing in a personal capacity. Those are read here as negatives; a sentence that
is both is not counted.

The council's own name is a cue, so a reader is built per council (cached by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mailguard.cues import normalise

_P = re.IGNORECASE
#: Kinds of local council. "The town council" is this council; "the district council" is this council only
#: when this council is a district council (its name says so).
_LOCAL_TYPES = ("town", "parish", "city", "community", "village", "neighbourhood")
#: Local councils that never have a Lord Mayor (a city's office, of a city parish or a principal city).
LOCAL_NOT_CITY = frozenset(_LOCAL_TYPES) - {"city"}
_TYPES = r"town|parish|city|community|village|neighbourhood|borough|district|county"
OFFICE = (r"(?:chair(?:man|woman|person)?|vice[- ]chair(?:man|woman|person)?|deputy\s+chair(?:man)?|"
          r"(?:town\s+|deputy\s+)?mayor|(?:deputy\s+)?leader|cabinet\s+member|portfolio\s+holder)")
_WRITE = (r"(?:write|writes|writing|wrote|written|respond|responds|responding|responded|reply|replies|"
          r"replying|replied|send|sending|sent|contact|contacting|confirm|confirming|confirmed|be\s+in\s+touch|"
          r"get\s+back|set\s+out|issue|issuing|issued|forward|answer|answering|answered)")
_STANCE = (r"(?:objects?|opposes|supports|welcomes|endorses|rejects|requests|urges|asks|demands|insists|"
           r"calls\s+(?:on|upon|for)|wishes\s+to|would\s+(?:like|wish)\s+to|would\s+(?:ask|urge|request|welcome|"
           r"support|oppose|object)|is\s+(?:strongly\s+|firmly\s+|very\s+|deeply\s+|extremely\s+|most\s+)?"
           r"(?:opposed|against|in\s+favour|minded\s+to|concerned|disappointed|dismayed|delighted|pleased|"
           r"unhappy|supportive|grateful|keen|unable\s+to\s+support)|(?:has|have)\s+no\s+objections?|"
           r"has\s+(?:serious\s+|strong\s+|grave\s+)?(?:concerns|reservations|objections)|"
           r"(?:does\s+not|doesn't|cannot|can't|will\s+not|won't)\s+(?:support|accept|agree|endorse)|"
           r"notes\s+with\s+(?:concern|regret|disappointment)|considers\s+(?:that|this|the|it)|"
           r"believes\s+(?:that|this|the|it)|feels\s+(?:that|strongly)|is\s+of\s+the\s+(?:view|opinion)|"
           r"must\s+(?:object|oppose|insist)|recommends\s+(?:that|refusal|approval)|raises\s+(?:no\s+)?(?:objections?|"
           r"concerns)|would\s+be\s+(?:delighted|pleased|happy|glad|keen|grateful)|supports?\s+(?:this|the|your)\s+"
           r"(?:application|bid|proposal|scheme))")
_ADVERBS = r"(?:(?:strongly|formally|firmly|fully|wholeheartedly|unanimously|therefore|also|very\s+much|still)\s+)*"
_WE_STANCE = (r"(?:object|oppose|wish\s+to\s+(?:object|register|express|raise|request|make)|would\s+(?:like|wish)\s+"
              r"to\s+(?:object|register|express|raise|request|make|ask|urge)|do\s+not\s+support|cannot\s+support|"
              r"have\s+no\s+objection|urge|request\s+that|ask\s+that|call\s+(?:on|upon)|must\s+object|"
              r"are\s+(?:strongly\s+|firmly\s+|very\s+|deeply\s+|extremely\s+|most\s+)?(?:opposed|against|"
              r"concerned|disappointed|dismayed))")
_DISCLAIMER = re.compile(
    r"\bpersonal\s+capacity\b|\bas\s+a\s+private\s+individual\b|\bviews?\s+(?:expressed\s+)?(?:are|is)\s+(?:entirely\s+)?"
    r"(?:my|mine)\b|\bmy\s+own\s+(?:views?|opinions?)\s+(?:and|,)?\s*not\b|\bnot\s+(?:\w+\s+){0,3}(?:on\s+behalf\s+of|"
    r"for|in\s+the\s+name\s+of)\s+(?:the|our|this)\s+(?:\w+\s+)?council\b|\bnot\s+(?:necessarily\s+)?(?:those\s+of\s+"
    r"|the\s+views?\s+of\s+)?(?:the|our)\s+(?:\w+\s+)?council(?:'s)?\b(?:\s+(?:view|position))?", _P)
_OPINION = re.compile(
    r"\b(?:i|we)\s+(?:personally\s+)?(?:don't\s+|do\s+not\s+)?(?:think|believe|feel|suspect|hope|expect|imagine|guess|"
    r"assume|know|understand|gather|hear|heard|doubt|reckon|suppose|am\s+told|was\s+told|'m\s+told|am\s+sure|'m\s+sure|"
    r"am\s+aware|'m\s+aware)\b|\bin\s+my\s+(?:view|opinion)\b|\bmy\s+(?:own\s+|personal\s+)?(?:view|opinion|"
    r"feeling|preference)\b|\bpersonally\b|\bas\s+(?:you\s+)?(?:know|may\s+know|are\s+aware)\b|\bapparently\b|"
    r"\bit\s+(?:seems|appears)\b|\byou\s+(?:say|said|claim|suggest|suggested|mention|mentioned|feel|think|wrote)\b|"
    r"\b(?:rumour|reported|reportedly)\b", _P)

#: A word every set-aside reading needs: most sentences are passed over on this one search.
_APART_WORDS = re.compile(r"\b(?:not|capacity|private|separate|independent|nothing)\b", _P)
_OTHER_BUSINESS = (r"(?:farm|club|chamber(?:\s+of\s+trade)?|carnival|practice|firm|business|company|partnership|"
                   r"(?:show|carnival|regatta|festival)\s+committee)")
#: Someone else pays: the writer's other business, named right after the verb (nothing of the council's, of
#: "us" or "our" between: "invoice the council for the club fencing" is the council's bill). Not a trust, a
#: charity or an association, which often fund the council's own projects ("invoice the Heritage Trust").
_PAID_ELSEWHERE = re.compile(
    rf"\b(?:invoice|bill|charge\s+it\s+to)\s+(?:the\s+|my\s+)?(?:(?!(?:council|us|our|me|parish|town)\b)[\w'&-]+\s+){{0,2}}?"
    rf"{_OTHER_BUSINESS}\b(?!['\u2019]s\s+council)"
    rf"|\bput\s+it\s+(?:on|through)\s+(?:the|my)\s+(?:[\w'&-]+\s+)?{_OTHER_BUSINESS}\s+account\b"
    r"|\b(?:invoice|bill|charge)\s+me\s+(?:personally|privately)\b", _P)
_PAYER_WORDS = re.compile(r"\b(?:invoice|bill|charge|account)", _P)
#: The standing arrangement with a named payee: "Invoice Harbourside Lets as usual", "bill Narracott Charters as
#: normal". Capitalised words only (the caller has put the directory's roles in: "Invoice Helen as usual" is
#: judged as "Invoice the clerk as usual"); a name sharing a word with the council's own is not counted.
_NAMED_PAYEE = re.compile(r"(?:\b[Ii]nvoice|(?:^|[.;:,!]\s*|\b(?:please|and|just|then)\s+)[Bb]ill)\s+"
                          r"(?P<payee>(?:[A-Z][\w'&.-]*\s+){1,4}?)as\s+(?:usual|normal|before|always|last\s+time)\b")
#: A sentence whose subject is another body, acting for itself: "The Association will find host families",
#: "The Appeal will pay the £240 hire", "The Regatta Committee is happy to accept your quote" (a councillor
#: who chairs the twinning association, presides over the Mayor's charity or is the regatta's secretary
#: writes its letters). A council committee is the council's ("The Finance Committee will pay"); only the
#: committees of bodies a council is not count (a hall's, the carnival's, a club's).
#: A payee that is the council's own office, an officer or a person addressed by title ("Invoice the RFO",
#: "Invoice Accounts as usual", "Invoice Mrs Doe as usual"), or not a payee at all ("Invoice monthly as usual").
_OURS_BY_ROLE = (r"council|tc|pc|parish|town|clerk|rfo|office|finance|accounts?|mayor|mr|mrs|ms|miss|dr|monthly|"
                 r"quarterly|weekly")
_PLEASE = re.compile(r"\bplease\b", _P)
#: A word that would make the body the object of something the council does ("Our grant to the Festival ...",
#: "The cheque for the Band ..."), not the one acting.
_NOT_LINKING = r"(?!(?:to|for|of|from|with|by|towards|on|in|at|and|the|our)\b)"
_OTHER_BODY = (r"(?:association|appeal|trust|club|society|charity|show|regatta|carnival|festival|f[e\u00ea]te|gala|"
               r"chamber|federation|foundation|institute|pcc|school|academy|band|choir|league|brigade|guild|lodge|"
               r"(?:hall|carnival|show|f[e\u00ea]te|gala|regatta|festival|bonfire|club|pta|twinning|residents'?)\s+"
               r"committee|trustees)")
_OTHER_BODY_SUBJECT = re.compile(
    # the writer's office in that body may open the sentence: "As treasurer of the cricket club, I can confirm the
    # club will pay its share" (read split test34, stop 18); only an office in another body ("As chair of the
    # finance committee, ..." is the council's own)
    rf"^(?:as\s+(?:the\s+)?(?:[\w'-]+\s+){{1,2}}?(?:of|for)\s+(?:the\s+|our\s+)?(?:[\w'&.-]+\s+){{0,3}}?{_OTHER_BODY},\s*)?"
    rf"(?:{_NOT_LINKING}[\w'!,]+\s+){{0,5}}?(?:the|our)\s+(?:{_NOT_LINKING}[\w'&.-]+\s+){{0,4}}?"
    rf"{_OTHER_BODY}\s+(?:\([^)]{{1,40}}\)\s+)?"
    # (not "can": "the youth club can use the pavilion" is the council's permission; not "will be" or "will need":
    # "the hire fees for the club will be waived", "the club will need to send us its insurance")
    r"(?:(?:will|shall|'ll)(?!\s+(?:be|need|have\s+to|get|receive)\b)|would\s+be\s+(?:happy|pleased|glad)|"
    r"is\s+(?:happy|pleased|glad)|are\s+(?:happy|pleased|glad)|has\s+agreed|have\s+agreed)\b", _P)
#: A political group's press release: its "we" is the group's (protocols: group mail is the councillor's own).
_PRESS_RELEASE = re.compile(r"^\W*press\s+release\b", _P | re.MULTILINE)
_PARTY_GROUP = re.compile(r"\b(?:labour|conservative|liberal\s+democrat|lib\s*dem|green\s+party|plaid\s+cymru|snp|"
                          r"reform(?:\s+uk)?|independent)\s+(?:group|party)\b", _P)


def political_group_release(text: str) -> bool:
    """A press release headed as one and naming a party group ("PRESS RELEASE ... Leader, Liberal Democrat
    Group"): the group speaks, not the council."""
    return bool(_PRESS_RELEASE.search(text) and _PARTY_GROUP.search(text))
_CONDITION = re.compile(r"^(?:\w+\s+){0,2}?(?:if|unless|whether|in\s+case)\b", _P)

@dataclass(frozen=True)
class Representation:
    """A sentence (or signature line) in which the writer speaks for the council, and the cue words."""

    text: str
    words: str


class CouncilVoice:
    """Reads sentences for the council's voice. Build with :func:`council_voice` (cached per council)."""

    def __init__(self, council_name: str, clerk_names: tuple[str, ...] = ()) -> None:
        c = _council_ref(council_name)
        place = _place_pattern(council_name)
        committee = r"(?:the|its|our)\s+(?:[\w'-]+\s+){0,4}committee"
        body = rf"(?:{c}|{committee}|(?:all\s+)?(?:the\s+)?(?:members|councillors)\s+of\s+{c})"
        officers = r"|".join([r"(?:the\s+)?(?:town\s+|parish\s+|deputy\s+|assistant\s+)?clerk", r"proper\s+officer",
                              r"(?:our\s+|the\s+|council\s+)?officers?", r"the\s+office", r"rfo", r"town\s+manager",
                              r"chief\s+executive", *(re.escape(n.lower()) for n in clerk_names)])
        #: Explicit representation: always the council's voice, whoever it is addressed to.
        self._explicit: list[re.Pattern[str]] = [re.compile(p, _P) for p in (
            rf"\b(?:for\s+and\s+)?on\s+behalf\s+of\s+{body}",
            rf"\bon\s+(?:the\s+)?(?:council's|{c}'s)\s+behalf\b",
            rf"\bin\s+the\s+name\s+of\s+{c}",
            rf"\b(?:speak|speaking|write|writing|respond|responding|act|acting)\s+for\s+{c}",
            rf"\b(?:i\s+(?:am\s+)?writ(?:e|ing)|i'm\s+writing)\s+(?:to\s+you\s+)?(?:today\s+)?(?:in\s+my\s+(?:capacity|"
            rf"role)\s+)?as\s+(?:the\s+)?{OFFICE}\s+of\s+(?:{c}|{committee})",
            rf"\b{c}\s+(?:hereby\s+|formally\s+)+{_STANCE}\b|\b{c}\s+(?:wishes|would\s+(?:like|wish))\s+to\s+"
            rf"(?:formally\s+)?(?:register|record|lodge|make|submit|express)\b",
            rf"\b(?:{c}'s|our\s+council's)\s+(?:official\s+|formal\s+|agreed\s+|settled\s+|collective\s+)?(?:position|"
            rf"view|stance|response|reply|answer|objection|observations|representations?|submission)\s+(?:(?:on|to|"
            rf"regarding|about)\s+(?:[\w'/-]+\s+){{1,6}}?)?(?:is|are|remains?)\s+(?!(?:set\s+out|available|published|"
            rf"on\s+the\s+website|in\s+the\s+minutes|recorded|attached|being|still|not|yet|due|expected|unknown|"
            rf"unclear|awaited|to\s+be\s+(?:decided|agreed|confirmed)))",
            rf"\b(?:as|in\s+my\s+(?:capacity|role)\s+as)\s+(?:the\s+)?(?:town\s+)?mayor\s+of\s+{place}\b",
            rf"\baccept\s+this\s+(?:e-?mail\s+|letter\s+|message\s+)?as\s+(?:the\s+)?{c}'s\s+(?:formal\s+|official\s+)?"
            rf"(?:response|objection|representations?|submission|comments|reply)",
            rf"\b(?:this|the\s+following|below)\s+is\s+(?:the\s+)?{c}'s\s+(?:formal\s+|official\s+)?(?:response|"
            rf"objection|representation|submission|position|reply|comments)",
            rf"\b(?:please\s+(?:find|see)\s+(?:attached|enclosed|below)|i\s+(?:attach|enclose)|i\s+am\s+(?:submitting|"
            rf"sending)|here\s+is)\s+(?:the\s+)?{c}'s\s+(?:formal\s+|official\s+)?(?:response|objection|"
            rf"representations?|submission|comments|consultation\s+response)",
            rf"\bwe\s*,\s*(?:as\s+)?(?:the\s+)?(?:(?:{_TYPES})\s+)?council\s*,",
        )]
        #: The council's stance stated, or the writer's office claimed: the council's voice when written to an
        #: organisation ("The Town Council objects to this application" to the planning authority); telling a
        #: constituent what the council thinks is part of a councillor's role of representing it.
        self._stance: list[re.Pattern[str]] = [re.compile(p, _P) for p in (
            rf"^(?:\w+\s+){{0,2}}?(?:as|in\s+my\s+(?:capacity|role)\s+as)\s+(?:the\s+)?{OFFICE}\s+of\s+(?:{c}|"
            rf"{committee})\s*,?\s+(?:i|we)\b",
            rf"\b{c}\s+{_ADVERBS}{_STANCE}\b",
            rf"\b{c}\s+(?:has|have)\s+(?:considered|discussed|reviewed|looked\s+at)\b[^.;]{{0,80}}?\band\s+{_ADVERBS}"
            rf"{_STANCE}\b",
            rf"\bas\s+a\s+(?:(?:{_TYPES})\s+)?council\s*,?\s+we\s+{_ADVERBS}{_WE_STANCE}",
        )]
        self._we_stance = re.compile(rf"^(?:\w+[,]?\s+){{0,3}}?we\s+(?:would\s+)?{_ADVERBS}{_WE_STANCE}\b", _P)
        self._negatives: list[re.Pattern[str]] = [
            _DISCLAIMER, _OPINION,
            re.compile(rf"\b(?:{officers})\b(?:\s+[\w',]+){{0,8}}?\s+{_WRITE}\b", _P),
            re.compile(rf"\b{c}\s+(?:should|ought\s+to|might|may|could|must(?!\s+(?:object|oppose|insist))|"
                       rf"would(?!\s+(?:like|wish|ask|urge|request|welcome|support|oppose|object|therefore|strongly|"
                       rf"be\s+(?:grateful|delighted|pleased|happy|glad|keen))))\b", _P),
            re.compile(rf"\b(?:if|unless|whether|once|when|until|although|though|while|whilst|why|how)\s+"
                       rf"(?:\w+\s+){{0,3}}?{c}", _P),
        ]
        #: The writer sets the council aside for the whole message: a personal capacity, or another body's
        #: business with the council named as not party to it ("invoice the Show, not the community council -
        #: we are separate bodies"). Only this council counts, named strictly (its own name, "the council",
        #: its own kind: "not the county council" or "not the city council" sets nothing aside for a town
        #: council) and as a whole noun phrase ("not the council depot" is a place).
        own = _strict_council_ref(council_name)
        kind = next((w.lower() for w in council_name.split() if w.lower() in _LOCAL_TYPES), None)
        own_kind = rf"(?:{kind}\s+)?" if kind else ""   # "not as a town councillor" of a town council only
        self._apart: list[re.Pattern[str]] = [re.compile(p, _P) for p in (
            r"\b(?:in\s+(?:a|my)\s+(?:purely\s+)?(?:personal|private)\s+capacity|as\s+a\s+private\s+"
            r"(?:individual|citizen|person))\b",
            rf"\bnot\s+(?:\w+\s+){{0,3}}?(?:on\s+behalf\s+of|in\s+the\s+name\s+of|representing)\s+{own}",
            rf"\b(?:(?:is|am|are|it's|i'm|this\s+is|that's)\s+not|not\s+(?:speaking|writing|acting|working))\s+for\s+"
            rf"{own}",
            rf"(?:\band|\bbut|,|;|\s-|\u2013)\s+not\s+(?:to\s+)?{own}",
            # in brackets beside a payer: "The Regatta Committee (not the Town Council) will pay", "Invoice me as
            # usual (not the council obviously!)"; not "owned by the church (not the council)"
            rf"\(not\s+{own}[^)]{{0,20}}\)\s*(?:will|shall|'ll|is|are)\s+(?:\w+\s+)?(?:pay|paying|fund|funding|cover|"
            rf"covering|meet|meeting)\b|\b(?:invoice|bill|charge)\b[^.(]{{0,40}}\(not\s+{own}",
            rf"\bwe\s+are\s+(?:a\s+|entirely\s+|completely\s+|quite\s+)?separate\s+(?:bod(?:y|ies)|organisations?)\b"
            rf"|\b(?:is|are)\s+(?:a\s+|an\s+)?(?:entirely\s+|completely\s+)?(?:separate|independent)\s+"
            rf"(?:(?:bod(?:y|ies)|organisations?|charity|charities)\s+)?from\s+{own}"
            rf"|\bnothing\s+to\s+do\s+with\s+{own}",
            # Another hat, the councillor's named and set down: "I'm writing as Treasurer of the Sports Club, not as
            # a councillor", "wearing my Show hat, not my council hat", "not in my capacity as a parish councillor" (not
            # "not my council one": that is as often an e-mail address or a phone).
            # Only the plain office or this council's: "as your town councillor, not as a county councillor" still
            # writes for this council.
            rf"\bnot\s+(?:(?:as|in\s+my\s+(?:capacity|role)\s+as)\s+(?:a\s+|your\s+|the\s+)?{own_kind}"
            rf"(?:councillor|cllr|(?:council\s+)?member\s+of\s+{own})(?!['\u2019]s)|in\s+(?:my|a|any)\s+(?:official\s+)?"
            rf"council(?:lor)?(?:['\u2019]s)?\s+(?:capacity|role)|(?:wearing\s+)?my\s+council(?:lor)?(?:['\u2019]s)?\s+hat)\b",
            # "This is a Green Party leaflet, not a council one, so please don't put it on the council's account".
            r"\bnot\s+a\s+council\s+(?:one|job|matter|thing|event|order|leaflet|expense|cost)\b"
            r"|\b(?:don't|do\s+not)\s+(?:put|charge|bill|invoice)\s+(?:it\s+|this\s+)?(?:on\s+|to\s+)?(?:the|our)\s+"
            r"council(?:['\u2019]s)?\b",
        )]
        self._own = re.compile(_strict_council_ref(council_name, phrase_end=False), _P)
        words = council_name.split()
        place_words = [w for w in words if w.lower() != "council" and not re.fullmatch(_TYPES, w.lower())]
        initials = ["".join(w[0] for w in words), "".join(w[0] for w in words if w.lower() != "council"),
                    "".join(w[0] for w in place_words)]
        ours = [re.escape(w) for w in words if len(w) > 2] + [re.escape(i) for i in initials if len(i) >= 2]
        #: Words that make a payee this council ("Invoice Kingsmouth TC as usual", "Invoice KTC as usual").
        self._place_word = re.compile(rf"\b(?:{'|'.join(ours)}|{_OURS_BY_ROLE})\b", _P)
        self._behalf_line = re.compile(rf"\b(?:for\s+and\s+)?on\s+behalf\s+of\s+{body}|\bpp\.?\s+{c}", _P)
        self._office_line = re.compile(rf"\b{OFFICE}\b|{_name_pattern(council_name)}", _P)

    def disclaims(self, sentence: str) -> bool:
        """"I write in a personal capacity", "not on behalf of the council": nothing here speaks for it."""
        return bool(_DISCLAIMER.search(normalise(sentence)))

    def writes_apart(self, sentence: str) -> bool:
        """The sentence puts the whole message outside the council's business: "I write in a personal
        capacity", "please invoice the Show committee and not the community council", "we are separate
        bodies". A question or a condition ("if this is not for the council ...") sets nothing aside."""
        text = normalise(sentence)
        if not text or text.endswith("?") or not _APART_WORDS.search(text) or _CONDITION.match(text):
            return False
        return any(p.search(text) for p in self._apart)

    def paid_elsewhere(self, sentence: str) -> bool:
        """The sentence sends the bill to the writer's other business: "invoice the farm as normal", "put it
        on the Chamber account", "charge it to the club", "invoice me personally". Read for its own
        paragraph only (a message may also give the council's instructions elsewhere)."""
        text = normalise(sentence)
        if not _PAYER_WORDS.search(text) or text.endswith("?") or _CONDITION.match(text):
            return False
        if _PAID_ELSEWHERE.search(text):
            return True
        named = _NAMED_PAYEE.search(text)   # "Invoice Harbourside Lets as usual"
        return named is not None and not self._place_word.search(named.group("payee"))

    def another_body_acts(self, sentence: str) -> bool:
        """Another body is the sentence's subject and this council is not named in it ("The Association will
        find host families"; not "The Association will host them and the town council will pay for the
        reception")."""
        text = normalise(sentence)
        return bool(_OTHER_BODY_SUBJECT.search(text)) and not self.names_this_council(text) \
            and not _PLEASE.search(text)   # "The Trust has agreed to fund the bench, so please go ahead": the writer's

    def names_this_council(self, sentence: str) -> bool:
        """The sentence names this council itself ("the town council will pay", "Ashford Parva Town
        Council"), as a whole noun phrase."""
        return bool(self._own.search(normalise(sentence)))

    def read(self, sentence: str, *, council_signature: bool = False, to_bodies: bool = True) -> Representation | None:
        """The representation a sentence makes, if any.

        ``council_signature``: the sign-off presents the writer as an office-holder or under the
        council's name, so "we object to this application" is the council's "we".
        ``to_bodies``: the mail goes to an organisation, not only to people's own mailboxes; a stance
        stated to a constituent informs them, the same stance stated to a body represents the council.
        """
        text = normalise(sentence)
        if not text or text.endswith("?"):
            return None
        found = next((m for p in self._explicit if (m := p.search(text))), None)
        if found is None and to_bodies:
            found = next((m for p in self._stance if (m := p.search(text))), None)
            if found is None and council_signature:
                found = self._we_stance.search(text)
        if found is None:
            return None
        if any(neg.search(text) for neg in self._negatives):
            return None
        return Representation(sentence.strip(), text[found.start():found.end()].strip(" ,"))

    def behalf_line(self, line: str) -> Representation | None:
        """A signature line such as "For and on behalf of Ashford Parva Town Council"."""
        text = normalise(line)
        m = self._behalf_line.search(text)
        return Representation(line.strip(), text[m.start():m.end()]) if m else None

    def office_line(self, line: str) -> bool:
        """A signature line naming an office ("Chairman") or the council ("Ashford Parva Town Council")."""
        return bool(self._office_line.search(normalise(line)))


@lru_cache(maxsize=16)
def council_voice(council_name: str, clerk_names: tuple[str, ...] = ()) -> CouncilVoice:
    return CouncilVoice(council_name, clerk_names)


def _council_ref(council_name: str) -> str:
    """"the council", "our town council", "the Borough Council" (if it is one), and the council's own name."""
    own_kinds = [w for w in council_name.lower().split() if re.fullmatch(_TYPES, w)]
    kinds = "|".join(dict.fromkeys([*_LOCAL_TYPES, *own_kinds]))
    generic = rf"(?:the|our|this)\s+(?:(?:{kinds})\s+)?council"
    return rf"(?:{generic}|{_name_pattern(council_name)})"


_NOT_A_COMPOUND = (r"(?!\s+(?:depot|meeting|meetings|office|offices|tax|house|houses|housing|estate|land|chamber|"
                   r"chambers|website|tip|car\s+park|minutes|agenda|elections?|building|staff|officers?|"
                   r"contractors?|workers?|team|vans?|lorry|yard|property|tenants?|grant|grants|budget)\b)")


def _strict_council_ref(council_name: str, *, phrase_end: bool = True) -> str:
    """This council and no other: "the council", "our town council" (its own kind only), its own name;
    never "the council's" or "the council depot". ``phrase_end``: it must also end its noun phrase (a
    punctuation mark or a conjunction follows), as in "... and not the town council - we are separate"."""
    own_kinds = [w for w in council_name.lower().split() if re.fullmatch(_TYPES, w)]
    kinds = "|".join(dict.fromkeys(own_kinds))
    generic = rf"(?:the|our|this)\s+(?:(?:{kinds})\s+)?council" if kinds else r"(?:the|our|this)\s+council"
    ref = rf"(?:{generic}|{_name_pattern(council_name)})(?!['\u2019]s)"
    if not phrase_end:
        return ref + _NOT_A_COMPOUND
    return (ref + r"(?=\s*(?:[,.;:!?)\-\u2013\u2014]|$|(?:and|but|or|so|as|because|we|which|who|though|although|"
                  r"here|at\s+all|in\s+(?:this|any)|on\s+this|obviously|of\s+course|please|thanks)\b))")


def _place_pattern(council_name: str) -> str:
    """The place a council is named after ("Ashford Parva"): "Mayor of Ashford Parva" speaks for its council."""
    words = [w for w in council_name.lower().split() if w != "council" and not re.fullmatch(_TYPES, w)]
    return r"\s+".join(re.escape(w) for w in words) or r"(?!)"


#: What a sentence about another council is judged as: a third party the detector already reads as such
#: ("another authority will cut back the hedge" binds no one the recipient can hold this council to).
ANOTHER_AUTHORITY = "another authority"
#: What a principal council's own name or kind is judged as: the words the detector knows as the council's
#: ("The District Council will empty the bins", from a district councillor, is the council's promise).
THIS_COUNCIL = "the council"
_PRINCIPAL_TYPES = frozenset(("borough", "district", "county"))
_KIND = r"(?:county\s+borough|metropolitan\s+borough|borough|district|county|city|town|parish|community|village|" \
        r"neighbourhood)"
#: A capitalised word that may start a place name, capped in length so that a long run of hyphenated
#: text cannot make the search quadratic.
_PLACE_WORD = r"(?!(?i:the|our|this|your|their|my|his|her|a|an|its)\b)[A-Z][\w'\u2019-]{0,40}"
_COUNCIL_REFERENCE = re.compile(
    rf"(?P<the>\b(?i:the)\s+(?P<kind>(?i:{_KIND}))\s+(?i:council)\b)"
    rf"|(?<![\w'\u2019-])(?P<place>{_PLACE_WORD}(?:\s+(?:(?:upon|on|in|under|next|by|cum|le|la|de)\s+)?"
    rf"{_PLACE_WORD}){{0,2}})\s+(?P<named>(?i:{_KIND}))\s+Council\b")
#: Words of a place name that tell nothing apart, and words that start sentences rather than names.
_NOT_DISTINCTIVE = frozenset((
    "upon", "on", "in", "under", "next", "by", "cum", "le", "la", "de", "the", "st", "saint", "great", "little",
    "north", "south", "east", "west", "upper", "lower", "old", "new", "and", "with", "sea", "market", "kings",
    "chipping", "bishops", "long", "high", "nether", "over", "much", "royal", "city", "town", "parish", "community",
    "village", "neighbourhood", "borough", "district", "county", "metropolitan", "council", "yes", "no", "ok",
    "okay", "sure", "hi", "hello", "dear", "thanks", "thank", "good", "news", "please", "so", "but", "also",
    "well", "right", "fine", "morning", "afternoon", "evening", "sorry", "cheers", "regards", "yours", "kind",
    "best", "as", "from", "for", "re", "fw", "fwd", "cc", "i", "we", "then", "now", "today", "yesterday",
    "tomorrow", "happily", "finally", "anyway", "however"))
#: Words after which what follows is a person's name, not a place's ("Hi Mrs Bagnall Town Council ...").
_NOT_A_PLACE = frozenset(("hi", "hello", "dear", "mr", "mrs", "ms", "miss", "dr", "cllr", "councillor", "sir",
                          "madam"))


def _kind_words(name: str) -> frozenset[str]:
    return frozenset(w for w in name.lower().split() if re.fullmatch(_TYPES + r"|metropolitan", w))


def _place_words(name: str) -> frozenset[str] | None:
    """The distinctive words of a place name, for comparing two spellings of one place: "Leigh-on-Sea" ->
    {leigh}, "St Mary's" -> {mary}; None when it cannot be told (an abbreviation such as "AP", a
    person's name after a title or greeting, or only words that start sentences: "Yes Town Council")."""
    words = re.split(r"[\s-]+", name.replace("\u2019", "'"))
    if any(w.isupper() and len(w.strip("'.")) <= 4 for w in words if w.strip("'.")):
        return None
    if any(w.lower().strip(".,") in _NOT_A_PLACE for w in words):
        return None
    out = set()
    for w in words:
        w = w.lower().replace("'", "").strip(".")
        w = w[:-1] if len(w) > 4 and w.endswith("s") else w
        if len(w) > 2 and w not in _NOT_DISTINCTIVE:
            out.add(w)
    return frozenset(out) or None


@lru_cache(maxsize=16)
def _own_council(council_name: str) -> tuple[frozenset[str], bool, frozenset[str]]:
    """(the kinds in this council's name, whether it is a principal council, its place's distinctive words):
    worked out once, not for every sentence judged."""
    kinds = _kind_words(council_name)
    place = _place_words(" ".join(w for w in council_name.split() if w.lower() not in kinds)) or frozenset()
    return kinds, bool(kinds & _PRINCIPAL_TYPES), place


def _same_place(a: frozenset[str], b: frozenset[str]) -> bool:
    """A word in common, or a common start of five letters ("Llanfairpwll" for "Llanfair Pwllgwyngyll")."""
    return any(x == y or (len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]) for x in a for y in b)


def other_councils_as_third_party(council_name: str, text: str) -> str:
    """``text`` as the detector should read it for this council: another council named as
    :data:`ANOTHER_AUTHORITY`, a principal council's own name or kind as :data:`THIS_COUNCIL`, and a
    local council's own name as its kind ("Kittlesea Town Council" -> "the town council").

    "The County Council will cut back the vegetation", written by a parish councillor, reports what
    another authority will do; written by a county councillor of that council it is a commitment. So:

    - "the borough/district/county council" is this council if this council's name has that kind, else
      another; "the town/parish council" (any local kind) is this council for a local council (its
      councillors often call a town council the parish council) and another for a principal one;
    - a council named after a place ("Bexwell Parish Council") is this council if the place shares a
      distinctive word with this council's ("Ashford Town Council" for Ashford Parva Town Council, "St
      Marys" for "St Mary's"), unless it is of a principal kind this council is not ("Sevenoaks District
      Council" for Sevenoaks Town Council); else another.

    When it cannot be told (an abbreviation, "Yes Town Council will pay", a council whose name has no
    kind, such as "Cornwall Council"), the words are left as written: a held message rather than a
    missed one.
    """
    if "ouncil" not in text:
        return text
    own_kinds, own_principal, own_place = _own_council(council_name)
    out, at = [], 0
    for m in _COUNCIL_REFERENCE.finditer(text):
        if m.group("the") is not None:
            kinds = frozenset(m.group("kind").lower().split())
            if not own_kinds:
                continue
            if kinds & _PRINCIPAL_TYPES:
                mine = kinds <= own_kinds
            else:
                mine = not own_principal
        start = m.start()
        if m.group("the") is None:
            kinds = frozenset(m.group("named").lower().split())
            start = _place_start(m, own_place)
            place = _place_words(text[start:m.start("named")])
            if place is None:
                continue
            mine = _same_place(place, own_place) and not (kinds & _PRINCIPAL_TYPES - own_kinds)
        if mine and not own_principal:
            if m.group("the") is not None:
                continue
            # "Please bill Kittlesea Town Council" scored 0.23, "Please bill the town council" 1.0: the
            # detector learnt the council's voice from "the town council", not from any one place's name.
            before = text[at:start]
            the = "" if _ENDS_WITH_ARTICLE.search(before) else "the "
            out += [before, f"{the}{m.group('named').lower()} council"]
            at = m.end()
            continue
        before = text[at:start]
        if _ENDS_WITH_ARTICLE.search(before):
            before = _ENDS_WITH_ARTICLE.sub("", before)
        out += [before, THIS_COUNCIL if mine else ANOTHER_AUTHORITY]
        at = m.end()
    return "".join(out) + text[at:] if out else text


_ENDS_WITH_ARTICLE = re.compile(r"\b(?:the|our|this)\s+$", _P)
#: Words that start a sentence or a clause before a council's name ("Invoice Kittlesea Town Council",
#: "Thanks Ashford Town Council"), not words of the place.
_LEADING_WORDS = frozenset((
    "invoice", "bill", "charge", "send", "ask", "tell", "contact", "email", "e-mail", "thank", "thanks", "please",
    "pay", "write", "ring", "call", "phone", "copy", "forward", "notify", "inform", "remind", "cc", "bcc", "yes",
    "no", "ok", "okay", "so", "but", "also", "and", "well", "right", "fine", "then", "now", "as", "from", "for",
    "re", "fw", "fwd", "i", "we", "however", "anyway", "finally", "today", "sadly", "unfortunately", "apparently",
    "obviously", "clearly", "hopefully", "luckily", "sure", "sorry", "cheers", "great", "good", "meanwhile"))


def _place_start(m: re.Match[str], own_place: frozenset[str]) -> int:
    """Where the place's name starts in a "<place> <kind> Council" match: past words that start the
    sentence ("Invoice Kittlesea Town Council"), and from the first word of this council's own place
    when it is there ("Ring Ashford Parva Town Council" -> "Ashford Parva")."""
    spans = [(w.start(), w.group(0)) for w in re.finditer(r"\S+", m.group("place"))]
    base = m.start("place")
    for i, (offset, word) in enumerate(spans):
        if own_place and _place_words(word) is not None and _same_place(_place_words(word) or frozenset(), own_place):
            return base + offset
        if i < len(spans) - 1 and word.lower().strip(",.") in _LEADING_WORDS:
            continue
        return base + offset
    return base


def _name_pattern(council_name: str) -> str:
    """"Ashford Parva Town Council", "Ashford Parva Council", "Ashford Parva TC"; never the bare place name."""
    words = council_name.lower().split()
    if len(words) >= 2 and words[-1] == "council":
        kinds = [w for w in words[:-1] if re.fullmatch(_TYPES + r"|metropolitan|royal", w)]
        base_words = words[: len(words) - 1 - len(kinds)] or words[:-1]
        base = r"\s+".join(re.escape(w) for w in base_words)
        kind = r"\s+".join(re.escape(w) for w in kinds)
        initials = "".join(w[0] for w in kinds) + "c" if kinds else "c"
        optional_kind = rf"(?:{kind}\s+)?" if kind else ""
        return rf"(?:(?:the\s+)?{base}\s+{optional_kind}council|{base}\s+{initials})\b"
    joined = r"\s+".join(re.escape(w) for w in words)
    return rf"(?:{joined})\b"
