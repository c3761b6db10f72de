"""What a rule is: an id, the protocol clauses it enforces, a cheap pre-check and a ``check()``.

Rules say *what fired* and show their evidence; what to *do* about it (warn, quarantine, block, fix)
comes from the policy, and which council's clause to cite comes from the protocol pack. A rule is a
small module with one class; adding one means adding it to :data:`mailguard.rules.RULES`, nothing else.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from mailguard.directory import Directory
    from mailguard.facts import MessageFacts
    from mailguard.ledger import Ledger, Position
    from mailguard.nlp import Nlp
    from mailguard.rules.options import OptionProblem


@dataclass(frozen=True)
class Hit:
    """A rule's raw result: one plain-English sentence and the words or addresses that triggered it."""

    explanation: str
    evidence: tuple[str, ...]
    #: For rules with a ``fix`` action: what the fix needs (e.g. the councillors to disclose).
    fix_data: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class RuleContext:
    """What a rule may consult besides the message: shared, read-only, built once per run."""

    directory: Directory
    nlp: Nlp
    ledger: Ledger | None = None
    position: Position | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    #: Ids of the rules enabled for this council: a rule that overlaps another stays silent where the
    #: other already reports the message, but only if that other rule actually runs.
    enabled: frozenset[str] = frozenset()


class Rule(ABC):
    id: ClassVar[str]
    title: ClassVar[str]
    #: The model protocol text this rule comes from (packs cite each council's own numbering).
    enforces: ClassVar[str]
    default_action: ClassVar[str]
    actions: ClassVar[tuple[str, ...]] = ("warn", "quarantine", "block", "off")
    #: Extra keys this rule accepts under ``rules: <id>:`` in policy.yaml.
    options: ClassVar[tuple[str, ...]] = ()

    def validate_options(self, options: Mapping[str, Any]) -> list[OptionProblem]:
        """Problems with this rule's option values (names are checked by the loader), at load time."""
        return []

    def applies(self, facts: MessageFacts) -> bool:
        """A cheap test on headers alone; False means ``check`` would certainly find nothing."""
        return True

    @abstractmethod
    def check(self, facts: MessageFacts, ctx: RuleContext) -> list[Hit]:
        """Findings for this message, each with evidence a clerk can verify by reading the mail."""
