"""What a clerk would want to know about a message before judging it, computed once and lazily.

Rules never parse mail or look up addresses themselves: they read these facts. Everything is a
``cached_property``, so a message that no rule needs to read beyond its headers (most officer mail)
never has its body decoded, segmented or run through the language model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from mailguard.config import Person
from mailguard.directory import Directory, Party, Standing
from mailguard.markers import Marker, body_markers, header_markers, subject_markers
from mailguard.message import Address, MailMessage
from mailguard.ownwords import own_statements
from mailguard.replies import recover_replies
from mailguard.segment import Body, Embedded, segment
from mailguard.signoff import SignOff, find_signoff, is_contact_line, is_name_like

_BEHALF = re.compile(r"behalf", re.IGNORECASE)
# A councillor of this council who also sits on a district, county or borough council and writes in
# that office ("County Councillor Jo Birtwistle / Staffordshire County Council", from the county's
# address) is, for that mail, a councillor of another authority: a third party (issue 2).
_OTHER_OFFICE = re.compile(r"\b(county|district|borough|city|unitary)\s+councill?or\b", re.IGNORECASE)
_OTHER_AUTHORITY = re.compile(r"\b(county|district|borough|city|unitary)\s+council\b", re.IGNORECASE)
#: A signature line naming a company: the councillor writes for their business, not the council.
_COMPANY = re.compile(r"^[^\n]{2,60}\b(?:ltd|limited|cyf|cyfyngedig|llp|plc)\.?\s*$", re.IGNORECASE)
#: Bodies other than councils that councillors hold office in, and the offices.
_BODY = (r"(?:club|f\.?c|a\.?f\.?c|association|society|trust|chamber\s+of\s+(?:trade|commerce)|"
         r"carnival(?:\s+committee)?|show\s+committee|regatta|festival\s+committee|f[e\u00ea]te\s+committee|"
         r"gala\s+committee|bonfire\s+committee|scouts?|guides|rotary|lions|"
         r"round\s+table|women's\s+institute|u3a|pcc|parochial\s+church\s+council|charity|"
         r"friends\s+of\s+[\w' -]{1,40}?|hall\s+(?:committee|trustees|management\s+committee)|residents'?\s+group)")
_BODY_OFFICE = (r"(?:(?:hon(?:orary)?\.?\s+|acting\s+|joint\s+|deputy\s+|assistant\s+)?"
                r"(?:chair(?:man|woman|person)?|vice[- ]chair(?:man|woman|person)?|secretary|treasurer|president|"
                r"captain|trustee|organiser|co-?ordinator|director|manager|founder))")
#: A signature line naming an office the councillor holds in another body: the carnival, the show, a club,
#: the chamber of trade, a trust or society ("Chair, Kittlesea Carnival Committee", "Chairman, Kittlesea Town
#: FC", "Bowls Club Secretary"). A council's own committees are named by what they do ("Chair, Planning
#: Committee") and are not matched; a line naming a council is never another body's.
_OUTSIDE_BODY = re.compile(
    r"^(?![^\n]*\b(?:town|parish|community|city|district|county|borough|village|neighbourhood)\s+council\b)\W*"
    rf"(?:{_BODY_OFFICE}\b[\s,:|\-\u2013]*(?:(?:of|for)\s+)?(?:the\s+)?(?:[\w'&.-]+\s+){{0,4}}?{_BODY}\b"
    rf"|(?:[\w'&.-]+\s+){{0,4}}?{_BODY}\b[\s,:|\-\u2013]*{_BODY_OFFICE}\b)[^\n]{{0,40}}$", re.IGNORECASE)
#: A council office in the signature: the councillor signs as one, whatever else they hold.
_COUNCIL_OFFICE = re.compile(r"\b(?:cllr|councillor|(?:deputy\s+|town\s+|lord\s+)?mayor)\b", re.IGNORECASE)
#: The same said in the text: "I'm writing as chair of the Kittlesea Carnival Committee", "on behalf of the
#: Bowls Club".
_FOR_OUTSIDE_BODY = re.compile(
    r"\b(?:(?:writing|write|e-?mailing|contacting\s+you)\s+(?:to\s+you\s+)?(?:as|in\s+my\s+(?:capacity|role)\s+as)\s+"
    r"(?:the\s+)?(?:chair\w*|vice[- ]chair\w*|secretary|treasurer|president|captain|organiser|trustee|"
    r"co-?ordinator)\s+(?:of|for)|on\s+behalf\s+of)\s+(?:the\s+|our\s+)?[\w'&.-]*(?:\s+[\w'&.-]+){0,4}?\s*"
    rf"\b{_BODY}\b", re.IGNORECASE)
_ON_BEHALF = re.compile(r"\b(?:sent|written|writing|e-?mailing|replying|"
                        r"responding)?\s*on\s+behalf\s+of\b", re.IGNORECASE)

#: A bare yes: "Yes please do", "Yes please, go for it", "OK do it", with thanks or praise and the sender's first
#: name after it at most ("Yes please do, looks great! Becky x"); not "Yes please send me the quote".
BARE_YES = re.compile(
    r"^(?:yes|yep|yeah|ok|okay)\b(?:[\s,!.-]*(?:please\b(?:\s+do\b(?:\s+it\b)?)?|do\s+it\b|go\s+for\s+it\b))+"
    r"(?:[\s,!.-]+(?:thanks?(?:\s+(?:very|so)\s+much)?|thank\s+you|cheers|ta|great|lovely|perfect|brilliant|"
    r"(?:that\s+|it\s+)?(?:looks|sounds)\s+(?:great|good|fine|lovely)|much\s+appreciated)\b)*"
    r"(?:[\s,!.-]+(?-i:[A-Z][a-z]+)(?:\s+x+)?)?[\s,!.-]*$", re.IGNORECASE)
_GREETING = re.compile(r"^(?:(?:hi|hello|dear|morning|afternoon|good\s+\w+)\b[^,]{0,30},?|[A-Z][\w'-]*\s*,)$",
                       re.IGNORECASE)
_PRICE = re.compile(r"\u00a3\s?\d")
#: An offer of work put to the reader: "we could also re-seed the goalmouths ... want me to do it?", "shall we go
#: ahead?". Not an offer of information ("would you like our price list?") or of tickets.
_OFFER = re.compile(r"\b(?:want\s+(?:me|us)\s+to\s+(?:do|go\s+ahead|crack\s+on|get|start|book|order|fit|carry|sort|"
                    r"add|include|proceed)|shall\s+(?:i|we)\s+(?:go\s+ahead|do|start|book|order|crack\s+on|proceed|"
                    r"get|fit|add)|(?:we|i)\s+(?:could|can)\s+(?:also\s+)?(?:do|fit|add|include|replace|repair|"
                    r"re-?[a-z]+|cut|trim|clear|supply|install|paint|scarify|treat|fix|lay|build|erect))\b",
                    re.IGNORECASE)
#: Work on the reader's own property: "I could also trim your own hedge at home for £80".
_PERSONAL_OFFER = re.compile(r"\byour\s+own\b|\bat\s+(?:your\s+)?home\b|\byour\s+(?:house|garden|drive|car)\b",
                             re.IGNORECASE)
#: The yes taken back or put off in the same reply.
_HELD_BACK = re.compile(r"\b(?:hold\s+on|hang\s+on|actually|needs?\s+(?:\w+\s+)?approval|come\s+back\s+to\s+you|"
                        r"check\s+with)\b", re.IGNORECASE)

#: Headers a receiving server adds naming the mailbox a copy was delivered to (archive evidence of Bcc).
DELIVERY_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")


@dataclass(frozen=True)
class Envelope:
    """The SMTP envelope, known only to the relay: blind copies are recipients not in To/Cc."""

    mail_from: str
    rcpt_tos: tuple[str, ...]


@dataclass
class EmbeddedView:
    """A message carried inside another (quoted, forwarded inline, or attached), as far as it is known."""

    kind: str                      # quote | forward | attachment
    sender: Party | None
    recipients: list[Party]
    subject: str
    #: Looks for the markings; called on first use of :attr:`markers` only. Rules ask only about
    #: messages from officers, so the quoted residents' and contractors' mail of a long thread is
    #: never scanned.
    find_markers: Callable[[], list[Marker]]
    own_text: str
    message_id: str | None = None
    depth: int = 1
    children: list[EmbeddedView] = field(default_factory=list)

    @cached_property
    def markers(self) -> list[Marker]:
        return self.find_markers()

    @property
    def from_officer(self) -> bool:
        """An officer, or an unlisted mailbox at the council's domain (office@, enquiries@)."""
        if self.sender is None:
            return False
        return self.sender.is_officer or (self.sender.standing is Standing.COUNCIL
                                          and bool(self.sender.address.address))

    @property
    def to_councillor(self) -> bool:
        return any(p.is_councillor for p in self.recipients)


