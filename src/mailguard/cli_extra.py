"""Sub-commands that need more than the rule engine (relay, quarantine, web, model)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path


def add_subcommands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Registered here so cli.py stays a table of commands; each module adds its own parser."""
    _add_relay(sub)
    from mailguard.quarantine.parser import add_parser as add_quarantine  # noqa: PLC0415

    add_quarantine(sub)
    from mailguard.web.parser import add_parser as add_web  # noqa: PLC0415

    add_web(sub)
    from mailguard.model.cli import add_parser as add_model  # noqa: PLC0415

    add_model(sub)


def lazy_handler(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A sub-command's handler that imports its module only when that sub-command runs: the parser of every
    sub-command is built on each run, and ``mailguard audit`` has no use for the relay, the web page or the
    quarantine store (about 0.4 s of imports at every start)."""
    def handler(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module(module), name)(args))

    handler.__qualname__ = f"{module}.{name}"
    return handler


def _add_relay(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from mailguard.cli import _config_arg  # noqa: PLC0415

    p = sub.add_parser(
        "relay", help="run the SMTP relay in front of the council's mail server",
        description="Check every outgoing message on its way to the upstream mail server: relay clean mail "
                    "byte for byte, warn, fix, hold for the clerk, or refuse, as policy.yaml says. Flags "
                    "override the relay: section of policy.yaml.")
    _config_arg(p)
    p.add_argument("--state", required=True, type=Path, metavar="DIR",
                   help="where the quarantine and the confidential ledger live (created 0700)")
    p.add_argument("--listen", metavar="HOST:PORT", help="address to accept mail on, e.g. 127.0.0.1:10025")
    p.add_argument("--upstream", metavar="HOST:PORT", help="the mail server to relay to, e.g. 127.0.0.1:10026")
    p.add_argument("--upstream-tls", choices=("none", "starttls", "tls"), help="TLS to the upstream")
    p.add_argument("--allow", action="append", metavar="NETWORK",
                   help="client network allowed to relay (repeatable; default: loopback only)")
    p.add_argument("--tls-cert", type=Path, metavar="PEM", help="offer STARTTLS with this certificate")
    p.add_argument("--tls-key", type=Path, metavar="PEM", help="... and this private key")
    p.add_argument("--require-tls", action="store_true", help="refuse mail from clients that do not use STARTTLS")
    p.add_argument("--max-message-size", metavar="SIZE", help="e.g. 25MB (default 25MiB)")
    p.add_argument("--processes", type=int, metavar="N",
                   help="relay processes sharing the port, e.g. the number of cores (default 1)")
    p.add_argument("--cpu-affinity", metavar="auto|off|CPUS",
                   help="auto (default): each relay process keeps its threads on one CPU, the least busy, "
                        "and moves when others crowd it while it works; off: the kernel decides; e.g. 2,3: one CPU for "
                        "each relay process, process i on the i-th")
    p.add_argument("--hostname", metavar="NAME", help="name in the greeting (default: this host's name)")
    p.add_argument("--dry-run", action="store_true",
                   help="relay everything untouched and record what enforce mode would have done")
    p.add_argument("--web", metavar="HOST:PORT",
                   help="also serve the clerk's review page here (e.g. 127.0.0.1:10080; accounts in web: users:)")
    p.set_defaults(handler=lazy_handler("mailguard.relay.command", "relay_command"))  # aiosmtpd when run
