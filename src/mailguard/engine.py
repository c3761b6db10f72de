"""One decision per message: run every enabled rule, collect every finding, the most severe action wins.

Pure: no I/O, no side effects. The relay, the audit and a released quarantine item all call
:meth:`Engine.evaluate`, so a message gets the same verdict whichever way it arrives. Every rule runs
even after one has fired, so a reviewer sees every reason a message was held, not just the first.
A rule that crashes is recorded, not swallowed: by default the verdict then fails closed (the relay
defers with 451); a rule configured ``fail_open: true`` is skipped instead.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mailguard.config import ACTION_SEVERITY, Config
from mailguard.directory import Directory
from mailguard.facts import Envelope, MessageFacts
from mailguard.ledger import Ledger, Position
from mailguard.message import MailMessage
from mailguard.nlp import Nlp
from mailguard.protocols import ProtocolPack, citation, load_protocol, note
from mailguard.rules import RULES, Rule, RuleContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    rule: str
    action: str
    clause: str
    explanation: str
    evidence: tuple[str, ...]
    fix_data: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "action": self.action, "clause": self.clause,
                "explanation": self.explanation, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class RuleFailure:
    rule: str
    error: str
    fail_open: bool


@dataclass(frozen=True)
class Verdict:
    action: str                          # pass | warn | fix | quarantine | block
    findings: tuple[Finding, ...] = ()
    failures: tuple[RuleFailure, ...] = ()

    @property
    def failed_closed(self) -> bool:
        """A rule crashed and is not allowed to fail open: the message must not pass unchecked."""
        return any(not f.fail_open for f in self.failures)

    @property
    def reported(self) -> str:
        """The verdict in reports: pass | warn | quarantine | block (a silent-bcc fix is a warning)."""
        return "warn" if self.action == "fix" else self.action


class Engine:
    """Rules bound to one council's directory, policy and protocol pack. Build once, share freely."""

    def __init__(self, config: Config, nlp: Nlp, rules: Mapping[str, Rule] | None = None) -> None:
        self.config = config
        self.nlp = nlp
        self.directory = Directory(config.council)
        self.pack: ProtocolPack = load_protocol(config.policy.protocol, config.directory)
        all_rules = rules if rules is not None else RULES
        self.rules = [r for r in all_rules.values() if config.policy.setting(r.id).action != "off"]
        self.enabled = frozenset(r.id for r in self.rules)

    def facts(self, message: MailMessage, envelope: Envelope | None = None) -> MessageFacts:
        return MessageFacts(message, self.directory, envelope)

    def clause(self, rule: Rule) -> str:
        return citation(rule, self.config.policy.setting(rule.id), self.pack)

    def explain(self, rule: Rule, hit_explanation: str) -> str:
        """The rule's sentence about this message, then the council's clause in plain English."""
        extra = note(rule, self.config.policy.setting(rule.id), self.pack)
        return f"{hit_explanation} {extra}" if extra else hit_explanation

    def evaluate(self, facts: MessageFacts, ledger: Ledger | None = None,
                 position: Position | None = None) -> Verdict:
        findings: list[Finding] = []
        failures: list[RuleFailure] = []
        for rule in self.rules:
            setting = self.config.policy.setting(rule.id)
            ctx = RuleContext(directory=self.directory, nlp=self.nlp, ledger=ledger, position=position,
                              options=setting.options, enabled=self.enabled)
            try:
                if not rule.applies(facts):
                    continue
                hits = rule.check(facts, ctx)
            except Exception as exc:  # noqa: BLE001 - a broken rule must never pass mail silently
                log.exception("rule %s failed on message %s", rule.id, _safe_id(facts))
                failures.append(RuleFailure(rule.id, f"{type(exc).__name__}: {exc}", setting.fail_open))
                continue
            clause = self.clause(rule)
            for hit in hits:
                findings.append(Finding(rule.id, setting.action, clause, self.explain(rule, hit.explanation),
                                        hit.evidence, hit.fix_data))
        action = "pass"
        for f in findings:
            if ACTION_SEVERITY[f.action] > ACTION_SEVERITY[action]:
                action = f.action
        return Verdict(action, tuple(findings), tuple(failures))


def _safe_id(facts: MessageFacts) -> str:
    try:
        return facts.message.message_id or "(no Message-ID)"
    except Exception:  # noqa: BLE001
        return "(unreadable Message-ID)"
