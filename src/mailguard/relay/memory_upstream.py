"""An in-memory twin of :class:`~mailguard.relay.upstream.SmtpUpstream` for unit tests.

Behaves like a real upstream at the level the relay sees (delivered, refused, unavailable) without
a socket, so relay and quarantine logic can be tested in milliseconds; the end-to-end tests use a
real SMTP server instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailguard.relay.upstream import Outgoing, UpstreamRefused, UpstreamReply, UpstreamUnavailable, written_envelope


@dataclass
class MemoryUpstream:
    delivered: list[Outgoing] = field(default_factory=list)
    #: When set, every delivery fails as if the server were down.
    down: bool = False
    #: Recipients the "server" refuses, with the reply it gives.
    refuse: dict[str, UpstreamReply] = field(default_factory=dict)
    #: When set, DATA is answered with this reply instead of 250.
    data_reply: UpstreamReply | None = None

    async def deliver(self, message: Outgoing) -> UpstreamReply:
        written_envelope(message)      # as the real one: an address it cannot write is refused first
        if self.down:
            raise UpstreamUnavailable("cannot connect to memory upstream: down")
        for rcpt in message.rcpt_tos:
            if rcpt.lower() in self.refuse:
                raise UpstreamRefused(self.refuse[rcpt.lower()], f"RCPT TO {rcpt}")
        if self.data_reply is not None and self.data_reply.code >= 400:
            raise UpstreamRefused(self.data_reply, "DATA")
        self.delivered.append(message)
        return UpstreamReply(250, f"2.0.0 Ok: queued as MEM{len(self.delivered)}")

    async def close(self) -> None:
        return None
