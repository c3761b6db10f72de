"""Structured logs for the relay: one JSON object per line, one line per SMTP transaction.

A line says who sent how many recipients what verdict, which rules fired, what the relay did and
how long it took: enough to answer "what happened to my e-mail?" from the journal. Never a message
body, a subject, or a secret: the upstream password is read from a file and never formatted.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any, TextIO

TRANSACTIONS = logging.getLogger("mailguard.relay.transactions")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            out["error"] = f"{type(exc).__name__}: {exc}"
            out["trace"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """Send every log record of the process to ``stream`` (stderr: the journal) as JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("mail.log").setLevel(logging.WARNING)   # aiosmtpd's per-command chatter
    logging.getLogger("asyncio").setLevel(logging.WARNING)
    # One record per transaction: skip what the JSON lines never print (the caller's file and line,
    # found by walking the stack, and thread/process names), as the logging docs suggest.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


def event(logger: logging.Logger, message: str, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, message, extra={"fields": fields})
