"""Sub-commands that need more than the rule engine (relay, quarantine, web, model)."""

from __future__ import annotations

import argparse


def add_subcommands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Registered here so cli.py stays a table of commands; each module adds its own parser."""
    from mailguard.model.cli import add_parser as add_model  # noqa: PLC0415

    add_model(sub)
