"""``mailguard quarantine list|show|release|reject|verify-log|remind``: presentation only.

Every action goes through :class:`~mailguard.quarantine.review.Review` (the web page uses the same
class), so this module only opens things, calls one method and prints the result for a person
(text) or a program (``--format json``). Exit status 0 on success, 1 when an action is refused or
fails (the message says why and what to do), 2 for usage and configuration errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from mailguard.config import Config, load_config
from mailguard.errors import QuarantineError, UsageError
from mailguard.message import NotAMessage, parse
from mailguard.quarantine.review import Review, footer_preview, open_review
from mailguard.quarantine.store import OPEN_STATUSES, Item, QuarantineStore
from mailguard.settings import ServiceSettings, load_service_settings, parse_host_port

SHOW_TEXT_CHARS = 20_000


class _Context:
    def __init__(self, args: argparse.Namespace) -> None:
        os.umask(0o077)
        self.config: Config = load_config(args.config)
        self.settings: ServiceSettings = load_service_settings(self.config)
        state = Path(args.state)
        if not (state / "quarantine").is_dir():
            raise UsageError(f"no quarantine in {state}: give the --state folder the relay runs with")
        self.state = state
        self.store = QuarantineStore(state)
        self.args = args

    def review(self) -> Review:
        address = None
        if getattr(self.args, "upstream", None):
            try:
                address = parse_host_port(self.args.upstream)
            except ValueError as exc:
                raise UsageError(str(exc)) from exc
        return open_review(self.config, self.settings, self.store, address)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def list_command(args: argparse.Namespace) -> int:
    ctx = _Context(args)
    statuses = None if args.status == "all" else (OPEN_STATUSES if args.status == "open" else (args.status,))
    items = ctx.store.list(statuses)
    if args.format == "json":
        _print_json([i.as_json() for i in items])
        return 0
    if not items:
        print("The quarantine is empty." if args.status == "open" else f"No items with status {args.status}.")
        return 0
    print(f"{'ID':<16} {'RECEIVED (UTC)':<20} {'STATUS':<10} {'FROM':<32} {'TO':>3}  RULES / SUBJECT")
    for i in items:
        print(f"{i.id:<16} {i.received_at:<20} {i.status:<10} {_clip(i.mail_from or '<>', 32):<32} "
              f"{len(i.rcpt_tos):>3}  {', '.join(i.rules)}: {_clip(i.subject, 50)}")
    print(f"\n{len(items)} item(s). Show one with: mailguard quarantine show ID --config ... --state ...")
    return 0


def show_command(args: argparse.Namespace) -> int:
    ctx = _Context(args)
    item = ctx.store.get(args.id)
    if args.raw:
        sys.stdout.buffer.write(ctx.store.raw(item.id))
        return 0
    actions = ctx.store.actions(item.id)
    text = _message_text(ctx.store, item)
    if args.format == "json":
        _print_json({**item.as_json(), "actions": [a.as_json() for a in actions], "text": text,
                     "fix_footer": footer_preview(item)})
        return 0
    print(f"{item.id}  [{item.status.upper()}]")
    print(f"  received     {item.received_at} from client {item.client or '?'}")
    print(f"  envelope     from {item.mail_from or '<>'} to {', '.join(item.rcpt_tos)}")
    print(f"  From:        {item.header_from}")
    print(f"  Subject:     {item.subject}")
    print(f"  Message-ID:  {item.message_id or '(none)'}   {item.size} bytes   sha256 {item.sha256 or '-'}")
    if item.handled_by:
        print(f"  handled by   {item.handled_by} at {item.handled_at}")
    if item.reason:
        print(f"  reason       {item.reason}")
    if item.released_to is not None:
        print(f"  released to  {', '.join(item.released_to)}")
    if item.last_error and item.status == "held":
        print(f"  LAST RELEASE FAILED at {item.last_error_at}: {item.last_error}")
    print("\nFindings:")
    for f in item.findings:
        print(f"  - {f.get('rule')} ({f.get('action')}; {f.get('clause')})\n    {f.get('explanation')}")
        for e in f.get("evidence", []):
            print(f"      evidence: {e}")
    footer = footer_preview(item)
    if footer and item.status == "held":
        print(f"\n  `release --fix` would add at the foot: {'; '.join(footer)}")
    print("\nHistory:")
    for a in actions:
        detail = ", ".join(f"{k}={v}" for k, v in a.detail.items() if k not in ("sha256",) and v not in (None, []))
        print(f"  {a.at}  {a.action:<14} by {a.actor}  {_clip(detail, 90)}")
    if text is not None:
        print("\nMessage text (as plain text; use --raw for the exact bytes):\n")
        print(text)
    return 0


def release_command(args: argparse.Namespace) -> int:
    ctx = _Context(args)
    review = ctx.review()
    recipients = [r for value in (args.to or []) for r in value.split(",") if r.strip()]
    outcome = asyncio.run(_close_after(review, review.release(
        args.id, args.reviewer, recipients=recipients or None, fix=args.fix,
        retry_interrupted=args.retry_interrupted)))
    item = outcome.item
    if args.format == "json":
        _print_json(item.as_json())
        return 0
    print(f"Released {item.id} to {', '.join(item.released_to or ())}"
          f"{' with the CC footer added' if args.fix else ''} (by {item.handled_by}).")
    return 0


def reject_command(args: argparse.Namespace) -> int:
    ctx = _Context(args)
    review = ctx.review()
    outcome = asyncio.run(_close_after(review, review.reject(args.id, args.reviewer, reason=args.reason,
                                                             canned=args.canned)))
    if args.format == "json":
        _print_json({**outcome.item.as_json(), "notice_problems": outcome.notice_problems})
    else:
        print(f"Rejected {outcome.item.id} (by {outcome.item.handled_by}): {outcome.item.reason}")
    for problem in outcome.notice_problems:
        print(f"warning: the rejection stands, but {problem}", file=sys.stderr)
    return 0


def verify_command(args: argparse.Namespace) -> int:
    ctx = _Context(args)
    report = ctx.store.verify()
    if args.format == "json":
        _print_json({"ok": report.ok, "entries": report.entries, "head": report.head,
                     "problems": list(report.problems)})
    elif report.ok:
        print(f"OK: {report.entries} log entries, chain intact, every item and stored message matches its log.")
        print(f"Chain head: {report.head}  (record this to prove later that nothing before it changed)")
    else:
        print(f"FAILED: {len(report.problems)} problem(s) in {report.entries} log entries:")
        for p in report.problems:
            print(f"  - {p}")
    return 0 if report.ok else 1


def remind_command(args: argparse.Namespace) -> int:
    ctx = _Context(args)
    review = ctx.review()
    done = asyncio.run(_close_after(review, review.remind()))
    if args.format == "json":
        _print_json({"reminded": done.reminded, "escalated": done.escalated, "problems": done.problems})
    else:
        print(f"Reminded the clerk of {len(done.reminded)} item(s); escalated {len(done.escalated)}.")
        for p in done.problems:
            print(f"warning: {p}", file=sys.stderr)
    return 1 if done.problems else 0


async def _close_after(review: Review, action: Any) -> Any:
    try:
        return await action
    finally:
        await review.upstream.close()


def _message_text(store: QuarantineStore, item: Item) -> str | None:
    if not item.has_message:
        return None
    try:
        text = parse(store.raw(item.id)).text
    except (NotAMessage, QuarantineError) as exc:
        return f"(cannot show the text: {exc})"
    return text if len(text) <= SHOW_TEXT_CHARS else text[:SHOW_TEXT_CHARS] + "\n[... shortened; see --raw]"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
