"""The rule registry: every rule mailguard knows, in the order they are reported.

Explicit on purpose (no module scanning): ``mailguard rules`` prints this list, and a reviewer can
see in one place what runs on every message.
"""

from __future__ import annotations

from mailguard.rules.base import Hit, Rule, RuleContext
from mailguard.rules.confidential_external import ConfidentialExternal
from mailguard.rules.confidential_forward import ConfidentialForward
from mailguard.rules.councillor_obligation import CouncillorObligation
from mailguard.rules.instructs_staff import InstructsStaff
from mailguard.rules.public_criticism import PublicCriticism
from mailguard.rules.silent_bcc import SilentBcc
from mailguard.rules.speaks_for_council import CouncillorSpeaksForCouncil

RULES: dict[str, Rule] = {rule.id: rule for rule in (
    SilentBcc(),
    CouncillorObligation(),
    ConfidentialForward(),
    CouncillorSpeaksForCouncil(),
    InstructsStaff(),
    ConfidentialExternal(),
    PublicCriticism(),
)}

__all__ = ["RULES", "Hit", "Rule", "RuleContext"]
