"""The realistic-mail floor for the threshold (mailguard.model.realistic): small synthetic cases for the
arithmetic, and two real e-mails through the rule for the path it reads scores from."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from mailguard.errors import ModelError
from mailguard.model.build import _Epoch, build, choose_epoch
from mailguard.model.cli import _realistic_dir
from mailguard.model.data import load_sentences, load_train, training_files
from mailguard.model.detector import TrainedDetector
from mailguard.model.policy import GRID
from mailguard.model.realistic import (
    MANIFEST,
    Outcome,
    Realistic,
    final_threshold,
    floor,
    never_binding,
    rule_outcomes,
    usable,
    verify,
)
from mailguard.model.train import MAX_EPOCHS, fit
from mailguard.runtime import models_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _o(expected: bool, score: float | None, file: str = "m.eml") -> Outcome:
    return Outcome("set", file, expected, score)


def test_a_false_alarm_score_forces_the_floor_up():
    outcomes = [_o(False, 0.42, "a"), _o(False, 0.934, "b"), _o(True, 0.98, "c"), _o(False, None, "d")]
    found = floor(outcomes)
    assert found.threshold == 0.94 and found.set_by == outcomes[1]
    assert found.false_alarms(outcomes, 0.94) == [] and found.missed(outcomes, 0.94) == []
    assert found.false_alarms(outcomes, 0.93) == [outcomes[1]]
    assert final_threshold(0.75, found.threshold) == 0.94     # the floor wins over a low dev choice
    assert final_threshold(0.96, found.threshold) == 0.96     # and never lowers a higher one


def test_a_score_exactly_on_a_grid_point_needs_the_next_one():
    # The detector calls a sentence binding at score >= threshold.
    assert floor([_o(False, 0.9)]).threshold == 0.91


def test_a_positive_only_caught_below_the_floor_is_reported_not_obeyed():
    outcomes = [_o(False, 0.95, "clean"), _o(True, 0.93, "binding"), _o(True, None, "never-judged"),
                _o(True, 0.99, "caught")]
    found = floor(outcomes)
    assert found.threshold == 0.96                             # no false alarm traded for a catch
    assert [o.file for o in found.missed(outcomes, 0.96)] == ["binding", "never-judged"]
    assert found.binding == 3 and found.messages == 4


def test_a_false_alarm_no_grid_point_clears_leaves_the_ceiling_and_is_reported():
    outcomes = [_o(False, 1.0, "stuck"), _o(True, 1.0)]
    found = floor(outcomes)
    assert found.threshold is None
    threshold = final_threshold(0.8, found.threshold)
    assert threshold == GRID[-1]
    assert [o.file for o in found.false_alarms(outcomes, threshold)] == ["stuck"]


def test_no_clean_message_judged_puts_no_floor_above_the_grid_start():
    assert floor([_o(True, 0.97), _o(False, None)]).threshold == GRID[0]
    assert final_threshold(0.75, GRID[0]) == 0.75


def test_known_misses_are_left_out():
    outcomes = [Outcome("s", "known.eml", True, 0.5), Outcome("s", "other.eml", True, 0.99)]
    kept = usable(outcomes, {("s", "known.eml"): "why"})
    assert kept == [outcomes[1]]


def _one_set(tmp_path: Path, files: dict[str, bool]) -> Path:
    """A realistic folder with one set of the example council's e-mails (expected: fires or not)."""
    folder = tmp_path / "realistic"
    (folder / "mail").mkdir(parents=True)
    for name in files:
        shutil.copy(FIXTURES / "council_mail" / name, folder / "mail" / name)
    (folder / "mail" / "expected.jsonl").write_text("".join(
        json.dumps({"file": f, "rules": ["councillor-obligation"] if fires else [], "note": ""}) + "\n"
        for f, fires in files.items()), encoding="utf-8")
    example = (FIXTURES.parent.parent / "config" / "example").resolve()
    (folder / MANIFEST).write_text(json.dumps({"sets": {"mail": {"config": str(example)}}}), encoding="utf-8")
    return folder


def test_scores_come_from_the_rule_path_and_predict_the_rule(tmp_path):
    folder = _one_set(tmp_path, {"007-hedge-cutting-go-ahead-invoice-council.eml": True,
                                 "001-resident-complaint-to-clerk.eml": False})
    manifest = Realistic.read(folder)
    detector = TrainedDetector.load(models_dir() / "commitment")
    outcomes = rule_outcomes(never_binding(detector), manifest)
    by_file = {o.file: o for o in outcomes}
    # A resident's mail to the clerk is not the rule's business: it asks the detector nothing.
    assert by_file["001-resident-complaint-to-clerk.eml"].score is None
    hedge = by_file["007-hedge-cutting-go-ahead-invoice-council.eml"]
    assert hedge.score is not None and hedge.score >= detector.meta.threshold and not hedge.flagged
    verify(detector, manifest, outcomes)    # the real threshold flags exactly what the scores predict
    assert floor(outcomes).threshold == GRID[0]


