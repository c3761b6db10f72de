"""councillor-speaks-for-council: official correspondence goes out under an officer's name.

Model protocol (Leigh-on-Sea §6, Grantham "Correspondence", para 2): "Official letters or emails on
behalf of the council should normally be sent out under the name of the officer, rather than under
the name of a councillor. It may be appropriate in certain circumstances (e.g. representations to a
Government Minister) for a letter or email to appear over the name of the chair, but this should be
the exception rather than the norm." Principal council 5.3.9.1: "Councillors must not normally
communicate in the name of the Council with any outside body or person [...] However, members of
the Cabinet may communicate with the media and local groups [...]".

Fires on mail in a councillor's name to someone outside the council whose own text (or signature)
speaks for the council (:mod:`mailguard.voice`) without committing it. "On behalf of the council"
counts whoever it is written to; the council's stance stated in the present tense ("The Town Council
objects to ...") counts when the mail goes to an organisation: told to a constituent at their own
mailbox, it informs them, which is part of a councillor's role (Leigh-on-Sea 2.2 "to represent the
Council externally"). A commitment is
councillor-obligation's finding, so this rule stays silent where that rule runs and fires. The
protocols' exceptions are configured, not coded: ``exceptions`` lists offices (chair,
cabinet-member, ...) and recipient domains (``*.gov.uk``, ``parliament.uk``) under which a
councillor may write in the council's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mailguard.directory import Party
from mailguard.facts import MessageFacts
from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.rules.councillor_obligation import binding_in_own_text
from mailguard.rules.options import OptionProblem, check_exemptions, exemptions
from mailguard.voice import CouncilVoice, Representation, council_voice

#: Webmail and consumer ISP domains: residents write from these; organisations have their own domains.
PERSONAL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "rocketmail.com", "hotmail.com",
    "hotmail.co.uk", "outlook.com", "live.com", "live.co.uk", "msn.com", "icloud.com", "me.com", "mac.com",
    "aol.com", "aol.co.uk", "btinternet.com", "btopenworld.com", "sky.com", "talktalk.net", "tiscali.co.uk",
    "virginmedia.com", "ntlworld.com", "blueyonder.co.uk", "plus.com", "plus.net", "gmx.com", "gmx.co.uk",
    "protonmail.com", "proton.me", "mail.com", "zoho.com", "fsmail.net", "orange.net", "wanadoo.co.uk",
    "tesco.net", "uwclub.net", "freeuk.com", "madasafish.com", "o2.co.uk", "pm.me",
})
#: A reply's or forward's subject is someone else's words, not the sender's.
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|fw|fwd)\s*:", re.IGNORECASE)


class CouncillorSpeaksForCouncil(Rule):
    id = "councillor-speaks-for-council"
    title = "Official correspondence goes out under an officer's name"
    enforces = ("Correspondence, para 2: official letters or e-mails on behalf of the council should normally be "
                "sent out under the name of the officer, not a councillor")
    default_action = "warn"
    options = ("exceptions",)

    def validate_options(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        return check_exemptions(options["exceptions"], ("exceptions",)) if "exceptions" in options else []

    def applies(self, facts: MessageFacts) -> bool:
        return bool(facts.outside_recipients)

    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        named = facts.councillor_in_name
        if named is None:
            return []
        councillor, how = named
        outsiders = facts.outside_recipients
        domains = [p.address.address.rpartition("@")[2] for p in outsiders if p.address.address]
        if any(e.covers(councillor.offices, domains) for e in exemptions(ctx.options)):  # e.g. chair to a Minister
            return []
        voice = council_voice(ctx.directory.council.name, _clerk_names(ctx))
        found = representations(facts, ctx, voice)
        if not found:
            return []
        if "councillor-obligation" in ctx.enabled and binding_in_own_text(facts, ctx):
            return []  # it commits the council: councillor-obligation reports this message
        explanation = (f"This e-mail goes out in the name of Cllr {councillor.name} to {_who(outsiders)} and speaks "
                       f"for the council (\u201c{_clip(found[0].text)}\u201d); official correspondence on the "
                       f"council's behalf should be sent by an officer.")
        evidence = tuple(f"\u201c{r.text}\u201d" for r in found)
        evidence += (f"in the name of Cllr {councillor.name} ({how})", "to " + _addresses(outsiders))
        configured = exemptions(ctx.options)
        if configured:
            held = f" ({', '.join(councillor.offices)})" if councillor.offices else ""
            evidence += (f"Cllr {councillor.name}{held} is not covered by the configured exceptions: "
                         + "; ".join(e.describe() for e in configured),)
        return [Hit(explanation, evidence)]


def representations(facts: MessageFacts, ctx: RuleContext, voice: CouncilVoice) -> list[Representation]:
    """Sentences of the sender's own text, the subject and signature lines that speak for the council (a
    briefing the councillor hands over, "This is what we were told: ...", is not their voice)."""
    sentences = list(ctx.nlp.sentences(facts.own_statements))
    if any(voice.disclaims(s) for s in sentences):
        return []
    tail = _signature_lines(facts)
    as_council = any(voice.office_line(line) for line in tail)
    to_bodies = any(not is_personal_mailbox(p.address.address) for p in facts.outside_recipients)
    found = [r for s in sentences
             if (r := voice.read(s, council_signature=as_council, to_bodies=to_bodies)) is not None]
    subject = facts.message.subject
    if subject and not _REPLY_SUBJECT.match(subject):
        r = voice.read(subject, to_bodies=to_bodies)
        if r is not None:
            found.insert(0, r)
    found.extend(r for line in tail if (r := voice.behalf_line(line)) is not None)
    return found


def is_personal_mailbox(address: str) -> bool:
    """An address at a webmail or consumer ISP domain: a person writing for themselves, not a body."""
    return address.rpartition("@")[2].lower() in PERSONAL_DOMAINS


def _signature_lines(facts: MessageFacts) -> list[str]:
    """The sign-off's name line and the few lines under it ("Chairman", "for and on behalf of ...")."""
    signoff = facts.signoff
    if signoff is None:
        return []
    lines = [ln.strip() for ln in facts.body.own_lines[signoff.content_end:] if ln.strip()]
    return lines[:6]


def _clerk_names(ctx: RuleContext) -> tuple[str, ...]:
    names: list[str] = []
    for person in ctx.directory.council.people:
        if person.role == "clerk":
            names.extend(person.names)
            names.append(person.name.split()[0])
    return tuple(n for n in names if n)


def _who(parties: list[Party]) -> str:
    return parties[0].describe() if len(parties) == 1 else f"{len(parties)} people outside the council"


def _addresses(parties: list[Party]) -> str:
    return ", ".join(p.describe() for p in parties[:5]) + (" ..." if len(parties) > 5 else "")


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