class MessageFacts:
    def __init__(self, message: MailMessage, directory: Directory, envelope: Envelope | None = None) -> None:
        self.message = message
        self.directory = directory
        self.envelope = envelope

    # ------------------------------------------------------------------ people
    @cached_property
    def sender(self) -> Party | None:
        addr = self.message.sender
        return self.directory.party(addr) if addr is not None else None

    @cached_property
    def to(self) -> list[Party]:
        return [self.directory.party(a) for a in self.message.to]

    @cached_property
    def cc(self) -> list[Party]:
        return [self.directory.party(a) for a in self.message.cc]

    @cached_property
    def visible(self) -> list[Party]:
        """Recipients every recipient can see: To and Cc."""
        return self.to + self.cc

    @cached_property
    def blind(self) -> list[Party]:
        """Recipients the visible recipients cannot see.

        Relay: envelope recipients not named in To/Cc. Archive: the Bcc header a sent copy keeps,
        and the delivery headers of a received copy naming a mailbox that is not in To/Cc.
        """
        shown = {p.address.address for p in self.visible if p.address.address}
        found: dict[str, Party] = {}
        if self.envelope is not None:
            candidates = [Address("", r.strip().strip("<>").lower()) for r in self.envelope.rcpt_tos]
        else:
            candidates = list(self.message.bcc)
            for header in DELIVERY_HEADERS:
                candidates.extend(self.message.addresses(header))
        for addr in candidates:
            if addr.address and addr.address not in shown and addr.address not in found:
                found[addr.address] = self.directory.party(addr)
        return list(found.values())

    @cached_property
    def recipients(self) -> list[Party]:
        """Everyone the message goes to, each address once."""
        seen: dict[str, Party] = {}
        for party in self.visible + self.blind:
            key = party.address.address or party.address.display.lower()
            seen.setdefault(key, party)
        return list(seen.values())

    @cached_property
    def third_parties(self) -> list[Party]:
        return [p for p in self.recipients if p.is_third_party]

    @cached_property
    def outside_recipients(self) -> list[Party]:
        """Third parties and advisers: everyone outside the council."""
        return [p for p in self.recipients if p.is_outside]

    # ------------------------------------------------------------------ text
    @cached_property
    def body(self) -> Body:
        return recover_replies(segment(self.message.text), self._sender_names)

    @cached_property
    def html_body(self) -> Body:
        if self.message.html_text == self.message.text:
            return self.body
        return recover_replies(segment(self.message.html_text), self._sender_names)

    @cached_property
    def _sender_names(self) -> list[str]:
        """Names the sender signs with: the From display name, the directory's names and aliases."""
        names: list[str] = []
        if self.sender is not None:
            display = re.sub(r"^(?:cllr|councillor)\.?\s+", "", self.sender.address.display, flags=re.I).strip()
            if len(display.split()) >= 2:
                names.append(display)
            if self.sender.person is not None:
                names.extend(self.sender.person.names)
        return names

    @cached_property
    def signoff(self) -> SignOff | None:
        return find_signoff(self.body.own_lines, self.directory)

    @cached_property
    def content_text(self) -> str:
        """The sender's own words: own text above the sign-off, without signature or disclaimer."""
        lines = self.body.own_lines
        if self.signoff is not None:
            lines = lines[: self.signoff.content_end]
        return "\n".join(lines).strip()

    @cached_property
    def own_statements(self) -> str:
        """What the sender says in their own voice: the content text without a legal notice pasted in with a
        signature block or paragraphs handed over to someone else's words ("This is what we were told:")."""
        return own_statements(self.content_text)

    @cached_property
    def answers_an_offer(self) -> bool:
        """The sender's own text opens with a bare yes ("Yes please do, looks great!") to the message it
        answers, an outsider's priced offer ("we could also re-seed the goalmouths for £380 + VAT - want me
        to do it?"): that yes accepts the offer, though read alone it says nothing (blind set AC)."""
        lines = [ln.strip() for ln in self.content_text.splitlines() if ln.strip()]
        if lines and _GREETING.match(lines[0]):
            lines = lines[1:]
        if not lines or not BARE_YES.match(lines[0]):
            return False
        # the message answered: the first one carried whose sender is known (a "> " quote may wrap it)
        answered = next((v for v in self.walk_embedded() if v.sender is not None), None)
        if answered is None or answered.sender is None or answered.kind != "quote" or _HELD_BACK.search(
                self.content_text):
            return False   # a forward is passed on, not answered; "Actually, hold on - that needs approval"
        offerer = answered.sender.address.address.lower()
        return (answered.sender.standing is Standing.THIRD_PARTY
                and any(p.address.address.lower() == offerer for p in self.to + self.cc)   # answering the offerer
                and bool(_PRICE.search(answered.own_text)) and bool(_OFFER.search(answered.own_text))
                and not _PERSONAL_OFFER.search(answered.own_text))

    @cached_property
    def in_name_of(self) -> Person | None:
        """The person the message speaks for: the one who signs it off, else the From address's owner.

        Mail from the clerk's mailbox signed off by a councillor goes out in the councillor's name.
        """
        if self.signoff is not None and self.signoff.person is not None:
            return self.signoff.person
        return self.sender.person if self.sender is not None else None

    @cached_property
    def councillor_in_name(self) -> tuple[Person, str] | None:
        """The councillor the message goes out in the name of, with how we know (for the evidence).

        In order: the sign-off names a councillor; the From address is a councillor's; the text says
        it is sent "on behalf of Cllr X"; an unlisted From address carries a councillor's name
        ("Cllr Tom Baker <tom@work.example>"), which is the name the recipient sees.
        """
        if self.signoff is not None and self.signoff.person is not None:
            if self.signoff.person.is_councillor:
                if self._in_another_office():
                    return None
                return self.signoff.person, f"signed off \u201c{self.signoff.name_line}\u201d"
        if self.sender is not None and self.sender.is_councillor and self.sender.person is not None:
            if self._signed_for_another_body:
                return None
            return self.sender.person, f"sent from {self.sender.address.address}"
        behalf = self._on_behalf_of()
        if behalf is not None:
            return behalf
        if (self.sender is not None and self.sender.person is None and self.sender.address.display
                and not self.directory.at_council_domain(self.sender.address.address)):
            named = self.directory.person_named(self.sender.address.display)
            if named is not None and named.is_councillor and (
                    self.signoff is None or self.signoff.person is None) and not self._signed_for_another_body:
                return named, f"sent as \u201c{self.sender.address.display}\u201d"
        return None

    def _in_another_office(self) -> bool:
        """Signed as a councillor of another authority, or for a company, from an address outside this council.

        Only the sign-off and the few signature lines under it are read, and only when the mail does not
        come from a council mailbox; another authority's office counts only from an address the directory
        does not list for the signer, a company's name ("... Ltd", "... Cyf") or an office in another
        body ("Chair, Kittlesea Carnival Committee", "Chairman, Kittlesea Town FC") from any outside
        address when the text never mentions the council ("On behalf of the town council I accept" is
        ours). A signature that also names this council ("Cllr Jo Lee / Brindlecote Town Council / Staffordshire
        County Council") is this council's councillor writing, whatever else she holds.
        """
        signoff = self.signoff
        sender = self.sender
        if signoff is None or signoff.person is None or sender is None:
            return False
        address = sender.address.address
        if self.directory.at_council_domain(address):
            return False
        tail = self._signature_tail(signoff)
        own = self.directory.council.name.lower()
        if own and any(own in line.lower() for line in tail):
            return False
        if self._signed_for_another_body:
            return True
        if sender.person is signoff.person:
            return False
        for line in tail:
            for pattern in (_OTHER_OFFICE, _OTHER_AUTHORITY):
                m = pattern.search(line)
                if m is not None and f"{m.group(1).lower()} council" not in own:
                    return True
        return False

    def _last_block(self) -> list[str]:
        """The closing lines when no sign-off was found, if they start with a name ("Graham / Chair,
        Kittlesea Chamber of Trade")."""
        lines = [line.strip() for line in self.body.own_lines]
        while lines and not lines[-1]:
            lines.pop()
        block: list[str] = []
        while lines and lines[-1] and len(block) < 5:
            block.insert(0, lines.pop())
        return block if 2 <= len(block) <= 4 and is_name_like(block[0]) else []

    def _under_the_name(self, signoff: SignOff) -> list[str]:
        """The signer's name line and the (up to three) non-blank lines right under it."""
        lines = self.body.own_lines
        name = signoff.name_line.strip()
        at = next((i for i in range(signoff.content_end, min(len(lines), signoff.content_end + 8))
                   if name and lines[i].strip().endswith(name)), None)
        if at is None:
            return self._signature_tail(signoff)[:4]
        below = [line for line in lines[at + 1: at + 6] if line.strip()][:3]
        return [name, *below]

    def _signature_tail(self, signoff: SignOff) -> list[str]:
        return [signoff.name_line, *self.body.own_lines[signoff.content_end: signoff.content_end + 7]]

    @cached_property
    def _signed_for_another_body(self) -> bool:
        """A business's or a club's letter: the lines under the sign-off name a company ("Evans Adeiladu
        Cyf") or an office in another body ("Chair, Kittlesea Chamber of Trade"), or the text says it
        is written as that body's officer or on its behalf; the mail comes from outside the council's
        domains, its own text never mentions the council and no officer of the council is a recipient."""
        signoff, sender = self.signoff, self.sender
        if sender is None or self.directory.at_council_domain(sender.address.address):
            return False
        tail = self._under_the_name(signoff) if signoff is not None else self._last_block()
        own = self.directory.council.name.lower()
        if own and any(own in line.lower() for line in tail) or any(_COUNCIL_OFFICE.search(line) for line in tail):
            return False
        text = self.body.own_text
        if "council" in text.lower():
            return False
        if any(p.is_officer for p in self.recipients):
            return False   # the clerk copied in: council business, whatever the signature (blind set AH)
        return any(_COMPANY.search(line) or _OUTSIDE_BODY.search(line) for line in tail) \
            or _FOR_OUTSIDE_BODY.search(text) is not None or self._names_own_business(tail)

    def _names_own_business(self, tail: list[str]) -> bool:
        """A signature line naming the business the mail is sent from: "Castellano Joinery | bespoke
        joinery" from ben@castellanojoinery.co.uk (a sole trader has no "Ltd"), "Siop y Sgwâr" from
        siopysgwar@outlook.com. The line must add a word to the signer's own names that the address
        spells, so "Tom Baker" on tombaker.co.uk is not a business."""
        sender = self.sender
        if sender is None or "@" not in sender.address.address:
            return False
        local, _, host = sender.address.address.lower().partition("@")
        # the business's own domain, or the mailbox name on a webmail address ("siopysgwar@outlook.com")
        domain = (host.split(".")[0] + " " + local).replace("-", "").replace(".", "").replace("_", "")
        person = self.signoff.person if self.signoff is not None and self.signoff.person else sender.person
        own_words = {w.lower() for n in (person.names if person is not None else ()) for w in n.split()}
        for line in tail[1:]:
            name = unicodedata.normalize("NFKD", re.split(r"[|,\u2013\u2014]", line)[0])   # "Café Verde, ..."
            words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
            if not 1 <= len(words) <= 5 or is_contact_line(name):
                continue
            extra = [w for w in words if w not in own_words]
            spelt = [w for w in extra if len(w) >= 3 and w in domain]
            # "Castellano Joinery" from castellanojoinery: every extra word; "Fernhill Primary School" from
            # fernhill-primary: the first words, run together.
            if spelt and len("".join(spelt)) >= 4 and (len(spelt) == len(extra) or "".join(words[:2]) in domain):
                return True
        return False

    def _on_behalf_of(self) -> tuple[Person, str] | None:
        if not _BEHALF.search(self.body.own_text):
            return None   # the word every match needs (the full pattern is slow to scan with)
        for m in _ON_BEHALF.finditer(self.body.own_text):
            window = self.body.own_text[m.end(): m.end() + 60]
            hits = [h for h in self.directory.find_names(window) if h.start < 12]
            hits += [h for h in self.directory.find_names(window, loose=True)
                     if h.start < 12 and h.text.lower().lstrip("the ").startswith(("chair", "vice", "deputy", "mayor"))]
            people = {h.person for h in hits if h.person.is_councillor}
            if len(people) == 1:
                person = next(iter(people))
                return person, f"sent \u201c{m.group(0).strip()} {hits[0].text}\u201d"
        return None

    @cached_property
    def from_council_mailbox(self) -> bool:
        """From an officer's address or an unlisted council mailbox: the header half of
        :attr:`sent_by_officer`, known without reading the body."""
        if self.sender is None:
            return False
        return self.sender.is_officer or (self.sender.standing is Standing.COUNCIL
                                          and bool(self.sender.address.address))

    @cached_property
    def sent_by_officer(self) -> bool:
        """From an officer's mailbox (or an unlisted council mailbox such as office@), not signed off
        by a councillor: mail from the clerk's account signed by the Chair is the Chair's."""
        if not self.from_council_mailbox:
            return False   # decided on the From header alone: the body is not read
        named = self.in_name_of
        return not (named is not None and named.is_councillor)

    # ------------------------------------------------------------------ markings
    @cached_property
    def markers(self) -> list[Marker]:
        found = subject_markers(self.message.subject)
        found += header_markers(self.message.raw_headers())
        found += body_markers(self.body.own_lines)
        return found

    # ------------------------------------------------------------------ carried messages
    @cached_property
    def embedded(self) -> list[EmbeddedView]:
        """Quoted, forwarded and attached messages, each with what is known of sender and recipients."""
        views = [self._inline_view(e, depth=1) for e in self.body.embedded]
        for attached in self.message.attached_messages:
            views.append(attached_view(MessageFacts(attached, self.directory), depth=1))
        return views

    def walk_embedded(self) -> Iterator[EmbeddedView]:
        stack = list(reversed(self.embedded))
        while stack:
            view = stack.pop()
            yield view
            stack.extend(reversed(view.children))

    def _inline_view(self, emb: Embedded, depth: int) -> EmbeddedView:
        sender = self.directory.party(emb.sender) if emb.sender is not None else None
        recipients = [self.directory.party(a) for a in emb.recipients]
        view = EmbeddedView(kind=emb.kind, sender=sender, recipients=recipients, subject=emb.subject,
                            find_markers=lambda: (subject_markers(emb.subject)
                                                  + body_markers(emb.body.own_lines)),
                            own_text=emb.body.own_text, depth=depth)
        view.children = [self._inline_view(child, depth + 1) for child in emb.body.embedded]
        return view


def attached_view(facts: MessageFacts, depth: int) -> EmbeddedView:
    view = EmbeddedView(kind="attachment", sender=facts.sender, recipients=facts.visible, subject=facts.message.subject,
                        find_markers=lambda: facts.markers, own_text=facts.body.own_text,
                        message_id=facts.message.message_id,
                        depth=depth)
    view.children = [facts._inline_view(e, depth + 1) for e in facts.body.embedded]
    for attached in facts.message.attached_messages:
        view.children.append(attached_view(MessageFacts(attached, facts.directory), depth + 1))
    return view
