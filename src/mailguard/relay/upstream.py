"""The upstream side: hand a message to the council's real mail server, over pooled connections.

One function delivers every message that leaves mailguard: clean mail, warned and fixed mail, a
quarantined message the clerk releases, and notices (:meth:`Upstream.deliver`). Delivery is
all-or-nothing: if the upstream refuses any recipient, nothing is sent and its own reply for that
recipient is what the caller gets, so no recipient is ever dropped silently (the fault of aiosmtpd's
``Proxy`` handler, which answers 250 whatever happened).

Errors are translated at this boundary::

    RelayError
    └── UpstreamError
        ├── UpstreamUnavailable   cannot connect, timed out, connection dropped or closing (421): try again
        │                         later (451 4.4.x)
        ├── UpstreamRefused       the upstream answered 4xx/5xx: its own reply, passed on unchanged
        └── UnwritableAddress     an envelope address no SMTP command can carry: 553, nothing sent

:class:`SmtpUpstream` opens at most ``pool_size`` connections and keeps them open between messages
(issue 6: a new connection per message costs ~0.65 ms of latency and a TLS handshake per message on
port 587). When more messages are ready than that, the rest wait a moment for a connection to come
free rather than open and close extra ones: a pool that only *kept* ``pool_size`` idle connections
opened a new one for every message beyond it and closed it straight after (measured: one connection
per eight messages of the bench's council mix with eight sessions). It retries once on a fresh
connection when a pooled one turns out to have been closed by the server, which is safe because
nothing was sent yet. :class:`MemoryUpstream` is its in-memory twin for tests.
"""

from __future__ import annotations

import abc
import asyncio
import re
import ssl
import time
from dataclasses import dataclass
from typing import Protocol

import aiosmtplib
from aiosmtplib.email import quote_address

from mailguard.errors import RelayError
from mailguard.relay import replies
from mailguard.relay.data_writer import Prepared, prepare, send_data
from mailguard.settings import UpstreamSettings

#: The replies that accept MAIL FROM and RCPT TO (RFC 5321 4.2.2; 251: "will forward").
MAIL_ACCEPTED = 250
RCPT_ACCEPTED = (250, 251)
#: "Service not available, closing transmission channel" (RFC 5321 4.2.3).
SERVICE_CLOSING = 421
#: An address with no quoting, comment, display name or angle brackets: enclosed in <> as it is.
_PLAIN = re.compile(r"[^\s<>()\[\]\\\",;:@]*(?:@[^\s<>()\[\]\\\",;:@]+)?")
#: A pooled connection idle for longer than this is closed rather than reused (servers drop idle ones).
IDLE_REUSE_SECONDS = 30.0


@dataclass(frozen=True)
class Outgoing:
    """One message with its envelope, exactly as it is to be sent."""

    mail_from: str                    # "" is the null sender <> (bounces, auto-replies)
    rcpt_tos: tuple[str, ...]
    data: bytes
    smtputf8: bool = False

    def __repr__(self) -> str:        # never a body in logs or tracebacks
        return f"Outgoing(from={self.mail_from!r}, rcpt={len(self.rcpt_tos)}, bytes={len(self.data)})"


@dataclass(frozen=True)
class UpstreamReply:
    code: int
    text: str                         # as the upstream wrote it, enhanced status code included

    def smtp(self) -> str:
        """The reply ready to pass to our client, multi-line replies kept as lines."""
        lines = [replies.ascii_text(line) if not line.isascii() else line
                 for line in (self.text.splitlines() or [""])]
        return "\r\n".join([f"{self.code}-{line}" for line in lines[:-1]] + [f"{self.code} {lines[-1]}"])


class UpstreamError(RelayError, abc.ABC):
    """The upstream did not take the message; each kind says what our client is told."""

    @abc.abstractmethod
    def smtp(self) -> str:
        """The SMTP reply for our client."""


