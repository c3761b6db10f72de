"""bench/smtpload.c, the load client behind the relay throughput figures in docs/performance.md.

It replaced the Python client (bench.load.closed_loop) for those figures, so it must send exactly
what that client sends: every message with its own envelope, its data intact (dot-stuffing
included), and count and time the replies the same way."""

from __future__ import annotations

import shutil
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


def test_a_refusal_is_counted_as_failed_or_sent_as_the_python_client_counts_it(smtpload, sink, tmp_path):
    """A 5xx at the end of DATA is an answer (the relay blocked the message): counted with the sent."""
    sink.handler.data_reply = "554 5.7.1 blocked by policy"
    m = Generator(4).mix()
    path = load.write_transactions(tmp_path / "one.txn", [load.Encoded.of(m)])
    result, _ = load.closed_loop_native(smtpload, "127.0.0.1", sink.port, path, sessions=1, duration=0.3,
                                        warmup=0.0)
    assert result.sent > 0 and result.codes == {"554": result.sent} and result.failed == 0


def test_a_broken_transactions_file_and_a_closed_port_are_errors_that_say_what_happened(smtpload, sink, tmp_path):
    broken = tmp_path / "broken.txn"
    broken.write_bytes(b"T x 12\nMAIL FROM:<a@b>\r\n")
    with pytest.raises(load.SmtpError, match="bad transaction header at byte 0"):
        load.closed_loop_native(smtpload, "127.0.0.1", sink.port, broken, 1, 0.1)
    short = tmp_path / "short.txn"
    short.write_bytes(b"T 1 999\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nSubject: x\r\n")
    with pytest.raises(load.SmtpError, match="message data cut short"):
        load.closed_loop_native(smtpload, "127.0.0.1", sink.port, short, 1, 0.1)
    path = load.write_transactions(tmp_path / "ok.txn", [load.Encoded.of(Generator(5).mix())])
    port = sink.port
    sink.stop()
    with pytest.raises(load.SmtpError, match="connect"):
        load.closed_loop_native(smtpload, "127.0.0.1", port, path, 1, 0.1)
