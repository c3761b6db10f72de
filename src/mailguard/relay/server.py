"""Starting, running and stopping the relay: ``mailguard relay``.

Start-up checks everything before the port opens (config sections, templates, the state directory,
the TLS files), so a mistake is a clear error at start rather than a 451 to the first client.
SIGTERM (systemd stop) and SIGINT stop gracefully: the port closes at once, idle connections get
``421``, transactions in flight get up to ``timeouts: shutdown`` to finish, notices still being sent
are given a few seconds, and the process exits 0.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import random
import signal
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from aiosmtpd.smtp import SMTP

from mailguard.engine import Engine
from mailguard.errors import RelayError
from mailguard.ledger_store import PersistentLedger
from mailguard.notify import Notifier, load_templates
from mailguard.quarantine.review import Review
from mailguard.quarantine.store import QuarantineStore
from mailguard.relay import affinity, replies
from mailguard.relay.data_reader import OnePieceData
from mailguard.relay.handler import RelayHandler
from mailguard.relay.inspection import Inspector, Isolation
from mailguard.relay.logs import event
from mailguard.relay.upstream import SmtpUpstream, Upstream
from mailguard.settings import CpuAffinity, HostPort, ServiceSettings

log = logging.getLogger("mailguard.relay")

#: How often the running relay looks for held items that are due a reminder.
REMIND_INTERVAL = 900.0


class _Session(OnePieceData):
    """aiosmtpd's protocol with the one-piece DATA reader, plus the bookkeeping a graceful shutdown needs."""

    def __init__(self, handler: RelayHandler, sessions: set[_Session], **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._relay_handler = handler
        self._sessions = sessions

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._sessions.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        self._sessions.discard(self)
        self._relay_handler.session_ended(self)
        super().connection_lost(error)

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        """aiosmtpd parses every MAIL FROM / RCPT TO argument with the e-mail header parser and
        defines a class on each call (~65 us, a sixth of a bare relay's CPU); the answer depends only
        on the argument and the local-part limit, and a council uses the same few hundred addresses."""
        return _getaddr(arg, self.local_part_limit)


@functools.lru_cache(maxsize=4096)
def _getaddr(arg: str, local_part_limit: int) -> tuple[str | None, str | None]:
    return SMTP._getaddr(_AddrParser(local_part_limit), arg)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _AddrParser:
    """All of an SMTP session that aiosmtpd's ``_getaddr`` reads."""

    local_part_limit: int


@dataclass
class Relay:
    """A running relay: its parts, so tests and the CLI can start and stop it the same way."""

    handler: RelayHandler
    settings: ServiceSettings
    upstream: Upstream
    store: QuarantineStore
    ledger: PersistentLedger
    inspector: Inspector
    review: Review | None
    server: asyncio.base_events.Server | None = None
    address: HostPort | None = None

    def __post_init__(self) -> None:
        self.sessions: set[_Session] = set()
        self._stopped = asyncio.Event()
        self._reminders: asyncio.Task[None] | None = None
        #: Other tasks that live as long as the relay serves (the CPU keeper); cancelled by stop().
        self.background: list[asyncio.Task[None]] = []

    async def start(self, listen: HostPort, sock: socket.socket | None = None) -> HostPort:
        """Open the port (or serve on ``sock``, a listening socket shared with other relay processes)."""
        s = self.settings.relay
        tls_context = _listener_tls(s.tls.certificate, s.tls.key) if s.tls is not None else None
        hostname = s.hostname or socket.gethostname()

        def factory() -> _Session:
            return _Session(self.handler, self.sessions, data_size_limit=s.max_message_size, enable_SMTPUTF8=True,
                            hostname=hostname, ident="mailguard ESMTP", tls_context=tls_context,
                            require_starttls=bool(s.tls and s.tls.required), timeout=s.client_timeout)

        loop = asyncio.get_running_loop()
        try:
            if sock is not None:
                self.server = await loop.create_server(factory, sock=sock)
            else:
                self.server = await loop.create_server(factory, host=listen.host, port=listen.port,
                                                       reuse_address=True)
        except OSError as exc:
            raise RelayError(f"cannot listen on {listen}: {exc.strerror or exc}; is another mail server or "
                             f"mailguard already using that port?") from exc
        bound = self.server.sockets[0].getsockname()
        self.address = HostPort(str(bound[0]), int(bound[1]))
        if self.review is not None:
            self._reminders = loop.create_task(self._remind_forever())
        event(log, "listening", address=str(self.address), upstream=str(s.upstream.address),
              mode="dry-run" if self.handler.dry_run else "enforce", max_message_size=s.max_message_size,
              allowed_networks=[str(n) for n in s.allowed_networks], starttls=tls_context is not None)
        return self.address

    async def stop(self) -> None:
        """Graceful: no new connections, finish transactions in flight, then close."""
        if self.server is None:
            return
        started = time.monotonic()
        self.handler.closing = True
        self.server.close()
        for session in list(self.sessions):
            if session not in self.handler.in_flight:
                _say_goodbye(session)
        deadline = started + self.settings.relay.shutdown_grace
        while self.handler.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        unfinished = len(self.handler.in_flight)
        await asyncio.sleep(0.05)   # let the last replies flush
        for session in list(self.sessions):
            if session.transport is not None:
                session.transport.close()
        tasks = [t for t in (self._reminders, *self.background) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.handler.drain(timeout=5.0)
        await self.upstream.close()
        self.inspector.close()
        self.store.close()
        self.ledger.close()
        event(log, "stopped", seconds=round(time.monotonic() - started, 3), unfinished_transactions=unfinished)
        self._stopped.set()

    def reviewer(self) -> Review:
        """A :class:`Review` sharing this relay's store, upstream connections, notices and ledger."""
        return Review(self.store, self.upstream, self.handler.notifier, self.settings.quarantine, self.ledger)

    async def wait_stopped(self) -> None:
        await self._stopped.wait()

    async def _remind_forever(self) -> None:
        assert self.review is not None
        while True:
            try:
                done = await self.review.remind()
                if done.reminded or done.escalated:
                    event(log, "reminders sent", reminded=done.reminded, escalated=done.escalated)
                for problem in done.problems:
                    event(log, "reminder failed", logging.ERROR, error=problem)
            except Exception:  # noqa: BLE001 - reminders must never take the relay down
                log.exception("reminder check failed")
            await asyncio.sleep(REMIND_INTERVAL)


def build_relay(engine: Engine, settings: ServiceSettings, state_dir: Path, *, dry_run: bool,
                upstream: Upstream | None = None, reminders: bool = True, models: Path | None = None) -> Relay:
    """Assemble a relay from checked settings (the caller validated config and templates)."""
    s = settings.relay
    if upstream is None:
        if s.upstream.address is None:
            raise RelayError("no upstream mail server: pass --upstream HOST:PORT or set relay: upstream: in "
                             "policy.yaml")
        upstream = SmtpUpstream(s.upstream, local_hostname=s.hostname)
    store = QuarantineStore(state_dir)
    swept = store.sweep()
    if swept:
        event(log, "removed half-written files from an earlier crash", files=swept)
    ledger = PersistentLedger(state_dir)
    inspector = Inspector(engine, ledger, s.inspect_threads, s.inspect_timeout,
                          Isolation(engine.config.directory, models, state_dir, cpus=_all_cpus(s.cpu_affinity)))
    notifier = None
    if settings.notify.enabled:
        notifier = Notifier(settings.notify, engine.config.council.name, upstream,
                            load_templates(settings.notify.templates))
    handler = RelayHandler(settings=s, inspector=inspector, upstream=upstream, store=store, notifier=notifier,
                           ledger=ledger, dry_run=dry_run)
    review = (Review(store, upstream, notifier, settings.quarantine, ledger)
              if notifier is not None and reminders else None)
    return Relay(handler, settings, upstream, store, ledger, inspector, review)


def _all_cpus(setting: CpuAffinity) -> frozenset[int]:
    """The CPUs the relay as a whole may use: the listed ones, or all this process may use. (Called
    before the worker keeps its threads to one CPU.)"""
    return frozenset(setting) if isinstance(setting, tuple) else affinity.usable_cpus()


class Companion(Protocol):
    """Something served from the relay's process and loop (the clerk's review page)."""

    def start(self, loop: asyncio.AbstractEventLoop) -> None: ...

    def stop(self) -> None: ...


def run(relay: Relay, listen: HostPort, companion: Companion | None = None,
        sock: socket.socket | None = None, keeper: affinity.Keeper | None = None) -> int:
    """Serve until SIGTERM or SIGINT; exit status 0 after a graceful stop.

    ``keeper``: the CPU to keep this process's threads on (pinned before any thread starts)."""
    os.umask(0o077)
    keeping = keeper is not None and keeper.start()

    async def main() -> None:
        await relay.start(listen, sock)
        loop = asyncio.get_running_loop()
        if keeping and keeper is not None and keeper.moves:
            watching = loop.create_task(_keep_cpu(keeper))
            relay.background.append(watching)
        if companion is not None:
            companion.start(loop)
        stopping: list[asyncio.Task[None]] = []

        async def stop() -> None:
            if companion is not None:
                await loop.run_in_executor(None, companion.stop)
            await relay.stop()

        def on_signal(name: str) -> None:
            if not stopping:
                event(log, "stopping", signal=name)
                stopping.append(loop.create_task(stop()))

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal, sig.name)
        await relay.wait_stopped()

    with asyncio.Runner(loop_factory=_loop_factory(relay.settings)) as runner:
        runner.run(main())
    return 0


async def _keep_cpu(keeper: affinity.Keeper) -> None:
    """Every few seconds (jittered, so relays on one host do not look at the same moment): move?"""
    while True:
        await asyncio.sleep(affinity.CHECK_EVERY * random.uniform(0.8, 1.2))
        try:
            keeper.check()
        except Exception:  # noqa: BLE001 - where the threads run is never a reason to stop relaying
            log.exception("CPU placement check failed")


def _loop_factory(settings: ServiceSettings) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop where it can be used: ~20 % more messages per core for the SMTP side (issue 6).

    Not with STARTTLS for our own clients: aiosmtpd switches a connection to TLS with the standard
    library's private ``sslproto`` machinery, which is only known to work on asyncio's own loop.
    """
    if settings.relay.tls is not None or os.environ.get("MAILGUARD_NO_UVLOOP"):
        return None
    try:
        import uvloop  # noqa: PLC0415
    except ImportError:
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory


def run_processes(make_relay: Callable[[int], Relay], listen: HostPort, processes: int,
                  keepers: list[affinity.Keeper | None] | None = None) -> int:
    """Serve with ``processes`` relay processes sharing the port (SO_REUSEPORT); the parent supervises.

    The parent opens one listening socket per worker on the same address before forking, so the
    port is open once and stays open while a worker restarts (connections wait in that worker's
    queue). Each worker is a complete relay with its own event loop, upstream pool and database
    connections; the engine (config, language model) is built once in the parent and shared
    copy-on-write. SIGTERM/SIGINT to the parent stop every worker gracefully; a worker that dies
    otherwise is restarted. Only worker 0 sends the clerk's reminders. ``keepers[i]``: the CPU worker
    i keeps to (the parent, which only waits, stays where the kernel puts it).
    """
    socks = _shared_sockets(listen, processes)
    children: dict[int, int] = {}

    def spawn(index: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                for i, other in enumerate(socks):
                    if i != index:
                        other.close()
                code = run(make_relay(index), listen, sock=socks[index],
                           keeper=keepers[index] if keepers else None)
            except BaseException:  # noqa: BLE001 - report, then leave without running the parent's code
                log.exception("relay worker %d failed", index)
            finally:
                os._exit(code)
        children[pid] = index

    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        if not stopping:
            event(log, "stopping", signal=signal.Signals(signum).name, workers=len(children))
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    for index in range(processes):
        spawn(index)
    status = 0
    while children:
        try:
            pid, wait_status = os.wait()
        except ChildProcessError:
            break
        index = children.pop(pid, -1)
        if index < 0:
            continue
        code = os.waitstatus_to_exitcode(wait_status)
        if stopping:
            status = status or (0 if code == 0 else 1)
            continue
        event(log, "relay worker died; restarting it", logging.ERROR, worker=index, status=code)
        time.sleep(1.0)
        if not stopping:
            spawn(index)
    for sock in socks:
        sock.close()
    return status


def _shared_sockets(listen: HostPort, count: int) -> list[socket.socket]:
    socks: list[socket.socket] = []
    port = listen.port
    try:
        for _ in range(count):
            infos = socket.getaddrinfo(listen.host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
            family, kind, proto, _name, address = infos[0]
            sock = socket.socket(family, kind, proto)
            socks.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(address)
            sock.listen(512)
            sock.setblocking(False)
            port = sock.getsockname()[1]   # port 0: every worker on the port the first one got
    except OSError as exc:
        for sock in socks:
            sock.close()
        raise RelayError(f"cannot listen on {listen}: {exc.strerror or exc}; is another mail server or "
                         f"mailguard already using that port?") from exc
    return socks


def _say_goodbye(session: _Session) -> None:
    """421 to an idle client, then close; a connection already going away is just closed."""
    transport = session.transport
    if not isinstance(transport, asyncio.WriteTransport) or transport.is_closing():
        return
    try:
        transport.write(replies.SHUTTING_DOWN.encode("ascii") + b"\r\n")
    except (AttributeError, RuntimeError, OSError):  # an SSL transport mid-teardown
        pass
    transport.close()


def _listener_tls(certificate: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        ctx.load_cert_chain(str(certificate), str(key))
    except (ssl.SSLError, OSError) as exc:
        raise RelayError(f"cannot load the TLS certificate {certificate} with key {key}: {exc}; both must be PEM "
                         f"files readable by the mailguard user") from exc
    return ctx
