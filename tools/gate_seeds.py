"""The cue gate's broad-reading shift, tuned as `mailguard model train` does, on several seeded dev splits.

Why: the training procedure's constraint (zero dev message false alarms) is met or missed by one or
two dev messages, so one seeded split says little; docs/model.md ("The gate on three dev splits")
reports this tool's output. One line of JSON per run. Run, e.g.:

    .venv/bin/python tools/gate_seeds.py models/data 20240501 1 2
    .venv/bin/python tools/gate_seeds.py /tmp/data-with-part-f 20240501 1 2
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from spacy.language import Language

from mailguard.model import devmail, features, tuning
from mailguard.model.data import group_split, load_train
from mailguard.model.metrics import at_threshold, average_precision
from mailguard.model.policy import DevMessages, choose_threshold
from mailguard.model.train import MAX_EPOCHS, fit

SHIFTS = (0.25, 0.10, 0.0)


def run(data_dir: Path, seed: int) -> dict[str, object]:
    rows = load_train(data_dir)
    train, dev = group_split(rows, seed=seed)
    messages = DevMessages(devmail.build(dev))
    labels = [r.label for r in dev]
    history: dict[float, list[tuple[list[float], list[list[float]], float]]] = {s: [] for s in SHIFTS}
    shipped = features.GATE_POSITIVE_BROAD

    def after_epoch(epoch: int, nlp: Language) -> None:
        try:
            for shift in SHIFTS:
                features.GATE_POSITIVE_BROAD = shift
                scores = tuning.score(nlp, "cue-gate", [r.text for r in dev])
                flat = tuning.score(nlp, "cue-gate", messages.flat)
                history[shift].append((scores, messages.regroup(flat), average_precision(labels, scores)))
        finally:
            features.GATE_POSITIVE_BROAD = shipped

    started = time.monotonic()
    fit(train, "bow-2", "cue-markers", MAX_EPOCHS, after_epoch=after_epoch)
    results = {}
    for shift in SHIFTS:
        candidates = []
        for i, (scores, message_scores, ap) in enumerate(history[shift]):
            threshold = choose_threshold(labels, scores, message_scores, messages)
            at = at_threshold(labels, scores, threshold)
            alarms, clean = messages.false_alarms(message_scores, threshold)
            # the same choice as tuning.tune: most recall, then ranking, then fewer epochs
            candidates.append((round(at.recall, 3), round(ap, 3), -(i + 1), threshold, round(at.precision, 3),
                               alarms, clean))
        recall, _, neg_epochs, threshold, precision, alarms, clean = max(candidates)
        results[str(shift)] = {"epochs": -neg_epochs, "threshold": threshold, "recall": recall,
                               "precision": precision, "false_alarms": alarms, "messages": clean}
    return {"data": str(data_dir), "seed": seed, "dev_sentences": len(dev),
            "seconds": round(time.monotonic() - started), "results": results}


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    for seed in argv[1:]:
        print(json.dumps(run(Path(argv[0]), int(seed))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
