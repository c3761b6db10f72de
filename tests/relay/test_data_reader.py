"""The one-piece DATA reader answers exactly as aiosmtpd's line-by-line loop, over real sockets.

Two servers on loopback, aiosmtpd's own ``SMTP`` and the relay's session class, get the same byte
streams (sent in random pieces, with the next commands pipelined behind the data) and must give the
same replies and hand the same message bytes to their handler: ordinary mail, dot-stuffed lines,
bare CR and LF, lines around the length limit, messages around the size limit, empty messages.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session

from mailguard.relay import data_reader
from mailguard.relay.server import _Session
from tests.relay.harness import run_beside_another_session

SIZE_LIMIT = 3000
COMMANDS = b"EHLO client.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n"
AFTER = b"RSET\r\nNOOP\r\nQUIT\r\n"


class Capture:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(bytes(envelope.original_content or b""))
        return "250 2.0.0 taken"

    def session_ended(self, session: Any) -> None:
        pass


async def _serve(make: Any) -> tuple[asyncio.base_events.Server, int]:
    server = await asyncio.get_running_loop().create_server(make, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def _converse(port: int, stream: bytes, rng: random.Random) -> bytes:
    """Send ``stream`` in random pieces; everything the server answers until it closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    pos = 0
    while pos < len(stream):
        step = rng.choice((1, 2, 3, 5, 40, 700, 4096, len(stream)))
        writer.write(stream[pos: pos + step])
        await writer.drain()
        pos += step
        if rng.random() < 0.3:
            await asyncio.sleep(0.001)
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


def _compare(streams: list[bytes], seed: int = 7) -> list[tuple[bytes, list[bytes]]]:
    """For each stream, (replies, messages) from aiosmtpd and from the relay's session; asserts equal."""
    async def run() -> list[tuple[bytes, list[bytes]]]:
        stock, ours = Capture(), Capture()
        kwargs = {"data_size_limit": SIZE_LIMIT, "enable_SMTPUTF8": True, "hostname": "test"}
        s1, p1 = await _serve(lambda: SMTP(stock, **kwargs))
        s2, p2 = await _serve(lambda: _Session(ours, set(), **kwargs))  # type: ignore[arg-type]
        out = []
        try:
            for i, stream in enumerate(streams):
                stock.messages.clear()
                ours.messages.clear()
                want = await _converse(p1, stream, random.Random(seed + i))
                got = await _converse(p2, stream, random.Random(seed + i))
                assert got == want, f"stream {i}: replies differ\n{stream[:300]!r}"
                assert ours.messages == stock.messages, f"stream {i}: message bytes differ\n{stream[:300]!r}"
                out.append((got, list(ours.messages)))
        finally:
            s1.close()
            s2.close()
        return out
    return asyncio.run(run())


def _stream(body: bytes) -> bytes:
    return COMMANDS + body + b".\r\n" + AFTER


def test_ordinary_dot_stuffed_and_empty_messages_are_read_as_aiosmtpd_reads_them():
    bodies = [
        b"Subject: hi\r\n\r\nHello.\r\n",
        b"",
        b"\r\n",
        b"..leading dot\r\n.\r\n".replace(b".\r\n.\r\n", b".\r\n..\r\n"),
        b".only a dot line follows\r\n..\r\n...\r\nend\r\n",
        b"Subject: x\r\n\r\nline\rwith bare CR\r\nand\nbare LF\r\n.\n.\r\n",
        b"x" * 998 + b"\r\n",        # 1000 with its CRLF: allowed
        b"y" * 999 + b"\r\n",        # 1001: allowed (aiosmtpd's limit)
    ]
    results = _compare([_stream(b) for b in bodies])
    assert results[0][1] == [b"Subject: hi\r\n\r\nHello.\r\n"]
    assert results[1][1] == [b""]
    assert results[4][1] == [b"only a dot line follows\r\n.\r\n..\r\nend\r\n"]
    assert all(b"250 2.0.0 taken" in replies for replies, _ in results)


