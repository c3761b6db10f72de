"""confidential-external: exempt or confidential council information stays inside the council.

Principal council 5.3.8.5: "Exempt or confidential information should not be disclosed to persons
outside the Council." Wider than confidential-forward, which protects one kind of mail (an
officer's confidential mail to councillors): this rule applies whoever sends, to any council
information marked exempt or confidential. Sent by a councillor or officer (or in a councillor's
name) to a third party — advisers are inside the circle of confidence, so are partners listed in
``trusted_domains`` — it fires when

(a) the message is labelled exempt (Part 2, Schedule 12A, "confidential report") in its subject, on a
    marking line or in an attachment's name;
(b) the message is marked confidential and written to council people only (every To recipient inside
    the council) with an outsider copied in: internal confidential correspondence with an outsider on it;
(c) the message carries an internal-only marking ("not for onward circulation", "councillors only",
    OFFICIAL-SENSITIVE) and is written to council people or in a councillor's name, and goes outside;
    or it is in a councillor's name, marked confidential ("Strictly confidential", "in confidence")
    and about council business rather than the recipient's own affairs;
(d) it forwards, quotes or attaches a council message (from a councillor, officer or the council's
    domain) that is labelled exempt, or is marked confidential and was internal, to outsiders who were
    not party to it.

A "Private and Confidential" letter to a complainant or job applicant about their own affairs is none
of these: it is correspondence with that person, not council information disclosed to them. Where
confidential-forward runs and already reports the message, this rule stays silent (one message, one
finding for one leak).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mailguard.directory import Party, Standing
from mailguard.exempt import exempt_markers, internal_only, is_refusal
from mailguard.facts import EmbeddedView, MessageFacts
from mailguard.markers import Marker
from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.rules.confidential_forward import FORWARD_SUBJECT
from mailguard.rules.options import OptionProblem, check_domains, domain_matches, str_list

_INSIDE = (Standing.COUNCILLOR, Standing.OFFICER, Standing.COUNCIL)
_HOW = {"attachment": "attaches", "forward": "forwards", "quote": "quotes"}
_COUNCIL_BUSINESS = re.compile(
    r"\b(?:council|committee|clerk|councillors|members|staff|meeting|budget|contract|tender|lease|precept|"
    r"closed\s+session|grievance|disciplinary|redundanc\w*|appraisal|caretaker|employee|finances?|accounts|"
    r"auditor|legal\s+advice|solicitor)\b", re.IGNORECASE)
_THEIR_OWN_AFFAIRS = re.compile(
    r"\byour\s+(?:own\s+)?(?:complaint|application|case|enquiry|query|request|concerns?|neighbour|tenancy|allotment|"
    r"property|house|home|account|claim|situation|circumstances|e-?mail|letter|planning\s+application|objection|"
    r"grant|booking|hedge|garden|family|son|daughter|husband|wife|health)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Leak:
    """What is disclosed: the marking that makes it council-confidential, and how the message carries it."""

    marker: Marker
    what: str              # the clause of the explanation saying what the message is or carries
    evidence: tuple[str, ...] = ()


class ConfidentialExternal(Rule):
    id = "confidential-external"
    title = "Exempt or confidential council information stays inside the council"
    enforces = ("Members' entitlement to information: exempt or confidential information should not be disclosed "
                "to persons outside the council")
    default_action = "quarantine"
    options = ("trusted_domains",)

    def validate_options(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        if "trusted_domains" in options:
            return check_domains(options["trusted_domains"], ("trusted_domains",))
        return []

    def applies(self, facts: MessageFacts) -> bool:
        return bool(facts.third_parties)

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        trusted = str_list(ctx.options, "trusted_domains")
        outsiders = [p for p in facts.third_parties if not (trusted and domain_matches(_domain(p), trusted))]
        if not outsiders or not _from_inside(facts):
            return []
        leak = _own_leak(facts, outsiders) or _carried_leak(facts, outsiders)
        if leak is None:
            return []
        if "confidential-forward" in ctx.enabled:
            from mailguard.rules import RULES  # noqa: PLC0415  (the registry imports this module)
            if RULES["confidential-forward"].check(facts, ctx):
                return []  # confidential-forward reports this message
        to_whom = ", ".join(p.describe() for p in outsiders[:5]) + (" ..." if len(outsiders) > 5 else "")
        explanation = (f"This e-mail {leak.what} (\u201c{leak.marker.text}\u201d); it goes to {to_whom}, outside "
                       f"the council, and exempt or confidential council information must stay within the council.")
        return [Hit(explanation, (str(leak.marker), *leak.evidence, f"to {to_whom}"))]


def _from_inside(facts: MessageFacts) -> bool:
    """Sent by a councillor, an officer or from the council's domain, or in a councillor's name."""
    sender = facts.sender
    return (sender is not None and sender.standing in _INSIDE) or facts.councillor_in_name is not None


def _own_leak(facts: MessageFacts, outsiders: list[Party]) -> Leak | None:
    message = facts.message
    attachments = tuple(n for n in message.attachment_names if "/" not in n)
    exempt = exempt_markers(message.subject, facts.body.own_lines, attachments)
    if exempt:
        return Leak(exempt[0], "is labelled as exempt council information")
    markers = [m for m in facts.markers if not is_refusal(m.text)]
    if not markers:
        return None
    sender_key = facts.sender.key if facts.sender is not None else ""
    insiders = [p for p in facts.to if p.standing in _INSIDE and p.key != sender_key]
    internal = [m for m in markers if internal_only(m.text)]
    if internal and (insiders or facts.councillor_in_name is not None):
        return Leak(internal[0], "is marked for the council's own people only")
    outside_to = [p for p in facts.to if p.is_outside]
    if insiders and not outside_to:
        # Written to council people, an outsider copied in. (With an outsider in To as well, a
        # "Private and Confidential" marking is as likely to protect that person's own affairs.)
        names = ", ".join(p.describe() for p in insiders[:3])
        return Leak(markers[0], f"is marked confidential and written to {names}, inside the council",
                    (f"written to {names}",))
    named = facts.councillor_in_name
    labelled = [m for m in markers if m.where in ("subject", "text")]
    if named is not None and not insiders and labelled and _about_council_business(facts.content_text):
        # A councillor passing on council business "in confidence" to outsiders. An officer's marked letter
        # to an outsider, or a councillor's about the recipient's own case, is correspondence with them.
        return Leak(labelled[0], f"is marked confidential, concerns council business and goes out in the name "
                                 f"of Cllr {named[0].name}")
    return None


def _about_council_business(text: str) -> bool:
    """Council business ("the finance committee agreed ...") and not the recipient's own affairs."""
    return bool(_COUNCIL_BUSINESS.search(text)) and not _THEIR_OWN_AFFAIRS.search(text)


