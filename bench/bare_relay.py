"""The baseline: a bare aiosmtpd relay with no inspection at all, in the same harness as mailguard.

What a peer would deploy without mailguard: aiosmtpd in front, every message handed to the upstream
over the same pooled connections mailguard uses (:class:`mailguard.relay.upstream.SmtpUpstream`),
uvloop when installed, a configured hostname (no DNS lookup per connection), and optionally several
processes sharing the port (SO_REUSEPORT), exactly as ``mailguard relay --processes N`` does.

    python -m bench.bare_relay --listen 127.0.0.1:10125 --upstream 127.0.0.1:10126 [--processes 2]

``--fast-data`` gives it mailguard's one-piece DATA reader instead of aiosmtpd's line-by-line one:
the same SMTP front end as mailguard's, so the bench can say how much of mailguard's ratio to the
stock relay comes from that reader rather than from the inspection.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys

from aiosmtpd.smtp import SMTP, Envelope, Session

from mailguard.relay.data_reader import OnePieceData
from mailguard.relay.upstream import Outgoing, SmtpUpstream, UpstreamError
from mailguard.settings import UpstreamSettings, parse_host_port


class BareHandler:
    def __init__(self, upstream: SmtpUpstream) -> None:
        self.upstream = upstream

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = Outgoing(str(envelope.mail_from or ""), tuple(envelope.rcpt_tos), envelope.original_content or b"",
                           bool(envelope.smtp_utf8))
        try:
            reply = await self.upstream.deliver(message)
        except UpstreamError as exc:
            return exc.smtp()
        return reply.smtp()


def serve(sock: socket.socket, upstream_address: str, fast_data: bool = False) -> None:
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    settings = UpstreamSettings(address=parse_host_port(upstream_address), pool_size=8)

    async def main() -> None:
        upstream = SmtpUpstream(settings, local_hostname="bare.bench")
        handler = BareHandler(upstream)
        loop = asyncio.get_running_loop()
        session = OnePieceData if fast_data else SMTP
        server = await loop.create_server(
            lambda: session(handler, hostname="bare.bench", data_size_limit=64 << 20, enable_SMTPUTF8=True),
            sock=sock)
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        server.close()
        await upstream.close()

    asyncio.run(main())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--fast-data", action="store_true", help="mailguard's one-piece DATA reader")
    args = ap.parse_args(argv)
    listen = parse_host_port(args.listen)
    socks = []
    for _ in range(args.processes):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind((listen.host, listen.port))
        s.listen(256)
        s.setblocking(False)
        socks.append(s)
    if args.processes == 1:
        serve(socks[0], args.upstream, args.fast_data)
        return 0
    children = []
    for i, s in enumerate(socks):
        pid = os.fork()
        if pid == 0:
            for j, other in enumerate(socks):
                if j != i:
                    other.close()
            serve(s, args.upstream, args.fast_data)
            os._exit(0)
        children.append(pid)
    for s in socks:
        s.close()

    def forward(signum: int, _frame: object) -> None:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for pid in children:
        os.waitpid(pid, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
