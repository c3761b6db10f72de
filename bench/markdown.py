"""``python -m bench.markdown [bench/out/results.json]``: the results as the tables of docs/performance.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def relay_tables(relay: dict[str, Any]) -> list[str]:
    tp = relay["throughput"]
    out = ["### Relay throughput (8 sessions back to back, our client; median of 3 rounds)", "",
           "| workload | sink alone | bare relay, 1 proc | mailguard, 1 proc | **ratio** | CPU ms/msg bare / mailguard "
           "| **ratio by CPU** | bare, 2 procs | mailguard, 2 procs | mailguard 2 procs / 1 proc | projected with 2 free "
           "cores (by CPU) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for w, rows in tp.items():
        r = {t: rows[t]["rate_median"] for t in rows}
        c = {t: rows[t].get("cpu_ms_median", float("nan")) for t in rows}
        out.append(f"| {w} | {r['sink']:,.0f} | {r['bare1']:,.0f} | {r['mailguard1']:,.0f} | "
                   f"**{r['mailguard1'] / r['bare1']:.2f}** | {c['bare1']:.2f} / {c['mailguard1']:.2f} | "
                   f"**{c['bare1'] / c['mailguard1']:.2f}** | {r['bare2']:,.0f} | {r['mailguard2']:,.0f} | "
                   f"{r['mailguard2'] / r['mailguard1']:.2f} | {2 * c['mailguard1'] / c['mailguard2']:.2f}× |")
    same = relay.get("same_front_end", {}).get("mix")
    if same:
        r = {t: same[t]["rate_median"] for t in same}
        c = {t: same[t].get("cpu_ms_median", float("nan")) for t in same}
        out += ["", "The council mix again, against a bare relay given mailguard's one-piece DATA reader "
                "(`bare_relay --fast-data`, the same SMTP front end as mailguard's), in its own interleaved rounds:", "",
                "| | bare relay (aiosmtpd's reader) | bare relay, mailguard's reader | mailguard, 1 proc |", "|---|---:|---:|---:|",
                f"| msg/s | {r['bare1']:,.0f} | {r['barefast1']:,.0f} | {r['mailguard1']:,.0f} |",
                f"| CPU ms/msg | {c['bare1']:.2f} | {c['barefast1']:.2f} | {c['mailguard1']:.2f} |",
                f"| mailguard's ratio to it (by CPU) | {r['mailguard1'] / r['bare1']:.2f} ({c['bare1'] / c['mailguard1']:.2f}) "
                f"| {r['mailguard1'] / r['barefast1']:.2f} ({c['barefast1'] / c['mailguard1']:.2f}) | |"]
    placed = relay.get("placement", {}).get("mix")
    if placed:
        r = {t: placed[t]["rate_median"] for t in placed}
        c = {t: placed[t].get("cpu_ms_median", float("nan")) for t in placed}
        out += ["", "The council mix again, mailguard with its threads kept on one CPU (`cpu_affinity: auto`, the "
                "default) and left to the kernel (`off`), in their own interleaved rounds:", "",
                "| | bare relay | mailguard, kept on one CPU | mailguard, left to the kernel |", "|---|---:|---:|---:|",
                f"| msg/s | {r['bare1']:,.0f} | {r['mailguard1']:,.0f} | {r['mgoff1']:,.0f} |",
                f"| CPU ms/msg | {c['bare1']:.2f} | {c['mailguard1']:.2f} | {c['mgoff1']:.2f} |",
                f"| ratio to the bare relay (by CPU) | | {r['mailguard1'] / r['bare1']:.2f} "
                f"({c['bare1'] / c['mailguard1']:.2f}) | {r['mgoff1'] / r['bare1']:.2f} ({c['bare1'] / c['mgoff1']:.2f}) |"]
    out += ["", "### Latency, DATA end to reply (ms)", "",
            "| workload | load | sink p50 / p99 | bare relay p50 / p99 | mailguard p50 / p99 |", "|---|---|---|---|---|"]
    for w, rows in relay["sequential"].items():
        out.append(f"| {w} | one sequential client | {rows['sink']['p50']:.2f} / {rows['sink']['p99']:.2f} | "
                   f"{rows['bare1']['p50']:.2f} / {rows['bare1']['p99']:.2f} | "
                   f"{rows['mailguard1']['p50']:.2f} / {rows['mailguard1']['p99']:.2f} |")
    for w, rows in tp.items():
        out.append(f"| {w} | 8 sessions saturating | {rows['sink']['p50_median']:.2f} / "
                   f"{rows['sink']['p99_median']:.2f} | "
                   f"{rows['bare1']['p50_median']:.2f} / {rows['bare1']['p99_median']:.2f} | "
                   f"{rows['mailguard1']['p50_median']:.2f} / {rows['mailguard1']['p99_median']:.2f} |")
    off = relay["offered_50"]
    b, m = off["bare1"], off["mailguard1"]
    out.append(f"| mix | **50 msg/s offered** (Poisson, {m['n']} messages each) | | {b['p50']:.2f} / {b['p99']:.2f} | "
               f"{m['p50']:.2f} / {m['p99']:.2f} (**+{m['p99'] - b['p99']:.1f} ms** at p99) |")
    src = relay.get("smtp_source", {})
    if src:
        out += ["", "### Cross-check with Postfix's smtp-source (8 sessions, msg/s, median of 3 rounds)", "",
                "| message | sink | bare, 1 proc | mailguard, 1 proc | ratio | bare, 2 procs | mailguard, 2 procs |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        for w, r in src.items():
            out.append(f"| {w} | {r['sink']:,.0f} | {r['bare1']:,.0f} | {r['mailguard1']:,.0f} | "
                       f"{r['mailguard1'] / r['bare1']:.2f} | {r['bare2']:,.0f} | {r['mailguard2']:,.0f} |")
    mem = relay.get("memory_after_load", {})
    cold = relay.get("cold_start", {})
    out += ["", "### Memory and cold start", "", "| | resident memory after the throughput runs | cold "
                                          "start to first 220 |",
            "|---|---|---|"]
    for name in ("mailguard1", "mailguard2", "bare1", "bare2"):
        if name in mem:
            v = mem[name]
            start = f"{cold[name]['median_s']:.2f} s" if name in cold else ""
            out.append(f"| {name} | RSS {v['rss_max']:.0f} MB per process, PSS {v['pss_total']:.0f} MB in "
                       f"all | {start} |")
    big = relay.get("big_message", {})
    if big:
        out += ["", "### A 50 MB message (while another client sends 5 KB messages at 20 msg/s)", "",
                "| relay | MAIL FROM with SIZE=52428800 | without SIZE: reply | seconds | others' p50 / p99 / max (ms) "
                "| peak RSS | still running |", "|---|---|---|---:|---|---:|---|"]
        big = {k: v for k, v in big.items()}
        for label, row in big.items():
            out.append(f"| {label} | {row['size_declared_reply'][:3]} | {row['undeclared_reply']} | "
                       f"{row['big_seconds']} | "
                       f"{row['others_p50_ms']} / {row['others_p99_ms']} / {row['others_max_ms']} | "
                       f"{row['relay_peak_rss_mb']:.0f} MB | {'yes' if row['relay_alive'] else 'NO'} |")
    return out


def audit_tables(audit: dict[str, Any]) -> list[str]:
    runs = audit["runs"]
    c = audit["cores"]
    out = [f"### Audit: {audit['messages']:,} messages, {audit['bytes'] / 1e6:.0f} MB (median of 3 rounds)", "",
           "| run | msg/s | MB/s | seconds | CPU seconds | msg per CPU-second |", "|---|---:|---:|---:|---:|---:|"]
    for name, v in runs.items():
        out.append(f"| {name} | {v['msg_per_s']:,.0f} | {v['mb_per_s']:.1f} | {v['seconds']:.1f} | {v['cpu_s']:.1f} | "
                   f"{v['msg_per_cpu_s']:,.0f} |")
    m1, b1 = runs["mailguard-1"], runs["baseline-1"]
    mc, bc = runs[f"mailguard-{c}"], runs[f"baseline-{c}"]
    out += ["", f"Ratio mailguard / baseline: one process **{m1['msg_per_s'] / b1['msg_per_s']:.2f}** "
            f"(by CPU {m1['msg_per_cpu_s'] / b1['msg_per_cpu_s']:.2f}); {c} processes "
            f"**{mc['msg_per_s'] / bc['msg_per_s']:.2f}** (by CPU "
            f"{mc['msg_per_cpu_s'] / bc['msg_per_cpu_s']:.2f}).", "",
            f"Linearity ({c} processes): " + ", ".join(
                f"{k} of the archive ({v['messages']:,} messages) {v['msg_per_s']:,.0f} msg/s"
                for k, v in audit["linearity"].items()) + "."]
    return out


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path(__file__).resolve().parent / "out" / "results.json"
    results = json.loads(path.read_text(encoding="utf-8"))
    lines: list[str] = []
    if "relay" in results and "throughput" in results["relay"]:
        lines += relay_tables(results["relay"]) + [""]
    if "audit" in results:
        lines += audit_tables(results["audit"])
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
