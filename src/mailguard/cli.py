"""The ``mailguard`` command: sub-commands only, no logic.

Exit codes: 0 nothing found / success; 1 findings (audit) or a refused action; 2 usage or
configuration errors (with file, line and how to fix).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mailguard import __version__
from mailguard.errors import MailguardError, UsageError

log = logging.getLogger("mailguard")


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", required=True, type=Path, metavar="DIR",
                   help="council directory holding council.yaml and (optionally) policy.yaml")
    p.add_argument("--models", type=Path, metavar="DIR", default=None,
                   help="trained pipelines (default: the bundled models/, or $MAILGUARD_MODELS)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailguard",
        description="Check council correspondence against the councillor/officer protocol.")
    parser.add_argument("--version", action="version", version=f"mailguard {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (repeatable)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = sub.add_parser("audit", help="dry-run the rules over mail archives (mbox, Maildir, .eml)",
                           description="Report what the rules would have caught in existing mail. "
                                       "Exit 0: nothing found; 1: findings; 2: usage or config error.")
    _config_arg(audit)
    audit.add_argument("--format", choices=("text", "jsonl", "html"), default="text")
    audit.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the report here (default: stdout)")
    audit.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                       help="worker processes (default: all cores for large archives, 1 for small ones)")
    audit.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                       help="progress line on stderr (auto: only on a terminal)")
    audit.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="an mbox, a Maildir, a folder of .eml files, or one .eml")

    rules = sub.add_parser("rules", help="list the rules, their actions and the clauses they cite")
    _config_arg(rules)
    rules.add_argument("--format", choices=("text", "json"), default="text")

    check = sub.add_parser("check-config", help="validate council.yaml and policy.yaml")
    _config_arg(check)

    from mailguard.cli_extra import add_subcommands  # noqa: PLC0415  relay, quarantine, web, model
    add_subcommands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING - 10 * min(args.verbose, 2),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args)) if hasattr(args, "handler") else _dispatch(args)
    except MailguardError as exc:
        print(f"mailguard: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("mailguard: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "audit":
        return cmd_audit(args)
    if args.command == "rules":
        return cmd_rules(args)
    if args.command == "check-config":
        return cmd_check_config(args)
    raise UsageError(f"unknown command {args.command}")


def cmd_check_config(args: argparse.Namespace) -> int:
    """Everything a service would check at start-up, without starting it: one place to ask "is my
    configuration right?" after editing it by hand."""
    from mailguard.config import load_config  # noqa: PLC0415
    from mailguard.runtime import build_engine  # noqa: PLC0415
    from mailguard.settings import load_service_settings  # noqa: PLC0415

    config = load_config(args.config)
    settings = load_service_settings(config)   # relay:, quarantine:, notify:, web: sections
    build_engine(args.config, args.models, config=config)  # protocol pack and language model load
    council = config.council
    roles: dict[str, int] = {}
    for p in council.people:
        roles[p.role] = roles.get(p.role, 0) + 1
    print(f"{council.name}: {len(council.people)} people "
          f"({', '.join(f'{n} {r}' for r, n in sorted(roles.items()))}), domains {', '.join(council.domains)}")
    print(f"policy: mode {config.policy.mode}, protocol pack {config.policy.protocol}")
    for rid, setting in config.policy.rules.items():
        print(f"  {rid:<30} {setting.action}{' (fail-open)' if setting.fail_open else ''}")
    reviewers = len(settings.web.users) if getattr(settings.web, "users", None) else 0
    upstream = settings.relay.upstream.address
    print(f"relay: upstream {upstream if upstream is not None else 'not set (give --upstream)'}; "
          f"web review page: {reviewers} reviewer account(s)")
    print("OK")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from mailguard.config import load_config  # noqa: PLC0415
    from mailguard.protocols import citation, load_protocol, note  # noqa: PLC0415
    from mailguard.rules import RULES  # noqa: PLC0415

    config = load_config(args.config)
    pack = load_protocol(config.policy.protocol, config.directory)
    rows: list[dict[str, Any]] = []
    for rule in RULES.values():
        setting = config.policy.setting(rule.id)
        entry = pack.rules.get(rule.id)
        rows.append({"id": rule.id, "title": rule.title, "action": setting.action,
                     "clause": citation(rule, setting, pack), "note": note(rule, setting, pack),
                     "options": dict(setting.options),
                     "advisory": bool(entry and entry.advisory), "enforces": rule.enforces})
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"Rules for {config.council.name} (protocol pack: {pack.title}; mode: {config.policy.mode})")
    print("Every enabled rule runs on every message, in this order; the most severe action wins.\n")
    for i, row in enumerate(rows, 1):
        print(f"{i}. {row['id']} -> {row['action']}{' (advisory)' if row['advisory'] else ''}")
        print(f"   {row['title']}")
        print(f"   cites: {row['clause']}")
        for name, value in row["options"].items():
            print(f"   {name}: {json.dumps(value, ensure_ascii=False)}")
    return 0


#: Archives at least this large are audited with every core from the first pass on.
PARALLEL_FROM_BYTES = 16 * 1024 * 1024


def _input_bytes(paths: list[Path]) -> int:
    """The size of the files to audit (compressed size for .gz: an underestimate, which is safe)."""
    total = 0
    for path in paths:
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            try:
                total += file.stat().st_size
            except OSError:
                continue
            if total >= PARALLEL_FROM_BYTES:
                return total
    return total


def default_jobs(paths: list[Path], cores: int) -> int:
    """Every core for a large archive (both passes), one process for a small one, where starting
    workers costs more than it saves. Judged from the files' size before reading them; the message
    count after the first pass can still raise it for the second."""
    return cores if cores > 1 and _input_bytes(paths) >= PARALLEL_FROM_BYTES else 1


def cmd_audit(args: argparse.Namespace) -> int:
    from mailguard.audit import Audit, Progress  # noqa: PLC0415
    from mailguard.report import Summary, write_html, write_jsonl_row, write_text  # noqa: PLC0415
    from mailguard.runtime import build_engine  # noqa: PLC0415

    for path in args.paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    engine = build_engine(args.config, args.models)
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    progress = Progress(enabled=show)
    cores = os.cpu_count() or 1
    jobs = args.jobs if args.jobs > 0 else default_jobs(args.paths, cores)
    audit = Audit(engine, args.config, args.models, jobs=jobs, progress=progress)
    audit.build_ledger(args.paths)
    if args.jobs == 0 and audit.messages >= 2000 and cores > 1:
        audit.jobs = cores  # many messages: use every core for the expensive pass
    summary = Summary()
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for row in audit.check(args.paths):
            summary.add(row)
            if args.format == "jsonl":
                write_jsonl_row(row, out)
        if args.format == "text":
            write_text(summary, out, engine.config.council.name)
        elif args.format == "html":
            write_html(summary, out, engine.config.council.name, [str(p) for p in args.paths])
    finally:
        if args.output:
            out.close()
    if args.output and show:
        print(f"report written to {args.output}", file=sys.stderr)
    return 1 if summary.findings else 0
