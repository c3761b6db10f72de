"""Real SMTP on loopback for tests: an upstream sink we control, and the relay running in-process.

The sink is a plain aiosmtpd server recording every envelope and the exact bytes it receives, and
it can be told to refuse recipients or answer DATA with any reply. Both run on an asyncio loop in a
background thread, so the tests talk to them with real clients (smtplib, swaks) over real sockets.
"""

from __future__ import annotations

import asyncio
import shutil
import smtplib
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from email import message_from_bytes
from pathlib import Path
from typing import Any, TypeVar

from aiosmtpd.smtp import SMTP, Envelope, Session

from mailguard.config import load_config
from mailguard.quarantine.store import QuarantineStore
from mailguard.relay.server import Relay, build_relay
from mailguard.runtime import build_engine
from mailguard.settings import HostPort, load_service_settings, with_overrides
from tests.conftest import EXAMPLE

T = TypeVar("T")
DEFAULT_RULES = {"silent-bcc": "quarantine", "councillor-obligation": "quarantine", "confidential-forward": "block"}


class LoopThread:
    """An event loop in a daemon thread; ``run`` waits for a coroutine's result from test code."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="test-loop")
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        async def cancel_the_rest() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        self.run(cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: tuple[str, ...] = ()    # as given at MAIL FROM: SIZE=, BODY=8BITMIME, SMTPUTF8

    @property
    def notice(self) -> str | None:
        """The kind of mailguard notice this is (held-sender, ...), None for relayed mail."""
        return message_from_bytes(self.data).get("X-Mailguard-Notice")

    def header(self, name: str) -> str | None:
        return message_from_bytes(self.data).get(name)


@dataclass
class SinkHandler:
    received: list[Received] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)
    refuse_mail: dict[str, str] = field(default_factory=dict)
    data_reply: str | None = None
    connections: int = 0
    sessions: set[SMTP] = field(default_factory=set)

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if address.lower() in self.refuse_mail:
            return self.refuse_mail[address.lower()]
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if address.lower() in self.refuse_rcpt:
            reply = self.refuse_rcpt[address.lower()]
            if not reply.startswith("2"):       # (a 2xx given here accepts the address in its own words)
                return reply
            envelope.rcpt_tos.append(address)
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.data_reply is not None:
            return self.data_reply
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or b"",
                                      tuple(envelope.mail_options)))
        return f"250 2.0.0 Ok: queued as SINK{len(self.received)}"


class _CountingSMTP(SMTP):
    def __init__(self, handler: SinkHandler, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._sink_handler = handler

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._sink_handler.connections += 1
        self._sink_handler.sessions.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        self._sink_handler.sessions.discard(self)
        super().connection_lost(error)


class Sink:
    """The upstream mail server of the tests."""

    def __init__(self, loop: LoopThread) -> None:
        self.loop = loop
        self.handler = SinkHandler()
        self.server: asyncio.base_events.Server | None = None
        self.port = 0

    def start(self, port: int = 0) -> Sink:
        async def start() -> asyncio.base_events.Server:
            return await asyncio.get_running_loop().create_server(
                lambda: _CountingSMTP(self.handler, enable_SMTPUTF8=True, hostname="sink.test"),
                "127.0.0.1", port, reuse_address=True)
        self.server = self.loop.run(start())
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        if self.server is not None:
            server = self.server
            self.server = None

            async def stop() -> None:
                server.close()
                for session in list(self.handler.sessions):
                    if session.transport is not None:
                        session.transport.close()
                await asyncio.sleep(0.05)
            self.loop.run(stop())

    @property
    def address(self) -> HostPort:
        return HostPort("127.0.0.1", self.port)

    def mail(self) -> list[Received]:
        """Messages relayed (not mailguard's own notices)."""
        return [r for r in self.handler.received if r.notice is None]

    def notices(self, kind: str | None = None) -> list[Received]:
        return [r for r in self.handler.received if r.notice is not None and (kind is None or r.notice == kind)]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.02)
        return predicate()


def write_config(directory: Path, rules: dict[str, str] | None = None, extra: str = "", mode: str = "enforce") -> Path:
    """A council config folder: the example council, with these rule actions and extra policy.yaml text."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "council.yaml", directory / "council.yaml")
    lines = [f"mode: {mode}", "protocol: leigh-on-sea", "rules:"]
    for rule, action in {**DEFAULT_RULES, **(rules or {})}.items():
        lines.append(f"  {rule}: {action if action.startswith('{') else '{action: ' + action + '}'}")
    (directory / "policy.yaml").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return directory


@dataclass
class RunningRelay:
    relay: Relay
    loop: LoopThread
    sink: Sink
    state: Path
    config: Path

    @property
    def port(self) -> int:
        assert self.relay.address is not None
        return self.relay.address.port

    @property
    def store(self) -> QuarantineStore:
        return self.relay.store

    def stop(self) -> None:
        self.loop.run(self.relay.stop())


def start_relay(tmp: Path, loop: LoopThread, sink: Sink, *, rules: dict[str, str] | None = None, extra: str = "",
                mode: str = "enforce", **overrides: Any) -> RunningRelay:
    config_dir = write_config(tmp / "config", rules, extra, mode)
    config = load_config(config_dir)
    settings = load_service_settings(config)
    relay_settings = with_overrides(settings.relay, upstream_address=sink.address, hostname="relay.test",
                                    **overrides)
    settings = replace(settings, relay=relay_settings)
    engine = build_engine(config_dir, config=config)
    relay = build_relay(engine, settings, tmp / "state", dry_run=mode == "dry-run")
    loop.run(relay.start(HostPort("127.0.0.1", 0)))
    return RunningRelay(relay, loop, sink, tmp / "state", config_dir)


def submit(port: int, mail_from: str, rcpts: list[str], data: bytes, **ehlo: Any) -> tuple[int, str]:
    """One SMTP transaction with smtplib; the first reply that is not a success, else DATA's reply."""
    with smtplib.SMTP("127.0.0.1", port, timeout=20) as client:
        client.ehlo("client.test")
        code, text = client.mail(mail_from, **ehlo)
        if code >= 400:
            return code, text.decode()
        for rcpt in rcpts:
            code, text = client.rcpt(rcpt)
            if code >= 400:
                return code, text.decode()
        code, text = client.data(data)
        return code, text.decode()


def crlf(data: bytes) -> bytes:
    """Mail on the wire has CRLF line ends (aiosmtpd refuses bare LF)."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def run_beside_another_session(work: Coroutine[Any, Any, Any]) -> tuple[Any, int]:
    """Run ``work`` in a fresh event loop beside a task standing for another SMTP session, which counts the
    turns it gets: (what ``work`` returned, the turns). A long piece of work that never yields gives none."""
    turns = 0

    async def other_session() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    async def go() -> tuple[Any, int]:
        other = asyncio.ensure_future(other_session())
        await asyncio.sleep(0)
        before = turns
        result = await work
        other.cancel()
        return result, turns - before
    return asyncio.run(go())
