"""Language processing, loaded once per process: sentences, and which of them bind the council.

spaCy does the sentence segmentation (a blank English pipeline with the rule-based sentencizer:
no statistical parser to download, ~1 ms for a 5 KB body). The commitment detector is pluggable:
:class:`CueDetector` reads sentences with the hand-written cues in :mod:`mailguard.cues`; the trained
pipeline in ``models/`` (see :mod:`mailguard.model`) implements the same protocol and is what the
rules use in production.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import spacy
from spacy.language import Language

from mailguard import cues

log = logging.getLogger(__name__)

_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)]|[a-z][.)])\s+")
_END_PUNCT = re.compile(r"[.!?:;]['\")\]]*\s*$")


@dataclass(frozen=True)
class Judgement:
    binding: bool
    score: float     # probability-like confidence that the sentence binds the council
    kind: str        # commitment | acceptance | instruction | grant | refrain | not-binding kinds


class CommitmentDetector(Protocol):
    """Anything that can judge sentences; the trained model and the cue reader both qualify."""

    name: str

    def judge(self, sentences: Sequence[str]) -> list[Judgement]: ...


class CueDetector:
    """The hand-written reading alone. Used to bootstrap and to explain; not the production model."""

    name = "cues"

    def judge(self, sentences: Sequence[str]) -> list[Judgement]:
        out = []
        for s in sentences:
            cue = cues.read(s)
            if cue is None:
                out.append(Judgement(False, 0.0, "none"))
            else:
                out.append(Judgement(cue.binding, 1.0 if cue.binding else 0.0, cue.kind))
        return out


def blank_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


#: How many strings a pipeline may learn from the mail it reads before it is rebuilt as loaded.
#: spaCy keeps every string and word it has ever tokenized, for the life of the pipeline (a new word
#: adds several strings: its lower case, shape, prefix, suffix): a relay reading names, reference
#: numbers, addresses and typing slips for months grew by ~0.4 KB a string (~0.9 KB for long web
#: links), without bound; at this limit a pipeline holds ~20-45 MB of what it learnt. A rebuild costs
#: 0.1-0.3 s of CPU, in the thread that notices.
RENEW_AFTER_NEW_STRINGS = 50_000


class RenewingPipeline:
    """A spaCy pipeline that is rebuilt from ``build`` once it has learnt ``limit`` new strings.

    Why not spaCy's ``memory_zone``: inside one the tokenizer caches nothing, so every message would
    tokenize its common words from scratch, and zones may not overlap, which the relay's inspection
    threads sharing one pipeline would need. A rebuild forgets everything learnt, cache included, at
    once; a thread still using the old pipeline finishes with it (the new one is only swapped in).
    """

    def __init__(self, build: Callable[[], Language], name: str, limit: int = RENEW_AFTER_NEW_STRINGS,
                 loaded: Language | None = None) -> None:
        """``loaded``: the pipeline to start with, if already built (``build`` makes its successors)."""
        self._build = build
        self.name = name
        self.limit = limit
        self._lock = threading.Lock()
        self._nlp = loaded if loaded is not None else build()
        self._known = len(self._nlp.vocab.strings)     # what the pipeline held as built
        self._renew_above = self._known + limit
        self.renewals = 0

    @property
    def nlp(self) -> Language:
        """The pipeline to use now (rebuilt first if the last one learnt too much)."""
        nlp = self._nlp
        # Another thread already rebuilding: go on with this one rather than wait for it.
        if len(nlp.vocab.strings) > self._renew_above and self._lock.acquire(blocking=False):
            try:
                if self._nlp is nlp:   # not already rebuilt by another thread
                    self._renew(nlp)
            finally:
                self._lock.release()
            nlp = self._nlp
        return nlp

    def _renew(self, nlp: Language) -> None:
        learnt = len(nlp.vocab.strings) - self._known
        try:
            fresh = self._build()
            if fresh is nlp:
                raise ValueError("its build function handed back the pipeline it was to replace")
        except Exception:  # noqa: BLE001 - memory is no reason to stop checking mail
            log.exception("could not rebuild the %s pipeline after it learnt %d strings from mail; going on "
                          "with it as it is, and trying again after %d more", self.name, learnt, self.limit)
            self._renew_above = len(nlp.vocab.strings) + self.limit
            return
        self._known = len(fresh.vocab.strings)
        self._renew_above = self._known + self.limit
        self._nlp = fresh
        self.renewals += 1
        log.info("rebuilt the %s pipeline after it learnt %d strings from mail (renewal %d), so its memory "
                 "stays bounded", self.name, learnt, self.renewals)


class SentenceSplitter:
    """Sentences of e-mail text.

    Mail is hard-wrapped at ~72 characters and full of lines that are not sentences (greetings,
    bullet lists, sign-offs). Lines are joined back into paragraphs where they look wrapped, and
    kept apart where they look like list items or short standalone lines; then spaCy splits.
    """

    def __init__(self, limit: int = RENEW_AFTER_NEW_STRINGS) -> None:
        self.pipeline = RenewingPipeline(blank_pipeline, "sentence splitting", limit)

    @property
    def nlp(self) -> Language:
        return self.pipeline.nlp

    def units(self, text: str) -> list[str]:
        units: list[str] = []
        current: list[str] = []
        for raw in text.split("\n"):
            line = raw.strip()
            if not line:
                if current:
                    units.append(" ".join(current))
                    current = []
                continue
            if current and (_BULLET.match(line) or _END_PUNCT.search(current[-1]) or len(current[-1]) < 45):
                units.append(" ".join(current))
                current = []
            current.append(_BULLET.sub("", line) if _BULLET.match(line) else line)
        if current:
            units.append(" ".join(current))
        return units

    def split(self, text: str) -> list[str]:
        units = self.units(text)
        sentences: list[str] = []
        for doc in self.nlp.pipe(units, batch_size=64):
            for sent in doc.sents:
                s = sent.text.strip()
                if s:
                    sentences.append(s)
        return sentences


@dataclass(frozen=True)
class BindingSentence:
    text: str
    judgement: Judgement


class Nlp:
    """Everything language-related a rule needs, built once and shared by all messages."""

    def __init__(self, detector: CommitmentDetector, splitter: SentenceSplitter | None = None) -> None:
        self.detector = detector
        self.splitter = splitter or SentenceSplitter()
        # Every rule that reads a message reads the same own text: split it once, not once per rule.
        self._sentences = lru_cache(maxsize=16)(lambda text: tuple(self.splitter.split(text)))
        # councillor-obligation asks for a message's binding sentences, and speaks-for-council asks
        # again to leave a message that commits the council to it: judge each text once.
        self._binding = lru_cache(maxsize=16)(self._judge_binding)

    def sentences(self, text: str) -> tuple[str, ...]:
        """The sentences of ``text`` (remembered for the last few texts)."""
        return self._sentences(text)

    @staticmethod
    def candidate_sentences(splitter: SentenceSplitter, text: str) -> list[str]:
        """The sentences the detector is asked about: everything the splitter finds but scraps."""
        return [s for s in splitter.split(text) if len(s) >= 4]

    def binding_sentences(self, text: str,
                          reword: Callable[[str], str] | None = None) -> list[BindingSentence]:
        """The sentences of ``text`` that bind the council, as written.

        ``reword`` rewrites a sentence before it is judged (not in the evidence): the rule uses it
        to put the directory's knowledge in ("Rebecca will be in touch" -> "the clerk will be in
        touch"), which no model trained on other councils' names can know.
        """
        return list(self._binding(text, reword))

    def _judge_binding(self, text: str, reword: Callable[[str], str] | None) -> tuple[BindingSentence, ...]:
        sentences = [s for s in self.sentences(text) if len(s) >= 4]
        if not sentences:
            return ()

        def prepare(sentence: str) -> str:
            return _retype(_unshout(reword(sentence) if reword is not None else sentence))

        judgements = self.detector.judge([prepare(s) for s in sentences])
        found = [BindingSentence(s, j) for s, j in zip(sentences, judgements, strict=True) if j.binding]
        # A run-on "sentence" typed without full stops can carry a commitment in one of its clauses
        # ("... and she agrees - so we will pay for the traffic management, just get them booked").
        # Long ones that were not judged binding are judged again clause by clause.
        clauses: list[str] = []
        for sentence, judgement in zip(sentences, judgements, strict=True):
            if not judgement.binding:
                clauses.extend(_clauses(sentence))
                clauses.extend(_order_after_a_comma(sentence))
                clauses.extend(_promise_after_the_news(sentence))
        clauses = list(dict.fromkeys(clauses))   # a long sentence's last clause may be found both ways
        if clauses:
            for clause, j in zip(clauses, self.detector.judge([prepare(c) for c in clauses]), strict=True):
                if j.binding:
                    found.append(BindingSentence(clause, j))
        return tuple(found)


_CLAUSE_SPLIT = re.compile(r"\s*;\s*|\s+[-\u2013\u2014]+\s+|"
                           r",\s+and\s+(?=(?:we|i|the\s+council)(?:\s+(?:will|shall|can|are\s+(?:happy|pleased|able))|'ll)\b)",
                           re.IGNORECASE)
#: "... so crack on with the first cut": what follows a consequence's "so" is judged on its own (what comes
#: before it is the reason, which read alone loses its context: "... but the building itself is yours, so").
_SO = re.compile(r",?\s+so\s+(?!(?:that|far|much|many|long|as|on|to|too|very|it\s+seems)\b)", re.IGNORECASE)
#: A reason that gives authority ("Council agreed it last night so ..."): only then is the clause after "so"
#: an instruction in the council's name rather than a private arrangement ("... people round so we will pay
#: for the fireworks ourselves").
_AUTHORITY = re.compile(r"\b(?:council|committee|agreed|approved|decided|resolved|voted|signed\s+off|go-?ahead|"
                        r"budget|authori[sz]ed|sanctioned|accepted|the\s+clerk)\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:said|says|told|tells|according\s+to|reckons|reckoned|claims|claimed|heard)\b",
                       re.IGNORECASE)
#: The writer giving their own word after a "so", whatever the reason was ("Siân tells me the plumber can't come
#: until October, which isn't good enough, so I've said the council will get a new trough put in": blind set Q).
_OWN_WORD = re.compile(r"(?:i've|i\s+have|i)\s+(?:said|told\s+\w+|agreed|promised|confirmed|assured\s+\w+)\b",
                       re.IGNORECASE)
_SOMEONE_ELSE = re.compile(r"(?:they|he|she|it|there|that|this|these|those|the\s+(?:county|district|borough))\b",
                           re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:if|unless|provided|providing|subject\s+to|assuming|should\s+the|once\s+the|whether)\b",
                          re.IGNORECASE)
_MIN_RUN_ON_WORDS = 25


def _clauses(sentence: str) -> list[str]:
    """The clauses of a long run-on sentence, split at semicolons, spaced dashes, ", and we will ..." (blind
    set L: "We would be delighted to accept the £500, and we will of course make sure you are on the
    signage"), and a consequence's "so"
    after a reason that gives authority ("Council agreed it last night so crack on with the first cut
    ... and invoice Helen monthly"; not after reported speech, nor when someone else acts: "so they
    will cut it back") or before the writer's own word ("..., so I've said the council will ...").

    Nothing is split when the sentence makes anything conditional: "if the committee agrees - we
    will pay" must be judged whole.
    """
    words = sentence.split()
    if len(words) < _MIN_RUN_ON_WORDS or _CONDITIONAL.search(sentence):
        return []
    sentence = " ".join(words)   # a long run of spaces would make the splitting patterns quadratic
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(sentence) if len(p.split()) >= 4]
    clauses = parts if len(parts) > 1 else []
    for part in parts:
        consequences = _SO.split(part)
        if len(consequences) < 2 or len(consequences[-1].split()) < 4:
            continue
        reason, consequence = " ".join(consequences[:-1]), consequences[-1].strip()
        if (_AUTHORITY.search(reason) and not _REPORTED.search(reason) and not _SOMEONE_ELSE.match(consequence)) \
                or _OWN_WORD.match(consequence):
            clauses.append(consequence)
    return clauses


#: An order to get on with something, opening the sentence's last clause: "I've had a look at your quote, please go
#: ahead with the work", "There might be some disruption, but please go ahead with the resurfacing on Monday",
#: "I'm not sure when he's free, but please go ahead and book him". The model, taught by writers whose hedged or
#: newsy openings ("I'm not sure ...", "I've had a look ...") mostly bind nothing, scores the whole sentence low;
#: the order is judged again on its own. Only an order with something to do ("go ahead" alone, "... without me",
#: "... and start the meeting" are the writer's leave), only after a comma, "but" or a dash, and never after a
#: condition or someone else's words ("If members agree, please go ahead ...", "She said, please go ahead ...").
_ORDER_AFTER_A_COMMA = re.compile(
    r"(?:,|;|\s[-\u2013\u2014]|\bbut)\s+(?:but\s+|so\s+|and\s+)?(?:do\s+)?((?:please\s+)?(?:do\s+)?(?:go\s+ahead|"
    r"proceed|carry\s+on|crack\s+on|get\s+started|book|order|start)\s+(?:with|and)\s+\S+(?:\s+\S+)+\s*)$",
    re.IGNORECASE)
#: Not an order on the council's behalf: the writer's leave, the reader sent elsewhere, or the reader's own business
#: ("please go ahead with your planning application", "... and report it to them online", "... and log it on
#: FixMyStreet", "... with whichever date suits your group", "... if you wish": the review of stop 18).
_LEAVE_NOT_ORDER = re.compile(r"\b(?:without\s+(?:me|us)|meeting|agenda|call|food|drinks?|dinner|lunch|breakfast|"
                              r"eating|contact|ring|phone|e-?mail|write\s+to|speak\s+to|talk\s+to|ask|"
                              r"with\s+(?:your|their|his|her)\s+(?:[\w-]+\s+)?(?:application|complaint|objection|claim|petition|"
                              r"request|enquiry|survey)|submit|apply|report|log|complain|object|appeal|register|"
                              r"sign\s+up|whichever|whatever|if\s+you\s+(?:wish|like|want|prefer))\b", re.IGNORECASE)
#: The writer speaking for themselves before the order, or giving it up: "I'm personally paying for it, so please go
#: ahead and order the flowers", "I can't speak for the council, but ...", "I've no objection personally, ...".
_OWN_ACCOUNT = re.compile(r"\b(?:personally|myself|my\s+own|privately|i'm\s+paying|i\s+am\s+paying|i'll\s+pay|"
                          r"i\s+will\s+pay|(?:can't|cannot|can\s+not)\s+speak\s+for|not\s+(?:for\s+)?me\s+to\s+say|"
                          r"(?:don't|do\s+not)\s+mind|no\s+objection|suggest|would\s+wait|i'd\s+wait)\b", re.IGNORECASE)
#: Doubt or hearsay anywhere in a sentence of news and a promise: "..., or so I'm told", "I think ...".
_HEDGED = re.compile(r"\b(?:i\s+think|i\s+believe|i\s+hope|hopefully|probably|maybe|perhaps|apparently|i'm\s+told|"
                     r"i\s+am\s+told|so\s+i\s+(?:hear|gather|understand))\b", re.IGNORECASE)


def _order_after_a_comma(sentence: str) -> list[str]:
    """The order closing ``sentence`` (see :data:`_ORDER_AFTER_A_COMMA`), to be judged on its own, if any."""
    sentence = " ".join(sentence.split())   # a long run of spaces would make the pattern quadratic
    m = _ORDER_AFTER_A_COMMA.search(sentence)
    if m is None:
        return []
    opening = m.group(1).lower()
    if "please" not in opening and not opening.startswith(("go ahead", "proceed")):
        return []   # "..., book the hall for ..." without a please is as often a note to self as an order
    head, order = sentence[:m.start()], m.group(1).strip()
    if _CONDITIONAL.search(head) or _REPORTED.search(head) or head.rstrip().endswith("?") \
            or _OWN_ACCOUNT.search(head) or _LEAVE_NOT_ORDER.search(order):
        return []
    return [order]


#: The writer's own news, then the council's word: "I've looked into it and we'll lift Kieran's ban from Monday"
#: (realistic set AJ, missed at stop 18 for the same reason as the orders above). The promise is judged on its own;
#: the news must be the writer's own doing ("I've looked", "I've spoken to the clerk", "I've checked"), not
#: something heard or hoped ("I've heard ... and we'll", "I've been told") or a condition.
_PROMISE_AFTER_THE_NEWS = re.compile(
    r"^(?:(?:ok|okay|right|well|so|yes|good\s+news)[,!:]?\s+)?i(?:'ve|\s+have)\s+(?:now\s+|just\s+|also\s+)?"
    r"(?:looked|checked|spoken|talked|had\s+a\s+(?:look|word|chat)|been\s+(?:through|over)|gone\s+(?:through|over)|"
    r"read|discussed|sorted|thought\s+about)\b[^.;?]*?(?:,\s*|\s+)(?:and|so)\s+((?:we(?:'ll|\s+will|\s+shall)|"
    r"the\s+(?:town\s+|parish\s+|community\s+)?council(?:'ll|\s+will|\s+shall))\s+\S+(?:\s+\S+)+\s*)$",
    re.IGNORECASE)


def _promise_after_the_news(sentence: str) -> list[str]:
    """The promise closing ``sentence`` after the writer's own news (:data:`_PROMISE_AFTER_THE_NEWS`), if any."""
    sentence = " ".join(sentence.split())   # a long run of spaces would make the pattern quadratic (review, stop 18)
    m = _PROMISE_AFTER_THE_NEWS.search(sentence)
    if m is None or _CONDITIONAL.search(sentence) or _REPORTED.search(sentence) or _HEDGED.search(sentence):
        return []
    return [m.group(1).strip()]


#: Phone typing the model never saw in training: a council with no article ("Council will sort the payment"),
#: an apostrophe left out ("quotes fine go ahead", "thats fine"). Only where the reading is unambiguous: "council"
#: opening the sentence (or its consequence after "so") as the subject of a verb, "'s" before a word of approval
#: ("Quotes agreed at the meeting were too high" is a plural: "agreed" is not one of them).
_BARE_COUNCIL = re.compile(
    r"(^|\bso\s+)council(?=\s+(?:will|'ll|shall|is|are|has|have|can|agreed|approved|resolved|"
    r"decided|voted|won't|doesn't|does|pays?|covers?)\b)", re.IGNORECASE)
_APOSTROPHE_LEFT_OUT = re.compile(r"\b(quote|price|estimate|that|it)s\s+(?=(?:fine|ok|okay|good|grand|great|"
                                  r"acceptable)\b)", re.IGNORECASE)


def _retype(sentence: str) -> str:
    """``sentence`` as the model's training data would have typed it: the council given its article, the
    apostrophe put back (see :data:`_BARE_COUNCIL`, :data:`_APOSTROPHE_LEFT_OUT`)."""
    if "ouncil" in sentence:
        sentence = _BARE_COUNCIL.sub(lambda m: m.group(1) + ("The council" if not m.group(1) else "the council"),
                                     sentence)
    if "s " in sentence:
        sentence = _APOSTROPHE_LEFT_OUT.sub(lambda m: m.group(1) + "'s ", sentence)
    return sentence


def _unshout(sentence: str) -> str:
    """ "YES FINE, GO AHEAD ON THE 3RD." reads as "Yes fine, go ahead on the 3rd.": models learn from
    ordinary case, and replies typed in capitals mean the same thing."""
    letters = "".join(filter(str.isalpha, sentence))          # (builtins, not generator frames: read
    if len(letters) >= 6 and sum(map(str.isupper, letters)) >= 0.9 * len(letters):   # for every sentence)
        lowered = sentence.lower()
        return lowered[:1].upper() + lowered[1:]
    return sentence
