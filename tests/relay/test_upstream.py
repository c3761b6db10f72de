"""The upstream client on its own: pooling, a server closing idle connections, TLS, and its twin."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from pathlib import Path

import aiosmtplib
import pytest
from aiosmtpd.smtp import SMTP
from aiosmtplib.email import quote_address

from mailguard.relay.memory_upstream import MemoryUpstream
from mailguard.relay.upstream import (
    Outgoing,
    SmtpUpstream,
    UnwritableAddress,
    UpstreamRefused,
    UpstreamUnavailable,
    envelope_address,
)
from mailguard.settings import HostPort, UpstreamSettings
from tests.relay.harness import Sink
from tests.relay.messages import clean

MESSAGE = Outgoing(clean().mail_from, tuple(clean().rcpts), clean().data)


def _upstream(port: int, **kwargs) -> SmtpUpstream:  # type: ignore[no-untyped-def]
    return SmtpUpstream(UpstreamSettings(address=HostPort("127.0.0.1", port), timeout=5, **kwargs))


def test_connections_are_pooled(loop_thread, sink):
    upstream = _upstream(sink.port)
    for _ in range(5):
        reply = loop_thread.run(upstream.deliver(MESSAGE))
        assert reply.code == 250
    loop_thread.run(upstream.close())
    assert len(sink.mail()) == 5 and sink.handler.connections == 1


def test_more_messages_than_connections_wait_for_one_instead_of_opening_and_closing_more(loop_thread, sink):
    """Twelve messages at once, two connections allowed: two are opened, kept and reused, never a third
    (the pool used to open one per message beyond its size and close it straight after)."""
    upstream = _upstream(sink.port, pool_size=2)
    most_open = 0

    async def burst() -> list[int]:
        nonlocal most_open

        async def one() -> int:
            nonlocal most_open
            most_open = max(most_open, len(sink.handler.sessions))
            return (await upstream.deliver(MESSAGE)).code
        codes = []
        for _ in range(3):      # three bursts: the connections of the first are reused by the others
            codes += await asyncio.gather(*(one() for _ in range(12)))
        return codes
    assert loop_thread.run(burst()) == [250] * 36
    loop_thread.run(upstream.close())
    assert len(sink.mail()) == 36
    assert sink.handler.connections == 2 and most_open <= 2


def test_the_first_message_on_a_new_connection_declares_its_size_and_encoding(loop_thread, sink):
    """EHLO comes before the first MAIL FROM's options are chosen: the first message on every connection
    went without SIZE, BODY=8BITMIME and SMTPUTF8 (the extensions were not known yet), so a mailbox name
    in UTF-8 was refused by an upstream that requires the declaration (Postfix: 553 5.6.7)."""
    data = "From: Zoë <zoë@example.org>\r\nSubject: café\r\n\r\nCafé on Tuesday.\r\n".encode()
    message = Outgoing("zoë@example.org", ("clerk@example.org",), data, smtputf8=True)
    upstream = _upstream(sink.port)
    assert loop_thread.run(upstream.deliver(message)).code == 250
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250     # the pooled connection: as before
    loop_thread.run(upstream.close())
    first, second = sink.mail()
    assert first.mail_from == "zoë@example.org"
    assert {"SMTPUTF8", "BODY=8BITMIME", f"SIZE={len(data)}"} <= set(first.mail_options)
    assert second.mail_options == (f"SIZE={len(MESSAGE.data)}",)


def _written(write, address: str, encoding: str) -> bytes | type[Exception]:  # type: ignore[no-untyped-def]
    try:
        return bytes(write(address, encoding))
    except Exception as exc:  # noqa: BLE001 - which error is the point
        return type(exc)


@pytest.mark.parametrize("address", [
    "", "a@b.org", "a.b+c-d_e@sub.example.org", "clerk", "zoë@example.org", "<a@b.org>", "Zoë <zoë@x.org>",
    '"q u"@x.org', '"a\\"b"@x.org', "x (comment) @y.org", "a@b@c.org", "a@[192.0.2.1]", "a,b@c.org", " a@b.org",
    # one for each character the plain form leaves out, which quote_address reads otherwise
    'a"b@x.org', "a;b@x.org", "a:b@x.org", "a>b@x.org", "a<b@x.org", "a(b@x.org", "a)b@x.org", "a[b@x.org",
    "a]b@x.org", "a\\b@x.org", "a@x.org>", "a@x;org",
    # refused by quote_address (ValueError), and so by us
    "a b@c.org", "<a b@c.org>", "a@b.org\r\nRSET", "a\tb@c.org"])
def test_envelope_addresses_are_written_as_aiosmtplib_writes_them(address):
    """Byte for byte, and the same error where it refuses one (a space, CR/LF: command injection)."""
    for encoding in ("utf-8", "ascii"):
        expected = _written(lambda a, e: quote_address(a).encode(e), address, encoding)
        assert _written(envelope_address, address, encoding) == expected


@pytest.mark.parametrize(("mail_from", "rcpt", "smtputf8", "role", "why"), [
    (MESSAGE.mail_from, "a b@example.org", False, "recipient", "does not allow a space or tab"),
    (MESSAGE.mail_from, "a\tb@example.org", True, "recipient", "a line break or another control character"),
    (MESSAGE.mail_from, "c@exa\x01mple.org", False, "recipient", "a line break or another control character"),
    (MESSAGE.mail_from, "x\r\nRCPT TO:<evil@example.org>", False, "recipient", "a line break"),
    (MESSAGE.mail_from, "x@exa mple.org", False, "recipient", "would be sent as <x@example.org>, which is another"),
    (MESSAGE.mail_from, "x (note) @example.org", False, "recipient", "would be sent as <x@example.org>"),
    ("zoë@example.org", "clerk@example.org", False, "sender", "letters beyond ASCII"),
])
def test_an_address_no_smtp_command_can_carry_is_refused_for_good_before_anything_is_sent(
        loop_thread, sink, mail_from, rcpt, smtputf8, role, why):
    """Only a hand-edited quarantine item or notice setting can hold one: the clerk is told what is wrong
    (553, not a 451 that would make the release fail the same way for ever), and nothing went upstream."""
    upstream = _upstream(sink.port)
    with pytest.raises(UnwritableAddress) as err:
        loop_thread.run(upstream.deliver(Outgoing(mail_from, (MESSAGE.rcpt_tos[0], rcpt), MESSAGE.data, smtputf8)))
    assert f"the {role} address" in str(err.value) and why in str(err.value)
    assert err.value.smtp().startswith("553 5.1.7" if role == "sender" else "553 5.1.3")
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250
    loop_thread.run(upstream.close())
    assert [m.rcpt_tos for m in sink.mail()] == [list(MESSAGE.rcpt_tos)]


def test_a_recipient_the_upstream_will_forward_is_accepted(loop_thread, sink):
    """251 "User not local; will forward" accepts the recipient (RFC 5321 4.2.2)."""
    sink.handler.refuse_rcpt[MESSAGE.rcpt_tos[0]] = "251 2.1.5 User not local; will forward"
    upstream = _upstream(sink.port)
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250
    loop_thread.run(upstream.close())
    assert [r.rcpt_tos for r in sink.mail()] == [list(MESSAGE.rcpt_tos)]


def test_refusals_at_mail_from_and_rcpt_to_are_passed_on_with_their_stage(loop_thread, sink):
    upstream = _upstream(sink.port)
    sink.handler.refuse_rcpt[MESSAGE.rcpt_tos[-1]] = "550 5.1.1 No such user"
    with pytest.raises(UpstreamRefused) as refused:
        loop_thread.run(upstream.deliver(MESSAGE))
    assert refused.value.stage == f"RCPT TO {MESSAGE.rcpt_tos[-1]}" and not refused.value.temporary
    assert refused.value.smtp() == "550 5.1.1 No such user"
    sink.handler.refuse_rcpt.clear()
    sink.handler.refuse_mail["spoof@example.org"] = "553 5.7.1 Sender address rejected"
    with pytest.raises(UpstreamRefused) as refused:
        loop_thread.run(upstream.deliver(Outgoing("spoof@example.org", MESSAGE.rcpt_tos, MESSAGE.data)))
    assert refused.value.stage == "MAIL FROM" and refused.value.reply.code == 553
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250     # the connection was reset and reused
    loop_thread.run(upstream.close())
    assert len(sink.mail()) == 1 and sink.handler.connections == 1


def test_a_delivery_that_cannot_get_a_connection_in_time_is_deferred(loop_thread, sink):
    upstream = SmtpUpstream(UpstreamSettings(address=HostPort("127.0.0.1", sink.port), timeout=0.2, pool_size=1))

    async def stuck_and_waiting() -> UpstreamUnavailable:
        await upstream._slots.acquire()          # the one connection is busy with a slow message
        try:
            await upstream.deliver(MESSAGE)
        except UpstreamUnavailable as exc:
            return exc
        raise AssertionError("delivered without a free connection")
    exc = loop_thread.run(stuck_and_waiting())
    assert exc.smtp().startswith("451 4.4.") and "stayed busy" in str(exc)
    assert sink.mail() == []


def test_a_pooled_connection_closed_by_the_server_is_replaced_transparently(loop_thread, sink):
    upstream = _upstream(sink.port)
    loop_thread.run(upstream.deliver(MESSAGE))
    [pooled] = upstream._idle

    async def closed_by_server(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise aiosmtplib.SMTPServerDisconnected("Connection lost")
    pooled.client.execute_command = closed_by_server  # type: ignore[method-assign]
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250     # retried once on a new connection
    loop_thread.run(upstream.close())
    assert len(sink.mail()) == 2 and sink.handler.connections == 2


def test_refusal_and_unavailability_are_told_apart(loop_thread, sink):
    sink.handler.refuse_rcpt[MESSAGE.rcpt_tos[0]] = "450 4.2.1 Mailbox busy"
    upstream = _upstream(sink.port)
    with pytest.raises(UpstreamRefused) as refused:
        loop_thread.run(upstream.deliver(MESSAGE))
    assert refused.value.temporary and refused.value.smtp() == "450 4.2.1 Mailbox busy"
    sink.stop()
    with pytest.raises(UpstreamUnavailable) as down:
        loop_thread.run(_upstream(sink.port).deliver(MESSAGE))
    assert down.value.smtp().startswith("451 4.4.1")
    loop_thread.run(upstream.close())


async def _scripted_upstream(answers: list[bytes]) -> tuple[asyncio.base_events.Server, int, asyncio.Event]:
    """A raw upstream: greets, then writes one answer for each line it reads (EHLO first), then reads to
    the end. The event is set once it has closed its side, so a test can wait for that before its loop
    is closed (else the transport is collected later, in another test, as an unclosed-resource warning)."""
    done = asyncio.Event()

    async def server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 up\r\n")
        for answer in answers:
            await reader.readline()
            writer.write(answer)
        await reader.read()
        writer.close()
        done.set()
    listening = await asyncio.start_server(server, "127.0.0.1", 0)
    return listening, listening.sockets[0].getsockname()[1], done


def _remembering(upstream: SmtpUpstream) -> list[aiosmtplib.SMTP]:
    """The connections ``upstream`` opens, as it opens them."""
    opened: list[aiosmtplib.SMTP] = []
    connect = upstream._connect

    async def remembered() -> aiosmtplib.SMTP:
        opened.append(await connect())
        return opened[-1]
    upstream._connect = remembered  # type: ignore[method-assign]
    return opened


def test_a_delivery_cancelled_mid_transaction_closes_its_connection(loop_thread):
    """The upstream never answers MAIL FROM and the delivery is cancelled (a shutdown): the connection is
    closed, not left open outside the pool."""

    async def go() -> bool:
        listening, port, done = await _scripted_upstream([b"250 hi\r\n"])     # MAIL FROM is never answered
        upstream = _upstream(port)
        opened = _remembering(upstream)
        delivering = asyncio.ensure_future(upstream.deliver(MESSAGE))
        await asyncio.sleep(0.3)
        delivering.cancel()
        with pytest.raises(asyncio.CancelledError):
            await delivering
        await asyncio.wait_for(done.wait(), 5)
        listening.close()
        return bool(opened) and not opened[0].is_connected and upstream._idle == []
    assert loop_thread.run(go())


def test_a_pooled_connection_the_upstream_closes_with_421_at_mail_from_is_replaced(loop_thread, sink):
    """An upstream that timed out our idle connection may say so (421) only when we next speak: nothing
    was sent, so the message goes over a new connection, once, as for a connection closed silently."""
    handle_mail = sink.handler.handle_MAIL
    closing_once: list[str] = []

    async def timed_out(server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        return closing_once.pop() if closing_once else await handle_mail(server, session, envelope, address, options)
    sink.handler.handle_MAIL = timed_out  # type: ignore[method-assign]   (before a session looks it up)
    upstream = _upstream(sink.port)
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250
    closing_once.append("421 4.4.2 sink.test Error: timeout exceeded")
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250
    loop_thread.run(upstream.close())
    assert len(sink.mail()) == 2 and sink.handler.connections == 2


def test_an_upstream_closing_its_connection_is_unavailable_not_a_refusal(loop_thread, sink):
    """421 is about our connection to the upstream: our client is told 451 (its own session goes on),
    and the next message goes over a new connection."""
    upstream = _upstream(sink.port)
    sink.handler.refuse_rcpt[MESSAGE.rcpt_tos[0]] = "421 4.3.2 Service shutting down"
    with pytest.raises(UpstreamUnavailable) as down:
        loop_thread.run(upstream.deliver(MESSAGE))
    assert down.value.smtp().startswith("451 4.4.1") and "421 4.3.2 Service shutting down" in str(down.value)
    assert upstream._idle == []
    sink.handler.refuse_rcpt.clear()
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250
    loop_thread.run(upstream.close())
    assert len(sink.mail()) == 1 and sink.handler.connections == 2


@pytest.mark.parametrize("answered", [
    pytest.param([b"250 hi\r\n"], id="at MAIL FROM"),
    pytest.param([b"250 hi\r\n", b"250 ok\r\n", b"250 ok\r\n"], id="to the DATA command")])
def test_a_garbled_reply_makes_the_upstream_unavailable_and_closes_the_connection(loop_thread, answered):
    """A reply that is not SMTP (aiosmtplib raises its SMTPResponseException for it, code -1) is the
    upstream failing, not refusing: our client is told to retry (451; it could not read a "-1" reply)
    and the connection is not reused."""

    async def go() -> tuple[UpstreamUnavailable, list[aiosmtplib.SMTP]]:
        listening, port, done = await _scripted_upstream([*answered, b"this is not smtp\r\n"])
        upstream = _upstream(port)
        opened = _remembering(upstream)
        try:
            await upstream.deliver(MESSAGE)
        except UpstreamUnavailable as exc:
            await asyncio.wait_for(done.wait(), 5)
            return exc, opened
        finally:
            listening.close()
        raise AssertionError("delivered to a server that does not speak SMTP")
    exc, opened = loop_thread.run(go())
    assert exc.smtp().startswith("451 4.4.") and "Malformed" in str(exc)
    assert opened and not opened[0].is_connected


def test_a_garbled_reply_at_the_end_of_data_is_no_refusal_either(loop_thread, sink):
    sink.handler.data_reply = "this is not smtp"
    upstream = _upstream(sink.port)
    with pytest.raises(UpstreamUnavailable) as down:
        loop_thread.run(upstream.deliver(MESSAGE))
    assert down.value.smtp().startswith("451 4.4.") and "Malformed" in str(down.value)
    assert upstream._idle == []
    loop_thread.run(upstream.close())


def test_the_upstream_client_loads_no_smtp_server():
    """`quarantine release` and the notices deliver through it: the DATA writer once borrowed a helper from
    the relay's DATA reader, which pulled aiosmtpd into every release from the command line."""
    import sys  # noqa: PLC0415

    code = "import sys, mailguard.relay.upstream\nprint('aiosmtpd' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False", done.stderr


