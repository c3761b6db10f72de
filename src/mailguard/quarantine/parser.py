"""The arguments of ``mailguard quarantine ...``, apart from the commands themselves: every run of ``mailguard``
builds the whole parser, and ``mailguard audit`` should not import the quarantine store, the review and the
mail sender to do it (the handlers import :mod:`mailguard.quarantine.commands` when one is run)."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from mailguard.cli_extra import lazy_handler
from mailguard.quarantine.store import STATUSES

COMMANDS = "mailguard.quarantine.commands"


def default_reviewer() -> str:
    """Who is acting: $MAILGUARD_REVIEWER, else the person behind sudo, else the login name."""
    return os.environ.get("MAILGUARD_REVIEWER") or os.environ.get("SUDO_USER") or getpass.getuser()


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from mailguard.cli import _config_arg  # noqa: PLC0415

    q = sub.add_parser("quarantine", help="review held messages: list, show, release, reject, verify-log, remind",
                       description="The clerk's quarantine queue. Every action is recorded (who, when, what, "
                                   "why) in a hash-chained log that verify-log checks.")
    qsub = q.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)

    def common(p: argparse.ArgumentParser, sends: bool = False, acts: bool = False) -> None:
        _config_arg(p)
        p.add_argument("--state", required=True, type=Path, metavar="DIR", help="the relay's state folder")
        p.add_argument("--format", choices=("text", "json"), default="text")
        if sends:
            p.add_argument("--upstream", metavar="HOST:PORT", help="mail server to send through "
                                                                  "(default: relay: upstream: in policy.yaml)")
        if acts:
            p.add_argument("--reviewer", default=default_reviewer(), metavar="NAME",
                           help="who is acting, for the log (default: $MAILGUARD_REVIEWER, $SUDO_USER or login)")

    p = qsub.add_parser("list", help="held messages (oldest first)")
    common(p)
    p.add_argument("--status", default="open", choices=("open", "all", *STATUSES),
                   help="open (held or being released; default), all, or one status")
    p.set_defaults(handler=lazy_handler(COMMANDS, "list_command"))

    p = qsub.add_parser("show", help="one item: envelope, findings with evidence, history, the text")
    common(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--raw", action="store_true", help="write the exact stored bytes to stdout")
    p.set_defaults(handler=lazy_handler(COMMANDS, "show_command"))

    p = qsub.add_parser("release", help="deliver a held message (exactly once)")
    common(p, sends=True, acts=True)
    p.add_argument("id", metavar="ID")
    p.add_argument("--to", action="append", metavar="ADDR[,ADDR]",
                   help="release to these envelope recipients only (repeatable); default: all")
    p.add_argument("--fix", action="store_true", help="add the missing 'CC Councillor X' lines first (silent-bcc)")
    p.add_argument("--retry-interrupted", action="store_true",
                   help="retry a release that was interrupted; check first that it did not arrive")
    p.set_defaults(handler=lazy_handler(COMMANDS, "release_command"))

    p = qsub.add_parser("reject", help="refuse a held message and tell the sender why")
    common(p, sends=True, acts=True)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", metavar="TEXT", help="the reason, in words the sender will read")
    p.add_argument("--canned", metavar="NAME", help="a reason from quarantine: reject_reasons: in policy.yaml")
    p.set_defaults(handler=lazy_handler(COMMANDS, "reject_command"))

    p = qsub.add_parser("verify-log", help="check the action log's hash chain and every item against it")
    common(p)
    p.set_defaults(handler=lazy_handler(COMMANDS, "verify_command"))

    p = qsub.add_parser("remind", help="remind the clerk of items unreviewed too long (for cron/systemd timers)")
    common(p, sends=True)
    p.set_defaults(handler=lazy_handler(COMMANDS, "remind_command"))
