"""``python -m bench.markdown [bench/out/results.json]``: the results as the tables of docs/performance.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.relay_bench import paired_ratio


def _side_table(section: dict[str, Any], intro: str, columns: list[tuple[str, str]], ratio_label: str,
                ratios: list[tuple[str, str] | None]) -> list[str]:
    """One of the mix-only sections run in their own rounds: msg/s and CPU a message for each target,
    then a row of ratios, (numerator, denominator) for each column (None: an empty cell)."""
    r = {t: section[t]["rate_median"] for t in section}
    c = {t: section[t].get("cpu_ms_median", float("nan")) for t in section}

    def ratio(pair: tuple[str, str] | None) -> str:
        return "" if pair is None else f"{r[pair[0]] / r[pair[1]]:.2f} ({c[pair[1]] / c[pair[0]]:.2f})"

    return ["", intro, "",
            "| | " + " | ".join(heading for _, heading in columns) + " |", "|---|" + "---:|" * len(columns),
            "| msg/s | " + " | ".join(f"{r[t]:,.0f}" for t, _ in columns) + " |",
            "| CPU ms/msg | " + " | ".join(f"{c[t]:.2f}" for t, _ in columns) + " |",
            f"| {ratio_label} | " + " | ".join(ratio(pair) for pair in ratios) + " |"]


def relay_tables(relay: dict[str, Any]) -> list[str]:
    tp = relay["throughput"]
    client = relay.get("load_client", "bench.load (Python)")
    out = [f"### Relay throughput (8 sessions back to back, load client {client}; median of 3 rounds)", "",
           "| workload | sink alone | bare relay, 1 proc | mailguard, 1 proc | **ratio** | median of the rounds' ratios "
           "(side by side) | CPU ms/msg bare / mailguard "
           "| **ratio by CPU** | bare, 2 procs | mailguard, 2 procs | mailguard 2 procs / 1 proc | projected with 2 free "
           "cores (by CPU) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for w, rows in tp.items():
        r = {t: rows[t]["rate_median"] for t in rows}
        c = {t: rows[t].get("cpu_ms_median", float("nan")) for t in rows}
        out.append(f"| {w} | {r['sink']:,.0f} | {r['bare1']:,.0f} | {r['mailguard1']:,.0f} | "
                   f"**{r['mailguard1'] / r['bare1']:.2f}** | {paired_ratio(rows, 'mailguard1', 'bare1'):.2f} | "
                   f"{c['bare1']:.2f} / {c['mailguard1']:.2f} | "
                   f"**{c['bare1'] / c['mailguard1']:.2f}** | {r['bare2']:,.0f} | {r['mailguard2']:,.0f} | "
                   f"{r['mailguard2'] / r['mailguard1']:.2f} | {2 * c['mailguard1'] / c['mailguard2']:.2f}× |")
    client_cpu = [rows[t]["client_cpu_ms_median"] for rows in tp.values() for t in rows if "client_cpu_ms_median" in rows[t]]
    if client_cpu:
        out += ["", f"The load client itself used {min(client_cpu):.3f}-{max(client_cpu):.3f} ms of CPU a message "
                "(it runs on the same machine as the servers, and takes its CPU from them)."]
    if relay.get("interleaved"):
        out += interleaved_table(relay["interleaved"])
    same = relay.get("same_front_end", {}).get("mix")
    if same:
        out += _side_table(
            same, "The council mix again, against a bare relay given mailguard's one-piece DATA reader "
            "(`bare_relay --fast-data`, the same SMTP front end as mailguard's), in its own interleaved rounds:",
            [("bare1", "bare relay (aiosmtpd's reader)"), ("barefast1", "bare relay, mailguard's reader"),
             ("mailguard1", "mailguard, 1 proc")],
            "mailguard's ratio to it (by CPU)", [("mailguard1", "bare1"), ("mailguard1", "barefast1"), None])
    placed = relay.get("placement", {}).get("mix")
    if placed:
        out += _side_table(
            placed, "The council mix again, mailguard with its threads kept on one CPU (`cpu_affinity: auto`, the "
            "default) and left to the kernel (`off`), in their own interleaved rounds:",
            [("bare1", "bare relay"), ("mailguard1", "mailguard, kept on one CPU"),
             ("mgoff1", "mailguard, left to the kernel")],
            "ratio to the bare relay (by CPU)", [None, ("mailguard1", "bare1"), ("mgoff1", "bare1")])
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
    if relay.get("new_words"):
        out += new_words_table(relay["new_words"])
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


def interleaved_table(sections: dict[str, Any]) -> list[str]:
    """The two headline comparisons again, in many short slices taken in turns (relay_bench.Bench.interleaved)."""
    first = next(iter(sections.values()))
    out = ["", f"The council mix again, in {first['pairs']} pairs of {first['seconds']:g}-second slices taken in "
           "turns (each pair's first in turn), so that both sides of a ratio see the same moments of this "
           "machine:", "",
           "| comparison | msg/s | **ratio of the totals** | pairs' ratios: lower quartile / median / upper |",
           "|---|---|---:|---|"]
    for label, sec in (("one process / bare relay", sections.get("one_process")),
                       ("two processes / one process", sections.get("two_processes"))):
        if sec:
            q = sec["ratio_quartiles"]
            out.append(f"| {label} | {sec['msg_per_s'][sec['top']]:,.0f} / {sec['msg_per_s'][sec['bottom']]:,.0f} | "
                       f"**{sec['ratio']:.2f}** | {q[0]:.2f} / {q[1]:.2f} / {q[2]:.2f} |")
    return out


def new_words_table(words: dict[str, Any]) -> list[str]:
    """Resident memory, slice by slice, of a relay reading mail full of words nobody wrote before."""
    return ["", "### Memory while reading mail full of new words (mailguard, 1 proc)", "",
            "Councillors' replies each carrying reference numbers, names and addresses nobody wrote "
            f"before; the language pipelines were rebuilt {words['rebuilds']} times"
            + (" (the relay outran a slice: some messages were repeated)" if words.get("repeated") else "")
            + ".", "", "| messages read | " + " | ".join(f"{n:,}" for n in words["messages"]) + " |",
            "|---|" + "---:|" * len(words["messages"]),
            "| RSS (MB) | " + " | ".join(f"{r:.0f}" for r in words["rss_mb"]) + " |"]


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