def test_verify_catches_a_prediction_the_rule_does_not_bear_out(tmp_path):
    folder = _one_set(tmp_path, {"007-hedge-cutting-go-ahead-invoice-council.eml": True})
    manifest = Realistic.read(folder)
    detector = TrainedDetector.load(models_dir() / "commitment")
    with pytest.raises(ModelError, match="mispredicted"):
        verify(detector, manifest, [Outcome("mail", "007-hedge-cutting-go-ahead-invoice-council.eml", True, 0.0)])


def test_train_finds_the_checkouts_fixtures_and_refuses_to_go_on_without_them(tmp_path, capsys):
    data = models_dir() / "data"
    assert _realistic_dir(argparse.Namespace(realistic=None), data) == FIXTURES
    elsewhere = tmp_path / "models" / "data"
    with pytest.raises(ModelError, match="--dev-threshold-only"):
        _realistic_dir(argparse.Namespace(realistic=None, dev_threshold_only=False), elsewhere)
    assert _realistic_dir(argparse.Namespace(realistic=None, dev_threshold_only=True), elsewhere) is None
    assert _realistic_dir(argparse.Namespace(realistic=None, dev_threshold_only=True), data) is None  # asked for
    assert "--dev-threshold-only" in capsys.readouterr().err
    with pytest.raises(ModelError, match=MANIFEST):
        _realistic_dir(argparse.Namespace(realistic=tmp_path), data)


def test_train_ships_the_epoch_that_gets_fewest_realistic_emails_wrong(tmp_path):
    """model train judges every epoch of the final run on the realistic e-mails and ships the cheapest,
    with the threshold and the per-epoch costs it was chosen by recorded in mailguard.json."""
    data = tmp_path / "data"
    (data / "train").mkdir(parents=True)
    rows = load_sentences(training_files(models_dir() / "data"))[:240]
    (data / "train" / "part-x-01.jsonl").write_text("".join(
        json.dumps({"text": r.text, "label": r.label, "kind": r.kind, "group": r.group}) + "\n" for r in rows))
    folder = _one_set(tmp_path, {"007-hedge-cutting-go-ahead-invoice-council.eml": True,
                                 "012-hall-hire-we-wont-be-charging.eml": True,
                                 "001-resident-complaint-to-clerk.eml": False})
    reported: list[str] = []
    built = build(data, tmp_path / "out" / "commitment", "bow-1", "cue-gate", folder, reported.append)

    meta = json.loads((built.path / "mailguard.json").read_text())
    costs = meta["epoch_choice"]["realistic_wrong_by_epoch"]
    assert len(costs) == MAX_EPOCHS
    assert costs[meta["epochs"] - 1] == min(costs)
    assert meta["threshold"] == built.threshold and meta["trained_on"]["read_splits"] == []
    assert sum(line.startswith("epoch ") for line in reported) == MAX_EPOCHS
    assert sum(line.startswith("dev run, epoch ") for line in reported) == MAX_EPOCHS   # progress in both runs
    assert any(line.startswith(f"shipping epoch {meta['epochs']}:") for line in reported)
    # What was written is the chosen epoch's model: the rule flags the realistic e-mails as predicted.
    manifest = Realistic.read(folder)
    shipped = TrainedDetector.load(built.path)
    written = usable(rule_outcomes(never_binding(shipped), manifest), manifest.known_misses)
    assert [(o.file, o.score) for o in written] == [(o.file, o.score) for o in built.realistic]
    assert textcat_bytes(shipped) == textcat_bytes_after(data, meta["epochs"])
    verify(shipped, manifest, written)


def textcat_bytes(detector: TrainedDetector) -> bytes:
    return bytes(detector.nlp.get_pipe("textcat").model.to_bytes())


def textcat_bytes_after(data: Path, epochs: int) -> bytes:
    """The weights a plain training run for ``epochs`` gives: what a correct restore must have written."""
    nlp = fit(load_train(data), "bow-1", "cue-markers", epochs)
    return bytes(nlp.get_pipe("textcat").model.to_bytes())


class _Candidate:
    """A dev-run epoch with a fixed recall, whatever the threshold."""

    def __init__(self, recall: float) -> None:
        self.recall = recall

    def at(self, threshold: float):
        return SimpleNamespace(recall=self.recall), (0, 0)


def _epoch(n: int, cost: int) -> _Epoch:
    return _Epoch(n, b"", 0.9, cost, None, [], [], None)  # type: ignore[arg-type]


def test_the_cheapest_epoch_wins_then_dev_recall_then_the_shortest():
    dev = [_Candidate(0.90), _Candidate(0.95), _Candidate(0.93), _Candidate(0.95)]
    assert choose_epoch([_epoch(1, 3), _epoch(2, 1), _epoch(3, 2), _epoch(4, 1)], dev).epoch == 2
    assert choose_epoch([_epoch(1, 1), _epoch(2, 1), _epoch(3, 1)], dev).epoch == 2      # more dev recall
    assert choose_epoch([_epoch(2, 0), _epoch(4, 0)], dev).epoch == 2                    # a tie: fewer epochs
