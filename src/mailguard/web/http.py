"""The little HTTP the review page needs: a WSGI request, a response, and the headers on every reply.

Deliberately strict, because the page is reached by a browser that also visits hostile sites and
displays hostile mail: forms are accepted only as ``application/x-www-form-urlencoded`` and only up
to :data:`MAX_FORM_BYTES`; every response carries a Content-Security-Policy that forbids scripts,
images, frames and foreign form targets, so even markup that slipped through escaping could do
nothing; nothing dynamic is cached; no referrer leaves the page.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

MAX_FORM_BYTES = 64 * 1024
CSP = ("default-src 'none'; style-src 'self'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000")

StartResponse = Callable[..., Any]


class BadRequest(Exception):
    """A request the page will not handle; ``status`` and ``str()`` say what to tell the browser."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass
class Request:
    environ: Mapping[str, Any]
    prefix: str = ""
    trust_forwarded: bool = False

    @property
    def method(self) -> str:
        return str(self.environ.get("REQUEST_METHOD", "GET")).upper()

    @cached_property
    def path(self) -> str:
        """The path below the page's URL prefix (a proxy may or may not have stripped it)."""
        path = str(self.environ.get("PATH_INFO", "") or "/")
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            path = path[len(self.prefix):] or "/"
        return path

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(str(self.environ.get("QUERY_STRING", "")), max_num_fields=20)

    def arg(self, name: str, default: str = "") -> str:
        return (self.query.get(name) or [default])[0]

    @cached_property
    def cookies(self) -> dict[str, str]:
        """Cookies by name; malformed ones are ignored rather than trusted or fatal."""
        out: dict[str, str] = {}
        for part in str(self.environ.get("HTTP_COOKIE", "")).split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name and name not in out:
                out[name] = value.strip().strip('"')
        return out

    @cached_property
    def form(self) -> dict[str, list[str]]:
        if self.method != "POST":
            return {}
        ctype = str(self.environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise BadRequest(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "forms must be sent as ordinary web forms")
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError as exc:
            raise BadRequest(HTTPStatus.BAD_REQUEST, "bad Content-Length") from exc
        if length > MAX_FORM_BYTES or length < 0:
            raise BadRequest(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "that form is too large")
        body = self.environ["wsgi.input"].read(length) if length else b""
        try:
            return parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=500)
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadRequest(HTTPStatus.BAD_REQUEST, "the form could not be read") from exc

    def field(self, name: str) -> str:
        return (self.form.get(name) or [""])[0]

    def fields(self, name: str) -> list[str]:
        return list(self.form.get(name) or [])

    @cached_property
    def client(self) -> str:
        """The browser's address: the proxy's X-Forwarded-For entry when behind a trusted proxy."""
        peer = str(self.environ.get("REMOTE_ADDR", "") or "unknown")
        forwarded = str(self.environ.get("HTTP_X_FORWARDED_FOR", ""))
        if self.trust_forwarded and forwarded:
            last = forwarded.split(",")[-1].strip()   # added by our proxy; earlier ones are the client's word
            try:
                return str(ipaddress.ip_address(last))
            except ValueError:
                return peer
        return peer


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    cacheable: bool = False

    def send(self, start_response: StartResponse, secure: bool, head: bool = False) -> Iterable[bytes]:
        """Start the response; a HEAD request gets the same headers and no body."""
        phrase = HTTPStatus(self.status).phrase
        headers = [("Content-Type", self.content_type), ("Content-Length", str(len(self.body))),
                   *SECURITY_HEADERS, *self.headers]
        headers.append(("Cache-Control", "private, max-age=3600" if self.cacheable else "no-store"))
        if secure:
            headers.append(HSTS)
        start_response(f"{self.status} {phrase}", headers)
        return [] if head else [self.body]


def redirect(location: str) -> Response:
    """303 See Other: after a POST the browser fetches the result page with GET (no re-submit)."""
    return Response(HTTPStatus.SEE_OTHER, b"", "text/plain; charset=utf-8", [("Location", location)])
