"""mailguard: a correspondence guardrail for UK councils.

Outgoing mail is checked against the Correspondence section of the council's councillor/officer
protocol. The data flow is one-way: bytes -> :mod:`mailguard.message` (parsed message) ->
:mod:`mailguard.facts` (who is who, own text vs quoted, markers, sign-off) -> :mod:`mailguard.rules`
(findings with evidence) -> :mod:`mailguard.engine` (one verdict) -> an action (relay, quarantine,
reject, report).
"""

__version__ = "0.1.0"
