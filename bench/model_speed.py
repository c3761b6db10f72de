"""How much the trained commitment detector adds per message, against baselines in the same run.

    .venv/bin/python bench/model_speed.py [--rounds 5] [--iterations 300]

Target (issue 4): judging the sentences of a typical 3 KB message adds under 5 ms on one core.
Each round times, interleaved so machine noise hits all alike:

  split    SentenceSplitter alone (what every message pays anyway, once for all rules)
  cues     the hand-written CueDetector classifying the split sentences (the previous detector)
  trained  the trained TrainedDetector classifying them (what the rule runs now)

The split is not in "cues" and "trained": Nlp remembers a text's sentences for every rule that
reads it (as in production), so both time the classification alone -- the cue reading, the model,
and the second look at long sentences clause by clause. (Until 30 November afternoon this bench
reported "trained - split", which, with the split remembered, took the split off twice and
understated the cost by ~0.7 ms.) Also reported: import and load times and the model's size on
disk. BLAS is pinned to one thread so "one core" means one core.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

#: A typical councillor e-mail of about 3 KB: greeting, several paragraphs mixing binding and
#: non-binding sentences, a sign-off. Written for this benchmark, not taken from any data split.
MESSAGE = """Hi Dave,

Thanks for coming out to look at the recreation ground on Tuesday, and for the quote that arrived
yesterday. I've read it through twice and shared it with a couple of the other members informally.

A few residents have been in touch about the state of the fence along the Pound Lane side, which
has been leaning badly since the storms in February. One of the panels is now lying flat in the
long grass and the children have been using the gap as a short cut to the shop, which worries me.
We will repair the fence by Friday, so please go ahead with the two worst panels first and send
the invoice to the clerk. The council will cover the cost of the concrete posts as well.

On the play area, I think we should look at the safety surfacing again before the summer holidays,
but that is a conversation for the Amenities Committee rather than for me. I'll raise it with the
clerk so it goes on the agenda for the June meeting. If the committee agrees, the clerk would be in
touch about timing and would place the order in the usual way.

Could you also let me know roughly what it would cost to replace the bench by the war memorial?
The wood has gone soft at one end and the plaque is coming loose. No need for a formal quote yet,
just a ballpark figure would help when we set next year's budget in the autumn.

The tree surgeon's report came back last week and it says the big horse chestnut by the gate is
sound, which was a relief to everybody. The council resolved in May to consult residents about the
wildflower strip along the hedge, and the clerk will write to the neighbours about that separately.

Finally, thank you for the help with the bonfire night clear-up last year; several people
mentioned how quickly the field was back to normal. Personally I would love to see the same team
doing it again this November, though of course that is not my decision to make on my own.

We won't be pursuing the invoice for the damaged goalposts, given the circumstances you explained.
The insurers have settled the claim for the storm damage, so there is nothing for you to worry
about on that front, and the clerk has already filed the paperwork with the rest of the accounts.

One more thing while I remember: the allotment association asked whether you could quote for
clearing the two empty plots at the top of the site, including taking the old sheds away. Could
you send that to the clerk when you have a moment? She will put it to the committee with the
others. I hope the weather holds for you this week, and thanks again for fitting us in so quickly.

PS: the parish newsletter goes to print at the end of the month. If you would like a short piece
about the apprenticeship scheme you mentioned, send a few lines and a photo to the editor.
I will ask her to keep a quarter page free, but no promises, as it is her call and not mine.
Have a good weekend when it comes.

Cheers,
Tom

Cllr Tom Baker
Chair, Ashford Parva Town Council
"""


def _median_ms(fn: Callable[[], object], iterations: int) -> float:
    times = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=300)
    args = ap.parse_args()

    started = time.perf_counter()
    import spacy  # noqa: F401, PLC0415
    spacy_import = time.perf_counter() - started

    from mailguard.model.detector import TrainedDetector  # noqa: PLC0415
    from mailguard.nlp import CueDetector, Nlp, SentenceSplitter  # noqa: PLC0415
    from mailguard.runtime import COMMITMENT, models_dir  # noqa: PLC0415

    path = models_dir() / COMMITMENT
    started = time.perf_counter()
    detector = TrainedDetector.load(path)
    load = time.perf_counter() - started
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())

    splitter = SentenceSplitter()
    trained, cued = Nlp(detector, splitter), Nlp(CueDetector(), splitter)
    sentences = Nlp.candidate_sentences(splitter, MESSAGE)
    runs: dict[str, Callable[[], object]] = {
        "split": lambda: Nlp.candidate_sentences(splitter, MESSAGE),
        # Classification only: the split is remembered by Nlp (every rule shares it), the judgement
        # is asked for afresh (Nlp also remembers it, which would time nothing).
        "cues": lambda: cued._judge_binding(MESSAGE, None),
        "trained": lambda: trained._judge_binding(MESSAGE, None),
    }
    for fn in runs.values():
        fn()
    results: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, fn in runs.items():
            results[name].append(_median_ms(fn, args.iterations))

    med = {name: statistics.median(v) for name, v in results.items()}
    print(f"message: {len(MESSAGE.encode())} bytes, {len(sentences)} sentences judged; "
          f"{args.rounds} rounds x {args.iterations} iterations, one BLAS thread")
    for name in runs:
        rounds = ", ".join(f"{x:.2f}" for x in results[name])
        print(f"  {name:<8} median {med[name]:6.2f} ms   (rounds: {rounds})")
    print(f"classifying the message's sentences: trained detector {med['trained']:.2f} ms (target < 5 ms), "
          f"the cue reader alone {med['cues']:.2f} ms; splitting them {med['split']:.2f} ms more, shared by every rule")
    flagged = [b.text for b in trained.binding_sentences(MESSAGE)]
    print(f"flagged {len(flagged)} binding sentence(s): " + " | ".join(flagged))
    print(f"model: {path} ({size / 1e6:.1f} MB on disk); import spacy {spacy_import * 1e3:.0f} ms, "
          f"load pipeline {load * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
