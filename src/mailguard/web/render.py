"""Server-rendered pages: Jinja2 templates with autoescaping always on.

Autoescaping is the point of using Jinja2 here (it is already installed with spaCy): every value a
template prints is HTML-escaped unless marked safe, and no template marks mail content safe, so a
subject such as ``<script>`` or a header with quotes is shown as the characters it is. Undefined
names are errors, not empty strings, so a typo in a template fails a test instead of hiding a field.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from mailguard.quarantine.store import parse_iso, utc_now
from mailguard.web.http import Response

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


class Pages:
    def __init__(self, prefix: str, timezone: str, council: str) -> None:
        self.prefix = prefix
        self.zone = ZoneInfo(timezone)
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(url=self.url, council=council)
        self.env.filters.update(when=self.when, ago=ago)

    def url(self, path: str) -> str:
        return self.prefix + path

    def when(self, value: str | None) -> str:
        """An ISO UTC time from the store, in the council's time zone: ``1 May 2024, 11:00 BST``."""
        if not value:
            return ""
        try:
            local = parse_iso(value).astimezone(self.zone)
        except ValueError:
            return value
        return f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".strip()

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        html = self.env.get_template(template).render(**context)
        return Response(status, html.encode("utf-8"))


def ago(value: str | None, now: datetime | None = None) -> str:
    """How long ago, in words a clerk would use: ``3 hours ago``."""
    if not value:
        return ""
    try:
        seconds = ((now or utc_now()) - parse_iso(value)).total_seconds()
    except ValueError:
        return ""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"