class UpstreamUnavailable(UpstreamError):
    """No answer from the upstream: the client must keep the message and retry."""

    def __init__(self, what: str, *, timeout: bool = False) -> None:
        self.timeout = timeout
        super().__init__(f"upstream mail server unavailable: {what}")

    def smtp(self) -> str:
        return replies.UPSTREAM_TIMEOUT if self.timeout else replies.UPSTREAM_UNAVAILABLE


class UnwritableAddress(UpstreamError):
    """An envelope address that cannot be written in an SMTP command as it stands: a space, a line
    break or another control character in it, something aiosmtplib would write as a different address
    (``x (note) @y.org`` as ``<x@y.org>``), or letters beyond ASCII in a message not sent with
    SMTPUTF8. Found before anything is sent. Retrying cannot help, so it is not a 451: mailguard's
    own SMTP server never accepts such an address, but a hand-edited quarantine item or notice setting
    can hold one, and the clerk must be told what is wrong rather than see the release fail for ever."""

    def __init__(self, address: str, *, sender: bool, why: str) -> None:
        self.address = address
        self.sender = sender
        role = "sender" if sender else "recipient"
        super().__init__(f"the {role} address {address!r} cannot be sent to the upstream: {why}; correct it "
                         f"or leave it out")

    def smtp(self) -> str:
        return replies.BAD_SENDER if self.sender else replies.BAD_RECIPIENT


class UpstreamRefused(UpstreamError):
    """The upstream said no; ``reply`` is its own answer."""

    def __init__(self, reply: UpstreamReply, stage: str) -> None:
        self.reply = reply
        self.stage = stage
        super().__init__(f"upstream refused at {stage}: {reply.code} {' '.join(reply.text.split())}")

    @property
    def temporary(self) -> bool:
        return 400 <= self.reply.code < 500

    def smtp(self) -> str:
        return self.reply.smtp()


class Upstream(Protocol):
    async def deliver(self, message: Outgoing) -> UpstreamReply:
        """Send ``message`` to every recipient or to none; raise :class:`UpstreamError` if not sent."""

    async def close(self) -> None: ...


class _Stale(Exception):
    """A pooled connection was found closed before anything was sent: safe to retry."""


@dataclass
class _Pooled:
    client: aiosmtplib.SMTP
    idle_since: float