def test_over_long_lines_and_oversized_messages_get_aiosmtpds_own_answers():
    bodies = [
        b"z" * 1000 + b"\r\n",                       # 1002 with CRLF: 500 line too long
        b"ok\r\n" + b"w" * 5000 + b"\r\nmore\r\n",   # far too long
        (b"a" * 70 + b"\r\n") * 60,                   # 4,320 bytes: 552 too much data
        (b"b" * 70 + b"\r\n") * 40 + b"c" * 1500 + b"\r\n",   # long line first, then over the size
        b"d" * 1500 + b"\r\n" + (b"e" * 70 + b"\r\n") * 60,
        (b"f" * 70 + b"\r\n") * 42,                   # 3,024: just over
        (b"g" * 70 + b"\r\n") * 41 + b"h" * 40 + b"\r\n",   # 2,994: just under
        (b"i" * 70 + b"\r\n") * 41 + b"j" * 47 + b"\r\n" + b"k" * 1500 + b"\r\n",   # 3,001 (552), then a long line
        (b"l" * 70 + b"\r\n") * 41 + b"m" * 46 + b"\r\n" + b"n" * 1500 + b"\r\n",   # 3,000, then a long line (500)
    ]
    results = _compare([_stream(b) for b in bodies])
    replies = [r for r, _ in results]
    assert b"500 Line too long" in replies[0] and b"500 Line too long" in replies[1]
    assert b"552" in replies[2] and b"552" in replies[5]
    assert results[6][1] and b"250 2.0.0 taken" in replies[6]
    assert b"552" in replies[7] and b"500 Line too long" in replies[8]


def _random_streams(rng: random.Random, count: int) -> list[bytes]:
    pieces = [b"a", b"bc", b".", b"..", b"\r", b"\n", b"\r\n", b"\r\n.", b".\r\n", b" ", b"x" * 200, b"y" * 990,
              "é".encode(), b"\x00", b"\r\n\r\n"]
    streams = []
    for _ in range(count):
        body = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        body = body.replace(b"\r\n.\r\n", b"\r\n..\r\n")
        if body.startswith(b".\r\n"):
            body = b"." + body
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        if body == b"\r\n" or body.endswith(b"\r\n.\r\n"):
            body = b"q" + body
        streams.append(_stream(body))
    return streams


def test_random_streams_read_alike():
    _compare(_random_streams(random.Random(2026), 120))


def test_random_streams_read_alike_when_the_stuffed_dots_are_looked_for_in_tiny_windows(monkeypatch):
    """A large message is searched for dot-stuffed lines a window at a time: every edge case on an edge."""
    monkeypatch.setattr(data_reader, "_WINDOW", 3)
    _compare(_random_streams(random.Random(2027), 60))


