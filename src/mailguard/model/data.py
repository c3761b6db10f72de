"""The labelled sentences the commitment detector learns from, and the splits it is judged on.

Sentences were written in small groups around one situation ("a-tree-41": the hedge on Pound Lane),
so the binding sentence and its hard negatives share most of their words. Splitting sentence by
sentence would put near-twins on both sides and flatter the model; the dev split is therefore drawn
by *group*, seeded, so a dev group is one the model has never seen any sentence of.

``test/`` is held out: only :mod:`mailguard.model.evaluate` reads it, for the final report, and
nothing here tunes on it.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mailguard.errors import ModelError

#: Fraction of training groups held back as the dev split (architecture, epochs, threshold).
DEV_FRACTION = 0.2
SEED = 20240501


@dataclass(frozen=True)
class Sentence:
    text: str
    label: int          # 1 binding, 0 not binding
    kind: str           # commitment | acceptance | instruction | grant | refrain | a negative kind
    group: str = ""
    audience: str = ""


@dataclass(frozen=True)
class Message:
    text: str
    binding: bool
    binding_sentences: tuple[str, ...] = ()


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, object]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read training data ({exc.strerror})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ModelError(f"{path}, line {n}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise ModelError(f"{path}, line {n}: expected a JSON object")
        yield n, row


def _sentence(path: Path, n: int, row: dict[str, object], need_group: bool) -> Sentence:
    text, label = row.get("text"), row.get("label")
    if not isinstance(text, str) or not text.strip() or label not in (0, 1):
        raise ModelError(f"{path}, line {n}: each row needs a non-empty \"text\" and \"label\" 0 or 1")
    group = row.get("group", "")
    if need_group and not (isinstance(group, str) and group):
        raise ModelError(f"{path}, line {n}: training rows need a \"group\" id (see models/data/GUIDE.md)")
    return Sentence(text.strip(), int(label), str(row.get("kind", "")), str(group),
                    str(row.get("audience", "")))


def load_sentences(paths: Sequence[Path], need_group: bool = True) -> list[Sentence]:
    out: list[Sentence] = []
    for path in paths:
        out.extend(_sentence(path, n, row, need_group) for n, row in _read_jsonl(path))
    return out


def training_files(data_dir: Path) -> list[Path]:
    files = sorted((data_dir / "train").glob("part-*.jsonl"))
    if not files:
        raise ModelError(f"{data_dir / 'train'}: no part-*.jsonl training files found")
    return files


def load_train(data_dir: Path) -> list[Sentence]:
    return load_sentences(training_files(data_dir))


#: Held-out splits, newest first, each written by a writer who read only the labelling guide (never the
#: training data or another split). Which of them still measure the shipped model, and which became
#: development data once their errors were read, is kept in docs/model.md ("Status").
TEST_SPLITS = ("test27", "test26", "test25", "test24", "test23", "test22", "test21", "test20", "test19", "test18",
               "test17", "test16", "test15", "test14", "test13", "test12", "test11", "test10", "test9", "test8",
               "test7", "test6", "test5", "test4", "test3", "test2", "test")


def load_test_sentences(data_dir: Path, split: str = TEST_SPLITS[0]) -> list[Sentence]:
    return load_sentences([data_dir / split / "sentences.jsonl"], need_group=False)


def load_test_messages(data_dir: Path, split: str = TEST_SPLITS[0]) -> list[Message]:
    path = data_dir / split / "messages.jsonl"
    out = []
    for n, row in _read_jsonl(path):
        text, binding = row.get("text"), row.get("binding")
        if not isinstance(text, str) or not isinstance(binding, bool):
            raise ModelError(f"{path}, line {n}: each row needs \"text\" and a boolean \"binding\"")
        found = row.get("binding_sentences") or []
        out.append(Message(text, binding, tuple(str(s) for s in found) if isinstance(found, list) else ()))
    return out


def group_split(rows: Sequence[Sentence], fraction: float = DEV_FRACTION,
                seed: int = SEED) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev): whole groups go to dev, chosen by a seeded shuffle of the sorted group ids."""
    groups = sorted({r.group for r in rows})
    random.Random(seed).shuffle(groups)
    dev_groups = set(groups[: round(len(groups) * fraction)])
    return [r for r in rows if r.group not in dev_groups], [r for r in rows if r.group in dev_groups]


def fingerprint(rows: Sequence[Sentence]) -> str:
    """A short hash of the training data, stored with the model so a stale model can be spotted."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.label}\t{r.text}\n".encode())
    return h.hexdigest()[:16]