def _carried_leak(facts: MessageFacts, outsiders: list[Party]) -> Leak | None:
    for view in facts.walk_embedded():
        if view.sender is None or view.sender.standing not in _INSIDE:
            continue
        exempt = exempt_markers(view.subject, view.own_text.splitlines())
        markers = [m for m in view.markers if not is_refusal(m.text)]
        if not exempt and not (markers and _was_internal(view, facts)):
            continue
        party_to_it = {p.address.address for p in view.recipients if p.address.address}
        party_to_it.add(view.sender.address.address)
        if not [p for p in outsiders if p.address.address not in party_to_it]:
            continue  # quoting a message back to the outsider it was written to
        marker = exempt[0] if exempt else markers[0]
        label = "exempt" if exempt else "confidential"
        sender = view.sender.describe()
        subject = f", subject \u201c{view.subject}\u201d" if view.subject else ""
        how = _HOW[view.kind]
        if view.kind == "quote" and view.depth == 1 and FORWARD_SUBJECT.match(facts.message.subject):
            how = "forwards"  # Outlook's "-----Original Message-----" under an "FW:" subject
        return Leak(marker, f"{how} a {label} council message from {sender}",
                    (f"{view.kind} from {sender}{subject}",))
    return None


def _was_internal(view: EmbeddedView, facts: MessageFacts) -> bool:
    """Written to council people; a quote without recipients counts when another insider received it."""
    if view.recipients:
        return any(p.standing in _INSIDE for p in view.recipients)
    outer = facts.sender
    return (outer is not None and outer.standing in _INSIDE and view.sender is not None
            and outer.key != view.sender.key)


def _domain(party: Party) -> str:
    return party.address.address.rpartition("@")[2]
