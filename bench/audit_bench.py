"""Audit benchmarks: ``mailguard audit`` over a generated ~200 MB mbox against the stdlib alone.

The baseline is what any tool must at least do: Python's ``mailbox.mbox`` to split the archive and
``BytesParser(policy=compat32)`` to parse every message, nothing else; with one process, and with
one process per core (the mbox's table of contents is read once, then each process parses its
share). mailguard runs the real command (``mailguard audit --format jsonl``, both passes, every
rule) with ``--jobs 1`` and ``--jobs N``. Linearity: the same with N jobs over the first quarter,
half and all of the archive.
"""

from __future__ import annotations

import mailbox
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from bench.corpus import Generator

MAILGUARD = str(Path(sys.executable).with_name("mailguard"))
ROOT = Path(__file__).resolve().parent.parent


def make_mbox(path: Path, megabytes: int, seed: int = 2024) -> tuple[int, int]:
    """Write an mbox of realistic council mail of about ``megabytes`` MB; (messages, bytes)."""
    if path.exists() and path.with_suffix(".count").exists():
        n, size = map(int, path.with_suffix(".count").read_text().split())
        if abs(size - megabytes * 1_000_000) < 2_000_000:
            return n, size
    g = Generator(seed)
    n = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        while f.tell() < megabytes * 1_000_000:
            m = g.mix()
            when = g.when.strftime("%a %b %d %H:%M:%S %Y")
            body = m.data.replace(b"\r\n", b"\n")
            body = body.replace(b"\nFrom ", b"\n>From ")
            f.write(f"From {m.mail_from} {when}\n".encode() + body + (b"" if body.endswith(b"\n") else b"\n") + b"\n")
            n += 1
        size = f.tell()
    tmp.rename(path)
    path.with_suffix(".count").write_text(f"{n} {size}")
    return n, size


def prefix(path: Path, fraction: float) -> Path:
    """The first ``fraction`` of the mbox, cut at a message boundary."""
    out = path.with_name(f"{path.stem}-{int(fraction * 100)}pct.mbox")
    if out.exists():
        return out
    size = path.stat().st_size
    with open(path, "rb") as f:
        data = f.read(int(size * fraction))
        rest = f.read(200_000)
    cut = (data + rest).find(b"\n\nFrom ", len(data) - 1)
    out.write_bytes((data + rest)[: cut + 2])
    return out


_keys: list[Any] = []
_box: mailbox.mbox | None = None


def _parse_share(args: tuple[int, int]) -> int:
    index, of = args
    assert _box is not None
    box = _box
    if of > 1:   # a forked worker: its own file offset, the parent's table of contents
        box = mailbox.mbox(_box._path, create=False)
        box._toc = dict(_box._toc)  # type: ignore[attr-defined]
        box._next_key = len(box._toc)  # type: ignore[attr-defined]
    parser = BytesParser(policy=compat32)
    n = 0
    for key in _keys[index::of]:
        parser.parsebytes(box.get_bytes(key))
        n += 1
    return n


def _cpu() -> float:
    """CPU seconds used by this process and every process it has waited for (pool workers, audits)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def baseline(path: Path, jobs: int) -> float:
    """Seconds for stdlib mailbox + BytesParser(compat32) to read every message, with ``jobs`` processes."""
    global _keys, _box
    t0 = time.perf_counter()
    _box = mailbox.mbox(str(path), create=False)
    _keys = list(_box.keys())            # builds the table of contents: one pass over the file
    if jobs == 1:
        _parse_share((0, 1))
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.map(_parse_share, [(i, jobs) for i in range(jobs)])
    elapsed = time.perf_counter() - t0
    _box.close()
    _box, _keys = None, []
    return elapsed


def audit(path: Path, jobs: int, config: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([MAILGUARD, "audit", "--config", str(config), "--format", "jsonl", "--output", os.devnull,
                           "--progress", "never", "--jobs", str(jobs), str(path)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"audit failed: {proc.stderr.decode()[-2000:]}")
    return time.perf_counter() - t0


def main(out_dir: Path, megabytes: int = 200, rounds: int = 3) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"council-{megabytes}MB.mbox"
    t0 = time.perf_counter()
    n, size = make_mbox(path, megabytes)
    print(f"archive: {path} ({n:,} messages, {size / 1e6:.0f} MB; ready in {time.perf_counter() - t0:.0f} s)",
          flush=True)
    config = ROOT / "config" / "example"
    cores = os.cpu_count() or 1
    times: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    for r in range(rounds):
        runs: list[tuple[str, Callable[[], float]]] = [
            ("baseline-1", lambda: baseline(path, 1)), ("mailguard-1", lambda: audit(path, 1, config)),
            (f"baseline-{cores}", lambda: baseline(path, cores)),
            (f"mailguard-{cores}", lambda: audit(path, cores, config))]
        for name, fn in (runs if r % 2 == 0 else list(reversed(runs))):
            cpu0 = _cpu()
            seconds = fn()
            cpu = _cpu() - cpu0
            times.setdefault(name, []).append(seconds)
            cpus.setdefault(name, []).append(cpu)
            print(f"  round {r + 1} {name:12s} {seconds:7.2f} s  {n / seconds:7.0f} msg/s  "
                  f"{size / 1e6 / seconds:6.1f} MB/s  CPU {cpu:6.1f} s ({n / cpu:5.0f} msg per CPU-second)",
                  flush=True)
    results: dict[str, Any] = {"messages": n, "bytes": size, "cores": cores, "runs": {}}
    for name, values in times.items():
        s = statistics.median(values)
        c = statistics.median(cpus[name])
        results["runs"][name] = {"seconds": s, "msg_per_s": n / s, "mb_per_s": size / 1e6 / s, "all": values,
                                 "cpu_s": c, "msg_per_cpu_s": n / c}
    print("linearity (mailguard audit, all cores):", flush=True)
    lin: dict[str, Any] = {}
    for fraction in (0.25, 0.5, 1.0):
        p = prefix(path, fraction) if fraction < 1 else path
        count = sum(1 for line in open(p, "rb") if line.startswith(b"From ")) if fraction < 1 else n
        secs = statistics.median(audit(p, cores, config) for _ in range(max(1, rounds - 1)))
        lin[f"{int(fraction * 100)}%"] = {"messages": count, "seconds": secs, "msg_per_s": count / secs}
        print(f"  {int(fraction * 100):3d}% {count:7,} messages {secs:7.2f} s {count / secs:7.0f} msg/s", flush=True)
    results["linearity"] = lin
    return results
