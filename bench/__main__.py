"""``python -m bench [relay] [audit] [--rounds N] [--seconds S] [--quick]``: run the benchmarks, print ratios.

``make bench`` runs everything (about 35 minutes on the 2-core machine). Results also go to
``bench/out/results.json``; docs/performance.md explains them and the targets of issue 6.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from bench import relay_bench

OUT = Path(__file__).resolve().parent / "out"


def need_postfix_tools() -> None:
    if shutil.which("smtp-sink") or Path("/usr/sbin/smtp-sink").exists():
        return
    sys.exit("bench: Postfix's smtp-sink and smtp-source are needed (Debian package postfix); "
             "run `make bench`, which installs them, or `apt-get install postfix`")


def summary(results: dict[str, Any]) -> str:
    lines = []
    relay = results.get("relay")
    if relay:
        tp = relay.get("throughput", {})
        if tp:
            lines.append(f"RELAY THROUGHPUT (msg/s, median of rounds; load client {relay.get('load_client', '?')}, "
                         "8 sessions; upstream smtp-sink)")
            lines.append(f"{'workload':8s} {'sink':>8s} {'bare1':>8s} {'mg1':>8s} {'mg1/bare1':>9s} {'bare2':>8s} "
                         f"{'mg2':>8s} {'mg2/bare1':>9s} {'mg2/mg1':>8s}  mg1 p50/p99 ms")
            for w, rows in tp.items():
                r = {t: rows[t]["rate_median"] for t in rows}
                lines.append(f"{w:8s} {r['sink']:8.0f} {r['bare1']:8.0f} {r['mailguard1']:8.0f} "
                             f"{r['mailguard1'] / r['bare1']:9.2f} {r['bare2']:8.0f} {r['mailguard2']:8.0f} "
                             f"{r['mailguard2'] / r['bare1']:9.2f} {r['mailguard2'] / r['mailguard1']:8.2f}  "
                             f"{rows['mailguard1']['p50_median']:.1f}/{rows['mailguard1']['p99_median']:.1f}")
            # The same ratio round by round (each round measures mailguard right beside the bare relay:
            # relay_bench.round_order): how far the machine's noise moves it, which the medians hide.
            lines.append("mg1/bare1 round by round: " + "; ".join(
                f"{w} " + " ".join(f"{m / b:.2f}" for m, b in
                                   zip(rows["mailguard1"]["rate"], rows["bare1"]["rate"], strict=True))
                + f" (median {relay_bench.paired_ratio(rows, 'mailguard1', 'bare1'):.2f})" for w, rows in tp.items()))
            lines.append("RELAY CPU PER MESSAGE (ms of the server's processes; not distorted by other tenants' load)")
            lines.append(f"{'workload':8s} {'bare1':>7s} {'mg1':>7s} {'bare1/mg1':>9s} {'bare2':>7s} {'mg2':>7s} "
                         f"{'2-core throughput if both cores free: mg2 = 2/cpu(mg2) vs mg1 = 1/cpu(mg1)':s}")
            for w, rows in tp.items():
                c = {t: rows[t].get("cpu_ms_median", float("nan")) for t in rows}
                lines.append(f"{w:8s} {c['bare1']:7.2f} {c['mailguard1']:7.2f} {c['bare1'] / c['mailguard1']:9.2f} "
                             f"{c['bare2']:7.2f} {c['mailguard2']:7.2f} scaling {2 * c['mailguard1'] / c['mailguard2']:.2f}x")
            placed = relay.get("placement", {}).get("mix")
            if placed:
                r = {t: placed[t]["rate_median"] for t in placed}
                c = {t: placed[t].get("cpu_ms_median", float("nan")) for t in placed}
                lines.append("MIX, ONE PROCESS, WHERE ITS THREADS RUN (own rounds; msg/s, ratio to bare1, CPU ms/msg): "
                             f"bare1 {r['bare1']:.0f} ({c['bare1']:.2f}); kept on one CPU (default) "
                             f"{r['mailguard1']:.0f} {r['mailguard1'] / r['bare1']:.2f} ({c['mailguard1']:.2f}); "
                             f"left to the kernel {r['mgoff1']:.0f} {r['mgoff1'] / r['bare1']:.2f} ({c['mgoff1']:.2f})")
            for key, label in (("one_process", "mg1/bare1"), ("two_processes", "mg2/mg1")):
                sec = relay.get("interleaved", {}).get(key)
                if sec:
                    q = sec["ratio_quartiles"]
                    lines.append(f"MIX INTERLEAVED ({sec['pairs']} pairs of {sec['seconds']:g} s, taken in turns): "
                                 f"{label} {sec['ratio']:.2f} (ratio of the totals; pairs' quartiles {q[0]:.2f} / "
                                 f"{q[1]:.2f} / {q[2]:.2f})")
            seq = relay.get("sequential", {})
            lines.append("LATENCY, one sequential client, DATA end to reply (ms, p50 / p99)")
            for w, rows in seq.items():
                lines.append(f"{w:8s} " + "  ".join(f"{t} {v['p50']:.2f} / {v['p99']:.2f}" for t, v in rows.items()))
            off = relay.get("offered_50", {"bare1": {"p50": 0, "p99": 0}, "mailguard1": {"p50": 0, "p99": 0}})
            b, m = off["bare1"], off["mailguard1"]
            lines.append(f"LATENCY at 50 msg/s offered, council mix (ms): bare p50 {b['p50']:.2f} p99 {b['p99']:.2f}; "
                         f"mailguard p50 {m['p50']:.2f} p99 {m['p99']:.2f} (+{m['p99'] - b['p99']:.2f} ms at p99)")
        src = relay.get("smtp_source", {})
        if src:
            lines.append("POSTFIX smtp-source, 8 sessions (msg/s): " + "; ".join(
                f"{w}: " + ", ".join(f"{t} {v:.0f}" for t, v in rows.items()) for w, rows in src.items()))
        mem = relay.get("memory_after_load", {})
        if mem:
            lines.append("MEMORY after the throughput runs (MB): " + "; ".join(
                f"{t} RSS {v['rss_max']:.0f} per process, PSS total {v['pss_total']:.0f}" for t, v in mem.items()))
        words = relay.get("new_words")
        if words:
            lines.append(f"MEMORY reading mail full of new words: RSS {words['rss_mb'][0]:.0f} MB, then "
                         + ", ".join(f"{r:.0f}" for r in words["rss_mb"][1:])
                         + f" MB after {words['messages'][-1]:,} messages ({words['rebuilds']} pipeline rebuilds)")
        cold = relay.get("cold_start", {})
        if cold:
            lines.append("COLD START to first 220 (s, median): " + ", ".join(
                f"{t} {v['median_s']:.2f}" for t, v in cold.items()))
        big = relay.get("big_message", {})
        for label, row in big.items():
            lines.append(f"50 MB MESSAGE {label}: {json.dumps(row)}")
    audit = results.get("audit")
    if audit:
        runs = audit["runs"]
        c = audit["cores"]
        lines.append(f"AUDIT {audit['messages']:,} messages, {audit['bytes'] / 1e6:.0f} MB (median of rounds)")
        for name, v in runs.items():
            lines.append(f"  {name:12s} {v['msg_per_s']:7.0f} msg/s {v['mb_per_s']:6.1f} MB/s ({v['seconds']:.1f} s; "
                         f"CPU {v['cpu_s']:.1f} s, {v['msg_per_cpu_s']:.0f} msg per CPU-second)")
        lines.append(f"  ratio mailguard/baseline: 1 core {runs['mailguard-1']['msg_per_s'] / runs['baseline-1']['msg_per_s']:.2f}, "
                     f"{c} cores {runs[f'mailguard-{c}']['msg_per_s'] / runs[f'baseline-{c}']['msg_per_s']:.2f}")
        lines.append(f"  ratio by CPU per message: mailguard/baseline {runs['mailguard-1']['msg_per_cpu_s'] / runs['baseline-1']['msg_per_cpu_s']:.2f} (1 core), "
                     f"{runs[f'mailguard-{c}']['msg_per_cpu_s'] / runs[f'baseline-{c}']['msg_per_cpu_s']:.2f} ({c} cores)")
        lines.append("  linearity: " + ", ".join(f"{k} {v['msg_per_s']:.0f} msg/s" for k, v in audit["linearity"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("parts", nargs="*", metavar="relay|audit|big",
                    help="what to run (default: relay and audit; big: only the 50 MB message, also part of relay)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5.0, help="length of one throughput measurement")
    ap.add_argument("--megabytes", type=int, default=200, help="size of the audit archive")
    ap.add_argument("--quick", action="store_true", help="1 round, short runs, 40 MB archive (a smoke test)")
    args = ap.parse_args(argv)
    args.parts = args.parts or ["relay", "audit"]
    if set(args.parts) - {"relay", "audit", "big"}:
        ap.error("parts are: relay, audit, big")
    if args.quick:
        args.rounds, args.seconds, args.megabytes = 1, 2.0, 40
    results: dict[str, Any] = {}
    os.chdir(Path(__file__).resolve().parent.parent)
    if "relay" in args.parts:
        need_postfix_tools()
        results["relay"] = relay_bench.main(args.rounds, args.seconds, None)
    if "big" in args.parts and "relay" not in args.parts:
        need_postfix_tools()
        results["relay"] = {"big_message": relay_bench.big_only()}
    if "audit" in args.parts:
        from bench import audit_bench  # noqa: PLC0415
        results["audit"] = audit_bench.main(OUT, args.megabytes, args.rounds)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print("\n" + summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
