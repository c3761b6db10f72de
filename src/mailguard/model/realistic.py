"""The realistic-mail floor for the decision threshold: ``model train``'s second look at the threshold.

Why: the dev split is written by the training data's own hands, so it is too easy to set a
threshold on. With the exp9 cue readings it let the threshold fall from 0.92 to 0.75, and that model
failed ten of the realistic council e-mails in ``tests/fixtures`` (mostly councillor-obligation false
alarms on ordinary mail). Those e-mails were written by writers (seven now) who never saw the training data,
and they already set the cue gate's shifts; here they also bound the threshold from below. That makes
them development data for the threshold: they stop being an independent check of it, and the
held-out splits remain the measurement (docs/model.md).

How: every message of every set is checked by the councillor-obligation rule itself (the engine, the
council's directory, own text above the sign-off, officers reworded as their roles, run-on clauses),
with the trained detector asked to call nothing binding, and the highest score the rule asked about
is kept per message. A message is flagged at threshold ``t`` exactly when that score is >= ``t``:
the rule flags a message as soon as any sentence it judges is binding, and with nothing binding it
judges every sentence and every run-on clause it could ever judge (clauses are judged only for
sentences not judged binding). The floor is the lowest grid threshold above every expected-clean
message's score; a binding message that only a lower threshold would catch is reported, not obeyed
(no false alarm is traded for a catch). :func:`verify` checks the equivalence with the real
threshold afterwards.

The sets and their documented known misses are listed in ``realistic.json`` (read by
``tests/test_council_mail.py`` too, so the test and the floor agree on what is expected).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mailguard.archive import iter_messages
from mailguard.audit import check_message
from mailguard.config import load_config
from mailguard.engine import Engine
from mailguard.errors import ModelError
from mailguard.model.detector import TrainedDetector
from mailguard.model.policy import GRID
from mailguard.nlp import Judgement, Nlp, SentenceSplitter
from mailguard.rules import RULES

MANIFEST = "realistic.json"
RULE = "councillor-obligation"


@dataclass(frozen=True)
class RealisticSet:
    """One writer's set: its .eml files and expected.jsonl in ``folder``, audited with ``config``."""

    name: str
    folder: Path
    config: Path


@dataclass(frozen=True)
class Realistic:
    sets: tuple[RealisticSet, ...]
    known_misses: dict[tuple[str, str], str]     # (set, file) -> why it is expected to fail

    @classmethod
    def read(cls, folder: Path) -> Realistic:
        """The manifest ``folder/realistic.json``: each set's config folder (relative to ``folder``) and
        the known misses. Raises :class:`ModelError` if it is missing or malformed."""
        file = Path(folder) / MANIFEST
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            sets = tuple(RealisticSet(name, Path(folder) / name, (Path(folder) / spec["config"]).resolve())
                         for name, spec in sorted(raw["sets"].items()))
            misses = {(m["set"], m["file"]): str(m["why"]) for m in raw.get("known_misses", [])}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{file}: cannot read the realistic council e-mail sets "
                             f"({type(exc).__name__}: {exc})") from exc
        for s in sets:
            if not (s.folder / "expected.jsonl").is_file() or not (s.config / "council.yaml").is_file():
                raise ModelError(f"{file}: set {s.name} needs {s.folder / 'expected.jsonl'} and "
                                 f"{s.config / 'council.yaml'}")
        return cls(sets, misses)


@dataclass(frozen=True)
class Outcome:
    """One realistic message as the rule saw it."""

    set: str
    file: str
    expected: bool           # expected.jsonl says councillor-obligation fires
    score: float | None      # the highest score the rule asked about; None: it judged nothing
    flagged: bool = False    # whether the rule fired (at the detector's own threshold)

    @property
    def name(self) -> str:
        return f"{self.set}/{self.file}"

    def flagged_at(self, threshold: float) -> bool:
        return self.score is not None and self.score >= threshold


class _Recorder:
    """A detector that passes judging on and remembers the highest score it was asked about."""

    def __init__(self, inner: TrainedDetector) -> None:
        self.inner = inner
        self.name = inner.name
        self.highest: float | None = None

    def judge(self, sentences: Sequence[str]) -> list[Judgement]:
        judged = self.inner.judge(sentences)
        for j in judged:
            self.highest = j.score if self.highest is None else max(self.highest, j.score)
        return judged


