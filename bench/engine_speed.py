"""What inspection alone costs a message: parse, facts, every rule and the detector, no SMTP.

    .venv/bin/python bench/engine_speed.py [--messages 600] [--rounds 3] [--against DIR]

The relay's share of issue 6's one-process ratio that mailguard's own code decides is this figure (the
rest is aiosmtpd, the upstream client and the thread hand-off, which the bare relay pays too), and the
relay bench takes fifteen quiet minutes to move it by a few per cent. This takes seconds: it sends the
relay bench's deterministic council mix (``bench.corpus``) through ``Engine.evaluate`` with every rule
in enforce mode (the relay bench's policy), and prints the best of the rounds in milliseconds a message,
for the mix and for each kind of message in it.

``--against DIR`` times another checkout's ``src/`` and ``models/`` in a child process on the same
messages, in alternating rounds (e.g. a ``git worktree`` of the previous commit): the ratio is what a
change cost. BLAS is pinned to one thread so the figure is one core's.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POLICY = ("mode: enforce\nprotocol: leigh-on-sea\nrules:\n  silent-bcc: {action: quarantine}\n"
          "  councillor-obligation: {action: quarantine}\n  confidential-forward: {action: block}\n")


def time_checkout(root: Path, messages: int, rounds: int) -> dict[str, float]:
    """Best-of-rounds milliseconds a message, overall ("mix") and per kind, for the code under ``root``."""
    sys.path.insert(0, str(root / "src"))
    sys.path.insert(0, str(ROOT))
    from bench.corpus import mix  # noqa: PLC0415
    from mailguard.facts import Envelope  # noqa: PLC0415
    from mailguard.message import parse  # noqa: PLC0415
    from mailguard.runtime import build_engine  # noqa: PLC0415

    corpus = mix(messages)
    with tempfile.TemporaryDirectory(prefix="mailguard-engine-bench-") as tmp:
        cfg = Path(tmp) / "config"
        shutil.copytree(ROOT / "config" / "example", cfg, ignore=shutil.ignore_patterns("archive"))
        (cfg / "policy.yaml").write_text(POLICY, encoding="utf-8")
        engine = build_engine(cfg, root / "models")
    best: dict[str, float] = {}
    for _ in range(rounds):
        spent: dict[str, float] = defaultdict(float)
        count: dict[str, int] = defaultdict(int)
        for m in corpus:
            start = time.perf_counter()
            facts = engine.facts(parse(m.data), Envelope(m.mail_from, tuple(m.rcpt_tos)))
            engine.evaluate(facts)
            took = time.perf_counter() - start
            spent[m.kind] += took
            count[m.kind] += 1
        per = {kind: 1000 * spent[kind] / count[kind] for kind in spent}
        per["mix"] = 1000 * sum(spent.values()) / len(corpus)
        best = {k: min(v, best.get(k, v)) for k, v in per.items()}
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", type=Path, help="another checkout to time on the same messages")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)   # the child's output
    args = ap.parse_args()
    if args.json:
        print(json.dumps(time_checkout(Path(os.environ["ENGINE_BENCH_ROOT"]), args.messages, args.rounds)))
        return
    roots = [ROOT] + ([args.against.resolve()] if args.against else [])
    results: list[dict[str, float]] = [{} for _ in roots]
    for _ in range(args.rounds):   # alternate whole checkouts, one round each, best of all
        for i, root in enumerate(roots):
            out = subprocess.run([sys.executable, __file__, "--json", "--messages", str(args.messages),
                                  "--rounds", "1"], env={**os.environ, "ENGINE_BENCH_ROOT": str(root)},
                                 check=True, capture_output=True, text=True).stdout
            got = json.loads(out.strip().splitlines()[-1])
            results[i] = {k: min(v, results[i].get(k, v)) for k, v in got.items()}
    kinds = sorted(results[0], key=lambda k: (k != "mix", k))
    print(f"Engine.evaluate, ms a message (best of {args.rounds}, {args.messages} council-mix messages, one core)")
    header = f"{'kind':<28}{'this checkout':>14}" + (f"{'against':>10}{'ratio':>8}" if args.against else "")
    print(header)
    for k in kinds:
        line = f"{k:<28}{results[0][k]:>14.3f}"
        if args.against:
            other = results[1].get(k)
            line += f"{other:>10.3f}{results[0][k] / other:>8.2f}" if other else ""
        print(line)


if __name__ == "__main__":
    main()
