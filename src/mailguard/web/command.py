"""``mailguard web`` (serve the review page) and ``mailguard web hash-password`` (make an account's hash).

The page is wired exactly like ``mailguard quarantine``: :func:`~mailguard.quarantine.review.open_review`
gives it the relay's upstream, notices and ledger. :func:`relay_companion` serves the same page from
the relay process instead (``mailguard relay --web HOST:PORT``), sharing the relay's store, upstream
connections and event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import signal
import sys
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from mailguard.config import load_config
from mailguard.errors import UsageError
from mailguard.quarantine.review import open_review
from mailguard.quarantine.store import QuarantineStore
from mailguard.relay import logs
from mailguard.relay.server import Relay
from mailguard.settings import (
    HostPort,
    WebSettings,
    load_service_settings,
    parse_host_port,
    web_listen_problem,
)
from mailguard.web.app import ReviewApp
from mailguard.web.auth import USERNAME, hash_password
from mailguard.web.server import LoopThread, WebError, WebServer, run_on


def check_can_serve(web: WebSettings, listen: HostPort) -> None:
    """Refuse to start a page nobody can sign in to, or one taking passwords in the clear on a network."""
    if not web.users:
        raise WebError("the review page has no reviewer accounts: run `mailguard web hash-password --user "
                       "NAME` and paste the line it prints under web: users: in policy.yaml")
    problem = web_listen_problem(web, listen)
    if problem is not None:
        raise UsageError(problem)


def _tls_files(web: WebSettings) -> tuple[Path, Path] | None:
    return (web.tls.certificate, web.tls.key) if web.tls is not None else None


def web_command(args: argparse.Namespace) -> int:
    if getattr(args, "web_command", None) == "hash-password":
        return hash_password_command(args)
    if args.config is None or args.state is None:
        raise UsageError("mailguard web needs --config DIR and --state DIR (the relay's), or use "
                         "`mailguard web hash-password` to make a reviewer's password hash")
    os.umask(0o077)
    config = load_config(args.config)
    settings = load_service_settings(config)
    try:
        listen = parse_host_port(args.listen) if args.listen else settings.web.listen
        upstream = parse_host_port(args.upstream) if args.upstream else None
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    check_can_serve(settings.web, listen)
    state = Path(args.state)
    if not (state / "quarantine").is_dir():
        raise UsageError(f"no quarantine in {state}: give the --state folder the relay runs with")
    logs.configure()
    store = QuarantineStore(state)
    loop = LoopThread()
    try:
        review = open_review(config, settings, store, upstream)
        app = ReviewApp(store=store, review=review, run=loop.run, settings=settings.web,
                        council=config.council.name)
        server = WebServer(app, listen, _tls_files(settings.web)).start()
        _wait_for_signal()
        server.stop()
        loop.run(review.upstream.close())
    finally:
        loop.close()
        store.close()
    return 0


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()


class RelayCompanion:
    """The review page inside ``mailguard relay``: bound at start-up, acting through the relay's loop.

    It shares the relay's store, upstream connections, notices and ledger (:meth:`Relay.reviewer`),
    so a release from the page takes the same path, and the same connection pool, as relayed mail.
    """

    def __init__(self, relay: Relay, council: str, listen: HostPort) -> None:
        web = relay.settings.web
        check_can_serve(web, listen)
        self.loop: asyncio.AbstractEventLoop | None = None
        app = ReviewApp(store=relay.store, review=relay.reviewer(), run=self._run, settings=web,
                        council=council)
        self.server = WebServer(app, listen, _tls_files(web))   # binds now: a busy port fails at start

    def _run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        if self.loop is None:
            coro.close()
            raise WebError("the review page was asked to act before the relay started")
        return run_on(self.loop, coro)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


def hash_password_command(args: argparse.Namespace) -> int:
    """Prompt for a password (twice), print its hash: the only way a password gets into policy.yaml."""
    if args.user is not None and not USERNAME.match(args.user):
        raise UsageError(f"'{args.user}' is not a usable reviewer name: letters, digits and . _ @ - only")
    try:
        if sys.stdin.isatty():
            password = getpass.getpass("New reviewer password: ")
            if getpass.getpass("Same password again: ") != password:
                raise UsageError("the two passwords differ; nothing was printed")
        else:
            password = sys.stdin.readline().rstrip("\r\n")
    except EOFError as exc:
        raise UsageError("no password was given; nothing was printed") from exc
    try:
        hashed = hash_password(password, args.cost)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.user:
        print(f"    {args.user}: \"{hashed}\"")
        print("Paste the line above under 'web: users:' in policy.yaml, then restart the review page.",
              file=sys.stderr)
    else:
        print(hashed)
    return 0