def rule_outcomes(detector: TrainedDetector, realistic: Realistic) -> list[Outcome]:
    """Every message, checked by the councillor-obligation rule alone with ``detector``, in a stable order.

    Only that rule runs, so only its questions are recorded (speaks-for-council asks the detector too,
    on messages this rule would not check). Each message gets a fresh :class:`Nlp`, whose per-text memo
    would otherwise hide a repeated body from the recorder.
    """
    recorder = _Recorder(detector)
    splitter = SentenceSplitter()
    out = []
    for s in realistic.sets:
        expected = {row["file"]: RULE in row["rules"] for row in map(
            json.loads, (s.folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()) if row}
        engine = Engine(load_config(s.config), Nlp(recorder, splitter), rules={RULE: RULES[RULE]})
        for raw in iter_messages(sorted(s.folder.glob("*.eml"))):
            file = Path(raw.source).name
            if file not in expected:
                raise ModelError(f"{s.folder / file}: not in {s.folder / 'expected.jsonl'}")
            engine.nlp = Nlp(recorder, splitter)
            recorder.highest = None
            row = check_message(engine, raw, None)
            if row.error:
                raise ModelError(f"{s.folder / file}: {row.error}")
            fired = any(f["rule"] == RULE for f in row.findings)
            out.append(Outcome(s.name, file, expected[file], recorder.highest, fired))
    return out


def never_binding(detector: TrainedDetector) -> TrainedDetector:
    """The same model and gate, but calling nothing binding: every question the rule could ask is asked."""
    return TrainedDetector(detector.pipeline, replace(detector.meta, threshold=float("inf")), detector.path)


@dataclass(frozen=True)
class Floor:
    """What the realistic e-mails ask of the threshold."""

    threshold: float | None             # lowest grid point with no false alarm; None: none on the grid
    set_by: Outcome | None              # the expected-clean message with the highest score
    messages: int                       # messages used (known misses left out)
    binding: int                        # of them expected to fire
    left_out: tuple[str, ...]           # the known misses, as set/file

    def missed(self, outcomes: Sequence[Outcome], threshold: float) -> list[Outcome]:
        """Expected-binding messages the rule would not flag at ``threshold``."""
        return [o for o in outcomes if o.expected and not o.flagged_at(threshold)]

    def false_alarms(self, outcomes: Sequence[Outcome], threshold: float) -> list[Outcome]:
        """Expected-clean messages the rule would flag at ``threshold``."""
        return [o for o in outcomes if not o.expected and o.flagged_at(threshold)]


def usable(outcomes: Sequence[Outcome], known_misses: dict[tuple[str, str], str]) -> list[Outcome]:
    """The outcomes the floor is computed on: the documented known misses are left out."""
    return [o for o in outcomes if (o.set, o.file) not in known_misses]


def floor(outcomes: Sequence[Outcome], left_out: Sequence[str] = (), grid: Sequence[float] = GRID) -> Floor:
    """The lowest grid threshold at which no expected-clean message is flagged.

    Expected-binding messages do not pull it down: one that only a lower threshold would catch is a
    miss to report (:meth:`Floor.missed`), because a false alarm holds a councillor's innocent mail.
    """
    clean = [o for o in outcomes if not o.expected and o.score is not None]
    worst = max(clean, key=lambda o: o.score or 0.0, default=None)
    ok = [t for t in grid if worst is None or worst.score is None or t > worst.score]
    return Floor(min(ok) if ok else None, worst, len(outcomes), sum(o.expected for o in outcomes), tuple(left_out))


def final_threshold(dev: float, floor_threshold: float | None, ceiling: float = GRID[-1]) -> float:
    """max(dev-chosen threshold, realistic floor), capped at the ceiling (a floor off the grid is the ceiling)."""
    wanted = max(dev, floor_threshold if floor_threshold is not None else ceiling)
    return round(min(wanted, ceiling), 2)


def verify(detector: TrainedDetector, realistic: Realistic, predicted: Sequence[Outcome]) -> None:
    """Run the rule again with the detector's real threshold; every message must come out as predicted
    from its recorded score. Raises :class:`ModelError` otherwise (the floor's premise no longer holds)."""
    threshold = detector.meta.threshold
    actual = rule_outcomes(detector, realistic)
    wrong = [a.name for a, p in zip(actual, predicted, strict=True) if a.flagged != p.flagged_at(threshold)]
    if wrong:
        raise ModelError(f"the realistic-mail floor mispredicted the rule at threshold {threshold:.2f} on "
                         f"{len(wrong)} message(s), e.g. {wrong[0]}: the rule no longer flags a message exactly "
                         f"when a sentence it judges reaches the threshold")
