"""``python -m bench.vcpu_speed [--samples N] [--every S]``: how fast each CPU runs the same work, over time.

The relay bench's ratios compare relays measured a few seconds apart. On a shared virtual machine a
vCPU's speed can change within seconds (stop 24: 38-70 ms for the same loop, zero steal time), which
is why the bench takes its headline ratios from many short slices taken in turns
(relay_bench.Bench.interleaved). This prints, every few seconds, the CPU time the same small Python
loop takes pinned to each CPU (the best of three): a quiet, steady machine shows the same figure on
every line. Linux only (``sched_setaffinity``).
"""

from __future__ import annotations

import argparse
import os
import time


def loop_ms() -> float:
    """CPU time of a fixed dict-and-arithmetic loop, the kind of work an interpreter does for mail."""
    start = time.thread_time()
    total, seen = 0, {}
    for i in range(300_000):
        total += i * i % 7
        seen[i % 1000] = total
    return (time.thread_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between samples")
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    try:
        for _ in range(args.samples):
            row = []
            for cpu in cpus:
                os.sched_setaffinity(0, {cpu})
                loop_ms()   # settle on the CPU first
                row.append(min(loop_ms() for _ in range(3)))
            print(time.strftime("%H:%M:%S"), "  ".join(f"cpu{c} {ms:5.1f} ms" for c, ms in zip(cpus, row, strict=True)),
                  f"  slowest/fastest {max(row) / min(row):.2f}", flush=True)
            time.sleep(args.every)
    finally:
        os.sched_setaffinity(0, cpus)


if __name__ == "__main__":
    main()
