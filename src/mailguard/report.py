"""Audit reports: JSON Lines for machines, a terminal summary, and a self-contained HTML page.

The HTML report is one file a clerk can open offline and e-mail to the chair: no scripts, no remote
fonts or images, every value from the mail escaped. Charts are inline SVG drawn here.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TextIO

from mailguard.audit import AuditRow

_RULE_COLOURS = ["#b3261e", "#1f5fa8", "#7a4d00", "#2e7d32", "#6a1b9a", "#00695c", "#ad1457", "#455a64"]


@dataclass
class Summary:
    """Running totals kept while rows stream past; rows with findings are kept for the report."""

    messages: int = 0
    unreadable: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    per_rule: Counter[str] = field(default_factory=Counter)
    per_sender: Counter[str] = field(default_factory=Counter)
    per_month: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    flagged: list[AuditRow] = field(default_factory=list)
    errors: list[AuditRow] = field(default_factory=list)

    def add(self, row: AuditRow) -> None:
        self.messages += 1
        self.verdicts[row.verdict] += 1
        if row.error:
            self.errors.append(row)
            if row.error.startswith("not checked"):
                self.unreadable += 1
        if row.findings:
            self.flagged.append(row)
            self.per_sender[row.sender or "(unknown sender)"] += 1
            month = row.date[:7] if row.date else "undated"
            for f in row.findings:
                self.per_rule[f["rule"]] += 1
                self.per_month[month][f["rule"]] += 1

    @property
    def findings(self) -> int:
        return sum(self.per_rule.values())


def write_jsonl_row(row: AuditRow, out: TextIO) -> None:
    out.write(json.dumps(row.as_json(), ensure_ascii=False) + "\n")


def write_text(summary: Summary, out: TextIO, council: str) -> None:
    out.write(f"mailguard audit for {council}\n")
    out.write(f"{summary.messages:,} messages checked, {len(summary.flagged):,} with findings "
              f"({summary.findings:,} findings)")
    if summary.unreadable:
        out.write(f", {summary.unreadable:,} could not be read")
    out.write("\n\n")
    if summary.findings:
        out.write("Findings per rule:\n")
        for rule, n in summary.per_rule.most_common():
            out.write(f"  {rule:<30} {n:>6,}\n")
        out.write("\nMessages with findings per sender:\n")
        for sender, n in summary.per_sender.most_common(20):
            out.write(f"  {sender:<50} {n:>6,}\n")
        if len(summary.per_sender) > 20:
            out.write(f"  ... and {len(summary.per_sender) - 20} more senders\n")
        out.write("\n")
        for row in summary.flagged:
            out.write(f"{row.source}  [{row.verdict.upper()}]\n")
            if row.subject or row.message_id:
                out.write(f"  {row.subject or '(no subject)'}  {row.message_id or ''}\n")
            for f in row.findings:
                out.write(f"  - {f['rule']} ({f['action']}; {f['clause']})\n")
                out.write(f"    {f['explanation']}\n")
                for ev in f["evidence"]:
                    out.write(f"      * {ev}\n")
            out.write("\n")
    else:
        out.write("Nothing found: no message broke the correspondence rules.\n")
    if summary.errors:
        out.write(f"Messages not fully checked ({len(summary.errors)}):\n")
        for row in summary.errors[:50]:
            out.write(f"  {row.source}: {row.error}\n")
        if len(summary.errors) > 50:
            out.write(f"  ... and {len(summary.errors) - 50} more (see --format jsonl)\n")


def write_html(summary: Summary, out: TextIO, council: str, paths: Iterable[str]) -> None:
    e = html.escape
    rules = sorted(summary.per_rule)
    colours = {r: _RULE_COLOURS[i % len(_RULE_COLOURS)] for i, r in enumerate(rules)}
    generated = datetime.now(timezone.utc).strftime("%d %B %Y %H:%M UTC")
    out.write("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              f"<title>mailguard audit: {e(council)}</title><style>{_CSS}</style></head><body>\n")
    out.write(f"<h1>Correspondence audit: {e(council)}</h1>\n")
    out.write(f"<p class=\"meta\">Generated {e(generated)} from {e(', '.join(paths))}</p>\n")
    out.write("<section class=\"totals\">")
    for label, value in (("messages checked", summary.messages), ("with findings", len(summary.flagged)),
                         ("findings", summary.findings), ("could not be read", summary.unreadable)):
        out.write(f"<div><strong>{value:,}</strong><span>{e(label)}</span></div>")
    out.write("</section>\n")
    if summary.findings:
        out.write("<h2>Findings per rule</h2>\n" + _bar_chart(summary.per_rule, colours) + "\n")
        out.write("<h2>Findings over time</h2>\n" + _time_chart(summary.per_month, rules, colours) + "\n")
        out.write("<h2>Messages with findings per sender</h2>\n<table><tr><th>Sender</th><th>Messages</th></tr>")
        for sender, n in summary.per_sender.most_common(30):
            out.write(f"<tr><td>{e(sender)}</td><td>{n:,}</td></tr>")
        out.write("</table>\n<h2>Every finding</h2>\n")
        for row in summary.flagged:
            out.write(f"<article class=\"{e(row.verdict)}\"><h3><span class=\"verdict\">{e(row.verdict)}</span> "
                      f"{e(row.subject or '(no subject)')}</h3><p class=\"meta\">{e(row.source)} &middot; "
                      f"{e(row.date or 'undated')} &middot; {e(row.sender)} &middot; "
                      f"{e(row.message_id or 'no Message-ID')}</p>")
            for f in row.findings:
                out.write(f"<div class=\"finding\"><p><b style=\"color:{colours.get(f['rule'], '#333')}\">"
                          f"{e(f['rule'])}</b> &middot; {e(f['action'])} &middot; <i>{e(f['clause'])}</i></p>"
                          f"<p>{e(f['explanation'])}</p><ul>")
                for ev in f["evidence"]:
                    out.write(f"<li>{e(ev)}</li>")
                out.write("</ul></div>")
            out.write("</article>\n")
    else:
        out.write("<p>Nothing found: no message broke the correspondence rules.</p>\n")
    if summary.errors:
        out.write(f"<h2>Messages not fully checked ({len(summary.errors):,})</h2><ul>")
        for row in summary.errors[:500]:
            out.write(f"<li>{e(row.source)}: {e(row.error or '')}</li>")
        out.write("</ul>\n")
    out.write("</body></html>\n")


def _bar_chart(counts: Counter[str], colours: dict[str, str]) -> str:
    width, bar_h, gap, label_w = 640, 26, 10, 210
    top = max(counts.values())
    rows = counts.most_common()
    height = len(rows) * (bar_h + gap) + gap
    parts = [f"<svg role=\"img\" aria-label=\"Findings per rule\" viewBox=\"0 0 {width} {height}\" "
             f"width=\"100%\" style=\"max-width:{width}px\">"]
    for i, (rule, n) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2, int((width - label_w - 60) * n / top))
        parts.append(f"<text x=\"0\" y=\"{y + 18}\" font-size=\"14\">{html.escape(rule)}</text>"
                     f"<rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar_h}\" fill=\"{colours[rule]}\"/>"
                     f"<text x=\"{label_w + w + 6}\" y=\"{y + 18}\" font-size=\"14\">{n:,}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _time_chart(per_month: dict[str, Counter[str]], rules: list[str], colours: dict[str, str]) -> str:
    months = sorted(m for m in per_month if m != "undated") + (["undated"] if "undated" in per_month else [])
    width, height, left, bottom = 680, 260, 40, 40
    top = max(sum(per_month[m].values()) for m in months)
    slot = (width - left - 10) / max(1, len(months))
    bar_w = max(4, slot * 0.7)
    scale = (height - bottom - 10) / top
    parts = [f"<svg role=\"img\" aria-label=\"Findings per month\" viewBox=\"0 0 {width} {height}\" width=\"100%\" "
             f"style=\"max-width:{width}px\"><line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" "
             f"y2=\"{height - bottom}\" stroke=\"#999\"/><text x=\"0\" y=\"16\" font-size=\"12\">{top}</text>"]
    for i, month in enumerate(months):
        x = left + i * slot
        y: float = height - bottom
        for rule in rules:
            n = per_month[month].get(rule, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(f"<rect x=\"{x:.1f}\" y=\"{y:.1f}\" width=\"{bar_w:.1f}\" height=\"{h:.1f}\" "
                         f"fill=\"{colours[rule]}\"><title>{html.escape(month)} {html.escape(rule)}: "
                         f"{n}</title></rect>")
        if len(months) <= 24 or i % max(1, len(months) // 12) == 0:
            parts.append(f"<text x=\"{x:.1f}\" y=\"{height - bottom + 16}\" font-size=\"11\">"
                         f"{html.escape(month)}</text>")
    legend_x = left
    for rule in rules:
        parts.append(f"<rect x=\"{legend_x}\" y=\"{height - 14}\" width=\"10\" height=\"10\" fill=\"{colours[rule]}\"/>"
                     f"<text x=\"{legend_x + 14}\" y=\"{height - 5}\" font-size=\"11\">{html.escape(rule)}</text>")
        legend_x += 30 + 7 * len(rule)
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;
color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}
.meta{color:#555;font-size:.85rem;word-break:break-all}
.totals{display:flex;flex-wrap:wrap;gap:1rem}.totals div{border:1px solid #ccc;border-radius:6px;padding:.6rem 1rem}
.totals strong{display:block;font-size:1.4rem}.totals span{color:#555;font-size:.85rem}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
article{border-left:4px solid #999;padding:.3rem .8rem;margin:1rem 0;background:#fafafa}
article.block{border-color:#b3261e}article.quarantine{border-color:#c77700}article.warn{border-color:#1f5fa8}
.verdict{text-transform:uppercase;font-size:.75rem;background:#333;color:#fff;padding:.1rem .4rem;border-radius:3px}
.finding{margin:.4rem 0}.finding ul{margin:.2rem 0 .2rem 1rem;padding:0;font-size:.9rem;word-break:break-word}
"""