def test_starttls_to_the_upstream(loop_thread, tmp_path):
    cert, key = make_certificate(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    sink = Sink(loop_thread)
    handler = sink.handler

    async def start_tls_sink():  # type: ignore[no-untyped-def]
        return await asyncio.get_running_loop().create_server(
            lambda: SMTP(handler, tls_context=ctx, require_starttls=True, hostname="localhost"), "127.0.0.1", 0)
    server = loop_thread.run(start_tls_sink())
    port = server.sockets[0].getsockname()[1]
    upstream = _upstream(port, tls="starttls", ca_file=Path(cert))
    assert loop_thread.run(upstream.deliver(MESSAGE)).code == 250
    loop_thread.run(upstream.close())
    plain = _upstream(port)            # without TLS the server refuses: nothing is sent in the clear
    with pytest.raises((UpstreamRefused, UpstreamUnavailable)):
        loop_thread.run(plain.deliver(MESSAGE))

    async def stop() -> None:
        server.close()
    loop_thread.run(stop())
    assert len(handler.received) == 1


def test_memory_twin_behaves_like_the_real_client():
    twin = MemoryUpstream()
    assert asyncio.run(twin.deliver(MESSAGE)).code == 250 and twin.delivered == [MESSAGE]
    twin.down = True
    with pytest.raises(UpstreamUnavailable):
        asyncio.run(twin.deliver(MESSAGE))


def make_certificate(directory: Path) -> tuple[str, str]:
    """A self-signed certificate for localhost (openssl, part of every Debian system)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return str(cert), str(key)
