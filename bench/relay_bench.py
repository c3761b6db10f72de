"""Relay benchmarks: throughput, latency, cold start, memory and a 50 MB message, ratios in one run.

Everything runs on loopback on this machine. The upstream is Postfix's ``smtp-sink`` (the ceiling);
the load is our async client (:mod:`bench.load`), which sends every message with its own envelope
and times each reply, and Postfix's ``smtp-source`` as a cross-check for the fixed-size messages.
The servers under test run side by side for the whole run and are measured in interleaved rounds
(target order rotated each round), so a noisy neighbour slows every target alike; medians are reported.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import load
from bench.corpus import BenchMessage, Generator

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MAILGUARD = str(Path(PY).with_name("mailguard"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 30.0, proc: subprocess.Popen[bytes] | None = None) -> float:
    """Seconds until something accepts connections on ``port`` and says 220."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(100).startswith(b"220"):
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"nothing listening on {port} after {timeout}s")


@dataclass
class Server:
    name: str
    port: int
    argv: list[str] | None          # None: the sink itself, already running
    proc: subprocess.Popen[bytes] | None = None
    started_in: float = 0.0

    def start(self, log: Path) -> None:
        if self.argv is None:
            return
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=open(log, "wb"),
                                     start_new_session=True)
        wait_port(self.port, 60, self.proc)
        self.started_in = time.perf_counter() - t0

    def pids(self) -> list[int]:
        if self.proc is None:
            return []
        kids = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        children = [int(p) for p in kids.read_text().split()] if kids.exists() else []
        return [self.proc.pid, *children]

    def memory(self) -> dict[str, float]:
        """Resident memory (MB): RSS of each process, and PSS summed (shared pages counted once)."""
        rss, pss = [], 0.0
        for pid in self.pids():
            status = Path(f"/proc/{pid}/status").read_text()
            rss.append(int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024)
            rollup = Path(f"/proc/{pid}/smaps_rollup")
            if rollup.exists():
                pss += int(next(line for line in rollup.read_text().splitlines()
                                if line.startswith("Pss:")).split()[1]) / 1024
        return {"rss_max": max(rss, default=0.0), "rss_each": rss, "pss_total": pss}  # type: ignore[dict-item]

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the server's processes (all their threads)."""
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])      # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@dataclass
class Bench:
    work: Path
    rounds: int = 3
    seconds: float = 4.0
    sessions: int = 8
    results: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sink_port = free_port()
        self.sink: subprocess.Popen[bytes] | None = None
        self.servers: dict[str, Server] = {}
        self._native: Path | None | bool = False           # False: not built yet; None: could not be
        self._transactions: dict[int, tuple[list[load.Encoded], Path]] = {}   # the list is kept: ids stay unique

    # ------------------------------------------------------------------ set-up
    def start_sink(self) -> None:
        exe = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
        argv = [exe, "-h", "sink.bench", "-m", "1000", f"127.0.0.1:{self.sink_port}", "1024"]
        if os.geteuid() == 0:
            argv[1:1] = ["-u", "nobody"]
        self.sink = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_port(self.sink_port, 10, self.sink)

    def config_dir(self) -> Path:
        """The example council, every rule in enforce mode with the example policy's actions."""
        cfg = self.work / "config"
        if not cfg.exists():
            shutil.copytree(ROOT / "config" / "example", cfg, ignore=shutil.ignore_patterns("archive"))
            (cfg / "policy.yaml").write_text(
                "mode: enforce\nprotocol: leigh-on-sea\nrules:\n  silent-bcc: {action: quarantine}\n"
                "  councillor-obligation: {action: quarantine}\n  confidential-forward: {action: block}\n",
                encoding="utf-8")
        return cfg

    def mailguard_argv(self, port: int, processes: int, state: Path, extra: list[str] | None = None) -> list[str]:
        state.mkdir(parents=True, exist_ok=True)
        return [MAILGUARD, "relay", "--config", str(self.config_dir()), "--state", str(state),
                "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{self.sink_port}",
                "--hostname", "mailguard.bench", "--processes", str(processes), *(extra or [])]

    def start_servers(self, names: list[str]) -> None:
        for name in names:
            port = free_port()
            if name == "sink":
                server = Server(name, self.sink_port, None)
            elif name.startswith("bare"):
                server = Server(name, port, [PY, "-m", "bench.bare_relay", "--listen", f"127.0.0.1:{port}",
                                             "--upstream", f"127.0.0.1:{self.sink_port}",
                                             "--processes", name[-1]]
                                + (["--fast-data"] if name.startswith("barefast") else []))
            else:   # "mgoff1": mailguard with its threads left to the kernel (no CPU kept)
                extra = ["--cpu-affinity", "off"] if name.startswith("mgoff") else []
                server = Server(name, port, self.mailguard_argv(port, int(name[-1]), self.work / f"state-{name}", extra))
            server.start(self.work / f"{name}.log")
            self.servers[name] = server

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        if self.sink is not None:
            os.killpg(self.sink.pid, signal.SIGTERM)
            self.sink.wait(10)

    # ------------------------------------------------------------------ measurements
    def run(self, coro: Any) -> Any:
        loop = load.new_loop()
        try:
            return loop.run_until_complete(coro)
        finally:
            loop.close()

    def saturate(self, port: int, msgs: list[load.Encoded],
                 seconds: float | None = None) -> tuple[load.Result, float]:
        """One closed-loop measurement (``seconds``: the bench's own unless given); also the load client's
        own CPU seconds.

        By smtpload (C) where it could be built: on two cores the client's CPU is taken from the relays
        under test, 0.05-0.09 ms a message for smtpload against 0.13-0.22 ms for the Python client."""
        if self.native is None:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            res = self.run(load.closed_loop("127.0.0.1", port, msgs, self.sessions, seconds or self.seconds))
            after = resource.getrusage(resource.RUSAGE_SELF)
            return res, after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime
        if id(msgs) not in self._transactions:
            self._transactions[id(msgs)] = (msgs, load.write_transactions(
                self.work / f"load-{len(self._transactions)}.txn", msgs))
        return load.closed_loop_native(self.native, "127.0.0.1", port, self._transactions[id(msgs)][1],
                                       self.sessions, seconds or self.seconds)

    @property
    def native(self) -> Path | None:
        """smtpload, built on first use (None where it cannot be)."""
        if self._native is False:
            self._native = load.build_native(self.work)
        return self._native if isinstance(self._native, Path) else None

    def throughput(self, workloads: dict[str, list[load.Encoded]], targets: list[str]) -> dict[str, Any]:
        """Closed loop, ``sessions`` connections per target, interleaved rounds; medians."""
        out: dict[str, Any] = {}
        for r in range(self.rounds):
            for wname, msgs in workloads.items():
                for t in round_order(targets, r):
                    server = self.servers[t]
                    cpu0 = server.cpu_seconds()
                    res, client_cpu = self.saturate(server.port, msgs)
                    cpu = server.cpu_seconds() - cpu0
                    row = out.setdefault(wname, {}).setdefault(t, {"rate": [], "p50": [], "p99": [], "codes": {},
                                                                   "cpu_ms": [], "client_cpu_ms": []})
                    row["rate"].append(res.rate)
                    # CPU per message of the server's own processes (warm-up included in both parts):
                    # what the machine's other tenants cannot distort, unlike msg/s.
                    done = sum(res.codes.values()) + res.warmup
                    row["cpu_ms"].append(cpu * 1000 / done if done and server.proc is not None else float("nan"))
                    row["client_cpu_ms"].append(client_cpu * 1000 / done if done else float("nan"))
                    row["p50"].append(res.percentile(50) * 1000)
                    row["p99"].append(res.percentile(99) * 1000)
                    for code, n in res.codes.items():
                        row["codes"][code] = row["codes"].get(code, 0) + n
                    print(f"  round {r + 1} {wname:8s} {t:10s} {res.rate:8.0f} msg/s  p50 "
                          f"{res.percentile(50) * 1000:6.2f} ms"
                          f"  p99 {res.percentile(99) * 1000:6.2f} ms  CPU {row['cpu_ms'][-1]:5.2f} ms/msg  "
                          f"{dict(sorted(res.codes.items()))}", flush=True)
        for rows in out.values():
            for row in rows.values():
                for k in ("rate", "p50", "p99", "cpu_ms", "client_cpu_ms"):
                    row[k + "_median"] = statistics.median(row[k])
        return out

    def interleaved(self, msgs: list[load.Encoded], top: str, bottom: str, pairs: int = 24,
                    seconds: float = 2.0) -> dict[str, Any]:
        """``top`` against ``bottom`` in ``pairs`` short slices each, taken in turns (each pair's first in turn).

        Why: on this shared machine a vCPU's speed changes by up to 1.6 x within a second or two, and a
        few minutes apart whole rounds land on either side of a target (stop 24: 0.43 and 0.63). Short
        alternating slices give both relays the same mix of fast and slow moments; the ratio of their
        totals is the headline, and the spread of the pairs' ratios shows what one slice pair can say."""
        rates: dict[str, list[float]] = {top: [], bottom: []}
        sent = dict.fromkeys(rates, 0)
        elapsed = dict.fromkeys(rates, 0.0)
        for i in range(pairs):
            for t in (top, bottom) if i % 2 == 0 else (bottom, top):
                res, _ = self.saturate(self.servers[t].port, msgs, seconds)
                rates[t].append(res.rate)
                sent[t] += res.sent
                elapsed[t] += res.elapsed
        print(f"  {top}/{bottom} over {pairs} pairs of {seconds:g} s: "
              + " ".join(f"{a / b:.2f}" if b else "-" for a, b in zip(rates[top], rates[bottom], strict=True)),
              flush=True)
        return interleaved_summary(rates, sent, elapsed, top, bottom, seconds)

    def sequential(self, workloads: dict[str, list[load.Encoded]], targets: list[str]) -> dict[str, Any]:
        """One client, one message at a time: the latency a single sender sees (DATA end to reply)."""
        out: dict[str, Any] = {}
        for _ in range(self.rounds):
            for wname, msgs in workloads.items():
                for t in targets:
                    res = self.run(load.closed_loop("127.0.0.1", self.servers[t].port, msgs, 1, self.seconds / 2,
                                                    warmup=0.3))
                    row = out.setdefault(wname, {}).setdefault(t, {"lat": []})
                    row["lat"].extend(res.latencies)
        for wname, rows in out.items():
            for t, row in rows.items():
                lat = sorted(row.pop("lat"))
                row.update(n=len(lat), p50=lat[len(lat) // 2] * 1000, p99=lat[int(len(lat) * 0.99)] * 1000)
                print(f"  sequential {wname:8s} {t:10s} p50 {row['p50']:6.2f} ms  p99 {row['p99']:6.2f} "
                      f"ms  (n={row['n']})")
        return out

    def offered(self, msgs: list[load.Encoded], targets: list[str], rate: float, seconds: float) -> dict[str, Any]:
        """Open loop at ``rate`` msg/s, interleaved rounds; p50/p99 over all rounds' messages."""
        out: dict[str, Any] = {}
        for r in range(self.rounds):
            for t in (targets if r % 2 == 0 else list(reversed(targets))):
                res = self.run(load.open_loop("127.0.0.1", self.servers[t].port, msgs, rate, seconds, seed=r))
                row = out.setdefault(t, {"lat": [], "failed": 0, "p99_rounds": []})
                row["lat"].extend(res.latencies)
                row["failed"] += res.failed
                row["p99_rounds"].append(res.percentile(99) * 1000)
                print(f"  {rate:.0f} msg/s round {r + 1} {t:10s} p50 {res.percentile(50) * 1000:6.2f} ms  "
                      f"p99 {res.percentile(99) * 1000:6.2f} ms  max {max(res.latencies) * 1000:6.1f} ms", flush=True)
        for row in out.values():
            lat = sorted(row.pop("lat"))
            row.update(n=len(lat), p50=lat[len(lat) // 2] * 1000, p99=lat[int(len(lat) * 0.99)] * 1000,
                       max=lat[-1] * 1000)
        return out

    def smtp_source(self, files: dict[str, tuple[Path, BenchMessage]], targets: list[str], count: int) -> dict[str, Any]:
        """Postfix's smtp-source, 8 sessions, messages over persistent connections: msg/s, median of rounds."""
        exe = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
        out: dict[str, Any] = {}
        for r in range(self.rounds):
            for wname, (path, m) in files.items():
                for t in targets[r % len(targets):] + targets[: r % len(targets)]:
                    n = count if wname == "5KB" else count // 4
                    argv = [exe, "-s", str(self.sessions), "-m", str(n), "-d", "-M", "bench.example", "-F", str(path),
                            "-f", m.mail_from, "-t", m.rcpt_tos[0], f"127.0.0.1:{self.servers[t].port}"]
                    t0 = time.perf_counter()
                    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
                    rate = n / (time.perf_counter() - t0)
                    out.setdefault(wname, {}).setdefault(t, []).append(rate)
                    print(f"  smtp-source round {r + 1} {wname:6s} {t:10s} {rate:8.0f} msg/s", flush=True)
        return {w: {t: statistics.median(v) for t, v in rows.items()} for w, rows in out.items()}

    def cold_start(self, rounds: int = 3) -> dict[str, Any]:
        """Process start to the first 220 greeting, with the language model loaded; then RSS after load."""
        times: dict[str, list[float]] = {}
        for r in range(rounds):
            for processes in (1, 2):
                port = free_port()
                server = Server(f"cold{processes}", port,
                                self.mailguard_argv(port, processes, self.work / f"state-cold-{r}-{processes}"))
                server.start(self.work / "cold.log")
                server.stop()
                times.setdefault(f"mailguard{processes}", []).append(server.started_in)
        out = {k: {"median_s": statistics.median(v), "all": v} for k, v in times.items()}
        print(f"  cold start: {json.dumps(out)}")
        return out


def encode(messages: list[BenchMessage]) -> list[load.Encoded]:
    return [load.Encoded.of(m) for m in messages]


def round_order(targets: list[str], r: int) -> list[str]:
    """The order of round ``r``. Rotated each round, so a noisy neighbour slows every target alike; and each
    mailguard is measured right beside the bare relay with as many processes (first one, then the other),
    so each round's ratio of the two compares them under the same load from the machine's other tenants,
    where a rotation alone put them up to a minute apart in one round of three."""
    units: list[list[str]] = []
    for t in targets:
        partner = f"bare{t[-1]}" if t.startswith("mailguard") else None
        unit = next((u for u in units if partner in u), None)
        if unit is None:
            units.append([t])
        else:
            unit.append(t)
    turned = units[r % len(units):] + units[: r % len(units)]
    return [t for unit in turned for t in (reversed(unit) if r % 2 else unit)]


def paired_ratio(rows: dict[str, Any], top: str, bottom: str) -> float:
    """The median over rounds of each round's ratio ``top`` / ``bottom`` (measured side by side)."""
    return float(statistics.median(a / b for a, b in zip(rows[top]["rate"], rows[bottom]["rate"], strict=True)))


def interleaved_summary(rates: dict[str, list[float]], sent: dict[str, int], elapsed: dict[str, float],
                        top: str, bottom: str, seconds: float) -> dict[str, Any]:
    """The ratio of ``top``'s total throughput to ``bottom``'s, and the quartiles of the pairs' ratios."""
    ratios = [a / b for a, b in zip(rates[top], rates[bottom], strict=True) if b]
    # (no slice of ``bottom`` carried anything: a relay that died; the tables show nan, the run's end is kept)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) >= 2 else (ratios * 3 or [math.nan] * 3)
    return {"top": top, "bottom": bottom, "pairs": len(ratios), "seconds": seconds, "rate": rates,
            "msg_per_s": {t: sent[t] / elapsed[t] if elapsed[t] else 0.0 for t in rates},
            "ratio": (sent[top] / elapsed[top]) / (sent[bottom] / elapsed[bottom]) if sent[bottom] else 0.0,
            "ratio_quartiles": [round(q, 3) for q in quartiles]}


def workloads(seed: int = 11) -> tuple[dict[str, list[load.Encoded]], dict[str, BenchMessage]]:
    g = Generator(seed)
    five = [g.sized(5_000) for _ in range(200)]
    hundred = [g.sized(100_000) for _ in range(50)]
    mix = [g.mix() for _ in range(2000)]
    return ({"5KB": encode(five), "100KB": encode(hundred), "mix": encode(mix)},
            {"5KB": five[0], "100KB": hundred[0]})


def new_words(bench: Bench, name: str, slices: int = 4, seconds: float = 10.0,
              per_slice: int = 3000) -> dict[str, Any]:
    """Resident memory of a relay reading mail full of words nobody wrote before, slice by slice (a relay
    started for this, so that the other measurements' relays never read these words).

    spaCy keeps every word it has tokenized for the life of a pipeline; the relay rebuilds its pipelines
    once they have learnt a bounded number (mailguard.nlp.RenewingPipeline). The throughput workloads reuse
    one small vocabulary and would never show this, so these messages (Generator.novel) are never repeated:
    each slice is a fresh list, sent for ``seconds`` (fewer than ``per_slice`` go at the relay's speed)."""
    server = bench.servers[name]
    g = Generator(29)
    out: dict[str, Any] = {"rss_mb": [round(server.memory()["rss_max"], 1)], "messages": [0], "codes": {}}
    sent = 0
    for _ in range(slices):
        msgs = encode([g.novel() for _ in range(per_slice)])
        res, _ = bench.saturate(server.port, msgs, seconds)
        sent += res.sent + res.warmup
        if res.sent + res.warmup > per_slice:
            out["repeated"] = True      # the relay outran a slice: some of its words were not new
        for code, n in res.codes.items():
            out["codes"][code] = out["codes"].get(code, 0) + n
        out["messages"].append(sent)
        out["rss_mb"].append(round(server.memory()["rss_max"], 1))
        print(f"  after {sent:6d} messages with new words: RSS {out['rss_mb'][-1]:6.1f} MB", flush=True)
    log = (bench.work / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    out["rebuilds"] = log.count("rebuilt the ")
    return out


def big_message(bench: Bench) -> dict[str, Any]:
    """A 50 MB message: SIZE declared (552 at MAIL FROM), undeclared (552 after DATA, memory bounded),
    and accepted under a 64 MB limit; meanwhile another client sends small mail at 20 msg/s."""
    out: dict[str, Any] = {}
    g = Generator(5)
    small = encode([g.sized(5_000) for _ in range(50)])
    base = g.officer_to_third_party()
    chunk = (b"This line pads a very large log file that someone attached by mistake, 0123456789.\r\n")
    big_data = base.data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n" + chunk * (50 * 1024 * 1024 // len(chunk))
    big = load.Encoded.of(BenchMessage("big", base.mail_from, base.rcpt_tos, big_data))
    for label, limit in (("mailguard-limit-25MiB", None), ("mailguard-limit-64MiB", "64MiB"),
                         ("bare-limit-64MiB", "bare")):
        port = free_port()
        if limit == "bare":
            argv = [PY, "-m", "bench.bare_relay", "--listen", f"127.0.0.1:{port}", "--upstream",
                    f"127.0.0.1:{bench.sink_port}"]
        else:
            argv = bench.mailguard_argv(port, 1, bench.work / f"state-big-{label}",
                                        ["--max-message-size", limit] if limit else [])
        server = Server(f"big-{label}", port, argv)
        server.start(bench.work / f"big-{label}.log")
        try:
            async def scenario(port: int = port) -> dict[str, Any]:
                row: dict[str, Any] = {}
                conn = await load.Connection.open("127.0.0.1", port)
                reply = await conn.command(f"MAIL FROM:<{base.mail_from}> SIZE={len(big_data)}\r\n".encode())
                row["size_declared_reply"] = reply.decode().strip()
                await conn.command(b"RSET\r\n")
                background = asyncio.ensure_future(load.open_loop("127.0.0.1", port, small, 20, 6.0))
                await asyncio.sleep(0.5)
                t0 = time.perf_counter()
                res = load.Result()
                try:
                    await conn.send(big, res)
                    row["undeclared_reply"] = next(iter(res.codes))
                except load.SmtpError as exc:
                    row["undeclared_reply"] = str(exc)
                row["big_seconds"] = round(time.perf_counter() - t0, 2)
                others = await background
                row["others_p50_ms"] = round(others.percentile(50) * 1000, 2)
                row["others_p99_ms"] = round(others.percentile(99) * 1000, 2)
                row["others_max_ms"] = round(max(others.latencies) * 1000, 1)
                row["others_failed"] = others.failed
                await conn.close()
                return row
            row = bench.run(scenario())
            pids = server.pids()
            row["relay_peak_rss_mb"] = round(_hwm(pids[0]), 1)
            # mailguard inspects a message this large in a separate process, started for it
            row["helper_peak_rss_mb"] = round(max((_hwm(pid) for pid in pids[1:]), default=0.0), 1)
            row["relay_alive"] = server.proc is not None and server.proc.poll() is None
            out[label] = row
            print(f"  50 MB message, {label}: {json.dumps(row)}", flush=True)
        finally:
            server.stop()
    return out


def big_only() -> dict[str, Any]:
    """Only the 50 MB message scenarios (``python -m bench big``)."""
    bench = Bench(Path(tempfile.mkdtemp(prefix="mailguard-bench-")))
    try:
        bench.start_sink()
        return big_message(bench)
    finally:
        bench.stop()
        shutil.rmtree(bench.work, ignore_errors=True)


def _hwm(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024


def main(rounds: int, seconds: float, out_json: Path | None) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="mailguard-bench-"))
    bench = Bench(work, rounds=rounds, seconds=seconds)
    results: dict[str, Any] = {"machine": machine()}
    try:
        bench.start_sink()
        loads, samples = workloads()
        targets = ["sink", "bare1", "mailguard1", "bare2", "mailguard2"]
        bench.start_servers(targets)
        results["load_client"] = "smtpload (bench/smtpload.c)" if bench.native else "bench.load (Python)"
        print(f"relay throughput (closed loop, 8 sessions, {results['load_client']}):", flush=True)
        results["throughput"] = bench.throughput(loads, targets)
        for name in ("mailguard1", "mailguard2", "bare1", "bare2"):
            results.setdefault("memory_after_load", {})[name] = bench.servers[name].memory()
        print("interleaved short slices, council mix:", flush=True)
        # Rounds as short as --quick's (2 s) ask for a smoke test: 4 pairs of 1 s, not Bench.interleaved's 24 of 2 s.
        short: dict[str, Any] = {"pairs": 4, "seconds": 1.0} if seconds < 3 else {}
        results["interleaved"] = {
            "one_process": bench.interleaved(loads["mix"], "mailguard1", "bare1", **short),
            "two_processes": bench.interleaved(loads["mix"], "mailguard2", "mailguard1", **short)}
        print("latency, one sequential client:", flush=True)
        results["sequential"] = bench.sequential(loads, ["sink", "bare1", "mailguard1"])
        print("council mix against a bare relay with mailguard's DATA reader:", flush=True)
        bench.start_servers(["barefast1"])
        results["same_front_end"] = bench.throughput({"mix": loads["mix"]}, ["bare1", "barefast1", "mailguard1"])
        print("council mix with mailguard's threads left to the kernel (--cpu-affinity off):", flush=True)
        bench.start_servers(["mgoff1"])
        results["placement"] = bench.throughput({"mix": loads["mix"]}, ["bare1", "mailguard1", "mgoff1"])
        print("memory while reading mail full of new words (a relay of its own):", flush=True)
        bench.start_servers(["mgwords1"])
        bench.saturate(bench.servers["mgwords1"].port, loads["mix"])    # the mix first, as the others had it
        results["new_words"] = new_words(bench, "mgwords1", seconds=2.5 * seconds)
        bench.servers.pop("mgwords1").stop()
        print("latency at 50 msg/s offered (council mix):", flush=True)
        results["offered_50"] = bench.offered(loads["mix"], ["bare1", "mailguard1"], 50.0, max(10.0, seconds * 3))
        files = {}
        for wname, m in samples.items():
            path = work / f"{wname}.eml"
            path.write_bytes(m.data.replace(b"\r\n", b"\n"))   # smtp-source adds the CR
            files[wname] = (path, m)
        print("relay throughput with Postfix smtp-source (8 sessions):", flush=True)
        results["smtp_source"] = bench.smtp_source(files, targets, count=3000)
        bench.stop()
        bench.servers.clear()
        bench.start_sink()
        results["cold_start"] = bench.cold_start()
        print("50 MB message:", flush=True)
        results["big_message"] = big_message(bench)
    finally:
        bench.stop()
        shutil.rmtree(work, ignore_errors=True)
    if out_json is not None:
        out_json.parent.mkdir(parents=True, exist_ok=True)
        out_json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return results


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {"cpu": cpu, "cores": os.cpu_count(), "python": sys.version.split()[0],
            "load_average_at_start": os.getloadavg()}
