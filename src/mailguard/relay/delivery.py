"""The one way a message leaves mailguard for its recipients.

Clean, warned and fixed mail from the relay, and a held message the clerk releases, all go through
:func:`deliver`: the same upstream, the same all-or-nothing semantics, and the same bookkeeping
afterwards (a confidential officer-to-councillor message joins the ledger once it has actually been
sent, so rule (c) of confidential-forward can recognise it when it is reproduced later).
"""

from __future__ import annotations

import asyncio

from mailguard.ledger import LedgerEntry
from mailguard.ledger_store import PersistentLedger
from mailguard.relay.upstream import Outgoing, Upstream, UpstreamReply


async def deliver(upstream: Upstream, message: Outgoing, ledger: PersistentLedger | None = None,
                  ledger_entry: LedgerEntry | None = None) -> UpstreamReply:
    """Send to every recipient or raise :class:`~mailguard.relay.upstream.UpstreamError`; then record it."""
    reply = await upstream.deliver(message)
    if ledger is not None and ledger_entry is not None:
        await asyncio.to_thread(ledger.add, ledger_entry)
    return reply
