"""Reading the DATA of an SMTP transaction in one piece instead of line by line.

aiosmtpd reads a message one line at a time (a ``readuntil`` and a dozen Python statements per
line): about 2 us a line, so 0.2 ms for an ordinary 5 KB e-mail, 3 ms for one with a 100 KB
attachment and over a second of event-loop time for a 50 MB scan, during which no other session
is served. :func:`read_data` waits until the stream reader's buffer holds the end-of-data line
(``CRLF . CRLF``), checks the lines as they arrive with whole-buffer operations (size, line
length) and takes the message in one slice, undoing the dot-stuffing with one ``replace``.

Its answers are aiosmtpd's, byte for byte: the same message, or, when a limit is broken, the same
reply (500 line too long, 552 too much data, decided by the first line that breaks one, as
aiosmtpd's loop decides), after reading and dropping the rest of the data as it arrives, so memory
stays bounded by the limit. If the client goes away before the end line while the data are still
within the limits, nothing is consumed and aiosmtpd's loop takes over the same bytes. Tests run
both side by side on random and hand-made streams.

The buffer is asyncio's ``StreamReader`` internals (``_buffer``, ``_wait_for_data``, ...), stable
since Python 3.5; :func:`supported` checks for them, and without them aiosmtpd's loop is used.
"""

from __future__ import annotations

import asyncio
from typing import Any, AnyStr

from aiosmtpd.smtp import MISSING, SMTP, syntax

from mailguard.relay.data_writer import line_pieces

#: The end of the message data: a line holding a single dot (RFC 5321 4.1.1.4).
END = b"\r\n.\r\n"
#: aiosmtpd's answers when the data break a limit (its own wording, so clients see no difference).
TOO_LONG = "500 Line too long (see RFC5321 4.5.3.1.6)"
TOO_MUCH = "552 Error: Too much mail data"
#: The line-length check splits this much at a time (a 50 MB scan is ~650,000 lines).
_WINDOW = 1 << 20


def supported(reader: asyncio.StreamReader) -> bool:
    """Whether this reader has the internals :func:`read_data` relies on."""
    return (isinstance(getattr(reader, "_buffer", None), bytearray)
            and all(hasattr(reader, name) for name in ("_wait_for_data", "_maybe_resume_transport", "_eof",
                                                        "_exception")))


async def read_data(reader: asyncio.StreamReader, size_limit: int | None, line_limit: int) -> bytes | str | None:
    """The message data, dot-stuffing undone, consumed from ``reader`` with the end line.

    Or the reply aiosmtpd would give (:data:`TOO_LONG`, :data:`TOO_MUCH`) once the data break a
    limit, after the rest of the data has been read and dropped. Or None, with nothing consumed,
    when the stream ends or fails before the end line while the data are within the limits.

    ``size_limit`` counts the bytes of the lines as sent (before un-stuffing), as aiosmtpd does;
    ``line_limit`` is the longest line allowed, CRLF included (aiosmtpd's ``line_length_limit``,
    which is also its stream reader's limit).
    """
    buffer: bytearray = reader._buffer  # type: ignore[attr-defined]
    searched = 0        # the end line has been looked for up to here
    checked = 0         # the lines before this offset break neither limit
    while True:
        if checked == 0 and buffer[:3] == b".\r\n":      # no data at all: the end line comes first
            del buffer[:3]
            reader._maybe_resume_transport()  # type: ignore[attr-defined]
            return b""
        found = buffer.find(END, max(0, searched - len(END) + 1))
        upto = found + 2 if found >= 0 else _whole_lines(buffer)
        problem = _first_problem(buffer, checked, upto, size_limit, line_limit)
        if problem is None and found < 0 and _partial_line(buffer, upto) > line_limit:
            problem = TOO_LONG                # a line still arriving is already longer than aiosmtpd reads
        if problem is not None:
            return await _drop_rest(reader, problem, found)
        checked = max(checked, upto)
        if found >= 0:
            with memoryview(buffer) as view:
                data = bytes(view[:upto])
            del buffer[:found + len(END)]
            reader._maybe_resume_transport()  # type: ignore[attr-defined]
            return await _unstuff(data)
        searched = len(buffer)
        if reader._exception is not None or reader._eof:  # type: ignore[attr-defined]
            return None
        await reader._wait_for_data("read_data")  # type: ignore[attr-defined]


def _whole_lines(buffer: bytearray) -> int:
    """Where the last whole line in ``buffer`` ends (0: none yet)."""
    last = buffer.rfind(b"\r\n")
    return last + 2 if last >= 0 else 0


def _partial_line(buffer: bytearray, start: int) -> int:
    """The length of the text of the line begun at ``start`` and not ended yet (a CR at the very end
    may be the first half of its CRLF)."""
    length = len(buffer) - start
    return length - 1 if buffer.endswith(b"\r") else length


