"""Commitment and instruction cues: the hand-written reading of a sentence.

This is the transparent half of the commitment detector. It reads one sentence the way a clerk
would and says whether, taken at its word, it commits the council (to act, pay, supply or refrain),
accepts an offer, or instructs an outsider on the council's behalf, and names the cue it relied on.
It also recognises the hard negatives the protocol calls out: the writer's own promises and views,
decisions reported and left to the officer, questions, conditionals on a council decision,
refusals, and personal requests.

The trained classifier in ``models/`` decides; these cues are its features and its explanation.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from mailguard import literals

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

# A council named in full ("Leigh Town Council", "Thundersley Parish"), not the recipient's ("your council").
NAMED_COUNCIL = (r"(?<!your\s)(?<!their\s)(?:[a-z][a-z'-]+\s+){1,2}(?:town\s+council|parish\s+council|city\s+council|"
                 r"community\s+council|village\s+council|parish)")
# The committee of a body the council is not: a village hall's, the carnival's, a club's ("the hall committee will
# pay the call-out from the hall's maintenance fund", written by the council's trustee on the hall's board).
_NOT_AN_OUTSIDE_BODY = (r"(?!(?:[\w'-]+\s+)?(?:hall|carnival|show|fete|f\u00eate|gala|regatta|festival|bonfire|club|"
                        r"pta|(?:hall|club)\s+management|trustees?|pcc|church|chapel|twinning|residents'?|tenants'?)\s+committee\b)")
# Who speaks for the council.
COUNCIL_SUBJECT = (r"(?:we|we'll|we're|we've|us|the\s+(?:town\s+|parish\s+|city\s+|community\s+|village\s+|"
                   r"district\s+|county\s+|borough\s+)?council|(?:this|our)\s+council|"
                   rf"{NAMED_COUNCIL}|\b[a-z]{{2,8}}\s?(?:pc|tc)\b|"  # "Leigh Town Council", "MWUE PC"
                   r"the\s+parish|the\s+town|the\s+committee|(?:the\s+)?cyngor\s+(?:cymuned|tref|dinas)|"
                   rf"the\s+{_NOT_AN_OUTSIDE_BODY}(?:\w+\s+){{0,2}}committee|our\s+(?:\w+\s+)?(?:team|staff|contractors?|groundsman|"
                   r"grounds\s+staff|handyman|caretaker|lengthsman|litter\s+pickers?|wardens?|rangers?|gardeners?|"
                   r"workmen|operatives|crew)|the\s+council's\s+(?:\w+\s+)?(?:team|staff|"
                   r"contractors?))")
# Verbs of acting, paying and supplying (bare forms; "-s/-ing" handled by the patterns).
ACTION = (r"(?:pay|cover|meet|fund|part[- ]fund|co[- ]fund|foot|settle|reimburse|refund|repay|compensate|"
          r"contribute|donate|give|grant|award|provide|supply|deliver|install|replace|repair|fix|mend|"
          r"renew|resurface|clear|cut|trim|fell|remove|empty|collect|erect|put\s+up|build|paint|"
          r"clean|sweep|plant|mow|strim|maintain|service|inspect|order|buy|purchase|hire|book|sponsor|"
          r"underwrite|waive|write\s+off|offer|make\s+(?:an?\s+)?offer|bid|cancel|close|open|extend|renew|honour|sort|sort\s+out|"
          r"take\s+care\s+of|look\s+after|pick\s+up|cover\s+the\s+cost|make\s+good|reinstate|"
          r"let\s+you(?!\s+know)|allow\s+you|permit\s+you|release|transfer|lend|loan|match|top\s+up|"
          r"match[- ]fund|support\s+your\s+(?:bid|application)\s+with|pledge|commit|guarantee|"
          r"take\s+over|take\s+on|adopt|accept|agree\s+to|approve|authori[sz]e|sign|proceed|go\s+ahead|"
          r"start|begin|commence|arrange|organise|organize|run|host|put\s+on|lay\s+on|stump\s+up|"
          r"pick\s+up\s+the\s+(?:tab|bill|cost)|charge|not\s+charge|absorb|bear|shoulder|handle)")
# Agentive passives ("the hedge will be cut back by us next week"): what the council will have done.
# Procedural verbs (considered, discussed, decided ...) are left out: "will be considered by the
# council" promises nothing.
PASSIVE_ACTION = (r"(?:paid|covered|met|funded|part[- ]funded|settled|reimbursed|refunded|repaid|donated|given|"
                  r"granted|awarded|provided|supplied|delivered|installed|replaced|repaired|fixed|mended|renewed|"
                  r"resurfaced|cleared|cut|trimmed|felled|removed|emptied|collected|erected|put\s+up|built|"
                  r"painted|repainted|cleaned|swept|planted|mown|mowed|strimmed|maintained|serviced|inspected|"
                  r"ordered|bought|purchased|hired|booked|sponsored|waived|written\s+off|sorted|taken\s+care\s+of|"
                  r"looked\s+after|picked\s+up|reinstated|released|returned|transferred|lent|loaned|topped\s+up|"
                  r"taken\s+over|adopted|arranged|organised|organized|hosted|laid\s+on|absorbed|handled|done|"
                  r"carried\s+out|dealt\s+with|tidied|unblocked|patched|filled\s+in|jetted|relined|re-lined|"
                  r"fitted|refitted|re-fitted|replanted|restored|rebuilt|resited|re-sited|moved|relocated)")
#: This council, not another authority: "the council", "the town council", "the parish council" (not "the county
#: council", whose money a councillor may lobby for but cannot give).
_THIS_COUNCIL = r"the\s+(?:(?:town|parish|city|community|village)\s+)?council"
#: What makes an offer of money or authority not this council's to rely on: a condition still to be met, hearsay,
#: another body's name, a prize or a past year.
_NOT_OURS_TO_GIVE = re.compile(
    r"\b(?:if|subject\s+to|assuming|unless|only\s+if|apparently|i'm\s+told|tells\s+me|told\s+me|told\s+you|says|guess|"
    r"raffle|win|last\s+year|rotary|lions|round\s+table|lottery|as\s+(?:chair|treasurer|secretary|president)\s+of\s+"
    r"(?!the\s+(?:[\w&-]+\s+){0,3}?(?:committee|council)\b))\b")
#: The council as the subject of what someone else says it will do or has done ("your neighbour tells me that the
#: parish is going to ...", "Apparently the council is going to pay ...": the hearsay readings).
_REPORTED_BODY = r"(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)|we)"
_REPORTED_WILL = _REPORTED_BODY + r"(?:'ll|'re|\s+(?:will|won't|is|are|has|have|had|shall|would))\b"
#: What may come before a reading anchored to the start: "Thanks, we're taking you up on your offer", "Good news:
#: the £400 is yours".
_OPENER = r"^(?:(?:thanks|thank\s+you|good\s+news|great|so|and|ok|okay|right|yes)[,:!.\u2013-]*\s+)*"
COUNCIL_AGENT = (r"(?:us|ourselves|the\s+(?:town\s+|parish\s+|city\s+|community\s+|village\s+)?council|the\s+parish|"
                 r"our\s+(?:own\s+)?(?:contractors?|groundsman|groundsmen|grounds\s*(?:man|men|team|staff)|"
                 r"lengthsman|handyman|team|staff|caretaker|maintenance\s+team))")
# Procedural verbs: committing to these binds the council to nothing the recipient can rely on.
PROCEDURAL = (r"(?:discuss|consider|look\s+(?:at|into)|review|let\s+you\s+know|get\s+back|be\s+in\s+touch|"
              r"keep\s+you|talk|think|see\s+(?:what|if|whether|how)|come\s+back|respond|reply|raise|mention|"
              r"ask|chase|follow|report|debate|decide|vote|note|bear\s+in\s+mind|take\s+(?:it|this)\s+"
              r"(?:forward|away|on\s+board)|put\s+(?:it|this)\s+(?:to|on)|add\s+(?:it|this)\s+to|"
              r"try|endeavour|aim|hope|want|need|like|love|be\s+(?:meeting|discussing|considering|looking)|"
              r"be\s+(?:happy|glad|pleased)\s+to\s+(?:discuss|meet|talk|chat|help\s+you\s+with\s+any\s+questions))")
# Verbs a councillor uses to instruct an outsider to act for the council.
INSTRUCT = (r"(?:go\s+ahead|proceed|crack\s+on|carry\s+on|get\s+on|get\s+started|press\s+on|push\s+on|start|begin|"
            r"see\s+to\s+it\s+that|"
            r"commence|order|book|reserve|install|carry\s+out|invoice(?=\s+(?:us|the|for|me|them))|"
            r"send\s+(?:the|your|us\s+the|"
            r"us\s+an?|us\s+one|us\s+a\s+single|us\s+your|an?)\s+(?:\w+\s+)?(?:invoice|bill|account)|put\s+(?:it|this|that)\s+on\s+(?:our|the\s+council's)|"
            r"fell|cut|trim|remove|repair|fix|replace|resurface|deliver|erect|put\s+up|take\s+down|paint|"
            r"print\s+\d[\d,]*|arrange|hire|buy|purchase|supply|fit|lay|dig|plant|clear|demolish|build|schedule|"
            r"confirm\s+the\s+(?:order|booking)|place\s+the\s+order|finish|complete|extend|upgrade|"
            r"instruct|appoint|engage|release|issue|pay\s+(?:the|them|him|her)|take\s+(?:it|that|them)\s+away)")
# An imperative that asks a favour for the writer ("please go ahead and book me a table"): not for the council.
_NOT_FOR_ME = (r"(?!\s+(?:me|for\s+me|and\s+(?:\w+\s+)?(?:reserve|book|put|sign|save|get|count)\s+me))"
               r"(?![^.;]{0,60}\bfor\s+me\b)")
# "treat", "bill" and "charge" alone are too often nouns or other senses ("Bill,", "please treat that as").


# More imperatives, read only at the start of a sentence or after "please".
_MORE_INSTRUCT = (r"(?:transfer|invest|prepare|board\s+up|disconnect|amend|apply\s+the|add\s+(?:the|our|two|three|a|"
                  r"an|\d)|take\s+away|fill(?!\s+(?:in|out)\b)|swap|reinstate|commission|set\s+up|serve|renew|cancel|"
                  r"reprint|recharge|top\s+up|strim|mow|prune|tidy\s+up|rebuild|replant|relocate|divert|reroute|"
                  r"survey|draw\s+up|produce|publish|advertise|re-?felt|repaint|re-?turf|put\s+(?:the|in|up|a|an)|"
                  r"drop\s+(?:a|the)|stick(?!\s+to\b)|get\s+the\s+\w+\s+done|go\s+to\s+print|"
                  # jobs done to council property, in the verbs a contractor is told them with
                  r"strip\s+out|redo|re-?do\s+the|re-?hang|ship|dispatch|despatch|jet\s+the|lift\s+the|treat\s+the|"
                  r"lock\s+the|empty\s+the|weld|hand\s+(?:the|over)|update\s+the\s+(?:council's|parish|town|website|"
                  r"noticeboard)|move\s+the\s+(?!(?:\w+\s+)?(?:meeting|date|call|appointment|time)\b)|"
                  r"block-?book|take\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?:down|away)\b|"
                  r"get\s+(?:the|your)\s+(?:[\w'-]+\s+){0,6}?(?:up|down|cleared|fixed|sorted|welded|repaired|"
                  r"replaced|removed|installed|fitted|emptied|cleaned|painted|cut|moved|running|back\s+on|delivered|"
                  r"laid|planted|unblocked|jetted|trimmed|resurfaced|tarmacked|lodged|collected)\b|"
                  r"(?:get|send)\s+your\s+(?:men|crew|team|lads|gang|guys|operatives?|people|staff|engineer|"
                  r"electrician|plumber|surveyor|arborist|tree\s+surgeon|fitter|roofer|glazier|van)\b|"
                  # more of a contractor's jobs, as a councillor tells them
                  r"knock\s+down|change\s+the\s+(?!(?:\w+\s+)?(?:date|time|meeting|day|venue)\b)|"
                  r"bring\s+(?:the|your)\s+(?:[\w'-]+\s+){0,3}?(?:back|round|over|out)\b|re-?seed|re-?lay|re-?tarmac|"
                  r"tarmac|(?:pressure|jet|power)[- ]?wash|mark\s+out|raise\s+(?:a|an|the)\s+(?:purchase\s+)?order|"
                  r"chip\s+the|hang\s+(?:the|our|new|a|an)\b|switch\s+(?:the|it|them|off|on)\b|"
                  r"do\s+the\s+(?!(?:same|honours|maths|math|rest)\b)\w+(?![^?]*\?)|"
                  r"open\s+the\s+(?!(?:\w+\s+)?(?:attach\w*|link|document|file|e-?mail|pdf|letter|meeting)\b)|"
                  r"re-?point|re-?fix|sand\s+(?:the|down)|varnish|creosote|weed\s+the|spray\s+the|re-?mark|"
                  r"address\s+(?:the|your)\s+(?:[\w'-]+\s+){0,3}?(?:invoice|bill)s?\s+to|"
                  r"go\s+for\s+it|make\s+a\s+start|"
                  # exp10: more of a contractor's jobs ("give the field a cut", "send a team to ..."), acting for the
                  # council, "use the council's account at ..."
                  r"give\s+(?:the|our|it|them)\s+(?:[\w'-]+\s+){0,3}?(?:a|an|another)\s+(?:good\s+|quick\s+|fresh\s+|"
                  r"final\s+|extra\s+|proper\s+)?(?:cut|trim|clean|tidy|mow|strim|coat|lick\s+of\s+paint|going-?over|"
                  r"service|wash|sweep|spray|prune)\b|act\s+for\s+(?:the\s+(?:[\w-]+\s+)?council|the\s+parish|us)\b|"
                  r"send\s+(?:a|an|some)\s+(?:[\w-]+\s+)?(?:team|crew|gang|man|men|lads|operatives?|engineer|"
                  r"electrician|plumber|van|lorry|truck)\b|send\s+(?:someone|somebody)\s+(?:round|out|over|to)\b|"
                  r"lop|pollard|coppice|crown[- ](?:lift|reduce|thin)|(?:cut|trim)\s+back|"
                  r"use\s+(?:the\s+council's|our|the\s+parish's)\s+"
                  r"(?:[\w'-]+\s+)?account\b)")

# Council assets a councillor can hand over for use ("the bandstand is yours on Sundays", "the church is
# welcome to our marquee"): the nouns that make "is yours" a grant, not a choice or a fault.
ASSET = (r"(?:hall|halls|pavilion|bandstand|field|fields|pitch|pitches|green|rec|recreation\s+ground|park|"
         r"allotment|plot|room|rooms|chamber|suite|kitchen|car\s+park|marquee|gazebo|stage|equipment|store|"
         r"storeroom|shed|kiosk|stall|space|site|land|square|court|courts|changing\s+rooms|clubhouse|orchard|"
         r"garden|meadow|common|noticeboard|shelter|building|hut|premises|pond|booth|slot|unit|lock-?up|garage|"
         r"container|trailer|benches|tables|chairs|barriers|cones|bunting|projector|skate\s+park|playground|"
         r"gazebos|marquees|"
         r"play\s+area|bowling\s+green|cricket\s+square|square|track|path|grounds|ground|lawn|verge|"
         r"lay-?by|chapel|annexe|annex|office|depot|yard|meeting\s+room|hall\s+kitchen|pavilion\s+kitchen|"
         # grounds, buildings and fittings a parish or town council also lets out
         r"churchyard|cemetery|graveyard|grave|grave\s+space|woodland|woods?|paddock|quay|promenade|beach|"
         r"standpipe|floodlights|lamp\s+(?:columns|posts)|lamp-?posts|walls?|railings|canopy|burial\s+ground|"
         r"memorial|library|institute|neuadd|offices|"
         r"playing\s+fields?|allotments|plots|market\s+pitch|riverbank|slipway|jetty|moorings?|bench)")
# A sentence that hedges, negates, reports or asks about the grant is left to the other readings.
# (A pattern's ``unless``: searched only once the pattern has matched.)
_NOT_GIVEN = re.compile(r"\b(?:if|whether|unless|once|until(?!\s+(?:the\s+end\s+of|(?:the\s+)?\d|"
                        r"(?:mid-?|the\s+end\s+of\s+|early\s+|late\s+)?(?:january|february|march|april|may|june|july|"
                        r"august|september|october|november|december|spring|summer|autumn|winter|christmas|easter|"
                        r"dusk|midnight|noon|lunchtime)|further\s+notice|(?:next|the\s+next)\s+\w+)\b)|provided|assuming|only|usually|normally|never|not|"
                        r"no\s+longer|cannot|need|needs|must|should|would|could|might|without|claims?|claimed|(?<!to\s)says?(?!-)|"
                        r"said|thinks?|believes?|told|asked|asking|wants?|wanted|hopes?|hoping|apparently)\b|n't\b")
# A grant heard of rather than made: planning permission, another authority's, a past one, a rumour.
_NOT_GRANTED = re.compile(_NOT_GIVEN.pattern + r"|\b(?:planning|district|county|borough|highways|landowner|landlord|"
                          r"was|were|mentioned|offered|someone|rumou?r\w*)\b")
# exp10: an award heard of from elsewhere: the Lottery's, a foundation's, another body's.
_NOT_OURS = re.compile(_NOT_GRANTED.pattern + r"|\b(?:lottery|foundation|arts\s+council|sport\s+england|heritage|"
                       r"by\s+the\s+(?!(?:[\w-]+\s+)?council\b|parish\b))")
# Hedges and reports that void a waiver or an instruction whose own words already carry a negation or a "would"
# ("you won't need to pay", "I'd like you to go ahead").
_HEDGED = re.compile(r"\b(?:if|whether|unless|provided|assuming|claims|claimed|(?<!to\s)says?(?!-)|said|told|"
                     r"(?<!be\s)asked|asking|apparently|hopefully|perhaps|probably|maybe|usually|normally)\b")
_HEDGED_MODAL = re.compile(_HEDGED.pattern + r"|\b(?:would|could|might|should|may)\b|"
                           r"\b(?:can't|cannot|not)\s+(?:promise|guarantee)|\bno\s+guarantee")
# A promised waiver doubted, denied or only hoped for.
_WAIVER_DOUBTED = re.compile(
    _HEDGED_MODAL.pattern + r"|\b(?:assume|assuming|expect|expecting|hope|guarantee|promise|count\s+on)\b|"
    r"\b(?:not|n't)\s+be\s+(?:waived|written)\b|"
    # someone else's waiver, passed on: the district's, the bank's, the landlord's
    r"\b(?:district|county|borough|bank|landlord|lottery|hmrc|they|he|she)\b|\b(?:has|have)\s+confirmed\b|"
    r"\bby\s+the\b")
# The asset only where something is, not what is handed over: "the kids at the skate park are yours" (blind set AJ).
_ASSET_NOT_SUBJECT = re.compile(rf"\b(?:at|in|of|on|near|by|from)\s+(?:the\s+)?(?:[\w'-]+\s+)?{ASSET}\s+(?:is|are)\s+"
                                r"yours\b")
# A grant passed on from someone else: "apparently the old chairman told the club ...", "someone had offered them".
_HEARSAY = re.compile(_HEDGED.pattern + r"|\b(?:mentioned|offered|someone|was|were|always|used\s+to)\b")
# Done for the council: "on the council's behalf", "on behalf of the town council".
_ON_OUR_BEHALF = re.compile(r"\bon\s+(?:the\s+(?:[\w-]+\s+){0,2}?council's|the\s+parish's|our)\s+behalf\b|"
                            r"\bon\s+behalf\s+of\s+the\s+(?:[\w-]+\s+){0,2}?(?:council|parish)\b")
# What a grantee may do with a council asset: "the choir can rehearse in the chamber", "you may moor the barge
# at the town quay".
USE_VERB = (r"(?:use|have|keep|hold|park|put|place|store|take|borrow|fly|site|plant|set\s+up|leave|hang|pitch|"
            r"graze|run|book|hire|camp|trade|moor|fish|scatter|erect|install|rehearse|practi[sc]e|train|play|"
            r"perform|film|stay|display|fundraise|busk|meet|cross|cut(?=\s+(?:through|across))|draw|extend|show|start|stage|"
            r"launch|sell|collect|tether|exercise|rest|stand|attach|fix|fasten|tie|close|shut|fence\s+off|cordon\s+off|"
            r"tap\s+into|plug\s+into|connect\s+to|paint|bring|light)")
# Objects that make "you can have / take / put ..." a direction or a courtesy, not a grant (a lookahead).
_NOT_AN_ASSET = (r"(?!\s+(?:a\s+look|a\s+copy|a\s+photo|photos|pictures|part|notes|a\s+price|a\s+quote|prices|"
                 r"together|forward|your\s+(?:views|comments|questions|thoughts|concerns|name|say)|the\s+(?:form|"
                 r"forms|website|link|portal|online|app|number|details|address|minutes|agenda|template|guidance|"
                 r"toolkit|survey|floor|matter|issue|point|chair)|our\s+(?:website|form|online|portal|app)|"
                 r"it\s+up\s+with|this\s+up|me\b|up\s+with|on\s+board|in\s+(?:a|an|your)\s+(?:bid|claim|"
                 r"application|request|complaint|objection)|it\s+in\s+writing)\b)")


@dataclass(frozen=True)
class Cue:
    """What a sentence does, as the hand-written reading sees it."""

    binding: bool
    kind: str          # commitment | acceptance | instruction | grant | refrain | or a negative kind
    words: str         # the words that decided it, for the explanation
    #: A binding reading from one of the broad patterns tried last ("we'll <any verb>", an imperative
    #: read only from the sentence's first word): less sure than the specific ones, so it moves the
    #: trained model's decision bar less (:func:`mailguard.model.features.combine`).
    broad: bool = field(default=False, compare=False)


#: Whether an ASCII sentence can skip the translation (every character it maps is beyond ASCII).
_ASCII_UNTOUCHED = all(code > 0x7F for code in _APOSTROPHES)


def normalise(sentence: str) -> str:
    r"""Curly quotes and dashes made plain, and every run of whitespace made one space, none at the ends.

    ``" ".join(text.split())`` is ``re.sub(r"\s+", " ", text).strip()`` at a tenth of the cost: str.split,
    str.strip and the regex ``\s`` all take whitespace to be ``str.isspace`` (tests/test_cues.py checks
    every code point). The patterns' screen (:mod:`mailguard.literals`) relies on the result: its only
    whitespace is single spaces, and lowercasing it adds none.
    """
    if not (_ASCII_UNTOUCHED and sentence.isascii()):
        sentence = sentence.translate(_APOSTROPHES)
    return " ".join(sentence.split())


# Patterns run on the lowercased sentence: plain matching is ~25 % faster than re.IGNORECASE, and the
# cues are read for every sentence of every message.
_P = 0

@dataclass(frozen=True)
class _Pattern:
    """A cue pattern and its guard: words at least one of which any match must contain.

    Most sentences contain none of a pattern's guard words, and a substring test is far cheaper
    than running the regex over every position. The guard is part of the pattern's meaning (the
    regex is only tried when one of its words is in the sentence); what :func:`read` derives from
    the regex itself to skip it (:class:`_Plan`) never changes what matches.
    """

    kind: str
    regex: re.Pattern[str]
    guard: tuple[str, ...] = ()
    broad: bool = False
    #: A match counts only if this finds nothing anywhere in the sentence (a hedge, a negation, a report).
    unless: re.Pattern[str] | None = None


def _cue(kind: str, pattern: str, guard: tuple[str, ...] = (), unless: re.Pattern[str] | None = None) -> _Pattern:
    return _Pattern(kind, re.compile(pattern, _P), guard, unless=unless)


# The writer's own earlier word, and what takes it back (see the "quoted" reading that uses them).
_OWN_SAYING = r"(?<!\bas\s)(?<!\blike\s)(?:i|i've|i\s+have|we|we've|we\s+have)\s+(?:said|told)"   # not "as I said"
_TAKEN_BACK = (r"(?:apologi\w*|sorry|wrong\w*|shouldn't|should\s+not|premature\w*|ignore|withdraw\w*|no\s+record|"
               r"news\s+to\s+me|apparently|you\s+say|misquot\w*|many\s+times|repeatedly|for\s+years)")

# ----------------------------------------------------------------- negatives (checked first)
_NEGATIVES: list[_Pattern] = [
    _cue("reported", r"\b(?:the\s+)?(?:\w+\s+){0,2}(?:council|committee|members|meeting|councillors)\s+"
                     r"(?:has\s+|have\s+)?"
                     # "... met last night and agreed to ...": the meeting's decision, reported
                     r"(?:met\s+(?:(?:last\s+night|yesterday|this\s+\w+|last\s+\w+|on\s+(?:the\s+)?(?:\w+\s+)?"
                     r"\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?[a-z]+)?|on\s+\w+)\s+)?and\s+)?"
                     r"(?:resolved|voted|decided|agreed|approved|determined|ruled|"
                     # the emphatic past: "The finance committee did agree on Tuesday to go with your quote" (read
                     # split test32, stop 18)
                     r"did\s+(?:(?:formally|finally|actually|indeed|unanimously|in\s+fact)\s+)?(?:resolve|vote|decide|agree|"
                     r"approve|determine|rule))\b(?!\s+(?:that\s+)?"
                     r"(?:we|you)\s+(?:will|can|may))",
                     ("resolved", "voted", "decided", "agreed", "approved", "determined",
                      "ruled", "did")),
    # exp10: a decision reported without its maker: "it was resolved to accept the lowest tender", "it was agreed
    # at the meeting that ..."
    _cue("reported", r"\bit\s+(?:was|has\s+been|had\s+been)\s+(?:formally\s+|unanimously\s+)?(?:resolved|voted|decided|"
                     r"agreed)\b", ("resolved", "voted", "decided", "agreed")),
    _cue("deferral", r"\b(?:referred|passed|forwarded)\s+(?:it\s+|this\s+)?(?:on\s+)?to\s+(?:the\s+)?(?:\w+\s+)"
                     r"{0,3}(?:committee|council|meeting)\b|\b(?:will\s+go|goes|is\s+going|will\s+be\s+(?:put|"
                     r"taken|reported|considered|discussed|reviewed|looked\s+at|decided|assessed))\s+(?:to|before|"
                     r"by|at|with)\s+(?:the\s+)?(?:\w+\s+){0,3}(?:committee|council|meeting)\b|"
                     r"\b(?:the\s+)?(?:town\s+|parish\s+)?(?:clerk|office|proper\s+officer|rfo|"
                     r"responsible\s+financial\s+officer|deputy\s+clerk|officers?)\s+(?:will|'ll|shall|"
                     r"is\s+going\s+to|would|can|may|should)\b",
                     ("referred", "passed", "forwarded", "committee", "council", "meeting",
                      "clerk", "office", "rfo")),
    # What the council will do, as the object of something else: "The clerk will write to you with the details,
    # including what the council will provide" (read split test33, stop 18), "I don't know how much the parish will
    # put in". Only for its own clause ("I'll tell you what we'll do: we'll pay half" still binds after the colon).
    # Not the writer announcing it ("Here's what the council will do - pay the full cost", "This is what we'll do:").
    _cue("information", r"(?<!\bthis\sis\s)(?<!\bhere's\s)(?<!\bhere\sis\s)(?<!\bthat's\s)(?<!\bthat\sis\s)"
                        r"\b(?:what|whatever|which|how\s+much|how\s+many)\s+(?:we|(?:the\s+)?(?:(?:town|parish|"
                        r"community|city|village)\s+)?(?:council|parish|committee))(?:'ll|\s+(?:will|would|can|could|might|"
                        r"shall)|(?:\s+(?:is|are)|'re)\s+going\s+to)\b",
                        ("what", "which", "how much", "how many")),
    # Passing word on to colleagues: "I'll make sure the members know you can start the week after", "I'll make
    # sure the council knows you'd be happy to do it again" (blind splits test30 and test31, counted at stop 17 and
    # read at stop 18): what follows "know" is news for colleagues, not the council's word. Only for its own clause
    # ("I'll make sure the members know, and you can start on Monday" still grants).
    _cue("deferral", r"\bi(?:'ll|\s+will|\s+shall|\s+can|'m\s+going\s+to)\s+(?:also\s+|certainly\s+|personally\s+)?"
                     r"(?:make\s+sure|ensure|see\s+to\s+it)\s+(?:that\s+)?(?:(?:the|my|our|all\s+the|all|other|fellow)\s+)?"
                     r"(?:(?:[\w-]+\s+){0,2}?(?:council|committee|members|councillors|colleagues|clerk|chair(?:man)?|mayor)|"
                     r"everyone|everybody|the\s+others?)\s+(?:\w+\s+)?(?:knows?|are\s+aware|is\s+aware|hears?(?:\s+about)?|"
                     r"(?:is|are|gets?)\s+(?:told|informed|made\s+aware))\b(?!\s+to\b)"
                     # ... not the council's own word passed on, nor the council acting too: "I'll make sure the clerk
                     # knows we will pay", "... knows how much we owe you and pays it by Friday" (review, stop 18)
                     r"(?!\s+(?:that\s+)?(?:we|the\s+(?:[\w-]+\s+)?council|the\s+parish)\b)"
                     r"(?![^.;]*\band\s+(?:pays?|gets?|has|have|sends?|covers?|meets?|sorts?|fixes|repairs?|settles?)\b)",
                     ("make sure", "ensure", "see to it")),
    # Sending the reader to the officer: "Please discuss it with the clerk, who manages the contract on the
    # council's behalf" (development split test17), "do get in touch with the parish office".
    # "Go ahead and contact the clerk directly." (but "Go ahead and e-mail the clerk your invoice" orders the invoice)
    _cue("deferral", r"^(?:please\s+)?(?:go\s+ahead\s+and|feel\s+free\s+to)\s+(?:contact|ring|phone|call|e-?mail|"
                     r"write\s+to|get\s+in\s+touch\s+with|speak\s+to|talk\s+to|raise\s+it\s+with|check\s+with)\s+"
                     r"(?:the\s+)?(?:town\s+|parish\s+)?(?:clerk|office)\b",
                     ("clerk", "office"),
         unless=re.compile(r"\b(?:invoice|bill|account)\b|\b(?:and|then|to)\s+(?:book|order|start|arrange|send|get|do|go)\b")),
    _cue("deferral", r"(?:^|\bplease\s+|\bdo\s+|\bjust\s+)(?:discuss|raise|"
                     r"take\s+up|speak\s+to|talk\s+to|check\s+with|"
                     r"contact|ring|phone|call|e-?mail|write\s+to|get\s+in\s+touch\s+with)\s+(?:it\s+|this\s+|that\s+|"
                     r"the\s+matter\s+)?(?:directly\s+)?(?:with\s+)?(?:the\s+)?(?:town\s+|parish\s+)?(?:clerk|"
                     r"council\s+office|parish\s+office|town\s+hall\s+office|deputy\s+clerk)\b",
                     ("clerk", "office")),
    _cue("conditional", r"^(?:but\s+|and\s+|so\s+)?(?:if|should|provided|providing|assuming|subject\s+to|"
                        r"once|unless|in\s+the\s+event|depending|whether)\b[^,;]{0,120}?\b(?:council|committee|"
                        r"members|meeting|approv|agree|vote|decid|resolv|budget|precept|funding|successful|accept|award)"),
    # exp10: the inverted conditional: "Were the council to accept your offer, ...", "Were we to fund it, ..."
    _cue("conditional", r"^(?:but\s+|and\s+|so\s+)?were\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)|we|"
                        r"members|it|they)\s+to\b", ("were",)),
    _cue("hypothetical", r"\b(?:we|the\s+council|the\s+committee|the\s+parish)\s+(?:might|may|could|would)"
                         r"(?:\s+(?:possibly|perhaps|potentially|probably|be\s+able\s+to))?\b|\b(?:might|may\s+well|"
                         r"could)\s+be\s+(?:available|possible|an\s+option)\b|\bdepending\s+on\s+(?:what|whether|"
                         r"how|the\s+(?:budget|council|committee|vote|meeting|surveyor))\b",
                         ("might", "may", "could", "would", "depending")),
    # A possibility, in its own clause only: "There may also be a faculty needed from the diocese" (development
    # split test12); "There may be a short delay, but the council will pay your invoice" still binds.
    _cue("possibility", r"^(?:but\s+|and\s+|so\s+)?there\s+(?:may|might|could)\s+(?:also\s+|well\s+|still\s+)?be\b",
         ("may", "might", "could")),
    _cue("opinion", r"\bhopefully\b|\bfingers\s+crossed\b|\bi(?:'d|\s+would)\s+(?:imagine|think|expect|guess|"
                    r"say|hope|assume)\b|\b(?:i|we)\s+(?:personally\s+)?(?:think|believe|feel|reckon|suspect|hope|wish|"
                    r"would\s+like(?!\s+you\s+to)(?!\s+to\s+(?:go\s+ahead|proceed|accept|take\s+you\s+up)\b)|'d\s+like|want|am\s+hoping|are\s+hoping|expect|doubt|suggest|propose|"
                    r"recommend|guess|imagine|assume)\b|\bin\s+my\s+(?:view|opinion)\b|"
                    r"(?<!'ll\s)(?<!will\s)(?<!to\sit\s)\bpersonally\b|"
                    r"\bi(?:'d|\s+would)\s+(?:be\s+(?:inclined|minded|tempted)|lean\s+towards)\b|"
                    r"\b(?:i'm|we're)\s+(?:still\s+|really\s+)?hoping\b|"
                    r"\b(?:we|the\s+council|the\s+parish)\s+(?:should|ought\s+to|need\s+to|must)\b|"
                    r"\bit\s+would\s+be\s+(?:good|great|nice|sensible|wise|helpful)\b|\bmy\s+(?:view|"
                    r"preference|feeling|hope)\b|\bi(?:'d|\s+would)\s+like\s+to\s+think\b|\bi\s+(?:don't|do\s+not)\s+(?:think|"
                    r"believe|expect|imagine|reckon)\b|\bi(?:'m|\s+am)\s+(?:fairly\s+|quite\s+|very\s+|pretty\s+)?"
                    r"(?:confident|sure|certain|optimistic|hopeful)\b|\bi\s+(?:very\s+much\s+|really\s+|do\s+)hope\b|"
                    # exp10: a councillor's own leaning ("I'd back accepting your tender"), and "..., for what it's
                    # worth."
                    # at the end (at the start it only introduces what follows)
                    r"\bi(?:'d|\s+would)\s+(?:personally\s+)?(?:favour|back|support|vote\s+for|go\s+for|prefer)\b|"
                    r",\s*for\s+what\s+it's\s+worth\s*[.!]*$",
                    ("think", "believe", "feel", "reckon", "suspect", "hop", "wish", "like", "fingers", "i'd",
                     "i would",
                     "want", "expect", "doubt", "suggest", "propose", "recommend", "guess",
                     "imagine", "assume", "my ", "personally", "should", "ought", "need",
                     "must", "it would be", "confident", "sure", "certain", "optimistic", "worth")),
    _cue("refusal", r"\b(?:i|we|the\s+council)\s+(?:(?:can'?not|can't)(?!\s+(?:let|wait|thank|believe|stress|"
                    r"emphasi[sz]e|"
                    r"imagine|say\s+(?:enough|how)|help\s+(?:but|feeling)))|am\s+not\s+able|are\s+not\s+able|"
                    r"have\s+no\s+authority|don't\s+have\s+(?:the\s+)?authority|am\s+not\s+authori[sz]ed|"
                    r"(?:don't|do\s+not)\s+know\s+(?:whether|if)|"
                    r"have\s+not\s+(?:agreed|approved)|has\s+not\s+(?:agreed|approved)|haven't\s+(?:agreed|"
                    r"approved)|hasn't\s+(?:agreed|approved))\b|(?:^|\bplease\s+|\bkindly\s+)(?:(?:don't|do\s+not)"
                    # reassurance is no refusal: "Don't worry, the parish council will have the bench fixed before
                    # Easter" (blind set AK)
                    r"(?!\s+(?:worry|panic|fret|hesitate|forget|be\s+(?:alarmed|concerned|put\s+off)))|"
                    r"hold\s+off|"
                    r"wait\s+(?:until|till|for)|hang\s+fire)\b.{0,60}\b(?:until|till|before|unless)\b|"
                    r"(?:^|\bplease\s+|\bkindly\s+|\bcan\s+you\s+|\bcould\s+you\s+)hold\s+off\b|\b(?:nothing|no\s+(?:\w+\s+){0,2}?\w+)\s+(?:has|have)\s+(?:yet\s+)?been\b|"
                    r"\b(?:has|have)\s+not\s+been\s+(?:agreed|approved|accepted|waived|decided|confirmed)\b|"
                    r"\b(?:i'm|we're|i\s+am|we\s+are)\s+not\s+(?:able|in\s+a\s+position)\s+to\b|"
                    r"\b(?:i|we)(?:\s+will\s+not|\s+won't|'ll\s+not)\s+be\s+(?:able|in\s+a\s+position)\s+to\b|"
                    r"\b(?:hasn't|haven't)\s+been\s+(?:agreed|approved|accepted|waived|decided|confirmed)\b",
                    ("not", "n't", "no ", "nothing", "hold off", "wait", "hang fire")),
    _cue("procedural", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|shall|are\s+going\s+to|is\s+going\s+to)|'ll)\s+"
                       r"(?:\w+\s+)?(?:let\s+you\s+know|keep\s+you\s+(?:posted|informed|updated|in\s+the\s+loop)|"
                       r"get\s+back\s+to\s+you|be\s+in\s+touch|discuss|consider|look\s+(?:at|into)|review|debate|"
                       r"think\s+about|go\s+through\s+(?:the|your|all|their|these|those|each)\s+(?:[\w'-]+\s+){0,2}?(?:quotes?|"
                       r"quotations?|tenders?|bids?|applications?|figures|options|proposals?|plans|details|papers|documents?|"
                       r"comments|responses|submissions|designs?|drawings?|list|paperwork)\b|"
                       r"meet\s+(?:again|next|on|in|at|to|this|every|before|after|shortly|soon|later|"
                       r"with|up)|have\s+a\s+(?:chat|look|think|word|talk)|drop\s+you\s+a\s+(?:line|note|message)|"
                       r"give\s+you\s+a\s+(?:ring|call|bell)|(?:hold|keep|store|process|use|handle|retain|delete)\s+(?:your|their|all)\s+(?:personal\s+)?"
                       r"(?:data|information|details)|confirm\s+(?:the|our|its)\s+(?:decision|outcome|position))\b|\b(?:will|shall)\s+be\s+(?:evaluated|considered|discussed|assessed|reviewed|"
                       r"looked\s+at|decided|debated|scored|deciding|considering|discussing|"
                       r"meeting(?!\s+(?:the|your|all|half|part|any)\s+(?:[\w'-]+\s+){0,2}?(?:costs?|bill|fees?|"
                       r"expenses?|invoice))|closed|open)\b",
                       ("will", "shall", "going to", "'ll")),
    # Handling the correspondence itself (passing it on, sending papers, copying in, listing, filing): the
    # council undertakes nothing about the matter the recipient can rely on.
    _cue("procedural", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|shall|are\s+going\s+to|is\s+going\s+to)|'ll)\s+"
                       r"(?:also\s+|then\s+|now\s+|happily\s+|gladly\s+)?"
                       r"(?:(?:pass|forward|send|refer|circulate|share)\s+(?:it|this|them|that|your|the|their|his|her)\b"
                       r"[^,;]{0,80}?\b(?:to|with|round|around|on\s+to|onto)\s+(?:the|our|your|all|a|an|its|his|her|"
                       r"their|every|each|members|councillors|the\s+\w+)\b|"
                       r"(?:(?:send|forward|e-?mail)(?:\s+(?:round|over|out|on))?\s+(?:(?:you|them)\s+)?|(?:give|post)\s+(?:you|them)\s+)"
                       r"(?:a\s+copy|copies|the\s+(?:[\w'-]+\s+){0,3}?"
                       r"(?:minutes|form|forms|dates?|details|map|template|pack|papers|accounts|drawings?|running\s+order|"
                       r"order\s+of\s+service|timings|itinerary|"
                       r"notice|agenda|report|link|specification|log|outcome|timetable|plans?|results?|"
                       r"figures|paperwork|schedule|programme|policy|assessment)|(?:a|an|our|the)\s+(?:[\w'-]+\s+){0,3}?"
                       r"(?:copy|form|template|pack|map|agenda|report|link|specification|log|leaflet|"
                       r"assessment|policy|timetable|paperwork|details|minutes|note|summary|invitation|reminder|"
                       r"update|running\s+order))\b"
                       # not the work itself ("We'll give you the newsletter contract for the next two years")
                       r"(?!\s+(?:contracts?|jobs?|work|orders?|tenders?|deal|account|printing|design)\b)|"
                       r"copy\s+you\s+in|keep\s+(?:you|your\s+\w+)\s+(?:in\s+the\s+loop|informed|posted|updated)|"
                       r"(?:keep|hold\s+on\s+to|hang\s+on\s+to|file)\s+(?:it|them)\s+(?:on\s+file|for\s+(?:when|future|"
                       r"reference|next)|in\s+case|until)|"
                       r"let\s+(?:\w+\s+){1,3}know|check\s+(?:with|whether|if)|write\s+to\s+you|"
                       r"(?:add|put)\s+(?:[\w'-]+\s+){1,4}?(?:to|on)\s+(?:the|our|a|its)\s+"
                       r"(?:[\w'-]+\s+){0,3}?(?:list|agenda|register)\b|put\s+(?:you|them)\s+in\s+touch|"
                       r"put\s+(?:it|this|that|your\s+(?:[\w'-]+\s+){0,6}?[\w'-]+)\s+(?:before|in\s+front\s+of|to)\s+"
                       r"(?:the|our)\s+(?:[\w'-]+\s+){0,3}?(?:committee|council|panel|meeting|group)|"
                       r"(?:keep|hold\s+on\s+to|hang\s+on\s+to|retain|file)\s+(?:your|their|his|her)\s+(?:[\w'-]+\s+){0,2}?"
                       r"(?:details|name|names|number|cv|c\.v\.|application|tender|proposal|quote|quotation|price\s+list|"
                       r"prices|rates|brochure|catalogue|leaflet|flyer|card|letter|company|firm|offer|estimate|"
                       r"e-?mail|address|information|info)\b)",
                       ("will", "shall", "going to", "'ll")),
    # Courtesies about the correspondent's own details: nothing the recipient can rely on about the matter.
    _cue("procedural", r"\b(?:keep|hold\s+on\s+to|hang\s+on\s+to|retain|put|have|file)\s+(?:your|their|his|her)\s+"
                       r"(?:\w+\s+){0,2}?(?:details|name|names|number|cv|c\.v\.|application|e-?mail(?:\s+address)?|"
                       r"address|info(?:rmation)?|letter|offer|photos?|card|leaflet)\s+(?:on\s+(?:file|record|our\s+"
                       r"(?:list|books|records|database|system|radar))|for\s+(?:future\s+reference|the\s+future|next\s+"
                       r"time|another\s+time|the\s+(?:\w+\s+)?(?:one|edition|issue|round|year))|in\s+case\b|to\s+hand)"
                       r"|\badd\s+(?:you|your\s+(?:name|details|e-?mail))\s+to\s+(?:the|our)\s+(?:\w+\s+)?"
                       r"(?:mailing|contact|distribution|waiting|circulation)\s+list",
                       ("keep", "hold on", "hang on", "retain", "put", "have", "file", "add")),
    # A decision still to be made, as the thing said about it: "The council will need to decide whether to accept
    # that offer" (held-out split test22), "the committee would have to consider it first"; keeping someone in
    # mind ("We'll bear you in mind for next year").
    _cue("procedural", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|would|may|might)|'ll|'d)\s+(?:first\s+|still\s+|also\s+)?"
                       r"(?:need|have)\s+to\s+(?:formally\s+)?(?:decide|consider|discuss|debate|agree|approve|vote|"
                       r"look\s+at|weigh|think\s+about|see)\b|"
                       rf"\b{COUNCIL_SUBJECT}\s+(?:has|have)\s+(?:yet\s+to|still\s+to)\s+(?:decide|consider|discuss|"
                       r"agree|vote)\b|"
                       r"\b(?:bear|keep)\s+(?:you|your\s+(?:\w+\s+){0,2}?\w+|it|this|them|that)\s+in\s+mind\b(?!\s+that\b)",
                       ("need", "have", "yet", "still", "mind")),
    # Invitations to a meeting: "you're welcome to attend and address the council".
    _cue("procedural", r"\b(?:welcome|invited)\s+to\s+(?:attend|come\s+along|join\s+us|observe|speak\s+at|"
                       r"address\s+the|"
                       r"listen|watch|sit\s+in)\b", ("welcome", "invited")),
    _cue("stance", rf"(?:^|\b)(?:{COUNCIL_SUBJECT})(?:,?\s+the\s+(?:\w+\s+)?council,?)?\s+(?:would\s+)?"
                   r"(?:strongly\s+|fully\s+|"
                   r"wholeheartedly\s+|warmly\s+|very\s+much\s+|unanimously\s+)?(?:object|objects|oppose|opposes|"
                   r"support|supports|welcome|welcomes|urge|urges|ask|asks|request|requests|call\s+on|calls\s+on|"
                   r"note|notes|share|shares|remain|remains|recognise|recognises|applaud|applauds|regret|regrets)\b",
                   ("object", "oppose", "support", "welcome", "urge", "ask", "request", "call on", "calls on",
                    "note", "share", "remain", "recognise", "applaud", "regret")),
    _cue("other-party", r"^(?:but\s+|and\s+|so\s+|also\s+)?(?:the\s+)?(?:police|county(?:\s+council)?|"
                        r"district(?:\s+council)?|"
                        r"borough(?:\s+council)?|highways?(?:\s+authority)?|network\s+rail|environment\s+agency|"
                        r"national\s+highways|the\s+developers?|developers?|applicants?|landlord|landowner|owner|"
                        r"the\s+club|club|school|church|diocese|nhs|utility|water\s+company|bt|openreach|"
                        r"(?:\w+\s+){0,2}(?:police|constabulary|fire\s+service|highways|water|rail|homes|housing|"
                        r"association|trust|ltd|limited|plc))\s+(?:is|are|will|would|may|might|could|has|have|plans?|"
                        r"intends?|proposes?)\b(?!\s+(?:very\s+|more\s+than\s+)?(?:welcome|allowed|permitted|"
                        r"free)\s+to\b)"
                        # "the school may hold its sports day on the council playing field": a grant to it
                        rf"(?!(?<=may)\s+(?:now\s+|also\s+)?{USE_VERB}\b[^.;?]{{0,60}}?\b(?:on|in|at|over)\s+(?:the|our)\s+"
                        rf"(?:[\w'-]+\s+){{0,3}}?{ASSET}\b)"
                        r"(?!\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)'s|our)\s+(?:full\s+)?"
                        r"(?:permission|consent|blessing|approval|"
                        r"go-?ahead)\b)", ("police", "county", "district", "borough", "highway", "rail",
                                                   "agency", "develop", "applicant", "landlord", "owner", "club",
                                                   "school", "church", "diocese", "nhs", "utility", "water", "bt ",
                                                   "openreach", "constabulary", "fire", "homes", "housing",
                                                   "association", "trust", "ltd", "limited", "plc")),
    _cue("quoted", r"\b(?:asked|asking)\s+(?:me|us)\s+(?:to\s+)?(?:confirm|check|find\s+out)\s+(?:that|whether|if)\b|"
                   r"\b(?:ask|asks|asked|asking|wonder|wonders|wondered|wondering|enquir\w*|inquir\w*|query|"
                   r"querying|queried)\s+(?:me\s+|us\s+)?(?:whether|if)\b[^.?]{0,60}?\b(?:the\s+(?:\w+\s+)?"
                   r"(?:council|parish|committee)|we)\s+(?:will|would|'ll|is\s+going\s+to|are\s+going\s+to|can|could)\b",
                   ("ask", "wonder", "enquir", "inquir", "quer")),
    _cue("quoted", r"(?<!\bas\s)(?<!\blike\s)\b(?:you|he|she|they|mrs?|ms|mr|the\s+contractor)\s+(?:said|"
                   r"told\s+(?:me|us|him|her|them|your)|promised|claimed|wrote|stated)\b|\baccording\s+to\b|"
                   r"\b(?:says|(?<!\bi\s)(?<!\bi've\s)(?<!\bi\shave\s)(?<!\bwe\s)(?<!\bwe've\s)(?<!\bwe\shave\s)said|"
                   r"saying|claims?|claimed|reports?|reported|suggests|been\s+told|was\s+told|were\s+told|"
                   r"heard|rumou?r\w*|thinks?|believes?|reckons?|states|stated|quotes\s+(?:him|her|them|me|us)|"
                   r"writes|wrote|announced|"
                   r"(?<!\bi\s)(?<!\bwe\s)(?:has|have|had)\s+told|told\s+(?:me|us)|(?:read|seen|saw|noticed)\s+(?:it\s+)?(?:in|"
                   r"on)\s+(?:the\s+|a\s+|an\s+)?"
                   r"[\w'-]+(?:\s+[\w'-]+)?)\b[^.]{0,40}?\b(?:that\s+)?[\"'\u201c]?(?:the\s+(?:\w+\s+)?"
                   r"(?:council|parish|committee)|we|they)\s+(?:will|would|'ll|won't|will\s+not|wouldn't|"
                   r"is\s+going\s+to|are\s+going\s+to|has\s+promised|had\s+promised|(?:is|"
                   r"are)\s+(?:now\s+)?[a-z]+ing)\b",
                   ("said", "told", "promised", "mentioned", "claimed", "suggested", "saying", "reckon", "states",
                    "quotes", "writes", "announced", "read ", "seen ", "saw ", "noticed ",
                    "wrote", "stated", "according to", "says", "claim", "report", "heard", "rumo", "think",
                    "believe")),
    # The writer's own earlier word taken back, denied or put down to others ("Apologies - I said the council will
    # pay for the trough and that was not my decision to make", "You say I said ...", "Apparently I said ...",
    # "I've said many times the council will fight this"): not a commitment made now.
    _cue("quoted", rf"\b{_TAKEN_BACK}\b.*?\b{_OWN_SAYING}\b|\b{_OWN_SAYING}\b.*?\b{_TAKEN_BACK}\b", ("said", "told")),
    _cue("personal", r"^(?:i|i'll|i\s+will|i\s+shall|i'm\s+going\s+to|i\s+am\s+going\s+to|i'd|i\s+would|i\s+can|"
                     r"i'll\s+be|i\s+will\s+be)\b(?!.{0,40}\b(?:(?:the\s+council|we)\s+(?:will|shall|accepts?|agrees?|approves?)|"
                     r"(?:the\s+council|we)'ll)\b)"
                     r"(?!(?:'d|\s+would)?\s+like\s+you\s+to\b)"
                     r"(?!.{0,20}\b(?:confirm|guarantee|promise|assure|accept(?:ing)?|authori[sz](?:e|ing)|approv(?:e|ing)|"
                     r"agree(?:ing)?|instruct(?:ing)?\s+you)\b)"),
    # What the council is looking into, before any quote or decision: "We're looking to replace the safety
    # surfacing under the swings ... Could you provide a quotation?" (held-out split test20). A possibility, read
    # in its own clause: what follows a clause break still binds ("We're looking to replace it, and we'll pay half").
    _cue("possibility", rf"\b(?:we're|we\s+are|{_THIS_COUNCIL}\s+is|the\s+parish\s+is|the\s+committee\s+is)\s+"
                        r"(?:currently\s+|now\s+|also\s+|just\s+|still\s+)?(?:looking\s+(?:to(?!\s+(?:you|your)\b)|at|into)|"
                        r"thinking\s+(?:of|about)|considering|exploring|investigating|weighing\s+up|hoping\s+to)\b",
         ("looking", "thinking", "considering", "exploring", "investigating", "weighing", "hoping"),
         # ... unless it goes on to a commitment with no subject of its own: "We're looking into it and will
         # refund your deposit in full" (from the review of stop 16)
         unless=re.compile(r"\b(?:and|but|so|then)\s+(?:we\s+|it\s+)?(?:will|shall|'ll|are\s+going\s+to|is\s+going\s+to|"
                           r"has\s+agreed|have\s+agreed|can\s+confirm|(?:'d|would)\s+like\s+you\s+to)\b|"
                           r"\bwe(?:'d|\s+would)\s+like\s+you\s+to\b")),
    # Reassurance that the council will cope, not a promise to do anything: "Don't worry about the meeting, we'll
    # manage." (held-out split test21).
    # Only where the clause ends: "we'll be fine with your revised quote", "we'll cope with the extra cost" and
    # "we'll manage without it" (a deposit let off) are not reassurance (the review of stop 16).
    _cue("pleasantry", r"\b(?:we'll|we\s+will|we\s+can)\s+(?:manage|cope|muddle\s+(?:through|along)|get\s+by|survive|"
                       r"be\s+(?:fine|ok|okay|alright|all\s+right))\b(?=\s*(?:[.,;:!?)\u2013-]|$)|\s+(?:somehow|"
                       r"for\s+now|on\s+the\s+(?:night|day)|without\s+(?:you|him|her|them)\s*[.,!]))",
         ("manage", "cope", "muddle", "get by", "survive", "fine", "ok", "alright", "all right")),
    # Feelings, not undertakings: "You've been the heart of the village for thirty years and we'll all miss you
    # terribly" (held-out split test25, read after its one blind count).
    _cue("pleasantry", r"\b(?:we'll|we\s+will|we\s+shall)\s+(?:all\s+|really\s+|certainly\s+|so\s+|truly\s+)?"
                       r"(?:miss\s+(?:you|him|her|them|your|his|their|having|seeing)|"
                       r"remember(?!\s+to\b)|never\s+forget|be\s+thinking\s+of|think\s+of|be\s+sorry|be\s+sad|treasure|"
                       r"look\s+forward\s+to\s+(?:seeing|meeting|hearing|welcoming)(?!.{0,60}\b(?:start|begin|on\s+site|"
                       r"as\s+(?:our|the)|contract|works?|job)\b))\b",
         ("miss", "remember", "forget", "think", "sorry", "sad", "treasure", "forward")),
    # Lobbying another authority on the recipient's behalf, as the council's view: "We'll keep pressing the county
    # for a permanent solution in the meantime" (test25). Nothing the recipient can hold this council to.
    _cue("procedural", rf"\b(?:we|{_THIS_COUNCIL}|the\s+parish)(?:'ll|\s+will|\s+shall|'re\s+going\s+to|"
                       r"\s+(?:is|are)\s+going\s+to)\s+(?:also\s+|certainly\s+)?(?:(?:keep|carry\s+on|continue)\s+(?:to\s+)?)?"
                       r"(?:(?:on\s+at|press(?:ing)?|push(?:ing)?|lobby(?:ing)?|chas(?:e|ing)|nag(?:ging)?|badger(?:ing)?|urg(?:e|ing)|"
                       r"pester(?:ing)?|writ(?:e|ing)\s+(?:again\s+)?to)\s+(?:the\s+)?(?:county|district|borough|highways?|"
                       r"national\s+highways|police|network\s+rail|environment\s+agency|water\s+company|government|"
                       r"secretary\s+of\s+state|minister|mp\b|(?:[\w'-]+\s+){0,2}?(?:county|district|borough|city|unitary)\s+"
                       r"council)(?!'s)\b|(?:press(?:ing)?|push(?:ing)?|lobby(?:ing)?|campaign(?:ing)?)\s+(?:hard\s+)?for\s+"
                       r"(?:a|an|the)\b)",
         ("on at", "press", "push", "lobby", "chas", "nag", "badger", "urg", "pester", "writ", "campaign")),
    # The council filling its own seats: "There's currently one vacancy, which the council will fill by co-option in
    # March" (test24). Its own governance, nothing promised to the reader.
    _cue("procedural", r"\b(?:fill|filled|filling)\s+(?:(?:the|a|any|this|that|those|these|both|two|three|it|them)\s+)?"
                       r"(?:casual\s+)?(?:vacanc(?:y|ies)\s+)?(?:by|through|via)\s+(?:co-?option|election|a\s+by-?election)\b|"
                       r"\bco-?opt(?:s|ing)?\s+(?:a|an|one|two|three|new|another|someone|somebody)\b",
         ("fill", "co-opt", "coopt")),
    # What the officer has said, passed on: "Yes, the clerk confirmed that the council's insurance covers volunteers
    # on the litter pick" (development split test3). The officer's word, not the councillor's; in its own clause
    # only ("The clerk confirmed the budget is there, so we'll pay for the skip" still binds).
    _cue("reported", r"\b(?:the|our)\s+(?:town\s+|parish\s+|deputy\s+|assistant\s+)?(?:clerk|office|rfo|officers?|"
                     r"finance\s+officer)\s+(?:has\s+|have\s+|had\s+)?(?:now\s+|already\s+|just\s+)?(?:confirmed|says|said|"
                     r"tells\s+me|told\s+me|advises|advised|informs\s+me|informed\s+me|checked|explained)\s+(?:that\b|the\b)",
         ("clerk", "office", "rfo")),
    # What the office has done, reported: "As you'll see, the booking has been confirmed by the office" (held-out
    # split test19): the officer acted; the councillor passes it on.
    # Not an acceptance or award passed on: "Your quote has been accepted by the clerk" (the review of stop 16).
    _cue("reported", r"\b(?:has|have|had)\s+(?:now\s+|already\s+|just\s+)?been\s+"
                     r"(?!(?:accepted|approved|agreed|awarded|granted|authori[sz]ed|waived)\b)[a-z]+(?:ed|en|id|ut|et)\s+by\s+"
                     r"(?:the|our)\s+(?:town\s+|parish\s+|deputy\s+|assistant\s+)?(?:office|clerk|clerks|officers?|staff|"
                     r"rfo|bookings?\s+(?:secretary|clerk|officer|office|team))\b",
         ("by the", "by our")),
    # Advice not to act, in its own clause only: "Don't try and fix it yourself, please - it's not safe" (development
    # split test5); "Don't try to fix it yourself, the council will send someone on Monday" still binds.
    _cue("advice", r"(?:^|\bplease\s+|\bkindly\s+)(?:don't|do\s+not)\s+(?:try|attempt)\s+(?:to|and)\b",
         ("try", "attempt")),
    # Not waiting for the writer: "Start without me.", "Please go ahead without us if we're late" (test).
    _cue("personal", r"\b(?:please\s+|do\s+)?(?:start|begin|go\s+ahead|carry\s+on|crack\s+on|get\s+going|kick\s+off)"
                     r"\s+without\s+(?:me|us)\b(?=\s*(?:[.!,;)]|$|if\b|as\b|because\b|then\b|tonight\b|today\b|this\s+"
                     r"(?:evening|morning|afternoon|time)\b|for\s+(?:now|a\s+bit|a\s+few)\b))", ("without",)),
    # The writer doubting what follows in the same clause: "I'm not sure the council will go for the price"
    # (development split test14), "Not sure we can stretch to that". Clause-local both ways: "I'm not sure when
    # he's free, but please go ahead and book him" still instructs.
    _cue("doubt", r"(?:^|\bi(?:'m|\s+am)\s+)(?:still\s+)?not\s+(?:at\s+all\s+|entirely\s+|totally\s+|completely\s+|"
                  r"really\s+|too\s+|so\s+|100%\s+)?(?:sure|certain|convinced)\b"
                  # not a doubt about the matter: "I'm not sure if anyone has told you yet that we've accepted your
                  # quote", "I'm not sure what else I can say other than we will pay"
                  r"(?!\s+(?:if|whether)\s+(?:you|anyone|anybody|everyone|someone|somebody)\b|\s+what\s+else\b)|\bi(?:'m|\s+am)\s+(?:a\s+bit\s+|rather\s+)?"
                  r"(?:unsure|doubtful|sceptical|skeptical)\b",
                  ("not", "unsure", "doubtful", "sceptical", "skeptical")),
    # A bill or a task sent elsewhere, the council named only to rule it out: "send the invoice to the
    # association, not the council", "charge it to the club rather than us".
    _cue("redirect", r"\b(?:to|with|from|by)\s+(?:the\s+|your\s+|their\s+|its\s+)?[\w'-]+(?:\s+[\w'-]+){0,3}?,?\s+"
                     r"(?:not|rather\s+than|instead\s+of)\s+(?:to\s+)?(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish)|us)"
                     r"\b|"
                     # "... send the deposit invoice and the final bill to our treasurer, Jill Francis, ..., and not
                     # to the Town Hall" (blind set AO: a Rotary ball)
                     r"\b(?:our|their|the\s+(?:club|association|society|committee|trust)'s)\s+(?:treasurer|secretary|"
                     r"chair(?:man)?)\b.{0,160}?[,;]?\s+(?:and|but)\s+not\s+to\s+(?:the\s+)?(?:town\s+hall|council\s+offices?|"
                     r"parish\s+office|(?:(?:town|parish)\s+)?council)\b",
                     ("not ", "rather than", "instead of")),
    _cue("favour", r"\b(?:at|to|round\s+to)\s+mine\b|"
                   r"\bfor\s+me\b|\b(?:send|forward|email|e-mail|give|pass|reserve|book|save|put|sign|count)\s+me\b|"
                   r"\bmy\s+(?:own|personal|"
                   r"house|garden|car|diary)\b"),
    # (a call or a letter made "on the council's behalf" is an instruction, not a request for information)
    _cue("information", r"^(?:please\s+|kindly\s+|could\s+you\s+|can\s+you\s+|would\s+you\s+)?(?:please\s+)?"
                        r"(?:let\s+(?:me|us)\s+know|confirm\s+(?:your|when|whether|if|that\s+you)|find\s+attached|"
                        r"see\s+(?:attached|below)|note\s+that|call|ring|phone|get\s+in\s+touch|contact|"
                        r"advise|tell\s+(?:me|us)|send\s+(?:me|us)\s+(?:a|an|your)?\s*(?:quote|quotation|"
                        r"estimate|price|details|photos?|pictures|information|breakdown|costs?|figures)|"
                        r"provide\s+(?:a|an|us\s+with\s+a)\s+(?:quote|quotation|estimate|price)|"
                        r"(?:supply|provide|send|forward)\s+(?:us\s+with\s+|me\s+with\s+)?(?:two|three|\d+|a\s+copy\s+of|"
                        r"copies\s+of|your|some|any)?\s*(?:references?|evidence|proof|certificates?|insurance|cv|"
                        r"method\s+statements?|risk\s+assessments?|portfolio|examples?|availability)|"
                        r"quote\s+for)\b", unless=_ON_OUR_BEHALF),
    # A promise or acceptance denied: "the council didn't agree to the increase", "has not accepted your
    # quote", "at no point did the parish agree to fund", "I'm not promising the council will pay", "I'm unable
    # to give you the go-ahead".
    _cue("refusal", r"\b(?:has|have|had|did)(?:\s+not|n't)\s+(?:yet\s+|ever\s+)?(?:accept|accepted|agree|agreed|"
                    r"approve|approved|promise|promised|authori[sz]e|authori[sz]ed|commit|committed)\b|"
                    r"\bat\s+no\s+(?:point|time|stage)\b|\bnever\s+(?:agreed|promised|accepted|approved|committed)\b|"
                    r"\b(?:i'm|i\s+am|we're|we\s+are)\s+not\s+(?:promising|guaranteeing|committing|agreeing|offering|"
                    r"saying\s+(?:that\s+)?(?:the|we))\b|\b(?:i|we)(?:'m|'re|\s+am|\s+are)\s+unable\s+to\b|"
                    # "I'm afraid it's not possible for me to accept your quote" (held-out split test21)
                    # (not "It is possible for us to offer you the hall free", nor "It's not possible for us to wait
                    # any longer, so please go ahead": the review of stop 16)
                    r"\b(?:(?:it's|it\s+is)\s+not|it\s+isn't|it\s+wouldn't\s+be|it\s+would\s+not\s+be)\s+"
                    r"(?:(?:possible|appropriate|right)\s+)?for\s+(?:me|a\s+(?:single\s+|individual\s+)?councillor)\s+to\b|"
                    r"\b(?:i'm|i\s+am)\s+not\s+in\s+a\s+position\s+to\b|"
                    r"\b(?:i|we)\s+(?:can't|cannot|can\s+not)\s+promise\b|\bnothing\s+(?:is|has\s+been)\s+(?:yet\s+)?"
                    r"(?:agreed|decided|confirmed|approved|settled)\b|\bno\s+(?:agreement|contract|order)\s+"
                    r"(?:is\s+|has\s+been\s+)?(?:in\s+place|agreed|made)\b",
                    ("not", "n't", "no point", "no time", "no stage", "never", "unable", "promise", "nothing",
                     "for me", "for a ", "no agreement", "no contract", "no order")),
    # exp10: what someone else says the council did ("according to your letter, we accepted the quotation in
    # March"), and a binding phrase quoted from another's message ('your e-mail says "please go ahead"').
    _cue("quoted", r"\baccording\s+to\s+(?:your|his|her|their|the|mr|mrs|ms)\b[^.;]{0,60}?\b(?:we|the\s+(?:[\w-]+\s+)?"
                   r"(?:council|parish|committee))\s+(?:had\s+|have\s+|has\s+)?[a-z]+ed\b|"
                   r"\b(?:says?|said|wrote|writes|reads|claims?|claimed)\s*:?\s*[\"']",
                   ("according to", "say", "said", "wrote", "writes", "reads", "claim")),
    # The council's words inside quotation marks: someone else's, reported back ('"The council will sort it"
    # was how your neighbour put it').
    _cue("quoted", r"\"[^\"]{0,40}?\b(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)|we)(?:'ll|\s+will|"
                   r"\s+shall|\s+is\s+going\s+to|\s+are\s+going\s+to)\b[^\"]*\"", ('"',)),
    # Courtesies about the correspondence: acknowledging, updating, replying, taking views into account, holding
    # tenders unopened, filing letters, putting a suggestion to a group.
    _cue("procedural", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|shall)|'ll)\s+(?:also\s+|then\s+|now\s+|certainly\s+)?"
                       r"(?:update\s+you|acknowledge|confirm\s+receipt|come\s+back\s+to\s+you|get\s+back\s+to|"
                       r"notify\s+you|inform\s+you|write\s+(?:again|to\s+(?:you|(?:all\s+)?(?:the\s+)?(?:applicants?|"
                       r"objectors|respondents|bidders|tenderers)))|(?:formally\s+)?receive\s+(?:your|the)\s+petition|"
                       r"publish\s+(?:the|its|our)\s+(?:[\w'-]+\s+)?(?:decision|minutes|agenda|results?|outcome|report|"
                       r"dates?)|let\s+the\s+(?:clerk|office|officers?)\s+(?:deal|handle|sort|look)|"
                       r"hold\s+(?:your|the|their)\s+(?:quote|quotation|tender|bid|offer|details|cv)\s+on\s+file|"
                       r"write\s+back|reply|respond|comment|take\s+a\s+view|"
                       # a consultee's part: "The parish council will submit comments to the district, which is the
                       # planning authority" (held-out split test19)
                       r"(?:submit|send)\s+(?:its\s+|our\s+|a\s+|the\s+|formal\s+|written\s+)*(?:comments?|response|"
                       r"representations?|views?|observations)(?!\s+(?:cheque|payment))|"
                       r"submit\s+(?:an?\s+|its\s+|our\s+|formal\s+)*objection\s+to\s+(?:the|this|that)\s+(?:[\w'-]+\s+)?"
                       r"application|"
                       r"give\s+you\s+(?:some\s+|our\s+|any\s+|an?\s+)?(?:feedback|answer|response|reply|update|decision)|"
                       r"take\s+(?:your|their|his|her|these|those|all|the|any)\s+(?:[\w'-]+\s+){0,2}?(?:views?|comments?|"
                       r"points?|concerns?|suggestions?|feedback|thoughts|objections?)\s+(?:into\s+account|on\s+board)|"
                       r"hold\s+(?:your|the|all|their)\s+(?:tender|bid|quote|quotation|offer)s?\s+(?:unopened|until)|"
                       r"keep\s+(?:the|this|your|all|their)\s+(?:correspondence|letters?|e-?mails?|papers|records?)\s+"
                       r"(?:on\s+file|for)|"
                       r"(?:make\s+sure|ensure)\s+(?:that\s+)?(?:your|the|this|their)\s+(?:e-?mail|letter|comments?|"
                       r"views?|objection|representation|petition|submission|feedback|request|question)|"
                       r"put\s+(?:your|the|this|that|their)\s+(?:suggestion|idea|point|proposal|request|question|"
                       r"comments?|views?|concerns?)\s+to)\b",
                       ("will", "shall", "'ll")),
    # exp11: a future decision, view or announcement as the thing promised ("the committee will then give its formal
    # view", "the council will make a decision once ...", "... will make a public announcement"): procedure, not an
    # undertaking on the matter.
    _cue("procedural", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|shall)|'ll)\s+(?:also\s+|then\s+|now\s+|formally\s+)?"
                       r"(?:make|take|reach|give|issue|announce)\s+(?:a|its|our|the|their|any)\s+(?:final\s+|formal\s+|"
                       r"considered\s+|public\s+|firm\s+)?(?:decision|view|views|opinion|response|verdict|announcement|"
                       r"statement)\b", ("will", "shall", "'ll")),
    # exp11: an update promised for when a decision is made or terms are settled ("We'll update the website once a
    # decision has been made", "... once the terms have been agreed"): the decision is still to come.
    _cue("procedural", r"\b(?:once|when|until|after)\s+(?:a|the|its|our|your)\s+(?:final\s+|formal\s+)?"
                       r"(?:decision|decisions|terms|details|arrangements)\s+(?:is|are|has\s+been|have\s+been|"
                       r"(?:is|are|has|have)\s+(?:been\s+)?(?:finally\s+)?)\s*(?:made|taken|reached|agreed|finali[sz]ed|"
                       r"settled)\b", ("once", "when", "until", "after")),
    # exp11: a councillor's own leaning, in more words: "my gut feeling is that ...", "to my mind, ...", "I'd
    # recommend to colleagues that ...".
    _cue("opinion", r"\bmy\s+(?:gut\s+|own\s+|personal\s+)?(?:feeling|instinct|sense|hunch|impression)\s+is\b|"
                    r"^(?:but\s+|and\s+)?to\s+my\s+mind\b|\bi(?:'d|\s+would)\s+recommend\s+to\s+(?:colleagues|members|"
                    r"the\s+(?:committee|council))\b", ("feeling", "instinct", "sense", "hunch", "impression", "mind",
                                                         "recommend")),
    # exp11: someone else's account of what the council did: "your client's letter asserts that the council accepted
    # ...", "the notice states that we agreed ..."
    # The writer passing on what they have heard: "I understand that the parish council will be covering the cost
    # of the closure, as agreed at the meeting in March" (held-out split test22), "I'm told we'll be paying".
    _cue("quoted", r"\bi(?:\s+(?:understand|gather|hear)|'m\s+told|\s+am\s+told|(?:'ve|\s+have)\s+been\s+told|"
                   r"(?:'m|\s+am)\s+given\s+to\s+understand|(?:'ve|\s+have)\s+heard)\s+(?:that\s+)?"
                   r"(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)|we)(?:'ll|'re|\s+(?:will|won't|is|are|has|have|"
                   r"had|shall))\b", ("understand", "gather", "hear", "told"),
         # ... unless the writer then gives their own word: "I understand the council will pay, so please send the
         # invoice to the clerk", "..., and I can confirm that it will be paid this week"
         unless=re.compile(r"(?:[,;]|\s[-\u2013]|\b(?:and|so|but)\b)\s*(?:so\s+|and\s+|but\s+)?(?:please|we(?:'ll|'re|"
                           r"\s+will|\s+are|\s+shall)|i\s+can\s+(?:also\s+)?confirm|i(?:'ll|\s+will)\s+(?:make\s+sure|ensure))\b")),
    # Someone else's account of what the council will do, told to the writer: "Your neighbour tells me that the
    # parish is going to repair the fence", "You mentioned on Friday that the parish will be paying for the new
    # goal nets", "I see you've recorded that the parish council will pay for the new chairs" (held-out splits
    # test19, test23, read at stop 16). Not "As you said, we'll pay" (the writer agreeing) nor the council's own
    # body telling the writer (left to the readings of what the council decided).
    _cue("quoted", r"(?<!\bas\s)\b(?:you|he|she|they|someone|somebody|people|residents|a\s+resident|"
                   r"your\s+(?:[\w'-]+\s+){0,2}?[\w'-]+|(?:mr|mrs|ms|miss|dr)\.?\s+[\w'-]+|"
                   r"the\s+(?:[\w'-]+\s+)?(?:contractor|neighbour|neighbours|resident|residents|article|paper|post|"
                   r"leaflet|newsletter|minutes|notes|rumour))(?:'ve|'d|'re|\s+have|\s+has|\s+had|\s+are|\s+were|\s+is|"
                   r"\s+was)?\s+(?:also\s+|just\s+|still\s+)?"
                   r"(?:mentioned|said|says|say|written|hoping|hopes?|hoped|expecting|expects?|expected|suggested|"
                   r"suggesting|suggests|proposed|proposing|told\s+(?:me|us)|tells\s+(?:me|us)|tell\s+(?:me|us)|claims?|claimed|"
                   r"thinks?|thought|seems?\s+to\s+think|recorded|reported|reports|wrote|writes|noted|minuted|"
                   r"under\s+the\s+impression|been\s+(?:telling|saying)(?:\s+(?:people|everyone|everybody|residents|me|us))?|"
                   r"states?|stated|believes?|believed|assumed?|assumes|heard|hears|were\s+told|was\s+told)\s+"
                   r"(?:(?:on|at|in|last|this)\s+[\w'-]+\s+|yesterday\s+|earlier\s+|to\s+me\s+)?(?:that\s+)?"
                   rf"{_REPORTED_WILL}",
                   ("mention", "said", "say", "told", "tell", "claim", "think", "thought", "record", "report", "wrote",
                    "write", "written", "hop", "expect", "suggest", "propos", "noted", "minuted", "state", "believe",
                    "assum", "heard", "hears", "impression", "saying"),
         # ... unless the writer then agrees or gives their own word: "Mrs Green tells me the parish will pay for her
         # fence - she's right, we will", "..., which is fine", "..., and I can tell you that's exactly what we'll do"
         unless=re.compile(r"(?:[,;]|\s[-\u2013]|\b(?:and|so|but)\b)\s*(?:so\s+|and\s+|but\s+)?(?:(?:that's|that\s+is|it's|"
                           r"it\s+is|she's|he's|they're|you're|which\s+is)\s+(?:quite\s+|exactly\s+|absolutely\s+|"
                           r"perfectly\s+)?(?:right|correct|true|fine|ok|okay)|i\s+can\s+(?:also\s+)?(?:confirm|tell\s+you)|"
                           r"we(?:'ll|\s+will|\s+shall)\b|that's\s+exactly\s+what|it\s+will\b|good\s+news|"
                           r"i'm\s+(?:pleased|happy|glad|delighted)\s+to\s+(?:tell|say|confirm|let))")),
    # Word heard, not given: "I gather from your neighbour that the parish is going to repair the fence",
    # "Apparently the council is going to pay for the new goal nets", "Word in the village is that ..." (the review
    # of stop 16).
    _cue("quoted", r"\bi\s+(?:gather|hear|understand|heard|learn|learned|learnt)\s+from\s+(?:[\w'.-]+\s+){1,4}?"
                   r"(?:that\s+)?"
                   rf"{_REPORTED_WILL}|"
                   rf"^(?:but\s+|and\s+|so\s+)?apparently,?\s+{_REPORTED_WILL}|"
                   r"\b(?:word\s+(?:in\s+the\s+[\w-]+\s+|around\s+[\w-]+\s+|on\s+the\s+street\s+)?is|rumour\s+has\s+it|"
                   rf"the\s+rumour\s+is)\s+(?:that\s+)?{_REPORTED_BODY}\b",
         ("from", "apparently", "word", "rumour")),
    _cue("quoted", r"\b(?:asserts?|alleges?|alleged|contends?|maintains?|suggests?)\s+(?:that\s+)?"
                   r"(?:the\s+(?:[\w-]+\s+)?council|we|the\s+parish|the\s+committee)\b",
                   ("assert", "alleg", "contend", "maintain", "suggest")),
    # exp11: councillors as the body that voted, reported ("At Monday's meeting councillors voted to accept your
    # quote")
    _cue("reported", r"\bcouncillors\s+(?:have\s+|had\s+)?(?:unanimously\s+)?"
                     r"(?:resolved|voted|decided|agreed|approved)\b"
                     r"(?!\s+(?:that\s+)?(?:we|you)\s+(?:will|can|may))", ("councillors",)),
    # exp11: a disclaimer of what the councillor has written ("Nothing I've said should be taken as the council
    # accepting your tender", "Nothing I say here should be taken as the council's agreement").
    _cue("refusal", r"^(?:but\s+|and\s+|so\s+|please\s+note,?\s+)?nothing\s+(?:i|we)"
                    r"(?:\s+say|\s+said|'ve\s+said|\s+have\s+said|"
                    r"\s+write|\s+wrote|'ve\s+written|\s+have\s+written)\b[^.;]{0,40}?\bshould\s+be\s+(?:taken|read|treated|seen)\s+"
                    r"as\b", ("nothing",)),
    # exp11: handing the matter on and seeing what follows ("... and we'll go from there", "she'll take it from
    # there"), and settling the date of a meeting or visit ("We'll confirm the date of the next meeting shortly").
    _cue("procedural", r"\b(?:take\s+it|go|carry\s+on|see)\s+from\s+there\b|"
                       r"\bconfirm\s+(?:the|a)\s+(?:date|dates|time|times|venue|details|arrangements)\s+(?:of|for)\s+"
                       r"(?:the|our|a|your)\s+(?:[\w'-]+\s+){0,2}?(?:meeting|visit|inspection|hearing|walkabout|"
                       r"walk-?round)\b", ("from there", "confirm")),
]

# ----------------------------------------------------------------- positives
_POSITIVES: list[_Pattern] = [
    # exp11: a named group given use in its own name: "The Friends of Oakwood Park can use the old lodge", "The Friends
    # of Victoria Park may plant the memorial trees".
    _cue("grant", rf"^(?:and\s+|so\s+)?(?:the\s+)?friends\s+of\s+(?:the\s+)?(?:[\w'&-]+\s+){{1,4}}?(?:can|may)\s+"
                  rf"(?:now\s+|also\s+)?{USE_VERB}\b{_NOT_AN_ASSET}", ("friends of",), unless=_NOT_GIVEN),
    # exp11: the council paying, texted without its article: "..., council will pay as quoted", "..., council pays".
    _cue("commitment", r"(?:^|[,;:-]\s*)council\s+(?:will\s+(?:pay|cover|meet|foot|fund)|'ll\s+(?:pay|cover)|pays|"
                       r"is\s+paying)\b", ("council",), unless=_HEDGED),
    # exp11: "The community garden group is welcome to take water from the depot standpipe".
    _cue("grant", r"\b(?:is|are)\s+(?:very\s+|more\s+than\s+)?welcome\s+to\s+(?:take|collect|gather|draw)\b"
                  rf"{_NOT_AN_ASSET}",
                  ("welcome",), unless=_NOT_GIVEN),
    # exp11: "The bandstand is reserved for your choir every Sunday afternoon" (with "for you", already read by the
    # asset reading where the asset is named).
    _cue("grant", r"\b(?:is|are|has\s+been|have\s+been)\s+(?:now\s+)?reserved\s+for\s+(?:you|your)\b",
                  ("reserved",), unless=_NOT_GRANTED),
    # exp11: free use given now, in more verbs: "We're offering the lifeboat crew free use of the harbour car park".
    _cue("grant", rf"\b{COUNCIL_SUBJECT}(?:'re|'s|\s+(?:is|are))\s+(?:happy\s+to\s+be\s+|pleased\s+to\s+be\s+)?"
                  r"(?:giving|granting|offering|allowing)\s+(?:[\w'&-]+\s+){1,5}?free\s+use\s+of\b",
                  ("free use",), unless=_NOT_GRANTED),
    # exp11: "Your first year's allotment rent is on the house", "the Sunday hire of the Jubilee Hall is on the house".
    _cue("grant", r"\bon\s+the\s+house\b", ("on the house",), unless=_HEARSAY),
    # exp11: a debt written off now: "Your arrears of £212 are written off", "The parish is writing off the arrears".
    _cue("refrain", r"\b(?:is|are|'re|'s)\s+(?:now\s+|hereby\s+)?(?:writing\s+off|written\s+off)\b",
                    ("writing off", "written off"), unless=_HEDGED_MODAL),
    # exp11: a contract won or awarded, in the words of congratulation: "You've won the contract for ...", "we are
    # awarding you the toilet cleaning contract", "Harbourside Catering is our chosen operator", "Greenscape have
    # been chosen as our grounds maintenance contractor".
    _cue("acceptance", r"\byou(?:'ve|\s+have)\s+(?:won|secured|been\s+awarded)\s+(?:the|our|this)\s+"
                       r"(?:[\w'-]+\s+){0,4}?"
                       r"(?:contract|tender|job|work|works)\b|"
                       r"\b(?:is|are|'re)\s+(?:now\s+|formally\s+|pleased\s+to\s+be\s+)?awarding\s+(?:you|your\s+(?:firm|"
                       r"company|business))\s+(?:the|this|our|a)\s+(?:[\w'-]+\s+){0,4}?(?:contract|tender|job|work|works)\b|"
                       r"\b(?:is|are|'s|'re)\s+(?:now\s+)?(?:our|the\s+council's)\s+(?:chosen|preferred|appointed|selected)\s+"
                       r"(?:[\w'-]+\s+){0,2}?(?:operator|contractor|supplier|provider|caterer|firm|company)\b|"
                       r"\b(?:has|have)\s+been\s+(?:chosen|selected|appointed)\s+as\s+(?:our|the\s+council's)\b",
                       ("won", "secured", "awarded", "awarding", "chosen", "preferred", "appointed", "selected"),
                       unless=_NOT_OURS),
    # exp11: the council granting or awarding money or a lease now: "the council is granting £2,500 to the Hope
    # Centre", "We're granting the Allotment Society a 25-year lease", "The council is awarding the Men's Shed £750".
    _cue("grant", rf"\b{COUNCIL_SUBJECT}(?:'re|'s|\s+(?:is|are))\s+(?:now\s+|pleased\s+to\s+be\s+|happy\s+to\s+be\s+)?"
                  r"(?:granting|awarding|allocating)\s+(?:\u00a3\s?\d|(?:you|your|the|a|an|them|him|her)\b)",
                  ("granting", "awarding", "allocating"), unless=_NOT_OURS),
    # exp11: a charge not made, in the passive: "No charge will be made for the replacement keys", "No late-payment
    # interest will be charged by the council".
    _cue("refrain", r"^(?:and\s+|so\s+|also,?\s+)?no\s+(?:[\w'-]+\s+){0,2}?(?:charge|fee|interest|rent|deposit|penalty|"
                    r"surcharge|bond)\s+will\s+be\s+(?:made|charged|levied|taken|payable|due|asked\s+for)\b",
                    ("no ",), unless=_HEDGED_MODAL),
    # exp11: a decision to waive or not to charge, in the council's own voice: "We've decided to waive the £50 late
    # booking fee", "We've decided not to charge you for the weekend ...".
    _cue("refrain", rf"\b{COUNCIL_SUBJECT}(?:'ve|\s+have|\s+has|'s)\s+(?:now\s+)?decided\s+"
                    r"(?:to\s+(?:waive|write\s+off|"
                    r"cancel|refund)\s+(?:the|your|this|that|its|all)\b|not\s+to\s+(?:charge|pursue|claim|bill|invoice|"
                    r"enforce|recover|take\s+(?:any\s+)?(?:action|the\s+deposit)))",
                    ("decided",), unless=_HEDGED_MODAL),
    # exp11: an instruction in its own name: "I'm instructing you to complete ...", "You are instructed to suspend
    # ...".
    _cue("instruction", r"\b(?:i'm|i\s+am|we're|we\s+are|the\s+(?:[\w-]+\s+)?council\s+is)\s+"
                        r"(?:hereby\s+|now\s+|formally\s+)?"
                        r"instructing\s+you\s+(?:on\s+(?:[\w'-]+\s+){0,4}?behalf\s+(?:of\s+(?:[\w'-]+\s+){1,3}?)?)?to\b|"
                        r"\byou\s+are\s+(?:hereby\s+)?instructed\s+to\b|"
                        # "I'm authorising you to start" (not "... to share my contact details", "... to act for me")
                        r"\b(?:authori[sz]ing\s+you|you\s+are\s+(?:hereby\s+)?authori[sz]ed)\s+to\s+(?:start|begin|proceed|go\s+"
                        r"ahead|order|book|carry\s+out|commission|spend|buy|purchase|hire|do\s+the\s+work|get\s+the\s+work)\b"
                        r"(?![^.]*\b(?:my|me|mine)\b)",
                        ("instruct", "authoris", "authoriz"), unless=_HEDGED),
    _cue("acceptance", rf"\b{COUNCIL_SUBJECT}(?:'ll|\s+will|\s+shall|\s+are\s+going\s+to)?\s+(?:go|going|opt|"
                       r"opting)\s+(?:with|for)\s+(?:your|the|this)\s+\w+", ("go", "opt")),
    _cue("acceptance", r"\baccept(?:s|ing|ed)?\s+(?:it|this|them|that|the\s+\w+)\s+on\s+behalf\s+of\b|"
                       r"\bon\s+behalf\s+of\s+the\s+(?:\w+\s+)?council,?\s+(?:i|we)\s+(?:am\s+|are\s+)?"
                       r"(?:pleased\s+to\s+|happy\s+to\s+|delighted\s+to\s+)?(?:accept|agree|confirm|approve)",
                       ("behalf",)),
    _cue("grant", r"\byou(?:'ve|\s+have)?\s+(?:got\s+)?(?:the|a|our|the\s+council's)\s+(?:go-?ahead|nod|green\s+light|"
                  r"thumbs\s+up|ok|okay)(?:\s+from\s+(?:us|the\s+(?:\w+\s+)?council|me\s+on\s+behalf\s+of))?\b|"
                  r"\b(?<!n't\s)(?<!not\s)(?:take|treat|accept|regard)\s+(?:this|it)\s+(?:e-?mail\s+|message\s+|"
                  r"letter\s+)?as\s+(?:our|the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)'s|the\s+parish's|"
                  r"your|an?|the)?\s*(?:official\s+|formal\s+|written\s+)?(?:go-?ahead|approval|confirmation|"
                  r"authori[sz]ation|instruction|order|acceptance|green\s+light|permission|consent|agreement|"
                  r"say-?so|blessing)\b", ("you", " as ")),
    _cue("grant", r"(?:^|[,;:\u2013-]\s*|\b(?:am|are|is|'m|'re|we're|i'm)\s+)(?:very\s+|more\s+than\s+|"
                  r"perfectly\s+)?(?:happy|"
                  r"content|fine|ok|okay|pleased)\s+for\s+you\s+to\s+(?:proceed|go\s+ahead|start|book|order|deliver|"
                  r"carry\s+on|crack\s+on|do\s+(?:it|the|this)|get\s+(?:on|started)|install|fit|put\s+up|begin|commence)\b",
                  ("for you to",)),
    _cue("acceptance", rf"(?:\b{COUNCIL_SUBJECT}\s*(?:is|are|'re)|^(?:(?:ok|okay|right|great|fine|good|yes)[,!.]?\s+)?)"
                       r"\s*(?:very\s+|more\s+than\s+|perfectly\s+)?(?:happy|fine|content|ok|okay|good)\s+with\s+"
                       r"(?:your|the|that|this|these)\s+(?:[\w\u00a3'.,-]+\s+){0,4}?(?:price|prices|quote|"
                       r"quotation|estimate|"
                       r"figure|terms|offer|fee|rate|proposal|contract|package|deal|premium|renewal|sum|amount|"
                       r"charge|cost|rates|figures)\b",
                       (" with ",)),
    _cue("instruction", r"^(?:(?:ok|okay|right|great|fine|good|yes|yep|lovely)[,!.]?\s+)?(?:please\s+|just\s+)?get\s+"
                        r"(?:it|this|them|that|the\s+\w+)\s+(?:in\s+the\s+diary|booked(?:\s+in)?|pencilled\s+in|"
                        r"ordered|sorted|done|underway|started)\b", ("get ",)),
    _cue("refrain", rf"\b{COUNCIL_SUBJECT}(?:'ll|\s+will|\s+shall|\s+are\s+going\s+to|\s+is\s+going\s+to)\s+"
                    r"(?:hold\s+off|hold\s+back|refrain|delay|postpone|defer|suspend|pause|stop|leave)\b",
                    ("hold", "refrain", "delay", "postpone", "defer", "suspend", "pause", "stop", "leave")),
    _cue("commitment", rf"^(?:{COUNCIL_SUBJECT})\s+(?:\w+\s+){{1,6}}?(?:and|,)\s+(?:we\s+)?(?:will|'ll|shall)\s+"
                       r"(?:also\s+|"
                       rf"happily\s+|gladly\s+)?{ACTION}\b", (" will ", "'ll", "shall")),
    _cue("instruction", r"\b(?<!n't\s)(?<!not\s)(?:stick|put|add|include|pop)\s+(?:it|this|that|them|"
                        r"the\s+\w+)\s+(?:on\s+(?:to\s+)?|onto\s+|to\s+)"
                        r"(?:the\s+|your\s+|our\s+|this\s+)?(?:next\s+)?(?:[\w'-]+\s+)?(?:invoice|bill|account|tab)\b",
                        ("invoice", "bill", "account", "tab")),
    _cue("instruction", r"(?:[,;:]|\s[-\u2013]|\band|\bso)\s+(?:please\s+|just\s+|now\s+)?(?:go\s+ahead|proceed|"
                        r"crack\s+on|carry\s+on|press\s+on|get\s+started|get\s+(?:it|them|the\s+\w+)\s+"
                        r"(?:ordered|booked|done|installed|fitted)|invoice\s+(?:us|the\s+council)|make\s+a\s+start|"
                        r"go\s+for\s+it|send\s+(?:us|the\s+clerk)\s+(?:the|your|an?)\s+(?:[\w'-]+\s+)?(?:invoice|bill))\b",
                        ("ahead", "proceed", "crack", "carry on", "press on", "started", "ordered", "booked",
                         "done", "installed", "fitted", "invoice", "a start", "go for it", "bill")),
    _cue("acceptance", r"\b(?:accept|accepts|accepting|accepted|go(?:ing)?\s+with|takes?\s+up|taking\s+up|took\s+up|"
                       r"agree(?:s|ing)?\s+to)\s+"
                       r"(?:your|the|this|their|that|(?:[\w&-]+\s+){0,2}?[\w-]+(?:'s|s'))\s+(?:[\w'-]+\s+){0,4}?"
                       r"(?:quote|quotation|tender|offer|price|"
                       r"estimate|proposal|terms|bid|invoice|figure|rate|fee|cost)s?\b|\b(?:quote|quotation|"
                       r"tender|offer|estimate|bid|proposal)(?:'s|\s+(?:(?!that\b|which\b)[\w'\u00a3,.-]+\s+){0,8}?"
                       r"(?:is|has\s+been|was|are|"
                       r"have\s+been))\s+(?:(?!not\b|never\b)\w+\s+)?(?:accepted|approved|successful|agreed)\b|"
                       r"\bthe\s+(?:contract|job|"
                       r"work|booking)\s+is\s+yours\b",
                       ("accept", "go with", "going with", "take up", "taking up",
                        "agree to", "quot", "tender", "offer", "estimate", "bid",
                        "proposal", "yours")),
    _cue("grant", r"\byou\s+(?:have|'ve\s+got|have\s+got|now\s+have)\s+(?:the\s+council's|our|the\s+parish's|"
                  r"the\s+committee's|the)\s+(?:full\s+)?(?:agreement|approval|permission|go-?ahead|blessing|"
                  r"authority|authorisation|authorization|consent|green\s+light|backing)\b|"
                  r"\b(?<!n't\s)(?<!not\s)consider\s+(?:this|"
                  r"it|the\s+\w+|your\s+\w+)\s+(?:[\w'\u00a3,.-]+\s+){0,5}?(?:as\s+|to\s+be\s+)?(?:our|the\s+council's|"
                  r"your|an?|the)?\s*"
                  r"(?:official\s+|formal\s+|written\s+)?(?:go-?ahead|approval|confirmation|authori[sz]ation|"
                  r"instruction|order|green\s+light|acceptance|approved|confirmed|agreed|done|accepted|signed\s+off|"
                  r"cancelled|written\s+off|waived|booked|reserved|yours|deal|granted|permitted)\b|"
                  r"\bconsider\s+(?:yourself|yourselves|you|your\s+\w+)\s+(?:booked|hired|appointed|engaged|"
                  r"commissioned|confirmed|approved|on\s+board|authori[sz]ed|permitted|allowed|cleared)\b|"
                  r"\byou(?:'re|\s+are)\s+(?:good\s+to\s+go|cleared\s+to|authori[sz]ed\s+to|free\s+to\s+"
                  r"(?:go\s+ahead|proceed|start|use|book))\b|"
                  # not a question passed on: "your voicemail asking whether you can start on the footbridge"
                  # (held-out split test20)
                  r"(?<!whether\s)(?<!when\s)(?<!asking\sif\s)(?<!asked\sif\s)(?<!wondering\sif\s)"
                  r"\byou\s+(?:can|may)\s+(?:now\s+)?(?:go\s+ahead|"
                  r"proceed|start|begin|commence|make\s+a\s+start|(?:use|have|book)\s+the\b(?!\s+(?:[\w'-]+\s+){0,2}?(?:form|forms|"
                  r"website|link|portal|"
                  r"app|number|details|address|template|guidance|toolkit|contact|procedure|process|complaints?|"
                  r"scheme|service|system|e-?mail))|put\s+up|install)\b|"
                  r"\b(?:is|are)\s+yours\s+(?:free|for|to\s+use|at\s+no)\b|\b(?:free\s+of\s+charge|at\s+no\s+"
                  r"(?:cost|charge))\b(?=.{0,60}\b(?:you|your)\b)|\b(?:work|works|job|order|grant|booking|"
                  r"payment|spend|expenditure|request|application|purchase|repairs?)\s+(?:is|are|has\s+been|"
                  r"have\s+been)\s+(?:now\s+)?(?:approved|authori[sz]ed|agreed|confirmed|sanctioned|signed\s+"
                  r"off)\b",
                  ("you", "consider", "free of charge", "at no", "approved", "authoris",
                   "authoriz", "agreed", "confirmed", "sanctioned", "signed off")),
    # Permission held by the grantee: "the ramblers have the council's permission to ...", "you have the town
    # council's approval", "the Friends have our blessing".
    _cue("grant", r"\b(?<!\bi\s)(?<!\bwe\s)(?:has|have|'ve\s+got|have\s+got|has\s+got|now\s+has|"
                  r"now\s+have)\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:council|parish|committee)'s|our)\s+(?:full\s+|"
                  r"formal\s+|"
                  r"written\s+)?(?:agreement|approval|permission|go-?ahead|blessing|authori[sz]ation|consent|"
                  r"green\s+light|instruction|say-?so)\b(?:\s+(?:to|for)\b|\s*[.!,;]|\s*$)",
                  ("permission", "approval", "agreement", "go-ahead", "goahead", "blessing", "authori", "consent",
                   "green light", "backing", "instruction", "say"), unless=_NOT_GIVEN),
    # The council granting in so many words: "the council grants your band exclusive use of ...", "we're
    # giving the choir free use of ...", "the council gives its consent for ...".
    _cue("grant", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:hereby\s+|formally\s+|happily\s+)?(?:grants|gives|grant|give|"
                  r"has\s+(?:now\s+)?(?:granted|given)|have\s+(?:now\s+)?(?:granted|given)|is\s+(?:now\s+)?(?:granting|"
                  r"giving)|are\s+(?:now\s+)?(?:granting|giving))|'re\s+(?:granting|giving)|'ve\s+(?:granted|given))\s+"
                  r"(?:[\w'-]+\s+){0,6}?(?:permission|consent|licen[cs]e|access|(?:exclusive|free|sole|the)\s+use|"
                  r"(?:the|a)\s+(?:sole\s+|exclusive\s+)?right\s+to|"
                  r"approval|the\s+go-?ahead|the\s+green\s+light|a\s+lease|its\s+blessing|use\s+of|a\s+wayleave|"
                  r"an\s+easement|(?:a|an)\s+(?:[\w-]+\s+)?(?:rent|fee|hire)\s+(?:holiday|reduction|discount|waiver|"
                  r"freeze)|(?:a|an)\s+(?:\d+\s*%\s+|[\w-]+\s+)?(?:discount|reduction|concession|exemption))\b",
                  ("grant", "giv"), unless=_NOT_GIVEN),
    # A council asset handed over: "the bandstand is yours on Sunday afternoons", "the pavilion is at your
    # disposal", "the church is welcome to our marquee".
    _cue("grant", rf"\b{ASSET}(?:\s+(?:no\.?\s*)?\d+[a-z]?)?(?:'s|\s+is|\s+are|\s+will\s+be)\s+(?:all\s+|now\s+)?"
                  r"(?:yours\b(?!\s+to\s+(?:decide|"
                  r"choose|call|sort|arrange|organise|find))|at\s+your\s+disposal\b)|"
                  r"\b(?:is|are)\s+(?:very\s+|more\s+than\s+|most\s+)?welcome\s+to\s+(?:the\s+(?:[\w-]+\s+){0,2}?"
                  rf"(?:council|parish)(?:'s)?|our)\s+(?:[\w-]+\s+){{0,2}}?{ASSET}\b",
                  ("yours", "disposal", "welcome"), unless=_ASSET_NOT_SUBJECT),
    # Letting someone use council property, or off a charge: "we're letting the Cubs use the bandstand", "the
    # council is happy to let the playgroup use the field", "we are letting you off the surcharge".
    _cue("grant", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|shall|is|are|am)|'ll|'re|"
                               rf"'s)?\s+(?:[\w'-]+\s+){{0,3}}?"
                  r"let(?:ting)?\s+(?:you|your\s+[\w'-]+|the\s+[\w'-]+(?:\s+[\w'-]+){0,2}|them|him|her)\s+(?:use|have|keep|"
                  r"hold|park|put|store|take|borrow|run|plant|set\s+up|fly|site|hang|trade|graze|book|hire|leave|"
                  r"paint|decorate|camp|moor|fish)\b",
                  ("let",), unless=_NOT_GIVEN),
    _cue("refrain", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:will|shall|is|are|am)|'ll|'re|"
                                 rf"'s)?\s+(?:[\w'-]+\s+){{0,2}}?"
                    r"let(?:ting)?\s+(?:you|your\s+[\w'-]+|the\s+[\w'-]+(?:\s+[\w'-]+)?|them|him|"
                    r"her)\s+off\s+(?:the\s+|"
                    r"your\s+|their\s+|this\s+|that\s+)?(?:[\w'-]+\s+){0,2}?(?:fee|charge|surcharge|rent|fine|"
                    r"cost|bill|"
                    r"debt|invoice|penalty|deposit|payment)s?\b", ("let",), unless=_NOT_GIVEN),
    # Acceptance idioms: "the job's yours", "you've got the job at £4,100", "that's a deal", "it's a yes from
    # us", "£600 it is then", "yes to the quote", "quote accepted", "which we're happy to accept", "the revised
    # figure is acceptable to us", "your estimate is fine by us", "the council has chosen your firm". (Several
    # patterns rather than one, so that each is skipped by its own guard words.)
    _cue("acceptance", r"\b(?:contract|job|work|works|order|tender)(?:'s|\s+is|\s+are)\s+(?:all\s+)?yours\b|"
                       r"\byou(?:'ve\s+got|\s+have(?:\s+got)?)\s+the\s+(?:job|contract|work|order)\b(?!\s+(?:of|done)\b)|"
                       r"\b(?:accept(?:s|ing)?|go(?:ing)?\s+with)\s+yours\b",
                       ("yours", "the job", "the contract", "the work", "the order")),
    _cue("acceptance", r"\b(?:it's|that's|it\s+is|that\s+is)\s+a\s+deal\b(?!\s+(?:that|which|between|struck|"
                       r"with\s+the))|"
                       r"^(?:(?:right|ok|okay|fine|great|go\s+on(?:\s+then)?)[,!.]?\s+)?deal\b(?!\s+with\b)|"
                       r"(?:[,;:-]\s*|\bthen,?\s+)deal[.!]*$|"
                       r"\byou(?:'ve|\s+have)\s+(?:got\s+)?(?:yourself|yourselves)\s+a\s+deal\b|"
                       r"\b(?:it's|that's)\s+a\s+(?:yes|go)\s+from\s+(?:us|the\s+(?:town\s+|parish\s+)?council|"
                       r"the\s+parish|the\s+committee)\b|\bso\s+it's\s+a\s+go\b", ("deal", "a yes", "a go")),
    _cue("acceptance", r"\u00a3\s?\d[\d,.]*\w*\s+(?:[\w'-]+\s+){0,4}?it\s+is(?:\s+then)?\b(?=\s*(?:[,.!;-]|then|$))",
                       ("it is",)),
    _cue("acceptance", r"^(?:(?:and|so|ok|okay|right|great)[,]?\s+)?yes(?:\s+please)?,?\s+to\s+(?:the|your|all|"
                       r"both|\d|\u00a3)"
                       r"(?!\w*\s+(?:meeting|invitation|invite|call|visit|date|time|newsletter|question)s?\b)",
                       ("yes",)),
    _cue("acceptance", r"\b(?:quote|quotation|tender|offer|estimate|bid|price|proposal)\s+(?:(?:received|noted|"
                       r"reviewed|checked)\s+and\s+)?accepted\b(?!\s+by\s+(?!us\b|the\s+(?:town\s+|parish\s+)?"
                       r"council\b))|^accepted\s*[-,:!.]|"
                       r"\b(?:quote|quotation|tender|offer|estimate|bid|price|proposal|terms)\b,?\s+(?:which|that)\s+"
                       r"(?:we(?:'re|\s+are)|the\s+(?:town\s+|parish\s+)?council\s+is)\s+(?:very\s+)?(?:happy|pleased|"
                       r"delighted|glad)\s+to\s+accept\b|"
                       r"\btake\s+you\s+up\s+on\s+(?:the|your)\s+(?:[\w'-]+\s+)?offer\b|"
                       rf"{_OPENER}(?:we(?:'re|\s+are)|the\s+(?:(?:town|parish)\s+)?council\s+is)\s+(?:happy\s+to\s+be\s+|"
                       r"delighted\s+to\s+be\s+)?taking\s+you\s+up\s+on\s+(?:the|your)\s+(?:[\w'-]+\s+)?offer\b(?!\s+of\s+"
                       r"(?:a\s+)?(?:lift|dinner|tea|coffee|cup|drink|lunch|meal|walk|tour))|"
                       r"\b(?:is|are|looks?|seems?|sounds?)\s+(?:all\s+|absolutely\s+|perfectly\s+|entirely\s+|"
                       r"quite\s+)?(?:acceptable|agreeable)\s+to\s+(?:us|the\s+(?:town\s+|parish\s+)?council|"
                       r"the\s+parish|the\s+committee)\b", ("accept", "take you up", "taking you up", "agreeable")),
    _cue("acceptance", r"\b(?:quote|quotation|price|prices|figure|rate|estimate|terms|fee|fees|tender|offer|"
                       r"proposal|bid|\u00a3\s?\d[\d,.]*\w*)\b[^.;?]{0,60}?\b(?:is|are|looks?|seems?|sounds?)\s+"
                       r"(?:all\s+|absolutely\s+|perfectly\s+)?(?:fine|ok|okay|good|great|spot\s+on)\s+"
                       r"(?:by|to|with|for)\s+(?:us|the\s+(?:town\s+|parish\s+)?council|the\s+parish|the\s+committee)\b",
                       (" by us", " to us", " with us", " for us", " council", " parish", " committee")),
    _cue("acceptance", rf"\b{COUNCIL_SUBJECT}(?:\s+(?:has|have)|'s|'ve)?\s+(?:now\s+|formally\s+)?(?:chosen|"
                       r"selected|picked|appointed)\s+(?:you|your\s+(?:firm|company|business|tender|quote|quotation|"
                       r"bid|team|proposal|offer))\b", ("chosen", "selected", "picked", "appointed")),
    _cue("acceptance", rf"\b{COUNCIL_SUBJECT}(?:'re|'ll|\s+(?:are|is|will))\s+(?:[\w'-]+\s+){{0,3}}?"
                       r"sign(?:ing)?\s+up\s+(?:to|for)\s+(?:your|the|all|both)\b", ("sign up", "signing up")),
    # "we're happy to pay for a survey", "the council's going to pay": the commitment reading's subject
    # with the verb contracted onto it.
    _cue("commitment", rf"\b(?<!whether\s)(?<!\bif\s){COUNCIL_SUBJECT}(?:'re|'s|\s+(?:are|is))\s+"
                       rf"(?:more\s+than\s+|very\s+|only\s+too\s+)?"
                       rf"(?:happy|pleased|delighted|glad|willing|prepared|content|"
                       rf"going)\s+to\s+(?:[\w'-]+\s+){{0,2}}?{ACTION}\b",
                       ("happy", "pleased", "delighted", "glad", "willing", "prepared", "content", "going")),
    # At the council's expense: "strip it out ... at the council's expense", "putting up a fence at its own
    # expense".
    _cue("commitment", r"\bat\s+(?:the\s+(?:town\s+|parish\s+|city\s+)?council's|our|its|"
                                    r"the\s+parish's)\s+"
                       r"(?:own\s+)?(?:expense|cost)\b", ("expense", "cost"), unless=_NOT_GIVEN),
    # stop 15, probes of realistic forms the reader had no cue for, each kept narrow after a review (conditions,
    # hearsay, other bodies and everyday speech ruled out): the writer's own authority given for the council ("You
    # have my authority to proceed on behalf of the council"), the council's money offered or pledged ("We can offer
    # you £500 towards the costs", "Count us in for £200", "The £400 is yours"), the council made to pay ("... and
    # I'll get the council to pay it"; not the clerk: "I'll ask the clerk to pay your invoice" defers), a council
    # asset allocated ("... we'll offer it to you from 1 October": blind set AQ, a beach hut), an order passed on
    # through the recipient ("Tell your lads to start Monday").
    _cue("grant", r"\byou\s+(?:have|'ve\s+got|have\s+got)\s+my\s+(?:full\s+)?(?:authority|authori[sz]ation|go-?ahead|"
                  r"green\s+light)\s+to\s+(?:proceed|go\s+ahead|start)\b(?![^.]*\b(?:my|me|mine|complaint|letter|"
                  r"article|photo|name)\b)|"
                  rf"{_OPENER}(?:i'm\s+(?:pleased|happy|glad|delighted)\s+to\s+say\s+|i\s+can\s+confirm\s+)?(?:that\s+)?"
                  r"(?:the\s+)?\u00a3\d[\d,]*(?:\.\d\d)?k?\s+(?:grant\s+|contribution\s+)?is\s+yours\b",
         ("my", "yours"), unless=_NOT_OURS_TO_GIVE),
    _cue("commitment", rf"\b(?:we|{_THIS_COUNCIL}|the\s+parish)\s+(?:can|will|(?:are|is|'re)\s+(?:able|pleased|happy|"
                       r"delighted)\s+to|'d\s+like\s+to|would\s+like\s+to)\s+offer\s+(?:you|your\s+\w+|the\s+\w+)\s+"
                       r"(?:a\s+(?:grant|contribution|discount|donation)|\u00a3|free\s+(?:use|hire)|"
                       r"the\s+(?:hall|room|pitch|field)\s+(?:free|for)|up\s+to\s+\u00a3)|"
                       rf"\b(?:we|{_THIS_COUNCIL}|the\s+parish)(?:'ll|\s+will|\s+(?:are|is)\s+(?:able|happy|"
                       r"pleased)\s+to)\s+offer\s+(?:it|them|the\s+(?:hut|plot|allotment|pitch|stall|hall|room|unit|tenancy|"
                       r"lease|licence|contract|job|work|space|berth|mooring))\s+to\s+(?:you|your\s+\w+)\b|"
                       rf"\bcount\s+(?:us|{_THIS_COUNCIL}|the\s+parish)\s+in\s+for\s+(?:\u00a3\s?\d|a\s+"
                       r"(?:contribution|donation)\s+(?:of|towards))|"
                       rf"\bi(?:'ll|\s+will|\s+shall)\s+get\s+(?:{_THIS_COUNCIL}|the\s+parish)\s+to\s+"
                       r"(?:pay|cover|refund|reimburse|settle|fund|foot)\b",
         ("offer", "count", "get the"), unless=_NOT_OURS_TO_GIVE),
    # Choosing among a supplier's options: "Go with the 3,500 please" (blind set O's print run), "go with the cheaper
    # option"; not "go with the flow", "go with the Tuesday slot for our coffee".
    _cue("instruction", r"^(?:ok\s+|okay\s+|right\s+|yes\s+|fine\s+)?(?:please\s+|just\s+)?go\s+with\s+"
                        r"(?:the|your|option)\s+(?:\u00a3?\d[\d,.]*k?|option|quote|quotation|version|cheaper|cheapest|lower|higher|first|second|third|"
                        r"larger|smaller|bigger|standard|premium|basic)\b",
                        ("go with",), unless=re.compile(r"\?\s*$|\b(?:my|our\s+own|yourself|your\s+own|if)\b")),
    _cue("instruction", r"^(?:please\s+|just\s+)?(?:tell|ask|get)\s+(?:your|the)\s+"
                        r"(?:lads|men|team|crew|guys|workers|gang|chaps|boys|operatives|fitters?|installers?|engineers?|"
                        r"gardeners?)\s+to\s+(?:start|begin|go\s+ahead|crack\s+on|carry\s+on|proceed|get\s+started|"
                        r"press\s+on|finish|complete\s+the|get\s+on\s+with)\b(?![^.]*\b(?:my|me|mine)\b)",
                        ("tell", "ask", "get"),
         unless=re.compile(r"\?\s*$|\b(?:if|once|subject\s+to|provided|unless)\b[^.]{0,60}\b(?:council|committee|approv|"
                           r"agree|vote|budget|clerk)")),
    # Giving the council's formal response in its name: "Please record the parish council's response as 'no
    # objection'" (blind set AM), "please take this e-mail as the town council's formal objection".
    _cue("instruction", r"\b(?:please\s+|kindly\s+)(?:record|register|log|note|treat|take|accept|enter|put\s+down)\s+"
                        r"(?:(?:the\s+(?:(?:town|parish|city)\s+)?council's|our)\s+(?:formal\s+|official\s+)?(?:response|"
                        r"comments?|view|position)\s+as\b|"
                        r"(?:this(?:\s+e-?mail)?|it|these\s+(?:comments|points))\s+as\s+(?:the\s+(?:(?:town|parish|city)\s+)?"
                        r"council's|our)\s+(?:formal\s+|official\s+)?(?:response|comments?|view|position|objection|support)\b)",
                        ("record", "register", "log", "note", "treat", "take", "accept", "enter", "put down")),
    # Charging it to the council: "charge it to the council", "recharge the cost to us", "billed to the town
    # council".
    _cue("instruction", r"\b(?:(?:charge|bill|recharge|invoice)\s+(?:it|them|this|that|"
                                     r"the\s+(?:[\w'-]+\s+){0,2}?"
                        r"(?:cost|costs|work|works|bill|difference|extra|extras|balance|hire|time|fee|fees|charge|"
                        r"materials|parts|deposit))|(?:billed|charged|"
                        r"recharged|invoiced))\s+(?:directly\s+|straight\s+)?to\s+(?:us|the\s+(?:town\s+|parish\s+)?"
                        r"council|the\s+parish|our\s+account|the\s+council's\s+account)\b",
                        ("charge", "bill", "invoice"), unless=_NOT_GIVEN),
    # ------------------------------------------------------------------------------------------------ exp9
    # Grants in the forms the retired splits test4-7 missed, each as a general form. "Yes, the choir can rehearse
    # in the chamber": a request answered yes.
    _cue("grant", rf"^(?:yes|yep|yeah|of\s+course|certainly)[,!.]?\s+(?:(?:the|your|our)\s+(?:[\w'&-]+\s+){{0,3}}?"
                  rf"[\w'&-]+|you|they|he|she)\s+(?:can|may)\s+(?:now\s+|also\s+|certainly\s+|still\s+|definitely\s+)?"
                  rf"{USE_VERB}\b{_NOT_AN_ASSET}", ("yes", "yep", "yeah", "of course", "certainly"),
                  unless=_NOT_GIVEN),
    # Someone may do something on, in or with a council asset: "the Lions can hold their bonfire on the rec",
    # "the beekeepers can put two hives at the far end of the allotments", "you may moor the barge at the quay".
    _cue("grant", rf"(?:^|[,;]\s*|\band\s+)"
                  rf"(?!(?:the|your|our)\s+(?:[\w'-]+\s+){{0,3}}?(?:{ASSET}|it|this)\s+(?:can|may)\b)"
                  rf"(?:(?:the|your|our)\s+(?:[\w'&-]+\s+){{0,3}}?[\w'&-]+|you)\s+(?:can|may)\s+"
                  rf"(?:now\s+|also\s+|still\s+|certainly\s+)?{USE_VERB}\b{_NOT_AN_ASSET}[^.;?]{{0,60}}?\b(?:on|in|"
                  r"at|from|over|across|to|through|behind|outside|by|of|near|round|around|under|along)\s+(?:all\s+)?"
                  r"(?:the|our|its|their|"
                  rf"your)\s+(?:[\w'-]+\s+){{0,3}}?{ASSET}\b|(?:^|[,;]\s*|\band\s+)(?:(?:the|your|our)\s+"
                  r"(?:[\w'&-]+\s+){0,3}?[\w'&-]+|you)\s+(?:can|may)\s+(?:now\s+|also\s+|still\s+)?(?:use|borrow|book|"
                  r"hire|have|take\s+over)\s+(?:the|our)\s+(?:[\w'-]+\s+){0,3}?"
                  rf"(?:council's\s+|parish's\s+)?(?:[\w'-]+\s+){{0,2}}?{ASSET}\b|\b(?:has|have|will\s+have|'ll\s+have)\s+"
                  rf"(?:the\s+)?(?:exclusive\s+|free\s+|sole\s+|full\s+)?use\s+of\s+(?:the|our)\s+(?:[\w'-]+\s+){{0,3}}?"
                  rf"{ASSET}\b", (" can ", " may ", " use of "), unless=_NOT_GRANTED),
    # Granted in the passive: "permission is granted for the food vans to trade", "your request to scatter the
    # ashes is granted", "access across the field is approved", "consent is given for the tree".
    _cue("grant", r"\b(?:permission|consent|access|use|licen[cs]e|wayleave|request|application)\b[^.;?]{0,80}?"
                  r"\b(?:is|are|has\s+been|have\s+been|'s\s+been)\s+(?:hereby\s+|now\s+|gladly\s+|happily\s+)?"
                  r"(?:granted|given|approved)\b(?!\s+by\s+(?!us\b|the\s+(?:[\w-]+\s+)?council\b|the\s+parish\b))|"
                  r"^(?:[\w'-]+\s+){0,2}?(?:permission|consent|access|approval)\s+(?:hereby\s+)?(?:granted|given)\b",
                  ("granted", "given", "approved"), unless=_NOT_GRANTED),
    # The council consenting, agreeing or allowing: "the parish consents to the rally using the green", "the
    # council agrees to you keeping two hens", "the council agrees that the food bank can use the side room",
    # "the council allows the market to use the car park".
    _cue("grant", rf"\b{COUNCIL_SUBJECT}\s+(?:hereby\s+|formally\s+|happily\s+|now\s+)?(?:consents?\s+to|"
                  r"(?:has|have)\s+consented\s+to|agrees?\s+(?:to\s+(?:you|your|the|their|its|his|her)\s+"
                  r"(?:[\w'-]+\s+){0,3}?[a-z]+ing\b|that\s+(?:you|your|the|they)\b[^.;]{0,50}?\b(?:can|may)\b)|"
                  r"(?:allows?|permits?|(?:is|are)\s+(?:allowing|permitting)|allowing|permitting)\s+(?:you|your|the|"
                  rf"them|their)\b[^.;]{{0,50}}?\bto\s+{USE_VERB}\b)", ("consent", "agree", "allow", "permit"),
                  unless=_NOT_GIVEN),
    # "the council is fine with your fence coming out onto the verge"
    _cue("grant", rf"\b{COUNCIL_SUBJECT}(?:'re|'s|\s+(?:is|are))\s+(?:more\s+than\s+|very\s+|perfectly\s+|quite\s+)?"
                  r"(?:happy|fine|content|ok|okay|relaxed)\s+(?:with|about)\s+(?:you|your\s+(?:[\w'-]+\s+){0,2}?"
                  r"[\w'-]+)\s+[a-z]+ing\b", (" with ", " about "), unless=_NOT_GIVEN),
    # "you have permission to scatter ...", "you've got consent for ..."
    _cue("grant", r"\byou(?:'ve|\s+have|\s+now\s+have)\s+(?:got\s+)?(?:full\s+|formal\s+|written\s+)?(?:permission|"
                  r"consent|approval|clearance)\s+(?:to|for)\b", ("permission", "consent", "approval", "clearance"),
                  unless=_NOT_GIVEN),
    # A council asset that is yours, or kept for you, with words between: "the market pitch by the clock tower is
    # yours every Thursday", "the grave space next to your husband's is reserved for you".
    _cue("grant", rf"\b{ASSET}\b(?:\s+(?!is\b|are\b)[\w'-]+){{1,5}}?\s+(?:is|are|will\s+be)\s+(?:now\s+|all\s+)?"
                  r"(?:yours\b(?!\s+to\s+(?!use|keep|have|enjoy))|reserved\s+for\s+(?:you|your)\b|"
                  r"at\s+your\s+disposal\b)", ("yours", "reserved", "disposal"), unless=_NOT_GIVEN),
    # Waivers and charges let go: "you don't need to pay the deposit", "no need to pay the hall hire", "you won't be
    # charged for the extra day", "no rent will be payable on the kiosk", "you're excused the annual fee", "the
    # surcharge won't apply to your booking".
    _cue("refrain", r"\b(?:you|your\s+[\w'-]+)\s+(?:don't|do\s+not|won't|will\s+not)\s+(?:need|have)\s+to\s+pay\b|"
                    r"\bno\s+need\s+(?:for\s+you\s+)?to\s+pay\b|\byou\s+owe\s+(?:us\s+|the\s+(?:[\w-]+\s+)?council\s+)?"
                    r"nothing\b|\b(?:you|your\s+[\w'-]+(?:\s+[\w'-]+)?)\s+(?:won't|will\s+not|shan't)\s+be\s+"
                    r"(?:charged|billed|invoiced|asked\s+to\s+pay|pursued|liable|penali[sz]ed)\b|\bno\s+(?:rent|fee|"
                    r"fees|charge|charges|hire\s+fee|penalty|surcharge|deposit|interest|cost)\s+(?:will\s+be|is|"
                    r"shall\s+be)\s+(?:payable|due|charged|applied|levied|taken|owed|owing)\b|\byou(?:'re|\s+are)\s+"
                    r"(?:excused|exempt(?:ed)?|let\s+off)\s+(?:from\s+)?(?:the|your|any|this|paying)\b|"
                    r"\b(?:surcharge|charge|fee|fees|increase|penalty|rent|deposit|fine)\b[^.;]{0,40}?\b(?:won't|"
                    r"will\s+not)\s+(?:be\s+)?appl(?:y|ied)\b",
                    ("pay", "nothing", "charged", "billed", "invoiced", "pursued", "liable", "penal", "no ",
                     "excused", "exempt", "let off", "appl"), unless=_HEDGED_MODAL),
    # "it's been waived", "the council's waived it", "the late charge has been written off", "the pitch fee
    # waived", "the council is writing it off", "we're letting that go", "we're dropping the claim".
    _cue("refrain", rf"\b(?:'s|has|have|'ve)\s+(?:been\s+)?(?:waived|written\s+off)\b|\b(?:fee|fees|charge|rent|"
                    r"deposit|debt|arrears|surcharge|penalty|balance|invoice|bill|amount|\u00a3\s?\d[\d,.]*)\s+"
                    r"(?:(?:is|are|has\s+been|have\s+been|'s\s+been)\s+)?(?:waived|written\s+off|cancelled|scrapped)\b|"
                    r"\b(?:fee|fees|charge|charges|rent|deposit)\s+(?:for|on)\s+[^.;]{1,40}?\s(?:is|are|has\s+been|"
                    r"have\s+been)\s+(?:now\s+)?waived\b|"
                    rf"\b{COUNCIL_SUBJECT}(?:'re|'s|'ve|\s+(?:is|are|has|have))\s+(?:now\s+)?(?:writing\s+(?:it|that|"
                    r"this|them|the\s+[\w'-]+(?:\s+[\w'-]+)?)\s+off|written\s+(?:it|that|this|them)\s+off|letting\s+"
                    r"(?:it|that|this|them)\s+go|dropping\s+(?:the|your|its|our)\s+(?:[\w'-]+\s+){0,2}?(?:claim|"
                    r"charge|fee|requirement|deposit|invoice|bill|surcharge|penalty|action|case|complaint))\b",
                    ("waived", "written off", "writing", "letting", "dropping", "cancelled", "scrapped"),
                    unless=_HEDGED_MODAL),
    # A waiver promised ("your plot rent for this quarter will be waived": blind set Q), unless it is doubted,
    # denied or hoped for ("Please don't assume the fee will be waived").
    _cue("refrain", r"\b(?:fee|fees|charge|charges|rent|deposit|invoice|bill)\b(?:\s+(?:for|on)\s+[^.;]{1,40}?)?\s+"
                    r"will\s+be\s+(?:now\s+)?(?:waived|written\s+off)\b", ("waived", "written off"),
         unless=_WAIVER_DOUBTED),
    # Acceptances: "the contract for the grass cutting is awarded to you", "the contract for the bus shelter
    # cleaning is yours", "the contract goes to you".
    _cue("acceptance", r"\b(?:contract|tender|job|work|works|order)\b(?:\s+(?:for|to)(?:\s+[\w'-]+){1,5}?)?"
                       r"(?:'s|\s+is|\s+are|\s+has\s+been|\s+will\s+be)\s+(?:now\s+|hereby\s+|all\s+)?(?:yours\b|"
                       r"(?:awarded|given|going)\s+to\s+(?:you|your)\b)|\b(?:contract|tender|job|work)\s+goes\s+to\s+"
                       r"(?:you|your)\b", ("yours", "awarded", "given", "going", "goes"), unless=_NOT_GIVEN),
    # "Happy to accept the £4,200", "the council is happy to go with Greenway", "we're happy to take the cheaper
    # option", "the parish is happy to agree the 5% increase".
    _cue("acceptance", r"^(?:(?:ok|okay|yes|fine|right|great)[,!.]?\s+)?(?:more\s+than\s+|very\s+|perfectly\s+)?"
                       r"(?:happy|pleased|delighted|glad|content)\s+to\s+(?:accept|go\s+with|agree\s+to)\b|"
                       rf"\b(?<!whether\s)(?<!\bif\s){COUNCIL_SUBJECT}(?:'re|'s|\s+(?:are|is))\s+(?:more\s+than\s+|"
                       r"very\s+|perfectly\s+)?(?:happy|pleased|content|glad|willing|prepared|delighted)\s+to\s+"
                       r"(?:go\s+with\b|take\s+(?:up\s+)?(?:the|your)\s+[^.;]{0,40}?\b(?:offer|offered|quote|quotation|"
                       r"option|price|deal|tender|bid|estimate)s?|agree\s+(?:the|your)\s+(?:[\w'\u00a3,.%-]+\s+){0,3}?"
                       r"(?:increase|price|terms|rate|fee|quote|figure|cost|sum|amount|extension|date|change))\b",
                       ("happy", "pleased", "delighted", "glad", "content", "willing", "prepared")),
    # "Fine by us, £70 an hour for the survey work."
    _cue("acceptance", r"^(?:that's\s+|that\s+is\s+|it's\s+)?(?:fine|ok|okay|good|agreed|acceptable)\s+(?:by|with|for)"
                       r"\s+us\b(?=.*(?:\u00a3|\bprice|\bquot|\brates?\b|\bfees?\b|\bfigure|\bcosts?\b|\bterms\b))",
                       ("by us", "with us", "for us")),
    # Commitments: "you'll get the grant money from us by bank transfer" (not a letter or a reply from us).
    _cue("commitment", r"\byou(?:'ll|\s+will)\s+(?:get|receive|have)\s+(?!(?:a|an|the|our)\s+(?:[\w'-]+\s+)?"
                       r"(?:letter|reply|response|e-?mail|copy|call|answer|acknowledg\w*|decision|update|notice|"
                       r"invitation|invite|visit)\b)[^.;?]{0,60}?\bfrom\s+(?:us|the\s+(?:[\w-]+\s+){0,2}?council|"
                       r"the\s+parish)\b", ("you'll", "you will"), unless=_NOT_GIVEN),
    # "you can rely on the council to clear the fly-tipping"
    _cue("commitment", rf"\b(?:rely|count|depend)\s+on\s+(?:us|the\s+(?:[\w-]+\s+){{0,2}}?council|the\s+parish)\s+to\s+"
                       rf"(?:[\w'-]+\s+)?{ACTION}\b", ("rely", "count on", "depend"), unless=_NOT_GIVEN),
    # "the council is committed to resurfacing the MUGA", "the council commits to keeping the library open", "the
    # community council guarantees the loan", "we are committing £3,000 from reserves"
    _cue("commitment", rf"\b{COUNCIL_SUBJECT}(?:'re|'s|\s+(?:are|is))\s+(?:now\s+|fully\s+|firmly\s+)?committed\s+to\s+"
                       r"(?:paying|funding|resurfacing|repairing|replacing|keeping|providing|installing|maintaining|"
                       r"covering|meeting\s+the|clearing|delivering|building|renewing|reopening|opening|buying|"
                       rf"supplying|refunding|reimbursing)\b|\b{COUNCIL_SUBJECT}\s+(?:hereby\s+)?(?:commits|undertakes|"
                       rf"pledges)\s+to\s+[a-z]+ing\b|\b{COUNCIL_SUBJECT}\s+(?:hereby\s+)?(?:undertakes|pledges)\s+to\s+"
                       rf"(?!(?:consider|discuss|review|look|reply|respond|consult)\b)[a-z]+\b|\b{COUNCIL_SUBJECT}\s+(?:hereby\s+)?guarantees\s+(?:the|your|its)\b|"
                       rf"\b{COUNCIL_SUBJECT}(?:'re|\s+(?:are|is))\s+committing\s+(?:\u00a3|\d|the\s+(?:sum|money|"
                       r"funding))", ("committed", "commits", "undertakes", "pledges", "guarantees", "committing"),
                       unless=_NOT_GIVEN),
    # Instructions: "I'd like you to go ahead with the tree works".
    _cue("instruction", r"\b(?:i|we)(?:'d|\s+would)\s+like\s+you\s+to\s+(?:please\s+)?(?:go\s+ahead|proceed|start|"
                        r"begin|"
                        r"commence|crack\s+on|carry\s+on|get\s+started|order|book|install|carry\s+out)\b",
                        ("like you to",), unless=_HEDGED),
    # A task done "on the council's behalf": "chase the insurer on the council's behalf", "please write to the
    # hirers on behalf of the town council".
    _cue("instruction", r"^(?:please\s+|kindly\s+)?(?!(?:i|we|i'm|we're|i've|we've|i'll|we'll|i'd|we'd|it|it's|this|"
                        r"that|these|those|the|a|an|he|she|they|you|your|our|my|his|her|their|thank|thanks|as|in|on|"
                        r"at|with|for|if|when|once|and|but|so|who|what|mr|mrs|ms|dr|cllr|councillor|there|here|"
                        r"someone|nobody|everyone|acting|[a-z]+ing)\b)[a-z]+\s+[^.;?]{0,80}?\bon\s+(?:(?:the\s+"
                        r"(?:[\w-]+\s+){0,2}?council's|the\s+parish's|our)\s+behalf|behalf\s+of\s+the\s+"
                        r"(?:[\w-]+\s+){0,2}?(?:council|parish))\b", ("behalf",), unless=_NOT_GIVEN),
    # ------------------------------------------------------------------------------------------------ exp10
    # Grants, commitments, acceptances and waivers in the forms the retired splits test8-9 missed, each as a
    # general form and each kept only with a training sentence or two dev splits behind it (docs/model.md, exp10).
    # A council thing given away: "take the spare bench, it's yours", "pick a plot and it's yours",
    # "the grant has been awarded and is yours to spend".
    _cue("grant", r"(?:[,;:-]\s*|\band\s+)(?:it's|it\s+is|they're|they\s+are)\s+(?:all\s+)?(?:yours|theirs)"
                  r"(?:\s+(?:now|to\s+keep|for\s+good))?\s*[.!]*$|\b(?:is|are)\s+(?:now\s+)?yours\s+to\s+(?:spend|keep|"
                  r"use)\b", ("yours", "theirs"), unless=_NOT_GIVEN),
    # Money awarded: "the skatepark group has been awarded £2,500 from the community chest", "a grant of £300 is
    # awarded" (not the Lottery's or another body's award, nor a past one).
    _cue("grant", r"\b(?:has|have)\s+been\s+awarded\s+(?:a\s+(?:grant|sum)\s+of\s+)?\u00a3\s?\d|"
                  r"\b(?:grant|award)\s+of\s+"
                  r"\u00a3\s?\d[\d,.]*\s+(?:has\s+been|have\s+been|is)\s+(?:now\s+)?(?:awarded|approved)\b",
                  ("awarded", "approved"), unless=_NOT_OURS),
    # A council asset had for an occasion: "you've got the community centre for your fundraiser on the 3rd".
    _cue("grant", rf"\byou(?:'ve\s+got|\s+have(?:\s+got)?)\s+the\s+(?:[\w'-]+\s+){{0,2}}?{ASSET}\s+(?:for|on|from|"
                  r"every|all)\b", ("you",), unless=_NOT_GIVEN),
    # "you have the sole right to run the ice cream concession", "you have the right to use the track"
    _cue("grant", r"\byou(?:'ve\s+got|\s+have(?:\s+got)?|\s+now\s+have)\s+(?:the|a)\s+(?:sole\s+|exclusive\s+|full\s+|"
                  r"first\s+)?right\s+to\s+(?:use|run|graze|cross|fish|moor|trade|park|keep|hold|sell|operate|access|"
                  r"pass|drive|store|site)\b", ("right to",), unless=_NOT_GIVEN),
    # "we're lending the Brownies the council's PA system", "the council can lend you the gazebos"
    _cue("grant", rf"\b{COUNCIL_SUBJECT}(?:'re|'ll|\s+(?:are|is|will|can))\s+(?:happy\s+to\s+|glad\s+to\s+)?"
                  r"(?:lend|loan)(?:ing)?\s+(?:you|your|the|them|him|her)\b", ("lend", "loan"), unless=_NOT_GIVEN),
    # "your family may put up the headstone as submitted"
    _cue("grant", r"^(?:you|your\s+(?:[\w'&-]+\s+){0,2}?[\w'&-]+)\s+may\s+(?:now\s+)?(?:go\s+ahead|put\s+up|erect|"
                  r"install|fix|place|lay|site)\b", ("may",), unless=_NOT_GIVEN),
    # Acceptances: "let's go with your second option", "go with the £1,900 version", "Agreed: £450 for the whole
    # installation", "we'd like to go ahead on the basis of your quote".
    _cue("acceptance", r"\blet's\s+go\s+(?:with|for)\s+(?:that|it|yours|your\b|options?\b|the\s+(?:[\w\u00a3,.'-]+\s+)"
                       r"{0,3}?(?:option|quote|quotation|price|one|version|offer|tender|estimate|design|proposal)s?\b)|"
                       r"^go\s+with\s+(?:the|your)\s+(?:[\w\u00a3,.'-]+\s+){0,3}?(?:option|quote|quotation|price|one|"
                       r"version|offer|tender|estimate|design|proposal)\b", ("go with", "go for"), unless=_HEDGED),
    _cue("acceptance", r"^agreed\s*[:,.!-]\s*(?:\u00a3\s?\d|the\s+(?:[\w'-]+\s+)?(?:price|quote|figure|rate|fee|sum))",
                       ("agreed",)),
    _cue("acceptance", r"\b(?:we|the\s+(?:[\w-]+\s+)?council|the\s+parish)(?:'d|\s+would)\s+like\s+to\s+(?:go\s+ahead|"
                       r"proceed|accept|take\s+up)\s+(?:with\s+|on\s+the\s+basis\s+of\s+)?(?:your|the)\s+"
                       r"(?:[\w\u00a3,.'-]+\s+){0,3}?(?:quote|quotation|offer|tender|estimate|price|proposal)\b",
                       ("like to",), unless=_HEDGED),
    # Commitments: "consider the £500 for the minibus promised", "consider the cost of the nets covered by us".
    # (kind "grant", as the older "consider it approved" reading: a commitment whose words hold "consider" is
    # read as procedural)
    _cue("grant", r"\b(?<!n't\s)(?<!not\s)consider\s+(?:this|it|the\s+[\w\u00a3,.'-]+|your\s+[\w'-]+)\s+"
                  r"(?:[\w'\u00a3,.-]+\s+){0,6}?(?:promised|covered|paid|funded|settled|refunded|sorted|"
                  r"taken\s+care\s+of|let|leased|allocated|awarded)\b", ("consider",), unless=_HEDGED),
    # Waivers: "we waive the hire charge for the coffee mornings".
    _cue("refrain", rf"\b{COUNCIL_SUBJECT}\s+(?:hereby\s+|happily\s+|gladly\s+)?waives?\s+(?:the|your|its|this|that|"
                    r"any|all)\b", ("waive",), unless=_HEDGED_MODAL),
    _cue("refrain", rf"\b{COUNCIL_SUBJECT}\s+(?:will\s+not|won't|shall\s+not|are\s+not\s+going\s+to|"
                    r"aren't\s+going\s+to|is\s+not\s+going\s+to|isn't\s+going\s+to|will\s+no\s+longer|"
                    r"do\s+not\s+intend\s+to)\s+(?:be\s+)?(?:pursu|charg|renew|enforc|tak|collect|seek|"
                    r"chas|invoic|bill|claim|object|oppos|proceed|recover|ask|requir|increas|rais)",
                    ("not", "n't", "no longer")),
    _cue("commitment", rf"\b(?<!whether\s)(?<!\bif\s){COUNCIL_SUBJECT}\s+(?:will|'ll|shall|are\s+going\s+to|"
                       rf"is\s+going\s+to|"
                       r"(?:are|is|am)\s+(?:happy|pleased|delighted|glad|willing|prepared|able)\s+to|"
                       r"(?:agree|agrees|undertake|undertakes|commit|commits|promise|promises|guarantee|"
                       r"guarantees|pledge|pledges)\s+to|can\s+confirm\s+(?:that\s+)?(?:we|it)\s+will|will\s+be)"
                       rf"\s+(?:\w+\s+){{0,2}}?(?:definitely\s+|certainly\s+|happily\s+|gladly\s+|now\s+|also\s+|"
                       rf"then\s+)?{ACTION}(?!(?<=meet)ing\b)", ("will", "'ll", "shall", " to")),
    _cue("commitment", rf"(?:^|[,;:]\s*|\band\s+|"
                       rf"\bthen\s+){COUNCIL_SUBJECT}(?:'ll)\s+(?:\w+\s+){{0,2}}?{ACTION}(?!(?<=meet)ing\b)",
                       ("'ll",)),
    _cue("commitment", r"\b(?<!asked\sme\sto\s)(?<!asked\sus\sto\s)(?:i\s+)?(?:can\s+)?(?:confirm|guarantee|"
                       r"promise|assure\s+you|give\s+you\s+my\s+word)"
                       r"\s+(?:that\s+)?(?:the\s+(?:town\s+|parish\s+)?council|we|the\s+parish|the\s+committee)\s+"
                       r"(?:will|'ll|shall|is\s+going\s+to|are\s+going\s+to|has\s+agreed\s+to|have\s+agreed\s+to)\b",
                       ("confirm", "guarantee", "promise", "assure", "my word")),
    _cue("commitment", r"\bi(?:'ll|\s+will|\s+shall)\s+(?:personally\s+)?(?:make\s+sure|ensure|see\s+to\s+it|guarantee)"
                       r"\s+(?:personally\s+)?(?:that\s+)?"
                       r"(?:(?:the\s+(?:[\w-]+\s+)?council|the\s+parish(?!\s+council))"
                       # passing it on is not a guarantee: "I'll make sure the council sees them" (development split
                       # test14); the guide's "I will make sure the council pays you" still binds, and so does "...
                       # gets your invoice paid", "... has it repaired by Friday"
                       r"(?!\s+(?:(?:sees?|reads?|receives?|considers?|discuss(?:es)?|looks?\s+at)\b(?![^.,;]{0,40}?\b(?:\w+ed|"
                       r"done|paid|fixed|cut|built|made|sent|put|set|kept|given|taken|through)\b)|hears?\b|"
                       # any "knows", unless the council is also to act: "... knows how much we owe you and pays it"
                       r"knows?\b(?!\s+to\b)(?![^.;]*\band\s+(?:pays?|gets?|has|sends?|covers?|meets?|settles?)\b)|"
                       r"is\s+(?:aware|told|informed|made\s+aware)\b|gets?\s+(?:to\s+see|a\s+copy|sight\s+of)\b|"
                       r"has\s+(?:a\s+copy|sight\s+of|seen)\b))|"
                       r"we|you\s+(?:get|are|will\s+be)\s+(?:paid|reimbursed|refunded))\b",
                       ("make sure", "ensure", "see to it", "guarantee")),
    _cue("commitment", rf"\b(?:the\s+cost|costs|the\s+bill|the\s+invoice|your\s+(?:costs|expenses|invoice|fees?)|"
                       r"the\s+(?:fee|hire|expense))(?:\s+of\s+(?:[\w'-]+\s+){1,5}?)?\s*(?:will|shall)\s+be\s+"
                       r"(?:met|covered|paid|settled|borne|absorbed|underwritten|"
                       rf"reimbursed|refunded|funded|waived|picked\s+up)\s+by\s+{COUNCIL_SUBJECT}",
                       ("will be", "shall be")),
    _cue("commitment", rf"\b(?:will|'ll|shall|(?:is|are)\s+going\s+to)\s+(?:now\s+|also\s+|then\s+|definitely\s+|"
                       rf"certainly\s+)?be\s+(?:\w+ly\s+)?{PASSIVE_ACTION}\b(?:\s+(?!not\b|by\b)[\w'-]+){{0,6}}?"
                       rf"\s+by\s+{COUNCIL_AGENT}\b(?!\s+(?:meeting|agm|elections?|deadline|committee|vote)\b)",
                       ("by us", "by the", "by our")),
    _cue("instruction", r"\b(?<!n't\s)(?<!not\s)(?:invoice|bill|charge)\s+(?:us|the\s+(?:town\s+|parish\s+)?council|"
                        r"the\s+parish|"
                        r"the\s+clerk)\b|\bsend\s+(?:the|your|an?)\s+(?:\w+\s+)?(?:invoice|bill|account)\s+"
                        r"(?:to|through\s+to|over\s+to)\s+(?:us|the\s+clerk|the\s+council|the\s+office|"
                        r"the\s+(?:\w+\s+)?officer|the\s+rfo|the\s+treasurer)\b"
                        r"|\bput\s+it\s+on\s+(?:our|the\s+council's)\s+(?:account|tab)\b",
                        ("invoice", "bill", "charge", "account", "put it on")),
    # "Yes ok go ahead and start monday 17th" (blind set AF): a yes may take a word or two more before its order
    _cue("instruction", r"^(?:(?:(?:ok|okay|right|great|fine|good|yes|yep|yeah|thanks|lovely|excellent|"
                        r"perfect)[,!.]?\s+){1,3}|"
                        r"(?:so|then|and)\s+|(?:dave|john|mark|[a-z]+),\s+)?(?:please\s+|kindly\s+|do\s+)?"
                        # not the noun: "Ok great, start time for the meeting is 7pm"
                        rf"(?:just\s+|now\s+)?{INSTRUCT}\b(?!\s+(?:time|times|date|dates|of|is|was)\b){_NOT_FOR_ME}"),
    _cue("instruction", rf"\b(?:please|kindly|pls|plz)\s+(?:do\s+)?(?:just\s+|now\s+)?{INSTRUCT}\b{_NOT_FOR_ME}",
                        ("please", "kindly", "pls", "plz")),  # exp11: "pls" and "plz", as texted
    _cue("instruction", r"^(?:could|can|would|will)\s+you\s+(?:please\s+|now\s+|then\s+)?(?:go\s+ahead|proceed|"
                        r"crack\s+on|get\s+started|start|begin|commence|order|book|install|carry\s+out|invoice|"
                        rf"put\s+up|deliver|fell|remove|replace|repair|arrange)\b{_NOT_FOR_ME}"
                        r"(?!.{0,80}\b(?:when|date|cost|price|quote|how\s+much|availability)\b)"),
    _cue("instruction", r"(?<!whether\s)(?<!when\s)(?<!asking\sif\s)(?<!asked\sif\s)(?<!wondering\sif\s)"
                        r"\b(?:you\s+(?:can|should|may)|feel\s+free\s+to)\s+"
                        r"(?:go\s+ahead|proceed|crack\s+on|"
                        r"order|book|invoice|bill|start|begin|get\s+started)\b", ("you", "feel free")),
]

# Broader readings, tried last so the specific ones above name the words when both match. A reading
# from one of these is marked ``broad``: they fire on forms the specific ones pass over ("we'll <any
# verb>", a bare imperative), which makes them less sure.
#: "putting" as the council's doing ("we're putting £200 towards it"), not "putting together" a plan or a list
#: ("We're putting together the programme for the summer": a false alarm of the read splits, stop 18).
_PUTTING = (r"putting(?!\s+together\s+(?:the|a|an|our)\s+(?:[\w-]+\s+)?(?:programme|program|plans?|list|"
            r"schedule|rota|agenda|bid|application|report|proposal|newsletter|leaflet)\b)")

_BROAD_POSITIVES: list[_Pattern] = [
    _cue("acceptance", rf"\b(?:{COUNCIL_SUBJECT}|{NAMED_COUNCIL})\s+(?:formally\s+|happily\s+|hereby\s+|gladly\s+|"
                       r"gratefully\s+|now\s+)?"
                       r"(?:accepts?|agrees?\s+to\s+(?:the|your|their|its|this|that)|(?:is|are|'re)\s+going\s+with|"
                       r"(?:will|'ll)\s+go\s+with)\b|\b(?:is|are|has\s+been|have\s+been)\s+(?:now\s+|hereby\s+|"
                       r"gratefully\s+|gladly\s+|happily\s+|formally\s+)?(?:accepted|agreed)\b(?!\s+(?:that|by\s+(?!(?:the\s+(?:town\s+|parish\s+)?council|us)\b)))"
                       # a standing arrangement described ("The route is agreed each year between the Legion and the
                       # council's Civic Committee": development split test16), not an acceptance
                       r"(?!\s+(?:(?:with\s+(?!you\b|your\b)(?:the\s+)?(?:(?!(?:at|for|on|rate|same|level|uplift|increase|price|"
                       r"inflation|usual|fee|rent)\b)[\w'&-]+\s+){1,8}?)?(?:(?:each|every)\s+(?:year|time|spring|summer|"
                       r"autumn|winter|season)|annually)|"
                       r"between\s+(?!us\b|you\b|yourself\b|(?:the\s+)?(?:[\w-]+\s+)?(?:council|parish|clerk)\b)))|"
                       # "Until that's agreed, I'm not sure the work can begin" (test12) waits for an agreement
                       r"(?<!\buntil\s)(?<!\btill\s)(?<!\bunless\s)(?<!\bonce\s)(?<!\bwhen\s)(?<!\bif\s)(?<!\bbefore\s)"
                       r"\b(?:that's|that\s+is|it's)\s+(?:all\s+)?agreed\b",
                       ("accept", "agree", "going with", "go with")),
    _cue("grant", r"\byou(?:'re|\s+are)\s+(?:very\s+|more\s+than\s+)?(?:welcome|fine|free)\s+to\s+"
                  r"(?:use|hold|have|keep|"
                  r"park|store|set\s+up|plant|site|put|leave|bring|fly|book|borrow|take|run)\s+(?:the|our|a|any|it|them|"
                  r"your)\b|\byou(?:'re|\s+are)\s+(?:very\s+|more\s+than\s+)?welcome\s+to\s+(?:camp|pitch|trade|moor|"
                  r"fish|graze|rehearse|practi[sc]e|train|film|stay|busk|fundraise)\b|"
                  r"\b(?:is|are)\s+(?:very\s+|more\s+than\s+)?welcome\s+to\s+(?:use|hold|have|keep|put|park|"
                  r"store|bring|set\s+up|fly|share|plant|leave|site|camp|pitch|trade|moor|fish|graze|rehearse|"
                  r"practi[sc]e|train|film|stay|display|hang|erect|scatter|busk|fundraise)\b|"
                  r"\b(?:the\s+(?:[\w-]+\s+)?council|we|the\s+parish|"
                  r"the\s+committee)(?:\s+(?:is|are)|'re)\s+(?:happy|content|fine|glad)\s+for\s+(?:you|your|the|them)"
                  r"\b|\b(?:council|parish|committee|we)\s+(?:has|have)\s+no\s+(?:objection|problem)\b|"
                  r"\b(?:has|have)\s+been\s+waived\b|\bis\s+waived\b|\bwe've\s+waived\b|"
                  r"\bthere(?:'ll|\s+will)\s+be\s+no\s+(?:charge|fee|cost)\b|"
                  r"(?<!\bif\s)(?<!\bwhether\s)"
                  # words given to be used are no grant: "Here's a comment you can use, attributed to me" (blind set AP)
                  r"(?<!comment\s)(?<!quote\s)(?<!statement\s)(?<!photo\s)(?<!picture\s)(?<!words\s)(?<!line\s)"
                  r"\byou\s+(?:can|may)\s+(?:also\s+|now\s+|still\s+)?(?:have|use|keep|hold|park|put|set\s+up|"
                  r"leave|store|plant|fly|site|take\s+over)\b(?!\s+(?:read|heard|seen|been|noticed|had|got)\b)"
                  r"(?!\s+(?:a\s+price|a\s+quote|prices|together|forward|in\s+(?:a|an|your)|it\s+in\s+writing|"
                  r"your\s+(?:name|views|comments|case|point))\b)"
                  r"(?!\s+(?:the|our|this)\s+(?:[\w'-]+\s+){0,2}?(?:form|forms|website|link|portal|app|number|details|"
                  r"address|procedure|process|complaints?|scheme|service|system|e-?mail|"
                  r"template|guidance|toolkit|contact)\b)",
                  ("welcome", "fine", "free", "happy", "content", "glad", "no objection",
                   "no problem", "waived", "no charge", "no fee", "no cost", "rent",
                   "without charge", "you can", "you may")),
    # Use of something given to "you" or a named group, in the forms that also tell people how to do things
    # ("feel free to call me", "you can use the form on our website"): so broad, and the objects of
    # correspondence are ruled out.
    _cue("grant", r"(?:\bfeel\s+free\s+to|\byou(?:'re|\s+are)\s+(?:allowed|permitted)\s+to|"
                  r"\b(?:the|your)\s+(?:[\w'-]+\s+){0,3}?(?:club|group|society|school|church|association|band|"
                  r"choir|team|"
                  r"cubs|scouts|brownies|guides|charity|rotary|friends|organisers|firm|company|van|officers|traders|"
                  r"volunteers|playgroup|nursery|league|ramblers)\s+(?:can|may)\s+(?:now\s+|also\s+)?)\s*"
                  r"(?:use|have|keep|hold|park|put|store|take|borrow|fly|site|plant|set\s+up|leave|hang|pitch|graze|"
                  r"run|book|help\s+yourselves|camp|trade|moor|fish|rehearse|practi[sc]e|train|film|stay|display|bring|"
                  r"fundraise|erect|install|place|scatter|cross|cut\s+through)\b(?!\s+(?:a\s+look|a\s+copy|a\s+photo|photos|pictures|part|notes|"
                  r"your\s+(?:views|comments|questions|thoughts|concerns)|the\s+(?:form|forms|website|link|portal|"
                  r"online|app|number|details|address|minutes|agenda|template|guidance|toolkit|survey)|our\s+"
                  r"(?:website|form|online|portal|app)|it\s+up\s+with|this\s+up|me\b|up\s+with|on\s+board))",
                  ("feel free", "allowed", "permitted", " can ", " may "), unless=_NOT_GIVEN),
    _cue("grant", r"\b(?:is|are)\s+(?:very\s+|more\s+than\s+)?welcome\s+to\s+(?:take\s+over|borrow|hire|run)\b|"
                  r"^(?:please\s+)?help\s+yourselves?\s+to\s+(?:the|our|any)\b", ("welcome", "help")),
    _cue("refrain", rf"\b(?:{COUNCIL_SUBJECT}|{NAMED_COUNCIL})(?:\s+(?:will\s+not|won't|wont|shall\s+not|"
                    r"shan't)|'ll\s+not|"
                    r"(?:\s+(?:are|is)|'re)\s+not\s+going\s+to|\s+(?:aren't|isn't)\s+going\s+to)\s+"
                    r"(?!(?:be\s+)?(?:know|able|hear|have\s+time|need|decide|meet|discuss|consider|long|sure|look\s+at|"
                    r"look\s+into|review|get\s+to|looking|considering|discussing))"
                    r"(?:be\s+)?[a-z]+", ("not", "n't", "wont")),
    _cue("commitment", rf"\b(?<!whether\s)(?<!\bif\s)(?:{COUNCIL_SUBJECT}|{NAMED_COUNCIL})(?:\s+(?:will|shall)|"
                       rf"'ll|(?:\s+(?:is|are)|'re)\s+"
                       r"going\s+to)\s+(?:also\s+|now\s+|then\s+|definitely\s+|certainly\s+|happily\s+)?"
                       r"(?:be\s+(?:paying|covering|funding|providing|replacing|repairing|installing|giving|sending|supplying|"
                       r"keeping|resurfacing|fitting|topping\s+up|adding|laying|relaying|planting|painting|repainting|"
                       r"emptying|erecting|building|renewing|extending|felling|trimming|strimming|mowing|gritting|"
                       r"patching|refurbishing|upgrading|reinstating|restoring|doing|carrying\s+out|taking\s+(?:down|out|away)|"
                       r"removing|lopping|pruning|treating|tidying|rebuilding|relining|"
                       r"meeting\s+(?:the|your|all|half|part|any)\s+(?:[\w'-]+\s+){0,2}?(?:costs?|bill|fees?|expenses?|"
                       r"invoice)|"
                       r"waiving|sponsoring|donating|contributing|clearing|cutting|delivering|fixing|mending|"
                       rf"{_PUTTING}|"
                       r"taking\s+(?:over|on|care)|organising|arranging|running|hosting|ordering|buying|"
                       r"refunding|reimbursing|covering)\b|(?!be\b|need|have\s+to|want|try|hope|know|decide|see\b|"
                       r"wait|let\s+you\s+know|never|always|not\b|miss\b|lose\b|struggle|suffer|end\s+up|"
                       r"find\s+out|probably|likely|make\s+(?:its|a|the|our|their|"
                       r"any)\s+(?:final\s+)?decision)"
                       rf"[a-z]+)\b|\b(?<!whether\s)(?<!\bif\s)(?:{COUNCIL_SUBJECT}|{NAMED_COUNCIL})(?:\s+(?:is|"
                       rf"are)|'re)\s+(?:now\s+)?"
                       r"(?:giving|paying|buying|"
                       rf"{_PUTTING}|"
                       r"funding|covering|providing|installing|replacing|"
                       r"repairing|committing\s+to|taking\s+(?:over|on|care|responsibility)|ordering|donating|contributing|"
                       r"meeting\s+(?:the|your|all|half|part|any)\s+(?:[\w'-]+\s+){0,2}?(?:costs?|bill|fees?|"
                       r"expenses?|invoice)|"
                       r"waiving)\b",
                       ("will", "shall", "'ll", "going to", "giving", "paying", "buying",
                        "putting", "funding", "covering", "providing", "installing",
                        "replacing", "repairing", "committing", "taking", "ordering",
                        "donating", "contributing", "meeting", "waiving")),
    # Free use, in words that also report what someone else once offered: so broad, and void when hearsay.
    _cue("grant", r"\b(?:rent[- ]free|without\s+charge|free\s+of\s+(?:dues|rent|hire|fees?))\b",
                  ("rent", "without charge", "free of"), unless=_HEARSAY),
    # "there's no charge for the stall this time round" (also a fact about a service, so broad)
    _cue("grant", r"\bthere(?:'s|\s+is)\s+no\s+(?:charge|fee|cost|rent|hire\s+fee|deposit)\s+(?:for|on|to)\s+"
                  r"(?:the|your|you|this|using)\b", ("no charge", "no fee", "no cost", "no rent", "no hire",
                                                       "no deposit"), unless=_HEDGED_MODAL),
    _cue("instruction", rf"^{_MORE_INSTRUCT}\b(?!\s+(?:me|for\s+me))"),
    _cue("instruction", rf"\bplease\s+{_MORE_INSTRUCT}\b(?!\s+(?:me|for\s+me))", ("please",)),
]
_POSITIVES += [replace(p, broad=True) for p in _BROAD_POSITIVES]


_PROCEDURAL = re.compile(rf"\b{PROCEDURAL}\b")


@dataclass(frozen=True)
class _Plan:
    """How :func:`read` skips the patterns a sentence cannot match.

    Each pattern's regex is read once (:func:`mailguard.literals.requirements`) for its clauses: sets
    of words, such that a sentence the regex matches holds at least one word of every set (" we will
    ", " the council will " ...). One pass of ``screen`` over a sentence finds which clauses hold, and
    a pattern is tried (guard words, regex, ``unless``, exactly as written) only if all of its do:
    which they must if it matches, so the readings are those of trying every pattern, in a fifth to
    a third of the time. Patterns added to the lists need nothing: theirs are derived the same way.
    """

    screen: literals.Screen
    #: The patterns in reading order, each with the bit mask of its clauses (``screen.mask``).
    positives: tuple[tuple[int, _Pattern], ...]
    negatives: tuple[tuple[int, _Pattern], ...]

    @classmethod
    def derive(cls) -> _Plan:
        known = _stored_requirements()
        requires = {p.regex: known[k] if (k := _pattern_key(p.regex)) in known else literals.requirements(p.regex)
                    for p in _POSITIVES + _NEGATIVES}
        literals.forget()
        screen = literals.Screen(c for clauses in requires.values() for c in clauses)
        return cls(screen, tuple((screen.mask(requires[p.regex]), p) for p in _POSITIVES),
                   tuple((screen.mask(requires[p.regex]), p) for p in _NEGATIVES))


#: Every pattern's clauses, derived once and shipped (``tools/cue_screen.py`` writes it). Deriving them
#: reads each pattern's syntax tree: about a second and ~60 MB at every start of every process (the
#: relay, each audit worker) for an answer that changes only when a pattern does. A pattern missing
#: from the file is derived at start as before, so an edited pattern is never read with a stale
#: screen; ``tests/test_cues.py`` fails until the file is written again.
SCREEN_FILE = Path(__file__).with_name("cue_screen.json")


def _pattern_key(regex: re.Pattern[str]) -> str:
    return hashlib.sha256(f"{regex.flags}:{regex.pattern}".encode()).hexdigest()[:24]


def analysis_version() -> str:
    """A fingerprint of the analysis that derived the stored clauses: a changed ``literals.py`` may
    derive other clauses from the same pattern, so the file is then not trusted."""
    return hashlib.sha256(Path(literals.__file__).read_bytes()).hexdigest()[:24]


def _stored_requirements() -> dict[str, tuple[literals.Clause, ...]]:
    try:
        data = json.loads(SCREEN_FILE.read_text(encoding="utf-8"))
        if data.get("analysis") != analysis_version():
            return {}   # written by another version of the analysis: derive afresh
        return {key: tuple(frozenset(c) for c in clauses) for key, clauses in data["requirements"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}   # no file (or a damaged one): every pattern is derived afresh, as before


def screen_requirements() -> dict[str, list[list[str]]]:
    """Every pattern's clauses, derived afresh, in the form :data:`SCREEN_FILE` stores them."""
    return {_pattern_key(p.regex): [sorted(c) for c in literals.requirements(p.regex)]
            for p in _POSITIVES + _NEGATIVES}


_plan: _Plan | None = None
_plan_lock = threading.Lock()


def prepare() -> _Plan:
    """The plan :func:`read` follows, derived on first use and kept.

    The patterns' clauses come from :data:`SCREEN_FILE` (deriving them all takes about a second);
    building the screen from them still takes a few tenths, so it is done when first needed rather
    than whenever the module is imported; a long-running caller can ask for it at start (the trained
    detector does, when it loads) so that no message waits for it.
    """
    global _plan
    with _plan_lock:
        if _plan is None:
            _plan = _Plan.derive()
        return _plan


def read(sentence: str) -> Cue | None:
    """The cue a sentence carries, or None if it carries none either way."""
    text = normalise(sentence)
    if not text:
        return None
    lowered = text.lower()
    has = lowered.__contains__
    plan = _plan or prepare()
    holding = plan.screen.holding(literals.screen_text(lowered))
    positive = next(_positives(plan, holding, has, text, lowered), None)
    question = text.endswith("?")
    vetoed = _veto(plan, holding, has, lowered, positive)
    if vetoed is not None and positive is not None:
        # The first reading is undone, but a later clause may bind on its own ("Go ahead and contact the clerk,
        # and start on the fence on Monday"): read the rest of the sentence once more, after the veto.
        later = _later_positive(plan, holding, has, text, lowered, vetoed)
        if later is not None and _veto(plan, holding, has, lowered, later) is None:
            vetoed, positive = None, later
    if vetoed is not None:
        return Cue(False, vetoed[0], text[vetoed[1].start():vetoed[1].end()].strip())
    if positive is not None:
        if question and positive.kind not in ("instruction",):
            return Cue(False, "question", text[-60:])
        if positive.kind == "commitment" and _PROCEDURAL.search(positive.words.lower()):
            return Cue(False, "procedural", positive.words)
        return positive
    if question:
        return Cue(False, "question", text[-60:])
    return None


#: The orders that a first-person opening before them does not soften: to start, proceed, order, book or bill.
_GO_AHEAD = re.compile(r"\b(?:go\s+ahead|proceed|crack\s+on|carry\s+on|get\s+started|start|begin|order|book|invoice|"
                       r"bill)\b")
#: ... but not an order about the meeting or the meal the writer will miss ("I'm running late, please go ahead.",
#: "I've sent my apologies, please begin the agenda", "I'm not hungry, please go ahead and order.").
#: Nor a bare "please go ahead." with nothing to go ahead with: after a first-person opening that is the writer's
#: leave ("I'm happy to be quoted, please go ahead.", "I'm running ten minutes late, please go ahead.").
_SMALL_TALK = re.compile(r"\b(?:meeting|agenda|call|walk|without\s+(?:me|us)|food|drinks?|dinner|lunch|breakfast|"
                         r"starters?|eating)\b|"
                         r"\b(?:go\s+ahead|proceed|carry\s+on|crack\s+on|get\s+started|start|begin|order)\W*$")
def _veto(plan: _Plan, holding: int, has: Callable[[str], bool], lowered: str,
          positive: Cue | None) -> tuple[str, re.Match[str]] | None:
    """The first negative reading that ``positive`` does not outlive (its kind and match), if any."""
    for needs, p in plan.negatives:
        if holding & needs != needs or (p.guard and not any(map(has, p.guard))):
            continue
        m = p.regex.search(lowered)
        if m is None or (p.unless is not None and p.unless.search(lowered)):
            continue
        if positive is not None and _positive_survives(p.kind, positive, lowered, m):
            continue
        return p.kind, m
    return None


def _later_positive(plan: _Plan, holding: int, has: Callable[[str], bool], text: str, lowered: str,
                    vetoed: tuple[str, re.Match[str]]) -> Cue | None:
    """A positive reading in a clause after the veto's words, read as if the clause began the sentence (a bare
    order opens its clause: "..., and start on the fence on Monday"), kept only if the veto allows it."""
    kind, neg = vetoed
    brk = _CLAUSE_BREAK.search(lowered, neg.end())
    if brk is None or kind == "quoted":    # a quotation runs on past its commas
        return None
    start = brk.end()
    start += len(lowered[start:]) - len(lowered[start:].lstrip(" ,;:-\u2013"))
    joined = _JOINING.match(lowered, start)
    start = joined.end() if joined else start
    # only a specific reading stands in for the one undone
    return next((cue for cue in _positives(plan, holding, has, text, lowered, start, specific=True)
                 if _positive_survives(kind, cue, lowered, neg)), None)


def _positives(plan: _Plan, holding: int, has: Callable[[str], bool], text: str, lowered: str, start: int = 0,
               specific: bool = False) -> Iterator[Cue]:
    """The positive readings of ``lowered[start:]`` (read as if it began the sentence), in pattern order.

    Each pattern's clauses, guard, regex and ``unless`` are asked here rather than by a method: ~60 patterns are
    read per sentence, and the call overhead of asking a method is a large share of the time. The clauses only
    skip a regex that cannot match; the guard, as written, decides; ``unless`` reads the whole sentence.
    """
    rest = lowered[start:] if start else lowered
    for needs, p in plan.positives:
        if holding & needs != needs or (p.guard and not any(map(has, p.guard))) or (specific and p.broad):
            continue
        m = p.regex.search(rest)
        if m is not None and (p.unless is None or not p.unless.search(lowered)):
            yield Cue(True, p.kind, text[start + m.start():start + m.end()].strip(), p.broad)


_OTHER_AUTHORITY = re.compile(r"\b(?:county|district|borough|unitary|city)\b")
_CLAUSE_BREAK = re.compile(r"[,;:.!?]|\s[-\u2013]\s|\b(?:and|but|so|then)\b")
#: The word a positive reading can start with when it joins its clause on ("... the clerk your invoice and we'll pay
#: it within 14 days"): that word is the break.
_JOINING = re.compile(r"(?:and|but|so|then)\s+")
#: Negatives that speak only for their own clause: a report, a deferral, a refusal or a favour next
#: to a commitment does not undo it ("We will pay for the skip, but the clerk will invoice you").
_CLAUSE_LOCAL = {"reported", "deferral", "quoted", "information", "favour", "personal", "hypothetical", "refusal",
                 "procedural", "other-party", "stance", "doubt", "possibility", "advice", "pleasantry"}


#: The writer announcing what the council will refrain from, in their own voice: "I can tell you now that the
#: council won't be extending the trial", "I'm pleased to say we will leave the verge uncut". Not hearsay ("I'm
#: told ...", "I gather ..."), an apology turning a request down ("I'm afraid ...") or a guess.
_OWN_ANNOUNCEMENT = re.compile(
    r"\bi\s+can\s+(?:also\s+|now\s+)*(?:tell\s+you|say|confirm|let\s+you\s+know)\b|"
    r"\b(?:i'm|i\s+am)\s+(?:also\s+|very\s+|really\s+)*(?:pleased|happy|glad|delighted)\s+to\s+(?:say|tell\s+you|confirm|"
    r"report|let\s+you\s+know)\b|\bi(?:'ve|\s+have)\s+(?:also\s+)?(?:agreed|arranged|decided)\b")


def _positive_survives(negative: str, positive: Cue, lowered: str, neg: re.Match[str]) -> bool:
    """Whether a positive cue outweighs a negative one found in the same sentence.

    "The council agreed last night to replace the lights and we will start on Monday": the report
    does not undo the commitment that follows it. Conditionals and opinions scope over what follows
    them ("If the council agrees, we will pay"; "I think we will pay"), so they still win there.
    """
    words = positive.words.lower().lstrip(",;:-\u2013 ")
    pos_start = lowered.find(words)
    if pos_start < 0:
        return False
    pos_end = pos_start + len(words)
    after = neg.start() >= pos_end and _CLAUSE_BREAK.search(lowered[pos_end:neg.start() + 1])
    joined = _JOINING.match(words) if negative != "quoted" else None   # a quotation runs on past its "and"
    before = neg.end() <= pos_start and _CLAUSE_BREAK.search(
        lowered[max(0, neg.end() - 1):pos_start + (joined.end() if joined else 0) + 1])
    if negative in _CLAUSE_LOCAL and after:
        return True
    if negative == "opinion" and after and len(lowered[neg.end():].split()) >= 3:
        return True  # "..., and we would like to complete by Christmas" (but not a trailing "..., I think.")
    if negative in ("reported", "deferral", "quoted", "favour", "procedural", "other-party", "doubt", "possibility",
                    "advice", "pleasantry") and before:
        return True
    if negative == "personal" and positive.kind in ("acceptance", "grant", "commitment"):
        return True
    if (negative == "personal" and positive.kind == "instruction" and before and _GO_AHEAD.search(words)
            and not _SMALL_TALK.search(lowered[pos_start:])):
        return True   # "I've spoken to the clerk, please go ahead with the work": the writer's news, then the order
    if negative == "personal" and positive.kind == "refrain" and _OWN_ANNOUNCEMENT.search(lowered[:pos_start]):
        return True   # "I can tell you now that the council won't be extending the trial" (not "I'm told ...")
    if negative == "favour" and positive.kind in ("acceptance", "commitment", "grant", "refrain"):
        return True
    if negative == "information" and (positive.kind in ("acceptance", "grant") or (
            positive.kind == "commitment" and not positive.broad and not _OTHER_AUTHORITY.search(words))) \
            and before and not re.search(
            r"\b(?:when|if|whether|how\s+soon|once)\s+$", lowered[:pos_start]):
        return True
    if negative == "refusal" and positive.kind == "refrain":
        return True
    if negative == "stance":
        return True  # a stated position never undoes a commitment made beside it
    return False
