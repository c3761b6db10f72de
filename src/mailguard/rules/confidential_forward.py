"""confidential-forward: confidential officer-to-councillor mail stays with councillors.

Model protocol (Leigh-on-Sea §6, Grantham "Correspondence"): "Correspondence to individual
councillors from officers should not be sent or copied to complainants or other third parties if
they are marked 'confidential'."

Three ways it happens, each a finding when the mail also goes to a third party (not a councillor,
officer, adviser or a councillor's own listed address):
(a) the officer's confidential message to a councillor is itself also addressed to a third party;
(b) a message forwards, quotes or attaches such a message (inline in any client's style, or as a
    message/rfc822 or .eml attachment, at any depth);
(c) a message reproduces one seen before (the ledger), even with the marking and quoting removed.
"""

from __future__ import annotations

import re
from datetime import datetime

from mailguard.directory import Party
from mailguard.facts import EmbeddedView, MessageFacts
from mailguard.ledger import LedgerEntry, Position, fingerprint, words_of
from mailguard.markers import Marker, _paragraphs, is_disclaimer
from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.signoff import is_contact_line

#: "FW: ...", "Re: Fwd: ...": a quoted block under such a subject is a forward, whatever the client printed.
FORWARD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw)\s*:\s*)*(?:fw|fwd|tr|wg|fs)\s*:", re.IGNORECASE)


class ConfidentialForward(Rule):
    id = "confidential-forward"
    title = "Confidential officer-to-councillor mail stays confidential"
    enforces = ("Correspondence, para 3: correspondence to individual councillors from officers should not be "
                "sent or copied to complainants or other third parties if marked \u201cconfidential\u201d")
    default_action = "block"

    def applies(self, facts: MessageFacts) -> bool:
        return bool(facts.third_parties)

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        third = facts.third_parties
        to_whom = ", ".join(p.describe() for p in third[:5]) + (" ..." if len(third) > 5 else "")
        # (a) the confidential message itself goes to a third party.
        if is_confidential_officer_mail(facts):
            marker = facts.markers[0]
            councillors = _names([p for p in facts.recipients if p.is_councillor])
            return [Hit(
                f"This officer's e-mail to {councillors} is marked confidential "
                f"(\u201c{marker.text}\u201d) and is also "
                f"addressed to {to_whom}, outside the council.",
                (str(marker), f"to {to_whom}"),
            )]
        # (b) it forwards, quotes or attaches such a message.
        for view in facts.walk_embedded():
            carried = _embedded_confidential(view, facts)
            if carried is not None:
                marker = carried
                how = {"attachment": "attaches", "forward": "forwards", "quote": "quotes"}[view.kind]
                if view.kind == "quote" and view.depth == 1 and FORWARD_SUBJECT.match(facts.message.subject):
                    how = "forwards"
                sender = view.sender.describe() if view.sender is not None else "an officer"
                return [Hit(
                    f"This e-mail {how} a confidential message from {sender} to councillors "
                    f"(\u201c{marker.text}\u201d) and goes to {to_whom}, outside the council.",
                    (str(marker), f"{view.kind} from {sender}" + (f", subject \u201c{view.subject}\u201d"
                                                                  if view.subject else ""), f"to {to_whom}"),
                )]
        # (c) it reproduces one seen before, marking or no marking.
        if ctx.ledger is not None and ctx.position is not None and len(ctx.ledger):
            text = "\n".join([facts.body.full_text()] + [v.own_text for v in facts.walk_embedded()
                                                        if v.kind == "attachment"])
            match = ctx.ledger.match(text, ctx.position, references=facts.message.references,
                                     own_key=facts.message.message_id)
            if match is not None:
                e = match.entry
                return [Hit(
                    f"This e-mail reproduces the confidential e-mail from {e.sender} to {e.recipients}"
                    f"{' of ' + e.date_text if e.date_text else ''} (\u201c{e.subject}\u201d) and goes to "
                    f"{to_whom}, outside the council.",
                    (f"reproduced text: \u201c{match.excerpt}\u201d", f"original marked {e.marker}",
                     f"original: {e.key}", f"to {to_whom}"),
                )]
        return []


def is_confidential_officer_mail(facts: MessageFacts) -> bool:
    """An officer's message to at least one councillor, marked confidential: what the ledger keeps."""
    # Header facts first: most mail is ruled out without reading its body.
    # (markings before the sign-off: most mail has none, and finding the sign-off costs more)
    return (facts.from_council_mailbox and any(p.is_councillor for p in facts.recipients)
            and bool(facts.markers) and facts.sent_by_officer)


def ledger_entry(facts: MessageFacts, position: Position, fallback_key: str) -> LedgerEntry | None:
    """The ledger record of a confidential officer-to-councillor message (None if it is not one)."""
    if not is_confidential_officer_mail(facts):
        return None
    lines = facts.body.own_lines
    if facts.signoff is not None:
        lines = lines[: facts.signoff.content_end]
    shingles = frozenset(s for stretch in _stretches(lines) for s in fingerprint(words_of(stretch)))
    if not shingles:
        return None
    sender = facts.sender.describe() if facts.sender is not None else "an officer"
    date: datetime | None = facts.message.date
    return LedgerEntry(
        key=facts.message.message_id or fallback_key,
        position=position,
        sender=sender,
        recipients=_names([p for p in facts.recipients if p.is_councillor]),
        subject=facts.message.subject,
        date_text=date.strftime("%-d %B %Y") if date else "",
        marker=str(facts.markers[0]),
        shingles=shingles,
    )


def _stretches(lines: list[str]) -> list[str]:
    """The text to fingerprint, in stretches: disclaimers left out, and a stretch ended at each line of
    contact details. A signature the sign-off detection missed must not make the sender's every later
    message "reproduce" this one; cut at its telephone, address and web lines, what is left of it is
    too short to match (runs of 8 words, 20 shared needed), and no run joins the lines around a cut."""
    stretches: list[str] = []
    current: list[str] = []
    for para in _paragraphs(lines):
        if is_disclaimer(" ".join(para)):
            continue
        for line in para:
            if is_contact_line(line):
                if current:
                    stretches.append("\n".join(current))
                current = []
            else:
                current.append(line)
    if current:
        stretches.append("\n".join(current))
    return stretches


def _embedded_confidential(view: EmbeddedView, outer: MessageFacts) -> Marker | None:
    if not view.from_officer:
        return None
    marker = view.markers[0] if view.markers else None
    if marker is None and view.depth == 1 and view.kind != "quote" and outer.markers and any(
            m.where == "subject" for m in outer.markers):
        # "Fwd: CONFIDENTIAL - staffing" where the client printed no subject in the forwarded header.
        marker = next(m for m in outer.markers if m.where == "subject")
    if marker is None:
        return None
    if view.to_councillor:
        return marker
    # Recipients not printed (a quoted reply's "On ... wrote:"): the councillor forwarding it received it.
    if not view.recipients and outer.sender is not None and outer.sender.is_councillor:
        return marker
    if not view.recipients and outer.councillor_in_name is not None:
        return marker
    return None


def _names(parties: list[Party]) -> str:
    names = []
    for p in parties:
        label = f"Cllr {p.person.name}" if p.person is not None and p.is_councillor else p.describe()
        if label not in names:
            names.append(label)
    if not names:
        return "a councillor"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
