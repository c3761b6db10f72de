"""``mailguard model train``: rebuild ``models/commitment`` from ``models/data``.

1. Split the training sentences by group (seeded) into train and dev.
2. Train the chosen architecture on train, watching dev: this fixes the epoch count and the
   decision threshold (:mod:`mailguard.model.tuning`).
3. Train again from scratch on train + dev with those settings: the shipped model learns from every
   labelled sentence, while its settings were chosen on sentences it had not seen.
4. The realistic-mail floor (:mod:`mailguard.model.realistic`), when the realistic council e-mails
   are given: the retrained model is run through the councillor-obligation rule on them, and the
   threshold is raised to the lowest one at which none of the clean ones is flagged (never above the
   grid's ceiling). The dev split, written by the training data's own hands, once let the threshold
   fall to where ten of those e-mails failed.
5. Write the pipeline and ``mailguard.json`` to a temporary folder next to the target and swap it in,
   so a failed run never leaves a half-written model behind.

The test splits are not read. The same data, e-mails and code give byte-identical files.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import spacy
from spacy import about as spacy_about

from mailguard.errors import ModelError
from mailguard.model.architectures import CHOSEN_ARCHITECTURE, CHOSEN_FEATURES
from mailguard.model.data import SEED, fingerprint, group_split, load_train
from mailguard.model.detector import META_FILE, TrainedDetector
from mailguard.model.features import Gate
from mailguard.model.metrics import Scores
from mailguard.model.policy import GRID
from mailguard.model.realistic import (
    Floor,
    Outcome,
    Realistic,
    final_threshold,
    floor,
    never_binding,
    rule_outcomes,
    usable,
    verify,
)
from mailguard.model.train import fit
from mailguard.model.tuning import TRAINED_AS, Tuned, tune


@dataclass(frozen=True)
class Built:
    path: Path
    tuned: Tuned
    sentences: int
    size_bytes: int
    threshold: float = 0.0                  # the one shipped: max(dev choice, realistic floor), capped
    floor: Floor | None = None              # None: no realistic e-mails were given
    realistic: list[Outcome] = field(default_factory=list)   # the outcomes the floor was computed on
    dev_at_threshold: tuple[Scores, tuple[int, int]] | None = None

    @property
    def missed(self) -> list[Outcome]:
        """Expected-binding realistic messages the shipped threshold does not catch."""
        return self.floor.missed(self.realistic, self.threshold) if self.floor else []

    @property
    def false_alarms(self) -> list[Outcome]:
        """Expected-clean realistic messages flagged at the shipped threshold (only if the floor is off the grid)."""
        return self.floor.false_alarms(self.realistic, self.threshold) if self.floor else []


def build(data_dir: Path, out: Path, architecture: str = CHOSEN_ARCHITECTURE,
          features: str = CHOSEN_FEATURES, realistic: Path | None = None,
          report: Callable[[str], None] | None = None) -> Built:
    """Tune on dev, retrain on everything, bound the threshold by the realistic e-mails in ``realistic``
    (a folder holding ``realistic.json``; None: the dev threshold alone), write the model to ``out``."""
    rows = load_train(data_dir)
    train, dev = group_split(rows)
    [tuned], _ = tune(train, dev, architecture, [features])
    if report is not None:
        report(f"chosen on the dev split: {tuned.epochs} epochs, threshold {tuned.threshold:.2f}")
    nlp = fit(rows, architecture, TRAINED_AS[features], tuned.epochs)
    threshold, found, outcomes, choice = tuned.threshold, None, [], None
    if realistic is not None:
        manifest = Realistic.read(realistic)
        with tempfile.TemporaryDirectory(prefix="mailguard-floor-") as tmp:
            # Loaded back from disk as the rule will load it, so the scores are the shipped model's.
            _save(nlp, {"features": features, "threshold": tuned.threshold, "gate": Gate.default().to_json()},
                  Path(tmp))
            detector = TrainedDetector.load(Path(tmp))
            everything = rule_outcomes(never_binding(detector), manifest)
            outcomes = usable(everything, manifest.known_misses)
            found = floor(outcomes, [f"{s}/{f}" for s, f in sorted(manifest.known_misses)])
            threshold = final_threshold(tuned.threshold, found.threshold)
            shipped = TrainedDetector(detector.nlp, replace(detector.meta, threshold=threshold), detector.path)
            verify(shipped, manifest, everything)
        choice = _choice(tuned.threshold, found, outcomes, threshold)
    dev_scores, dev_messages = tuned.at(threshold) if tuned.curve is not None else (tuned.dev, tuned.messages)
    meta = {
        "features": features,
        "threshold": threshold,
        "threshold_choice": choice if choice is not None else {
            "dev": tuned.threshold, "realistic_floor": None, "ceiling": GRID[-1],
            "note": "no realistic council e-mails were given: the dev split's threshold alone"},
        "gate": Gate.default().to_json(),   # the shifts tuning used; the detector decides with these
        "architecture": architecture,
        "epochs": tuned.epochs,
        "seed": SEED,
        "trained_on": {"sentences": len(rows), "binding": sum(r.label for r in rows),
                       "data_fingerprint": fingerprint(rows)},
        "dev": {"sentences": len(dev), "average_precision": round(tuned.dev_ap, 4),
                "at_threshold": threshold,
                "precision": round(dev_scores.precision, 4), "recall": round(dev_scores.recall, 4),
                "f1": round(dev_scores.f1, 4), "message_false_alarms": list(dev_messages),
                "at_dev_threshold": {"threshold": tuned.threshold,
                                     "precision": round(tuned.dev.precision, 4),
                                     "recall": round(tuned.dev.recall, 4), "f1": round(tuned.dev.f1, 4),
                                     "message_false_alarms": list(tuned.messages)}},
        "spacy_version": spacy_about.__version__,
        "rebuild": "mailguard model train",
    }
    _write(nlp, meta, out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return Built(out, tuned, len(rows), size, threshold, found, outcomes, (dev_scores, dev_messages))


def _choice(dev: float, found: Floor, outcomes: list[Outcome], threshold: float) -> dict[str, object]:
    """What mailguard.json says about the threshold: both bounds, and what the realistic e-mails left."""
    return {
        "dev": dev,
        "realistic_floor": found.threshold,
        "ceiling": GRID[-1],
        "realistic": {
            "messages": found.messages, "binding": found.binding, "left_out": list(found.left_out),
            "floor_set_by": None if found.set_by is None else
            {"message": found.set_by.name, "score": round(found.set_by.score or 0.0, 4)},
            "missed_at_threshold": [o.name for o in found.missed(outcomes, threshold)],
            "false_alarms_at_threshold": [o.name for o in found.false_alarms(outcomes, threshold)],
        },
    }


def _save(nlp: spacy.language.Language, meta: dict[str, object], folder: Path) -> None:
    nlp.to_disk(folder)
    (folder / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _write(nlp: spacy.language.Language, meta: dict[str, object], out: Path) -> None:
    out = out.resolve()
    staging: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
        staging.chmod(0o755)
        _save(nlp, meta, staging)
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        staging = None
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise ModelError(f"cannot write the model to {out}: {exc}") from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
