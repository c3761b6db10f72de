"""Serving the review page: the standard library's WSGI server, one thread per request, optional TLS.

A clerk's page has a handful of users, so a threaded ``wsgiref`` server is enough and adds no
dependency; what it lacks for being reachable at all is added here: a socket timeout (a slow or
stalled client cannot hold a thread forever), the TLS handshake done in the request's own thread
(not in the accept loop), no server version in replies, and one JSON log line per request without
query strings, form bodies or cookies.

:class:`LoopThread` is the event loop that runs :class:`~mailguard.quarantine.review.Review`'s
coroutines for ``mailguard web``; inside the relay the relay's own loop does that instead.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Coroutine
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any, TypeVar, cast
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from mailguard.errors import MailguardError
from mailguard.relay.logs import event
from mailguard.settings import HostPort
from mailguard.web.app import ReviewApp

log = logging.getLogger("mailguard.web")
T = TypeVar("T")

#: Seconds a client may take to send its request (and to finish the TLS handshake).
REQUEST_TIMEOUT = 30.0
#: A release waits this long for the upstream at most (it has its own, shorter timeouts).
ACTION_TIMEOUT = 600.0


class WebError(MailguardError):
    """The review page cannot start (address in use, certificate unreadable, no reviewer accounts)."""

    exit_code = 2


class _Handler(ServerHandler):
    server_software = "mailguard"

    def log_exception(self, exc_info: Any) -> None:
        log.error("unhandled error in the review page", exc_info=exc_info)


class _RequestHandler(WSGIRequestHandler):
    server_version = "mailguard"
    sys_version = ""
    timeout = REQUEST_TIMEOUT

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()
        super().setup()

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        started = time.monotonic()
        handler = _Handler(self.rfile, cast(IO[bytes], self.wfile), self.get_stderr(), self.get_environ(),
                           multithread=True)
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]
        event(log, "request", method=self.command, path=self.path.split("?", 1)[0][:200],
              status=int(str(getattr(handler, "status", None) or "0").split(" ", 1)[0]),
              client=self.client_address[0],
              ms=round((time.monotonic() - started) * 1000, 1))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Logged once per request by :meth:`handle`, as JSON."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        event(log, "http error", logging.WARNING, detail=(format % args)[:200], client=self.client_address[0])


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, address: HostPort, tls: ssl.SSLContext | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
        super().__init__((address.host, address.port), _RequestHandler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def server_bind(self) -> None:
        """As HTTPServer's, without its reverse DNS look-up of the listening address."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)
        self.setup_environ()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up, timed out or spoke no TLS: log one line, no traceback."""
        event(log, "connection dropped", logging.INFO, client=str(client_address[0]))


class WebServer:
    """The page listening on one address, served from a background thread until :meth:`stop`."""

    def __init__(self, app: ReviewApp, listen: HostPort, tls_files: tuple[Path, Path] | None = None) -> None:
        tls = _tls_context(*tls_files) if tls_files is not None else None
        try:
            self._server = _Server(listen, tls)
        except OSError as exc:
            raise WebError(f"cannot listen on {listen} for the review page: {exc.strerror or exc}; is "
                           f"something else using that port?") from exc
        self._server.set_app(app)
        host, port = self._server.server_address[:2]
        self.address = HostPort(str(host), int(port))
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="mailguard-web", daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.address}/"

    def start(self) -> WebServer:
        self._thread.start()
        event(log, "review page listening", url=self.url)
        return self

    def stop(self) -> None:
        """Stop accepting requests; requests already being handled finish on their own threads."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()


class LoopThread:
    """An event loop in a daemon thread; ``run(coro)`` waits for its result from a request thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="mailguard-web-loop", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return run_on(self.loop, coro)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


def run_on(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on ``loop`` (owned by another thread) and wait for its result."""
    future: Future[T] = asyncio.run_coroutine_threadsafe(coro, loop)
    return future.result(ACTION_TIMEOUT)


def _tls_context(certificate: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        ctx.load_cert_chain(str(certificate), str(key))
    except (ssl.SSLError, OSError) as exc:
        raise WebError(f"cannot load the review page's certificate {certificate} with key {key}: {exc}; both "
                       f"must be PEM files readable by the mailguard user") from exc
    return ctx