def _sized(size: int) -> bytes:
    """A body of exactly ``size`` bytes as sent, in dot-stuffed lines of ordinary length."""
    if size == 0:
        return b""
    line = b"..stuffed line of ordinary length, forty-odd\r\n"
    body = line * ((size - 2) // len(line))
    return body + b"x" * (size - 2 - len(body)) + b"\r\n"


@pytest.mark.parametrize("size", [0, 2, 2999, 3000, 3001, 3002])
def test_the_size_limit_counts_the_bytes_as_sent(size):
    """Exactly at the limit is accepted; one byte over is 552 (counted before un-stuffing)."""
    body = _sized(size)
    assert len(body) == size
    [(replies, messages)] = _compare([_stream(body)])
    if size <= SIZE_LIMIT:
        assert len(messages) == 1 and b"250 2.0.0 taken" in replies
    else:
        assert b"552" in replies and messages == []


def test_an_end_line_split_across_arrivals_is_found():
    """The data arrive a byte at a time: the CRLF . CRLF that ends them spans several arrivals."""
    async def run() -> bytes | None:
        reader = asyncio.StreamReader(limit=1001)
        stream = b"Subject: s\r\n\r\nbody\r\n.\r\nQUIT\r\n"

        async def feed() -> None:
            for i in range(len(stream)):
                reader.feed_data(stream[i: i + 1])
                await asyncio.sleep(0)
        feeding = asyncio.ensure_future(feed())
        got = await asyncio.wait_for(data_reader.read_data(reader, None, 1001), 5)
        await feeding
        return got
    assert asyncio.run(run()) == b"Subject: s\r\n\r\nbody\r\n"


def test_over_a_limit_the_rest_is_dropped_and_the_next_command_kept():
    async def run(data: bytes) -> tuple[bytes | str | None, bytes]:
        reader = asyncio.StreamReader(limit=1001)
        reader.feed_data(data)
        got = await data_reader.read_data(reader, 3000, 1001)
        return got, bytes(reader._buffer)   # type: ignore[attr-defined]
    assert asyncio.run(run((b"a" * 70 + b"\r\n") * 50 + b".\r\nQUIT\r\n")) == (data_reader.TOO_MUCH, b"QUIT\r\n")
    assert asyncio.run(run(b"a" * 4000 + b"\r\n.\r\nQUIT\r\n")) == (data_reader.TOO_LONG, b"QUIT\r\n")


def test_a_client_gone_before_the_end_leaves_the_stream_to_aiosmtpd_untouched():
    async def run() -> tuple[bytes | str | None, bytes]:
        reader = asyncio.StreamReader(limit=1001)
        reader.feed_data(b"Subject: s\r\n\r\nhalf a mess")
        reader.feed_eof()
        got = await data_reader.read_data(reader, 3000, 1001)
        return got, bytes(reader._buffer)   # type: ignore[attr-defined]
    assert asyncio.run(run()) == (None, b"Subject: s\r\n\r\nhalf a mess")


def test_a_message_far_over_the_limit_is_never_held_whole():
    """Memory stays bounded by the limit: the buffer is drained as the rest arrives."""
    async def run() -> tuple[bytes | str | None, int]:
        reader = asyncio.StreamReader(limit=1001)
        biggest = 0

        async def feed() -> None:
            nonlocal biggest
            for _ in range(2000):
                reader.feed_data(b"x" * 998 + b"\r\n")
                biggest = max(biggest, len(reader._buffer))   # type: ignore[attr-defined]
                await asyncio.sleep(0)
            reader.feed_data(b".\r\n")
        feeding = asyncio.ensure_future(feed())
        got = await data_reader.read_data(reader, 50_000, 1001)
        await feeding
        return got, biggest
    got, biggest = asyncio.run(run())
    assert got == data_reader.TOO_MUCH and biggest < 60_000


def test_the_fast_reader_takes_exactly_the_message_and_leaves_the_next_command():
    async def run() -> tuple[bytes | None, bytes]:
        reader = asyncio.StreamReader(limit=1001)
        reader.feed_data(b"Subject: s\r\n\r\n..dot\r\n.\r\nQUIT\r\n")
        got = await data_reader.read_data(reader, None, 1001)
        assert data_reader.supported(reader)
        return got, bytes(reader._buffer)   # type: ignore[attr-defined]
    got, rest = asyncio.run(run())
    assert got == b"Subject: s\r\n\r\n.dot\r\n" and rest == b"QUIT\r\n"


def test_random_streams_around_both_limits_get_aiosmtpds_answers():
    """Lines of lengths on either side of the line limit, totals on either side of the size limit:
    which limit is broken first, and whether on the same line, decides 500 or 552."""
    rng = random.Random(31)
    lengths = [0, 1, 60, 500, 997, 998, 999, 1000, 1001, 1002, 1500, 2600]
    streams = []
    for _ in range(150):
        lines = []
        total = 0
        target = rng.choice([1500, 2900, 2990, 3000, 3010, 3600, 6000])
        while total < target:
            n = rng.choice(lengths) if rng.random() < 0.3 else rng.choice([40, 70, 76])
            line = (b"." if rng.random() < 0.1 else b"") + b"m" * n
            lines.append(line + b"\r\n")
            total += len(line) + 2
        streams.append(_stream(b"".join(lines)))
    _compare(streams, seed=99)


@pytest.mark.parametrize("body, answer", [
    ((b"i" * 70 + b"\r\n") * 41 + b"j" * 47 + b"\r\n" + b"k" * 1500 + b"\r\n", data_reader.TOO_MUCH),
    ((b"l" * 70 + b"\r\n") * 41 + b"m" * 46 + b"\r\n" + b"n" * 1500 + b"\r\n", data_reader.TOO_LONG),
    ((b"o" * 70 + b"\r\n") * 41 + b"p" * 1000 + b"\r\n", data_reader.TOO_MUCH),    # crosses the size, measured after
    ((b"q" * 70 + b"\r\n") * 41 + b"r" * 1002 + b"\r\n", data_reader.TOO_LONG),    # crosses the size, overruns first
])
def test_the_first_limit_broken_decides_also_when_everything_arrives_at_once(body, answer):
    async def run() -> bytes | str | None:
        reader = asyncio.StreamReader(limit=1001)
        reader.feed_data(body + b".\r\nQUIT\r\n")
        return await data_reader.read_data(reader, 3000, 1001)
    assert asyncio.run(run()) == answer
    assert _compare([_stream(body)])[0][0].count(answer[:3].encode()) == 1   # and aiosmtpd agrees


def test_a_large_stuffed_message_is_unstuffed_a_piece_at_a_time_with_other_sessions_served_between():
    """9 MB with every line dot-stuffed: one whole-message replace held the event loop (~130 ms for 50 MB)."""
    data = b".Subject: log\r\n\r\n" + b"..a line of a log that starts with a dot\r\n" * 220_000
    unstuffed, turns = run_beside_another_session(data_reader._unstuff(data))
    assert unstuffed == data[1:].replace(b"\r\n.", b"\r\n")
    assert turns >= len(data) // data_reader._WINDOW       # a turn after every piece
