"""Giving staff work versus asking them for information, sentence by sentence.

The protocols draw the line in the same place: "Councillors are free to approach officers to
provide them with such information, explanation and advice as they may reasonably need"
(Leigh-on-Sea §5, Grantham), but "should not give instructions directly to the Proper Officer's
staff without the express approval of the Proper Officer" (Leigh-on-Sea §3.3, Grantham) and should
avoid "any direction or assigning of tasks to individual staff members" (Halewood 3.2(a)).

So a sentence addressed to a member of staff is a **task** when it asks them to do something in the
council's business ("Please book the hall for the 12th", "Can you get the contractor to fix the gate?",
"I need the newsletter out by Friday", "Could you add this to the agenda?"), and an **information**
request when what it asks for is information or a document for the councillor ("Could you let me know
how much is left in the budget?", "Please send me the minutes", "Can you check whether the bins were
emptied?"). Thanks, reports of what someone else did, the writer's own promises, and negative
requests ("please don't book anything yet") are neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailguard.cues import normalise

_P = re.IGNORECASE

#: Verbs of doing council work (bare forms). "send"/"forward"/"email" count only when not to "me".
TASK_VERB = (
    r"(?:book|re-?book|reserve|arrange|organi[sz]e|order|re-?order|buy|purchase|get|sort|fix|repair|replace|remove|"
    r"clear|cut|trim|mow|strim|empty|collect|pick\s+up|drop\s+off|deliver|put|take\s+down|install|paint|clean|tidy|"
    r"unlock|lock|open\s+up|set\s+up|move|change|amend|update|post|publish|upload|add|draft|write|prepare|produce|"
    r"send|forward|e-?mail|contact|ring|phone|call|chase|ask|tell|instruct|invite|pay|raise|invoice|cancel|"
    r"postpone|re-?arrange|deal\s+with|handle|look\s+into|investigate|make\s+sure|ensure|start|begin|crack\s+on|"
    r"get\s+on\s+with|finish|complete|do|redo|put\s+together|compile|draw\s+up|issue|circulate|distribute|"
    r"reply\s+to|respond\s+to|meet|attend|cover|come\s+in|stay|work|inspect|check|test|measure|survey|"
    r"photograph|take|hire|lay\s+on|set|fill|print|copy|laminate|display|advertise|notify|inform|let\s+\w+\s+know|"
    r"remind|chase\s+up|follow\s+up|book\s+in|schedule|put\s+in|sign|approve|authori[sz]e|refund|"
    r"have\s+a\s+look\s+at|take\s+a\s+look\s+at|keep\s+an\s+eye\s+on|(?:pop|nip|go|head|run)\s+(?:down|over|"
    r"round|up|along|out|across)|ring\s+round|phone\s+round)")
#: What makes the same verbs a request for information for the councillor themselves.
_FOR_ME = (r"(?:me|myself|us)\b|(?:the|a|your)\s+(?:latest\s+)?(?:figures|details|minutes|agenda|report|"
           r"breakdown|update|copy|list|numbers|dates?|budget|balance|link|file)\s+(?:to\s+me|for\s+me|over)\b")
_INFO_LEAD = re.compile(
    r"^(?:let\s+(?:me|us)\s+know|tell\s+me|remind\s+me|update\s+me|keep\s+me\s+(?:posted|updated|informed|in\s+the\s+loop)|"
    r"confirm\s+(?:whether|if|when|what|how|who|where|that\s+(?:you|the|it|we))|advise\s+(?:me|whether|if|on|what|"
    r"how|when)|explain|clarify|find\s+out|look\s+up|check\s+(?:whether|if|on|how|what|when|that|with\s+jane)|"
    r"(?:send|forward|e-?mail|give|pass|show|copy)\s+(?:me|us)\b|let\s+me\s+(?:have|see)|share\s+(?:with\s+me|the)|"
    r"(?:call|ring|phone)\s+(?:me|back)|give\s+me\s+a\s+(?:call|ring|bell)|get\s+back\s+to\s+me|"
    r"(?:print|copy)\s+(?:me\s+)?(?:\w+\s+){0,4}?(?:for\s+me|me\s+a\s+copy)|have\s+a\s+look\s+(?:and|at\s+.{0,40}"
    r"and)\s+let\s+me\s+know|ask\s+(?:her|him|them|jane)\s+(?:whether|if)|"
    r"(?:tell|let)\s+\w+\s+(?:whether|if))", _P)
#: Greetings and names before the request: "Hi Sam, could you ...", "Also, please ...".
_LEAD = (r"^(?:(?:(?:hi|hello|morning|afternoon|ok|okay|right|also|and|so|then|sorry|finally|lastly|oh|secondly|"
         r"thirdly|next|one\s+more\s+thing)\s*[,!.:;-]*|[a-z]+\s*[,!:;-]+)\s+){0,2}?")
#: Where a second request starts inside a sentence: "Jane knows, but please order the benches anyway".
_CLAUSE = re.compile(r"\s*(?:[;:]|,\s*(?:but|and|so|then)?|\s-\s|\s(?:but|and|so)\s)\s*"
                     r"(?=(?:please|pls|kindly|could\s+you|can\s+you|would\s+you|will\s+you)\b)", re.IGNORECASE)
_REQUEST = (r"(?:(?:please|pls|kindly)\s+(?:can|could|would|will)\s+you\s+|(?:can|could|would|will)\s+you\s+"
            r"(?:please\s+|kindly\s+)?|(?:please|pls|kindly)\s+|i\s+(?:need|want|would\s+like|'d\s+like|expect)\s+"
            r"you\s+to\s+|you\s+(?:need|have|must|will\s+need|'ll\s+need|should|ought)\s+to\s+|i'?d\s+be\s+grateful\s+"
            r"if\s+you\s+(?:could|would)\s+|it\s+would\s+be\s+(?:great|good|helpful)\s+if\s+you\s+(?:could|would)\s+|"
            r"would\s+you\s+mind\s+|(?:(?:would|will)\s+it\s+be|is\s+it)\s+possible\s+(?:for\s+you\s+)?to\s+|"
            r"is\s+there\s+any\s+chance\s+you\s+could\s+|do\s+you\s+think\s+you\s+could\s+|"
            r"can\s+i\s+ask\s+you\s+to\s+|i'?m\s+asking\s+you\s+to\s+|you\s+are\s+to\s+)")
_ADVERB = r"(?:(?:just|also|now|urgently|quickly|first|then|today|asap|definitely|still)\s+)*"
_TASK = re.compile(rf"{_LEAD}{_REQUEST}{_ADVERB}(?P<verb>{TASK_VERB})\b(?P<rest>.*)$", _P)
#: A bare imperative ("Book the hall for the 12th.") needs an object after the verb, and no finite verb
#: soon after it: "Work on the hall starts Monday" and "Copy of the minutes attached" are not orders.
_BARE = re.compile(
    rf"{_LEAD}{_ADVERB}(?P<verb>{TASK_VERB})\b(?P<rest>\s+(?:the|a|an|this|that|these|those|it|them|him|her|some|"
    rf"all|any|our|\w+'s|up|out|in|back|round|someone|somebody|to\s+the|\d+)\b.*)$", _P)
#: With "please" or a deadline, any object will do: "Get Dave onto it this week please."
_LOOSE_BARE = re.compile(rf"{_LEAD}{_ADVERB}(?P<verb>{TASK_VERB})\b(?P<rest>\s+\w+.*)$", _P)
_URGENCY = re.compile(r"\b(?:please|pls|asap|urgently|this\s+week|today|tomorrow|by\s+(?:mon|tues|wednes|thurs|fri|"
                      r"satur|sun)day|by\s+the\s+end|first\s+thing)\b", _P)
#: "Would you mind ringing round for quotes?": the work is a gerund.
_MIND = re.compile(r"\bwould\s+you\s+mind\s+(?P<verb>\w+ing)\b(?P<rest>.*)$", _P)
_INFO_GERUND = re.compile(r"^(?:letting|telling|sending\s+me|forwarding\s+me|emailing\s+me|giving\s+me|confirming|"
                          r"explaining|clarifying|reminding\s+me|checking\s+(?:whether|if)|finding\s+out|"
                          r"updating\s+me|calling\s+me|ringing\s+me|phoning\s+me)", _P)
#: A leading time or condition clause before the request: "When you get a minute, pop down to the rec ...".
_LEADING_CLAUSE = re.compile(r"^(?:when|once|if|after|before|while|whilst|as\s+soon\s+as)\b[^,]{0,60},\s*", _P)
_FINITE_SOON = re.compile(r"^\s*(?:\S+\s+){0,4}?(?:is|are|was|were|has|have|had|starts|started|will|went|came|"
                          r"looks|seems)\b", _P)
_DIRECTIVE = re.compile(
    rf"\bi\s+(?:need|want|would\s+like|'d\s+like)\s+(?:this|it|these|that|them|(?:the|our|all\s+the)\s+"
    rf"(?:[\w'-]+\s+){{0,4}}?[\w'-]+)\s+"
    rf"(?:done|sorted|finished|completed|fixed|ready|booked|sent|cleared|ordered|out|up|cut|emptied|repaired|"
    rf"replaced|printed|published|posted)\b|\bmake\s+sure\s+(?:that\s+)?(?:the|it|this|they|all|every)\b|"
    rf"\bplease\s+ensure\b|\bby\s+(?:close\s+of\s+play|end\s+of\s+(?:the\s+)?(?:day|week))\b.{0,40}\bplease\b", _P)
_NOT_A_TASK = re.compile(
    r"^(?:thanks|thank\s+you|many\s+thanks|cheers|well\s+done|great\s+job)\b|\b(?:don't|do\s+not|never|no\s+need\s+to|"
    r"hold\s+off|not\s+to)\s+(?:\w+\s+){0,2}?" + TASK_VERB + r"\b|\bfor\s+(?:booking|sorting|arranging|getting|"
    r"sending|doing|fixing|clearing|chasing|organi[sz]ing)\b|\bif\s+you\s+(?:need|want|have\s+any)\b|"
    r"\btake\s+care\b|\bstay\s+(?:safe|well|warm|dry)\b|\btake\s+it\s+easy\b", _P)


@dataclass(frozen=True)
class Task:
    """A sentence that assigns work to the person addressed, and the words that do it."""

    text: str
    words: str


def read(sentence: str) -> Task | None:
    """The task a sentence gives its addressee, or None (information request, thanks, report, ...)."""
    text = normalise(sentence)
    for clause in _CLAUSE.split(text):
        found = _read_clause(clause)
        if found is not None:
            return Task(sentence.strip(), found)
    return None


def _read_clause(text: str) -> str | None:
    """The words that assign work in one clause, or None."""
    lowered = _LEADING_CLAUSE.sub("", text.lower().rstrip(" ?!."))
    if not lowered or _NOT_A_TASK.search(lowered):
        return None
    mind = _MIND.search(lowered)
    if mind is not None:
        return None if _INFO_GERUND.match(mind.group("verb") + mind.group("rest")) else mind.group(0)
    m = _TASK.search(lowered)
    if m is None:
        m = _BARE.search(lowered)
        if m is None and _URGENCY.search(lowered):
            m = _LOOSE_BARE.search(lowered)
        if m is not None and _FINITE_SOON.match(m.group("rest")):
            m = None
    if m is not None:
        tail = lowered[m.start("verb"):]
        if _INFO_LEAD.match(tail) or _is_for_me(m.group("verb"), m.group("rest")):
            return None
        return lowered[m.start("verb"):].strip()
    d = _DIRECTIVE.search(lowered)
    return text[d.start():d.end()].strip() if d is not None else None


_INFO_OBJECT = re.compile(r"^(?:a|the|your|any|some|an)\s+(?:latest\s+|up-to-date\s+|updated\s+|final\s+|draft\s+)?"
                          r"(?:copy|copies|minutes|agenda|figures|details|report|information|update|link|list|number|"
                          r"dates?|breakdown|budget|balance|summary|note|notes)\b", _P)
_ELSEWHERE = re.compile(r"\b(?:to|round\s+to|out\s+to)\s+(?!me\b|us\b|myself\b)\w+", _P)
_CALL_ME = re.compile(r"\b(?:call|ring|phone|e-?mail|contact|get\s+back\s+to|reply\s+to)\s+me\b", _P)


def _is_for_me(verb: str, rest: str) -> bool:
    """"send me the minutes", "get a copy of the agenda", "ask Jane to call me": information for the writer."""
    verb = verb.lower()
    rest = rest.strip()
    if verb in ("get", "send", "forward", "email", "e-mail", "print", "copy", "share") and _INFO_OBJECT.match(rest) \
            and not _ELSEWHERE.search(rest):
        return True
    if verb in ("ask", "tell", "get") and _CALL_ME.search(rest):
        return True
    if verb in ("send", "forward", "email", "e-mail", "get", "print", "copy", "give", "check", "tell", "ask",
                "ring", "phone", "call", "let", "put", "add", "meet", "inform", "notify", "invite", "update"):
        if re.match(_FOR_ME, rest, _P) or re.search(r"\b(?:to|for|with)\s+(?:me|us)\b", rest):
            return True
    if verb in ("check", "find") and re.match(r"(?:whether|if|how|what|when|that)\b", rest):
        return True
    return False
