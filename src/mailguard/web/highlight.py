"""Find a finding's evidence in the message a reviewer reads, so the page can highlight it.

Evidence strings are written for people ("\u201cPlease go ahead with the works.\u201d", "blind copy to
cllr.smith@... (Cllr Anne Smith)", "subject: \u201cCONFIDENTIAL\u201d"). What can be pointed at in the
message is the quoted words and the addresses, so those are the needles. Matching ignores case and
treats any run of spaces, line breaks and quote marks ('>') as one space, because the rules read
sentences joined up while the page shows the lines as they were written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]{4,})[\u201d\"]")
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")
#: Needles shorter than this would light up half the message.
MIN_NEEDLE = 4
MAX_MARKS_PER_NEEDLE = 50


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    ref: str


def needles(evidence: str) -> list[str]:
    """The parts of one evidence string that can appear verbatim in the message."""
    found: list[str] = []
    for quoted in _QUOTED.findall(evidence):
        found.extend(p.strip(" .,;:") for p in _ELLIPSIS.split(quoted))
    found.extend(_ADDRESS.findall(evidence))
    return [n for n in dict.fromkeys(found) if len(n) >= MIN_NEEDLE]


def _pattern(needle: str) -> re.Pattern[str]:
    words = needle.split()
    return re.compile(r"[\s>]+".join(re.escape(w) for w in words), re.IGNORECASE)


class Highlighter:
    """Every finding's evidence, compiled once; ``spans(text)`` says where each one occurs."""

    def __init__(self, evidence: Sequence[tuple[str, str]]) -> None:
        """``evidence``: (reference, evidence string) pairs, e.g. ("ev-1-2", "\u201c...\u201d")."""
        self._patterns = [(ref, _pattern(n)) for ref, text in evidence for n in needles(text)]

    def spans(self, text: str) -> list[Span]:
        """Non-overlapping spans, in order; where two overlap, the earlier-starting one wins."""
        found: list[Span] = []
        for ref, pattern in self._patterns:
            for i, m in enumerate(pattern.finditer(text)):
                if i >= MAX_MARKS_PER_NEEDLE:
                    break
                if m.end() > m.start():
                    found.append(Span(m.start(), m.end(), ref))
        found.sort(key=lambda s: (s.start, -(s.end - s.start)))
        merged: list[Span] = []
        for span in found:
            if merged and span.start < merged[-1].end:
                if span.end > merged[-1].end:
                    merged[-1] = Span(merged[-1].start, span.end, merged[-1].ref)
                continue
            merged.append(span)
        return merged