class SmtpUpstream:
    def __init__(self, settings: UpstreamSettings, local_hostname: str | None = None) -> None:
        if settings.address is None:
            raise RelayError("no upstream mail server configured: pass --upstream HOST:PORT or set relay: upstream: "
                             "address: in policy.yaml")
        self.settings = settings
        self.local_hostname = local_hostname
        self._password = (settings.password_file.read_text(encoding="utf-8").strip()
                          if settings.password_file is not None else None)
        self._idle: list[_Pooled] = []
        self._closed = False
        #: One slot per connection that may be open at once (busy or idle).
        self._slots = asyncio.Semaphore(settings.pool_size)

    async def deliver(self, message: Outgoing) -> UpstreamReply:
        if self._slots.locked():   # every connection is busy: wait for one, as long as a delivery may take
            try:
                await asyncio.wait_for(self._slots.acquire(), self.settings.timeout)
            except asyncio.TimeoutError:
                raise UpstreamUnavailable(f"all {self.settings.pool_size} connections to the upstream stayed busy "
                                          f"for {self.settings.timeout:g}s", timeout=True) from None
        else:
            await self._slots.acquire()
        try:
            return await self._deliver(message)
        finally:
            self._slots.release()

    async def _deliver(self, message: Outgoing) -> UpstreamReply:
        envelope = written_envelope(message)
        prepared = await prepare(message.data)
        for attempt in range(2):
            client, reused = await self._checkout()
            try:
                reply = await self._transaction(client, message, envelope, prepared, reused)
            except _Stale:
                client.close()
                if attempt == 0:
                    continue
                raise UpstreamUnavailable("connection closed by the server") from None
            except UpstreamRefused:
                await self._reset_and_return(client)
                raise
            except UpstreamError:
                client.close()
                raise
            except asyncio.CancelledError:     # (at shutdown) mid-transaction: not fit to be pooled again
                client.close()
                raise
            except ValueError as exc:          # an argument aiosmtplib would not write (none known): not fit either
                client.close()
                raise UpstreamUnavailable(_describe(exc)) from exc
            self._return(client)
            return reply
        raise UpstreamUnavailable("connection closed by the server")

    async def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for pooled in idle:
            try:
                await asyncio.wait_for(pooled.client.quit(), 2)
            except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError):
                pooled.client.close()

    # ------------------------------------------------------------------ connections
    async def _checkout(self) -> tuple[aiosmtplib.SMTP, bool]:
        now = time.monotonic()
        while self._idle:
            pooled = self._idle.pop()
            if pooled.client.is_connected and now - pooled.idle_since < IDLE_REUSE_SECONDS:
                return pooled.client, True
            pooled.client.close()
        return await self._connect(), False

    def _return(self, client: aiosmtplib.SMTP) -> None:
        if self._closed or not client.is_connected:     # (never more than pool_size: see deliver)
            client.close()
            return
        self._idle.append(_Pooled(client, time.monotonic()))

    async def _reset_and_return(self, client: aiosmtplib.SMTP) -> None:
        try:
            await client.rset()
        except (aiosmtplib.SMTPException, OSError):
            client.close()
            return
        self._return(client)

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        assert s.address is not None
        client = aiosmtplib.SMTP(
            hostname=s.address.host, port=s.address.port, timeout=s.timeout,
            use_tls=s.tls == "tls", start_tls=s.tls == "starttls",
            tls_context=self._tls_context() if s.tls != "none" else None,
            local_hostname=self.local_hostname, username=s.username, password=self._password)
        try:
            await client.connect()
            await _greet(client)
        except aiosmtplib.SMTPAuthenticationError as exc:
            client.close()
            raise UpstreamUnavailable(f"the upstream refused our login ({exc.code})") from exc
        except aiosmtplib.SMTPTimeoutError as exc:
            client.close()
            raise UpstreamUnavailable(f"connecting to {s.address} timed out", timeout=True) from exc
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError) as exc:
            client.close()
            raise UpstreamUnavailable(f"cannot connect to {s.address}: {_describe(exc)}") from exc
        return client

    def _tls_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=str(self.settings.ca_file) if self.settings.ca_file else None)
        if not self.settings.verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    # ------------------------------------------------------------------ one transaction
    async def _transaction(self, client: aiosmtplib.SMTP, message: Outgoing, envelope: WrittenEnvelope,
                           prepared: Prepared, reused: bool) -> UpstreamReply:
        options = []
        if message.smtputf8 and client.supports_extension("smtputf8"):
            options.append("SMTPUTF8")
        if client.supports_extension("8bitmime") and prepared.eight_bit:
            options.append("BODY=8BITMIME")
        if client.supports_extension("size"):
            options.append(f"SIZE={len(message.data)}")
        try:
            try:
                reply = await client.execute_command(b"MAIL", b"FROM:" + envelope.mail_from,
                                                     *(option.encode("ascii") for option in options))
            except (aiosmtplib.SMTPServerDisconnected, ConnectionError) as exc:
                if reused:
                    raise _Stale from exc
                raise
            if reply.code == SERVICE_CLOSING and reused:   # (it timed out the idle connection): nothing sent yet
                raise _Stale
            if reply.code != MAIL_ACCEPTED:
                raise _refusal(UpstreamReply(reply.code, reply.message), "MAIL FROM")
            for rcpt, written in zip(message.rcpt_tos, envelope.rcpt_tos, strict=True):
                reply = await client.execute_command(b"RCPT", b"TO:" + written)
                if reply.code not in RCPT_ACCEPTED:
                    raise _refusal(UpstreamReply(reply.code, reply.message), f"RCPT TO {rcpt}")
            try:
                response = await send_data(client, prepared, self.settings.timeout)
            except aiosmtplib.SMTPDataError as exc:      # (a reply that is not SMTP is not a refusal: below)
                raise _refusal(UpstreamReply(exc.code, exc.message), "DATA") from exc
        except aiosmtplib.SMTPTimeoutError as exc:
            raise UpstreamUnavailable("no answer in time", timeout=True) from exc
        except (aiosmtplib.SMTPServerDisconnected, ConnectionError) as exc:
            raise UpstreamUnavailable(f"connection lost: {_describe(exc)}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            # Refusals were turned into UpstreamRefused above; what is left (a reply that is not SMTP)
            # is the upstream failing: retry later.
            raise UpstreamUnavailable(_describe(exc)) from exc
        return UpstreamReply(response.code, response.message)


def _refusal(reply: UpstreamReply, stage: str) -> UpstreamError:
    """The upstream's no (4xx, 5xx), passed on as it is. But not its 421 ("closing the connection"),
    which is about our connection to it, not about our client's: passed on, it would tell the council's
    mail server that mailguard is closing its session (RFC 5321 3.8). Nor a reply that is no refusal at
    all (a 2xx where another was due, aiosmtplib's -1 for a line that is not SMTP): our client could not
    read it. Both are the upstream unavailable: 451, retry later."""
    text = " ".join(reply.text.split())
    if reply.code == SERVICE_CLOSING:
        return UpstreamUnavailable(f"it is closing the connection, at {stage}: {reply.code} {text}")
    if not 400 <= reply.code < 600:
        return UpstreamUnavailable(f"unexpected reply at {stage}: {reply.code} {text}")
    return UpstreamRefused(reply, stage)


async def _greet(client: aiosmtplib.SMTP) -> None:
    """EHLO (HELO if refused) now, not at the first MAIL FROM: that message's options (SIZE=,
    BODY=8BITMIME, SMTPUTF8) depend on the extensions the greeting announces. ``connect()`` leaves the
    greeting undone unless it logs in (after STARTTLS it forgets the one it made, as it must)."""
    if client.is_ehlo_or_helo_needed:
        try:
            await client.ehlo()
        except aiosmtplib.SMTPHeloError:
            if not client.is_connected:
                raise
            await client.helo()


@dataclass(frozen=True)
class WrittenEnvelope:
    """MAIL FROM's and each RCPT TO's address, as written in the commands."""

    mail_from: bytes
    rcpt_tos: tuple[bytes, ...]


def written_envelope(message: Outgoing) -> WrittenEnvelope:
    """Every envelope address written for its command before any is sent; UnwritableAddress if one
    cannot be written as it stands (so no transaction is left half-done upstream, and no mail goes to
    an address other than the one the item or setting holds)."""
    encoding = "utf-8" if message.smtputf8 else "ascii"

    def written(address: str, sender: bool) -> bytes:
        if _CONTROL.search(address):
            raise UnwritableAddress(address, sender=sender, why="it has a line break or another control "
                                                                "character in it")
        try:
            out = envelope_address(address, encoding)
        except UnicodeEncodeError:
            raise UnwritableAddress(address, sender=sender, why="it has letters beyond ASCII and the message "
                                                                "was not received with SMTPUTF8") from None
        except ValueError:
            raise UnwritableAddress(address, sender=sender, why="SMTP does not allow a space or tab in it") from None
        plain = address.strip()
        plain = plain[1:-1] if plain.startswith("<") and plain.endswith(">") else plain
        if out[1:-1].decode(encoding) != plain:
            raise UnwritableAddress(address, sender=sender,
                                    why=f"it would be sent as {out.decode(encoding)}, which is another address")
        return out

    return WrittenEnvelope(written(message.mail_from, True), tuple(written(r, False) for r in message.rcpt_tos))


#: Characters no envelope address may hold (aiosmtplib refuses some mid-transaction, drops others).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def envelope_address(address: str, encoding: str) -> bytes:
    """``<address>`` for MAIL FROM or RCPT TO: aiosmtplib's ``quote_address``, byte for byte, without
    its ``email.utils.parseaddr`` (about 20 µs an address) for the plain addresses our own SMTP server
    hands on; anything else (a quoted local part, a display name) still goes through it."""
    if _PLAIN.fullmatch(address):
        return b"<" + address.encode(encoding) + b">"
    return quote_address(address).encode(encoding)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
