"""The DATA writer: aiosmtplib's bytes on the wire, without its regular expressions on the event loop."""

from __future__ import annotations

import asyncio
import random

import aiosmtplib
import pytest
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings

from mailguard.relay import data_writer
from mailguard.relay.data_writer import prepare, prepare_now, send_data, supported, wire_form
from tests.relay.harness import run_beside_another_session

HAND_MADE = [
    b"",
    b".",
    b"\r\n",
    b"\n",
    b"\r",
    b"Subject: x\r\n\r\nHello\r\n",
    b"Subject: x\r\n\r\nno final line ending",
    b".leading dot on the first line\r\n",
    b"Subject: x\r\n\r\n.\r\n..\r\n. dot lines\r\n...\r\n",
    b"Subject: x\n\nbare LF only\n.dot after LF\n",
    b"Subject: x\r\rlone CRs\r.dot after CR\r",
    b"mixed\r\r\n\n\r.\r\n\r\r\n.",
    b"\r\n.\r\n",               # a body that would end the data early unless stuffed
    "Subject: caf\u00e9\r\n\r\n8-bit \u00e9\r\n.\u00e9\r\n".encode(),
]


def aiosmtplibs(data: bytes) -> bytes:
    """What aiosmtplib's execute_data_command writes after DATA (its own functions, as it calls them)."""
    return PERIOD_REGEX.sub(b"..", normalize_message_line_endings(data)) + b".\r\n"


@pytest.mark.parametrize("data", HAND_MADE)
def test_hand_made_messages_are_sent_as_aiosmtplib_sends_them(data):
    assert wire_form(data) + data_writer.END == aiosmtplibs(data)


def test_random_messages_are_sent_as_aiosmtplib_sends_them():
    rng = random.Random(6)
    pieces = [b"\r\n", b"\n", b"\r", b".", b"..", b"a", b"text ", b"\r\n.", b"\xc3\xa9", b"\x00"]
    for _ in range(5000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        assert wire_form(data) + data_writer.END == aiosmtplibs(data), data


def test_a_large_message_looked_at_a_window_at_a_time_is_prepared_exactly_as_in_one_go(monkeypatch):
    """Tiny windows put every CR, LF, dot and 8-bit byte on a window's edge somewhere in these messages."""
    monkeypatch.setattr(data_writer, "WINDOW", 3)
    rng = random.Random(7)
    pieces = [b"\r\n", b"\n", b"\r", b".", b"a", b"\r\n.", b"\xc3\xa9"]
    for data in [*HAND_MADE, *(b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25))) for _ in range(3000))]:
        windowed, whole = asyncio.run(prepare(data)), prepare_now(data)
        assert b"".join(windowed.wire) == b"".join(whole.wire), data
        assert windowed.eight_bit == whole.eight_bit and windowed.data is data


def test_eight_bit_mail_is_told_from_ascii_mail():
    assert prepare_now("caf\u00e9\r\n".encode()).eight_bit
    assert not prepare_now(b"plain ascii\r\n").eight_bit


def test_other_sessions_are_served_while_a_large_message_is_prepared():
    big = b"Subject: big\r\n\r\n" + b"A line of a large attachment, base64 perhaps.\r\n" * 200_000   # ~9.4 MB
    prepared, turns = run_beside_another_session(prepare(big))
    assert turns >= len(big) // data_writer.WINDOW
    assert len(prepared.wire) == 1 and prepared.wire[0] is big        # clean mail: not copied


def test_a_large_message_that_needs_rewriting_is_rewritten_a_piece_at_a_time():
    """A 9 MB plain-text log with bare LFs and lines starting with a dot: rewritten in one go it held the
    event loop for a whole-message replace; in pieces, other sessions get a turn between them."""
    big = b"Subject: log\n\n" + b".a log line with a bare LF and a leading dot, as some tools write\n" * 140_000
    prepared, turns = run_beside_another_session(prepare(big))
    assert len(prepared.wire) >= len(big) // data_writer.WINDOW and turns >= 2 * len(big) // data_writer.WINDOW
    assert max(map(len, prepared.wire)) <= 2 * data_writer.WINDOW
    assert b"".join(prepared.wire) == wire_form(big)


def test_clean_mail_is_not_copied_beyond_the_end_line():
    """The common case (CRLF throughout, no line starting with a dot) is the very object given."""
    data = b"Subject: x\r\n\r\n" + b"an ordinary line of an e-mail\r\n" * 1000
    assert wire_form(data) is data


