"""mailguard: a correspondence guardrail for UK councils.

Outgoing mail is checked against the Correspondence section of the council's councillor/officer
protocol. The data flow is one-way: bytes -> :mod:`mailguard.message` (parsed message) ->
:mod:`mailguard.facts` (who is who, own text vs quoted, markers, sign-off) -> :mod:`mailguard.rules`
(findings with evidence) -> :mod:`mailguard.engine` (one verdict) -> an action (relay, quarantine,
reject, report).
"""

from mailguard import spacy_cli as _spacy_cli

__version__ = "0.1.0"

_spacy_cli.install()   # every start of the relay and the audit: 0.2-0.4 s of spaCy's CLI not imported
