"""A real HTTP client over sockets (urllib + a cookie jar) for tests of the served page."""

from __future__ import annotations

import http.cookiejar
import re
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def csrf(self) -> str:
        m = re.search(r'name="csrf" value="([^"]+)"', self.body)
        assert m, "no CSRF token on the page"
        return unescape(m.group(1))


class HttpClient:
    """Follows redirects and keeps cookies, like a browser without JavaScript or pictures."""

    def __init__(self, base: str, context: ssl.SSLContext | None = None) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)

    def open(self, path: str, form: dict[str, str] | None = None) -> Reply:
        data = urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=20) as r:
                return Reply(r.status, dict(r.headers.items()), r.read().decode())
        except urllib.error.HTTPError as e:
            with e:
                return Reply(e.code, dict(e.headers.items()), e.read().decode())

    def login(self, user: str, password: str) -> Reply:
        page = self.open("/login")
        return self.open("/login", {"csrf": page.csrf(), "username": user, "password": password})
