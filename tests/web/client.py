"""A tiny WSGI test client: calls the app in-process with a cookie jar, like a browser without a socket."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import urlencode


@dataclass
class Page:
    status: int
    headers: dict[str, list[str]]
    body: str

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def location(self) -> str | None:
        return self.header("location")

    def csrf(self) -> str:
        """The CSRF token of the first form on the page."""
        m = re.search(r'name="csrf" value="([^"]+)"', self.body)
        assert m, "no CSRF token on the page"
        return unescape(m.group(1))

    @property
    def text(self) -> str:
        """The page's visible text, roughly (tags stripped, entities decoded)."""
        return unescape(re.sub(r"<[^>]+>", "", self.body))


@dataclass
class Client:
    app: Any
    cookies: dict[str, str] = field(default_factory=dict)
    remote_addr: str = "127.0.0.1"

    def request(self, method: str, path: str, form: dict[str, Any] | list[tuple[str, str]] | None = None,
                headers: dict[str, str] | None = None, body: bytes | None = None,
                content_type: str = "application/x-www-form-urlencoded", send_cookies: bool = True) -> Page:
        """One request; ``send_cookies=False`` is what SameSite=Strict does on a link from another site."""
        path, _, query = path.partition("?")
        data = body if body is not None else urlencode(form or {}, doseq=True).encode()
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "test",
            "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": self.remote_addr,
            "wsgi.input": io.BytesIO(data), "wsgi.url_scheme": "http", "CONTENT_LENGTH": str(len(data)),
            "CONTENT_TYPE": content_type if method == "POST" else "",
        }
        if self.cookies and send_cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for k, v in (headers or {}).items():
            environ["HTTP_" + k.upper().replace("-", "_")] = v
        captured: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
            captured["status"] = int(status.split()[0])
            captured["headers"] = response_headers

        chunks = self.app(environ, start_response)
        out: dict[str, list[str]] = {}
        for k, v in captured["headers"]:
            out.setdefault(k.lower(), []).append(v)
        for cookie in out.get("set-cookie", []):
            name, _, rest = cookie.partition("=")
            if "Max-Age=0" in rest:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = rest.split(";", 1)[0]
        return Page(captured["status"], out, b"".join(chunks).decode("utf-8"))

    def get(self, path: str, **kwargs: Any) -> Page:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, Any] | list[tuple[str, str]], **kwargs: Any) -> Page:
        return self.request("POST", path, form, **kwargs)

    def follow(self, page: Page) -> Page:
        assert page.status in (302, 303), page.status
        assert page.location is not None
        return self.get(page.location)

    def login(self, user: str, password: str) -> Page:
        page = self.get("/login")
        return self.post("/login", {"csrf": page.csrf(), "username": user, "password": password})
