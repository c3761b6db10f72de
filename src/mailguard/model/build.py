"""``mailguard model train``: rebuild ``models/commitment`` from ``models/data``.

1. Split the training sentences by group (seeded) into train and dev.
2. Train the chosen architecture on train, watching dev: this fixes the epoch count and the
   decision threshold (:mod:`mailguard.model.tuning`).
3. Train again from scratch on train + dev with those settings: the shipped model learns from every
   labelled sentence, while its settings were chosen on sentences it had not seen.
4. Write the pipeline and ``mailguard.json`` to a temporary folder next to the target and swap it in,
   so a failed run never leaves a half-written model behind.

The test split is not read. The same data and code give byte-identical weights.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy import about as spacy_about

from mailguard.errors import ModelError
from mailguard.model.architectures import CHOSEN_ARCHITECTURE, CHOSEN_FEATURES
from mailguard.model.data import SEED, fingerprint, group_split, load_train
from mailguard.model.detector import META_FILE
from mailguard.model.features import Gate
from mailguard.model.train import fit
from mailguard.model.tuning import TRAINED_AS, Tuned, tune


@dataclass(frozen=True)
class Built:
    path: Path
    tuned: Tuned
    sentences: int
    size_bytes: int


def build(data_dir: Path, out: Path, architecture: str = CHOSEN_ARCHITECTURE,
          features: str = CHOSEN_FEATURES) -> Built:
    rows = load_train(data_dir)
    train, dev = group_split(rows)
    [tuned], _ = tune(train, dev, architecture, [features])
    nlp = fit(rows, architecture, TRAINED_AS[features], tuned.epochs)
    meta = {
        "features": features,
        "threshold": tuned.threshold,
        "gate": Gate.default().to_json(),   # the shifts tuning used; the detector decides with these
        "architecture": architecture,
        "epochs": tuned.epochs,
        "seed": SEED,
        "trained_on": {"sentences": len(rows), "binding": sum(r.label for r in rows),
                       "data_fingerprint": fingerprint(rows)},
        "dev": {"sentences": len(dev), "average_precision": round(tuned.dev_ap, 4),
                "precision": round(tuned.dev.precision, 4), "recall": round(tuned.dev.recall, 4),
                "f1": round(tuned.dev.f1, 4), "message_false_alarms": list(tuned.messages)},
        "spacy_version": spacy_about.__version__,
        "rebuild": "mailguard model train",
    }
    _write(nlp, meta, out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return Built(out, tuned, len(rows), size)


def _write(nlp: spacy.language.Language, meta: dict[str, object], out: Path) -> None:
    out = out.resolve()
    staging: Path | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
        staging.chmod(0o755)
        nlp.to_disk(staging)
        (staging / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
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
