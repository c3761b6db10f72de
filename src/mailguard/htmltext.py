"""HTML mail bodies as plain text, with quoted history kept recognisable.

Mail clients mark quoted history in HTML rather than with '>' (Gmail's ``gmail_quote``, Apple's and
Thunderbird's ``<blockquote type="cite">``, Outlook's ``divRplyFwdMsg`` and its header paragraphs).
We render blockquotes as '>'-prefixed lines and horizontal rules as an Outlook-style rule, so that
:mod:`mailguard.segment` treats HTML-only and plain-text mail the same way. Nothing is fetched or
executed; this is a text extraction only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "address", "section", "article", "header", "footer", "center", "dl", "dt", "dd",
}
_SKIP = {"script", "style", "head", "title", "template", "noscript", "xml", "o:p"}
_MAX_CHARS = 400_000


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.quote_depth = 0
        self.skip_depth = 0
        self.pre_depth = 0
        self.size = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        if not self.pre_depth:
            text = re.sub(r"[ \t\u00a0\r\n]+", " ", text).strip()
        self.current = []
        prefix = "> " * self.quote_depth
        for piece in text.split("\n") if self.pre_depth else [text]:
            self.lines.append(prefix + piece if piece or not prefix else prefix.rstrip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "blockquote":
            self._flush()
            self.quote_depth += 1
        elif tag == "hr":
            self._flush()
            self.lines.append("> " * self.quote_depth + "_" * 32)
        elif tag == "pre":
            self._flush()
            self.pre_depth += 1
        elif tag in _BLOCK:
            self._flush()
        elif tag in ("td", "th"):
            self.current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "p", "div"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "blockquote":
            self._flush()
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self._flush()
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.size > _MAX_CHARS:
            return
        self.size += len(data)
        self.current.append(data)


def html_to_text(html: str) -> str:
    parser = _Extractor()
    try:
        parser.feed(html[: _MAX_CHARS * 4])
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser on truly broken markup
        pass
    parser._flush()
    out: list[str] = []
    for line in parser.lines:
        if not line.strip(" >") and out and not out[-1].strip(" >"):
            continue  # collapse runs of blank lines that block elements produce
        out.append(line.rstrip())
    return "\n".join(out).strip("\n")