def _first_problem(buffer: bytearray, start: int, upto: int, size_limit: int | None, line_limit: int) -> str | None:
    """What aiosmtpd would answer for the whole lines in ``buffer[start:upto]`` (those before
    ``start`` being fine), or None when they break no limit.

    aiosmtpd goes line by line: a line whose text is longer than ``line_limit`` makes its stream
    reader overrun (too long, before the line is counted); any other line is counted (too much once
    the total is over ``size_limit``) and then measured (too long when, with its CRLF, it is over
    ``line_limit``). So the first line that breaks either limit decides, and on one line an overrun
    comes before the size and the size before the measure.
    """
    if upto <= start:
        return None
    long_line = _first_long_line(buffer, start, upto, line_limit) if upto - start > line_limit else None
    if not (size_limit and upto > size_limit):
        return TOO_LONG if long_line is not None else None
    crossing_end = buffer.find(b"\r\n", max(size_limit - 1, start)) + 2     # the line that takes the total over
    crossing_start = buffer.rfind(b"\r\n", 0, crossing_end - 2) + 2
    if long_line is None or long_line[0] > crossing_start:
        return TOO_MUCH
    if long_line[0] < crossing_start:
        return TOO_LONG
    return TOO_LONG if (crossing_end - crossing_start) - 2 > line_limit else TOO_MUCH


def _first_long_line(buffer: bytearray, start: int, upto: int, limit: int) -> tuple[int, int] | None:
    """(start, end) of the first line in ``buffer[start:upto]`` longer than ``limit`` with its CRLF.

    Window by window, cut at a line end, so a large message is never split into hundreds of
    thousands of small objects at once; only a window holding a long line is walked line by line.
    """
    while start < upto:
        stop = min(upto, start + max(_WINDOW, limit + 2))
        if stop < upto:
            cut = buffer.rfind(b"\r\n", start, stop)
            if cut < 0:                       # a whole window without a line end: that line is long
                return start, buffer.find(b"\r\n", start) + 2
            stop = cut + 2
        with memoryview(buffer) as view:
            lines = bytes(view[start:stop]).split(b"\r\n")
        if max(map(len, lines)) + 2 > limit:
            at = start
            for line in lines:
                if len(line) + 2 > limit:
                    return at, at + len(line) + 2
                at += len(line) + 2
        start = stop
    return None


async def _drop_rest(reader: asyncio.StreamReader, problem: str, found: int) -> str:
    """Read and drop everything up to and including the end line, as aiosmtpd does once a limit is
    broken (keeping the last few bytes, which may be the start of the end line); then ``problem``."""
    buffer: bytearray = reader._buffer  # type: ignore[attr-defined]
    while found < 0:
        keep = len(END) - 1
        if len(buffer) > keep:
            del buffer[:len(buffer) - keep]
            reader._maybe_resume_transport()  # type: ignore[attr-defined]
        if reader._exception is not None:  # type: ignore[attr-defined]
            raise reader._exception  # type: ignore[attr-defined]
        if reader._eof:  # type: ignore[attr-defined]
            return problem                    # the client went away: nobody reads the answer
        await reader._wait_for_data("read_data")  # type: ignore[attr-defined]
        found = buffer.find(END)
    del buffer[:found + len(END)]
    reader._maybe_resume_transport()  # type: ignore[attr-defined]
    return problem


async def _unstuff(data: bytes) -> bytes:
    """Remove the dot a sender puts before every line that starts with one (RFC 5321 4.5.2).

    A large message is searched a window at a time, and if it has such lines rewritten a piece at a time,
    other sessions served in between (one search takes ~40 ms and one rewrite ~130 ms for 50 MB in one go
    on this machine)."""
    if len(data) <= _WINDOW:
        if data.startswith(b"."):
            data = data[1:]
        return data.replace(b"\r\n.", b"\r\n") if b"\r\n." in data else data
    stuffed = data.startswith(b".")
    for start in range(0, len(data), _WINDOW):
        if stuffed:
            break
        stuffed = data.find(b"\r\n.", start, start + _WINDOW + 2) >= 0
        await asyncio.sleep(0)
    if not stuffed:
        return data
    pieces = []
    for piece in line_pieces(data, _WINDOW, b"\r\n"):   # each begins a line: a leading dot is a stuffed one
        piece = piece.replace(b"\r\n.", b"\r\n")
        pieces.append(piece[1:] if piece.startswith(b".") else piece)
        await asyncio.sleep(0)
    return b"".join(pieces)


class OnePieceData(SMTP):
    """aiosmtpd's SMTP session with DATA read by :func:`read_data` (bytes only: ``decode_data`` is off)."""

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        super().__init__(handler, decode_data=False, **kwargs)
        self._hide_354 = False

    async def push(self, status: AnyStr) -> None:
        if self._hide_354 and status[:3] in ("354", b"354"):   # already sent: see smtp_DATA
            self._hide_354 = False
            return
        await super().push(status)

    @syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        """The message in one piece; aiosmtpd's own DATA for the replies it gives before reading, and
        when the client goes away mid-message with :func:`read_data` having consumed nothing."""
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        if (arg or self.envelope is None or not self.envelope.rcpt_tos or not supported(self._reader)
                or "DATA" not in self._handle_hooks):
            await super().smtp_DATA(arg)
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            data = await read_data(self._reader, self.data_size_limit, self.line_length_limit)
        except asyncio.CancelledError:      # the client went away mid-message (as aiosmtpd does)
            self._writer.close()
            raise
        if data is None:                    # nothing consumed: aiosmtpd reads the same bytes, its 354 unsent
            self._hide_354 = True
            await super().smtp_DATA(arg)
            return
        if isinstance(data, str):           # a limit broken: aiosmtpd's answer, the data dropped
            await self.push(data)
            self._set_post_data_state()  # type: ignore[no-untyped-call]
            return
        # What aiosmtpd does next with decode_data=False and a handle_DATA hook.
        self.envelope.content = self.envelope.original_content = data
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()  # type: ignore[no-untyped-call]
        await self.push("250 OK" if status is MISSING else status)