def _deliver(loop_thread, sink, data: bytes, *, ours: bool) -> aiosmtplib.SMTPResponse:  # type: ignore[no-untyped-def]
    async def go() -> aiosmtplib.SMTPResponse:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=sink.port, timeout=5)
        await client.connect()
        try:
            await client.mail("clerk@council.example")
            await client.rcpt("someone@example.org")
            assert supported(client)        # this aiosmtplib has what the fast path drives
            return await (send_data(client, await prepare(data), 5) if ours else client.data(data))
        finally:
            client.close()
    return loop_thread.run(go())


#: Over a megabyte, with a dot at the start of every line: the end line is written on its own.
BIG = b"Subject: big\r\n\r\n" + b".a line of a large attachment that starts with a dot, for the stuffing\r\n" * 16_000


@pytest.mark.parametrize("messages", [HAND_MADE, [BIG]], ids=["hand-made", "over a megabyte"])
def test_the_upstream_receives_what_aiosmtplib_would_have_given_it(loop_thread, sink, messages):
    for data in messages:
        reply = _deliver(loop_thread, sink, data, ours=True)
        _deliver(loop_thread, sink, data, ours=False)
        ours, theirs = sink.mail()[-2:]
        assert reply.code == 250 and ours.data == theirs.data, data[:80]


def test_a_refusal_at_the_end_of_data_is_raised_as_aiosmtplib_raises_it(loop_thread, sink):
    sink.handler.data_reply = "554 5.7.1 Rejected by policy"
    with pytest.raises(aiosmtplib.SMTPDataError) as refused:
        _deliver(loop_thread, sink, b"Subject: x\r\n\r\nbody\r\n", ours=True)
    assert refused.value.code == 554 and "Rejected by policy" in refused.value.message


def test_a_connection_dropped_during_data_closes_the_client(loop_thread):
    """The upstream goes away after 354: the error aiosmtplib raises, and the client is not left half-open."""
    async def go() -> tuple[type[BaseException], bool]:
        async def server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"220 up\r\n")
            for answer in (b"250 hi\r\n", b"250 ok\r\n", b"250 ok\r\n", b"354 go\r\n"):
                await reader.readline()
                writer.write(answer)
            writer.close()
        listening = await asyncio.start_server(server, "127.0.0.1", 0)
        port = listening.sockets[0].getsockname()[1]
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=5)
        await client.connect()
        await client.mail("a@example.org")
        await client.rcpt("b@example.org")
        try:
            await send_data(client, prepare_now(b"Subject: x\r\n\r\nbody\r\n"), 5)
        except aiosmtplib.SMTPException as exc:
            return type(exc), client.is_connected
        finally:
            listening.close()
        raise AssertionError("no error")
    error, connected = loop_thread.run(go())
    assert issubclass(error, aiosmtplib.SMTPServerDisconnected) and not connected


def test_a_delivery_cancelled_while_its_reply_is_in_flight_closes_the_connection(loop_thread):
    """At shutdown, say: a connection with a reply still in flight is closed, not left open."""
    async def go() -> bool:
        async def server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"220 up\r\n")
            for answer in (b"250 hi\r\n", b"250 ok\r\n", b"250 ok\r\n", b"354 go\r\n"):
                await reader.readline()
                writer.write(answer)
            await reader.read()                  # takes the message, never answers it
            writer.close()
        listening = await asyncio.start_server(server, "127.0.0.1", 0)
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=listening.sockets[0].getsockname()[1], timeout=5)
        await client.connect()
        await client.mail("a@example.org")
        await client.rcpt("b@example.org")
        sending = asyncio.ensure_future(send_data(client, prepare_now(b"Subject: x\r\n\r\nbody\r\n"), 5))
        await asyncio.sleep(0.2)
        sending.cancel()
        try:
            await sending
        except asyncio.CancelledError:
            pass
        listening.close()
        await listening.wait_closed()
        return client.is_connected
    assert loop_thread.run(go()) is False


def test_without_the_protocol_internals_the_client_sends_the_data_itself():
    calls: list[bytes] = []

    class Elsewhere:       # a client whose protocol lacks what send_data drives
        protocol = object()

        async def data(self, message: bytes, timeout: float | None = None) -> str:
            calls.append(message)
            return "sent by the client"

    assert asyncio.run(send_data(Elsewhere(), prepare_now(b"x\r\n"), 1)) == "sent by the client"  # type: ignore[arg-type]
    assert calls == [b"x\r\n"]
