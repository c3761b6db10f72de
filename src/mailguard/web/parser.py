"""The arguments of ``mailguard web ...``, apart from the command: building ``mailguard``'s parser must not
import the relay, the review page and their web server (:mod:`mailguard.web.command` is imported when run)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mailguard.cli_extra import lazy_handler
from mailguard.web.auth import DEFAULT_LOG_N


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "web", help="the clerk's review page for held messages (and hash-password for its accounts)",
        usage="mailguard web --config DIR --state DIR [--listen HOST:PORT] [--upstream HOST:PORT]\n"
              "       mailguard web hash-password [--user NAME] [--cost LOG_N]",
        description="Serve the review page: held messages with their findings, shown safely as text, with "
                    "buttons to release or reject. Listens on 127.0.0.1:10080 unless told otherwise; put it "
                    "behind an HTTPS reverse proxy to reach it from other machines.")
    p.add_argument("--config", type=Path, metavar="DIR", help="council directory (council.yaml, policy.yaml)")
    p.add_argument("--state", type=Path, metavar="DIR", help="the relay's state folder")
    p.add_argument("--listen", metavar="HOST:PORT", help="address of the page (default: web: listen:, else "
                                                         "127.0.0.1:10080)")
    p.add_argument("--upstream", metavar="HOST:PORT", help="mail server releases and notices go through "
                                                           "(default: relay: upstream: in policy.yaml)")
    wsub = p.add_subparsers(dest="web_command", metavar="hash-password")
    h = wsub.add_parser("hash-password", help="prompt for a reviewer's password and print its hash",
                        usage="mailguard web hash-password [--user NAME] [--cost LOG_N]",
                        description="Reads the password twice from the terminal (or one line from standard "
                                    "input) and prints a salted scrypt hash to paste under web: users:.")
    h.add_argument("--user", metavar="NAME", help="print a ready-to-paste 'NAME: hash' line")
    h.add_argument("--cost", type=int, default=DEFAULT_LOG_N, choices=range(14, 21), metavar="LOG_N",
                   help=f"scrypt cost as a power of two (default {DEFAULT_LOG_N}; each step doubles time "
                        f"and memory)")
    p.set_defaults(handler=lazy_handler("mailguard.web.command", "web_command"))
