"""Reading the DATA of an SMTP transaction in one piece instead of line by line.

aiosmtpd reads a message one line at a time (a ``readuntil`` and a dozen Python statements per
line): about 2 us a line, so 0.2 ms for an ordinary 5 KB e-mail, 3 ms for one with a 100 KB
attachment and over a second of event-loop time for a 50 MB scan, during which no other session
is served. :func:`read_data` waits until the stream reader's buffer holds the end-of-data line
(``CRLF . CRLF``), checks the whole message at once (size, line length) and takes it in one slice,
undoing the dot-stuffing with one ``replace``.

It only ever takes the fast way when the outcome is certain to be what aiosmtpd's own loop gives:
the message ends within the size limit and no line is over the line-length limit. Anything else
(a message over the limit, an over-long line, the client going away) returns ``None`` *before a
byte is consumed*, and the caller runs aiosmtpd's loop over exactly the same bytes, so its replies
(500 line too long, 552 too much data) and its memory bound stay as they are. Tests compare the
two on random and hand-made streams.

The buffer is asyncio's ``StreamReader`` internals (``_buffer``, ``_wait_for_data``, ...), stable
since Python 3.5; :func:`supported` checks for them once, and without them the caller uses
aiosmtpd's loop throughout.
"""

from __future__ import annotations

import asyncio
from typing import Any, AnyStr

from aiosmtpd.smtp import MISSING, SMTP, syntax

#: The end of the message data: a line holding a single dot (RFC 5321 4.1.1.4).
END = b"\r\n.\r\n"


def supported(reader: asyncio.StreamReader) -> bool:
    """Whether this reader has the internals :func:`read_data` relies on."""
    return (isinstance(getattr(reader, "_buffer", None), bytearray)
            and all(hasattr(reader, name) for name in ("_wait_for_data", "_maybe_resume_transport", "_eof",
                                                        "_exception")))


async def read_data(reader: asyncio.StreamReader, size_limit: int | None, line_limit: int) -> bytes | None:
    """The message data, dot-stuffing undone, consumed from ``reader``; or None, with nothing consumed,
    when aiosmtpd's own loop must decide (over the limits, or no end yet and the stream has ended).

    ``size_limit`` counts the bytes of the lines as sent (before un-stuffing), as aiosmtpd does;
    ``line_limit`` is the longest line allowed, CRLF included.
    """
    buffer: bytearray = reader._buffer  # type: ignore[attr-defined]
    searched = 0
    while True:
        if buffer[:3] == b".\r\n":          # no data at all: the end line comes first
            del buffer[:3]
            reader._maybe_resume_transport()  # type: ignore[attr-defined]
            return b""
        found = buffer.find(END, max(0, searched - len(END) + 1))
        if found >= 0:
            end = found + 2                   # the data keep their last CRLF
            if size_limit and end > size_limit:
                return None
            with memoryview(buffer) as view:
                data = bytes(view[:end])
            if end > line_limit and _has_long_line(data, line_limit):
                return None
            del buffer[:end + 3]
            reader._maybe_resume_transport()  # type: ignore[attr-defined]
            return _unstuff(data)
        searched = len(buffer)
        if (size_limit and searched > size_limit + len(END)) or reader._exception is not None or reader._eof:  # type: ignore[attr-defined]
            return None
        await reader._wait_for_data("read_data")  # type: ignore[attr-defined]


#: The longest-line check splits this much at a time (a 50 MB scan is ~650,000 lines).
_WINDOW = 1 << 20


def _has_long_line(data: bytes, limit: int) -> bool:
    """Whether a line, its CRLF included, is longer than ``limit`` (lines end at CRLF only, as in
    aiosmtpd). Window by window, cut at a line end, so that a large message is never split into
    hundreds of thousands of small objects at once."""
    start, size = 0, len(data)
    while start < size:
        stop = min(size, start + max(_WINDOW, limit + 2))
        if stop < size:
            cut = data.rfind(b"\r\n", start, stop)
            if cut < 0:                       # a whole window without a line end
                return True
            stop = cut + 2
        if max(map(len, data[start:stop].split(b"\r\n"))) + 2 > limit:
            return True
        start = stop
    return False


def _unstuff(data: bytes) -> bytes:
    """Remove the dot a sender puts before every line that starts with one (RFC 5321 4.5.2)."""
    if data.startswith(b"."):
        data = data[1:]
    return data.replace(b"\r\n.", b"\r\n") if b"\r\n." in data else data


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
        """The message in one piece; aiosmtpd's own DATA for the replies it gives before reading and
        whenever :func:`read_data` leaves the decision to it."""
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
        # What aiosmtpd does next with decode_data=False and a handle_DATA hook.
        self.envelope.content = self.envelope.original_content = data
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()  # type: ignore[no-untyped-call]
        await self.push("250 OK" if status is MISSING else status)
