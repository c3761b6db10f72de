"""bench/smtpload.c, the load client behind the relay throughput figures in docs/performance.md.

It replaced the Python client (bench.load.closed_loop) for those figures, so it must send exactly
what that client sends: every message with its own envelope, its data intact (dot-stuffing
included), and count and time the replies the same way."""

from __future__ import annotations

import asyncio
import shutil
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest

from bench import load
from bench.corpus import BenchMessage, Generator
from tests.relay.harness import LoopThread, Sink

pytestmark = pytest.mark.skipif(not (shutil.which("cc") or shutil.which("gcc")), reason="needs a C compiler")


@pytest.fixture(scope="module")
def smtpload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    exe = load.build_native(tmp_path_factory.mktemp("smtpload"))
    assert exe is not None, "bench/smtpload.c did not compile"
    return exe


@pytest.fixture
def sink() -> Iterator[Sink]:
    loop = LoopThread()
    s = Sink(loop).start()
    yield s
    s.stop()
    loop.close()


def _crlf(data: bytes) -> bytes:
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def test_every_message_arrives_with_its_own_envelope_and_its_data_intact(smtpload, sink, tmp_path):
    g = Generator(3)
    messages = [g.mix() for _ in range(40)]
    messages.append(BenchMessage("dots", "clerk@example.gov.uk", ("a@example.org", "b@example.org"),
                                 b"Subject: dots\r\n\r\n.hidden line\r\n..two\r\nend\r\n"))
    path = load.write_transactions(tmp_path / "mix.txn", [load.Encoded.of(m) for m in messages])

    result, cpu = load.closed_loop_native(smtpload, "127.0.0.1", sink.port, path, sessions=3, duration=0.6,
                                          warmup=0.2)

    received = sink.handler.received
    assert result.sent > 0 and result.failed == 0 and result.warmup > 0
    assert result.codes == {"250": result.sent}
    assert len(result.latencies) == result.sent and all(0 < s < 5 for s in result.latencies)
    assert len(received) == result.sent + result.warmup
    assert 0 < cpu < 5
    sent_as = {(m.mail_from, m.rcpt_tos, _crlf(m.data)) for m in messages}
    assert {(r.mail_from, tuple(r.rcpt_tos), r.data) for r in received} <= sent_as
    # messages go out in turn across the sessions, so every one was sent at least once here
    assert len({(r.mail_from, tuple(r.rcpt_tos), r.data) for r in received}) == len(messages)
    dots = next(r for r in received if message_from_bytes(r.data)["Subject"] == "dots")
    assert dots.data == b"Subject: dots\r\n\r\n.hidden line\r\n..two\r\nend\r\n"


@pytest.mark.parametrize("reply, counted_as", [("554 5.7.1 blocked by policy", "sent"),
                                                ("451 4.3.0 try again later", "failed")])
def test_replies_are_counted_as_the_python_client_counts_them(smtpload, sink, tmp_path, reply, counted_as):
    """A 5xx at the end of DATA is an answer (the relay blocked the message): counted with the sent;
    a 4xx is a failure to deliver."""
    sink.handler.data_reply = reply
    encoded = [load.Encoded.of(Generator(4).mix())]
    path = load.write_transactions(tmp_path / "one.txn", encoded)
    native, _ = load.closed_loop_native(smtpload, "127.0.0.1", sink.port, path, sessions=1, duration=0.3,
                                        warmup=0.0)
    python = asyncio.run(load.closed_loop("127.0.0.1", sink.port, encoded, 1, 0.3, warmup=0.0))
    for result in (native, python):
        n = sum(result.codes.values())
        assert n > 0 and set(result.codes) == {reply[:3]}
        assert (result.sent, result.failed) == ((n, 0) if counted_as == "sent" else (0, n))


def test_replies_in_pieces_multi_line_replies_and_a_message_larger_than_the_socket_takes_at_once(
        smtpload, tmp_path):
    """A server that answers a byte at a time, in several lines, while a 3 MB message is written in parts."""
    big = b"Subject: big\r\n\r\n" + b"0123456789abcdef" * (3 * 1024 * 1024 // 16) + b"\r\n"
    m = BenchMessage("big", "clerk@example.gov.uk", ("a@example.org",), big)
    path = load.write_transactions(tmp_path / "big.txn", [load.Encoded.of(m)])
    got: list[bytes] = []
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = server.accept()
        with conn, conn.makefile("rb") as reader:
            def say(text: bytes) -> None:
                for byte in text:
                    conn.sendall(bytes([byte]))
            say(b"220-sink.test\r\n220 ready\r\n")
            while line := reader.readline():
                if line.startswith(b"EHLO"):
                    say(b"250-sink.test\r\n250-SIZE 99999999\r\n250 8BITMIME\r\n")
                elif line.startswith(b"DATA"):
                    say(b"354 go ahead\r\n")
                    data = b""
                    while not data.endswith(b"\r\n.\r\n"):
                        data += reader.readline()
                    got.append(data)
                    say(b"250-first line\r\n250 queued\r\n")
                elif line.startswith(b"QUIT"):
                    say(b"221 bye\r\n")
                    return
                else:
                    say(b"250 ok\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    result, _ = load.closed_loop_native(smtpload, "127.0.0.1", server.getsockname()[1], path, sessions=1,
                                        duration=0.2, warmup=0.0)
    thread.join(10)
    server.close()
    assert result.codes == {"250": result.sent} and result.sent >= 1 and len(got) == result.sent
    assert all(data == big + b".\r\n" for data in got)


def test_a_broken_transactions_file_and_a_closed_port_are_errors_that_say_what_happened(smtpload, sink, tmp_path):
    broken = tmp_path / "broken.txn"
    broken.write_bytes(b"T x 12\nMAIL FROM:<a@b>\r\n")
    with pytest.raises(load.SmtpError, match="bad transaction header at byte 0"):
        load.closed_loop_native(smtpload, "127.0.0.1", sink.port, broken, 1, 0.1)
    unended = tmp_path / "unended.txn"
    unended.write_bytes(b"T 1 11\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nSubject: x\r\n")
    with pytest.raises(load.SmtpError, match="does not end with CRLF.CRLF"):
        load.closed_loop_native(smtpload, "127.0.0.1", sink.port, unended, 1, 0.1)
    short = tmp_path / "short.txn"
    short.write_bytes(b"T 1 999\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nSubject: x\r\n")
    with pytest.raises(load.SmtpError, match="message data cut short"):
        load.closed_loop_native(smtpload, "127.0.0.1", sink.port, short, 1, 0.1)
    path = load.write_transactions(tmp_path / "ok.txn", [load.Encoded.of(Generator(5).mix())])
    port = sink.port
    sink.stop()
    with pytest.raises(load.SmtpError, match="connect"):
        load.closed_loop_native(smtpload, "127.0.0.1", port, path, 1, 0.1)
