"""The cue gate's shifts belong to the trained model: mailguard.json records them and the detector decides
with them, so a model and the code can never silently disagree; the code's constants are only the default."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mailguard import cues
from mailguard.errors import ModelError
from mailguard.model import features
from mailguard.model.build import build
from mailguard.model.data import load_train
from mailguard.model.detector import META_FILE, TrainedDetector, score_sentences
from mailguard.model.features import Gate
from mailguard.runtime import COMMITMENT, models_dir

MODEL = models_dir() / COMMITMENT
#: a specific binding reading, a broad one, a non-binding one, none
SENTENCES = ["Start at nine.", "We'll wander over on Sunday.", "I'll raise it with the clerk.",
             "Thanks for coming on Tuesday."]


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / COMMITMENT
    shutil.copytree(MODEL, target)
    return target


def _record(model: Path, **changes: object) -> None:
    meta = json.loads((model / META_FILE).read_text(encoding="utf-8"))
    meta.update(changes)
    (model / META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def test_a_model_decides_with_the_shifts_its_mailguard_json_records(model_copy):
    readings = [cues.read(s) for s in SENTENCES]
    assert [(c.binding, c.broad) if c else None for c in readings] == [(True, False), (True, True),
                                                                       (False, False), None]
    _record(model_copy, threshold=0.99, gate={"positive": 1.0, "positive_broad": 0.3, "negative": 0.5})
    detector = TrainedDetector.load(model_copy)
    assert detector.meta.gate == Gate(1.0, 0.3, 0.5) != Gate.default()
    # cue-markers is the same model without the gate: the model's own probability
    raw = [p for p, _ in score_sentences(detector.nlp, "cue-markers", SENTENCES)]
    expected = [1.0, min(1.0, raw[1] + 0.3), max(0.0, raw[2] - 0.5), raw[3]]
    assert detector.scores(SENTENCES) == pytest.approx(expected)
    # a specific binding reading now passes the 0.99 bar whatever the model says
    assert detector.judge(SENTENCES[:1])[0].binding
    _record(model_copy, gate={"positive": 0.0, "positive_broad": 0.0, "negative": 0.0})
    unshifted = TrainedDetector.load(model_copy)
    assert unshifted.scores(SENTENCES) == pytest.approx(raw)
    assert unshifted.judge(SENTENCES[:1])[0].binding == (raw[0] >= 0.99)


def test_without_recorded_shifts_the_code_constants_apply(model_copy):
    meta = json.loads((model_copy / META_FILE).read_text(encoding="utf-8"))
    meta.pop("gate", None)
    (model_copy / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    detector = TrainedDetector.load(model_copy)
    assert detector.meta.gate == Gate(features.GATE_POSITIVE, features.GATE_POSITIVE_BROAD, features.GATE_NEGATIVE)


@pytest.mark.parametrize("gate", [{"positive": 0.5}, {"positive": 0.5, "positive_broad": 0.1, "negative": -0.1},
                                  {"positive": "0.5", "positive_broad": 0.1, "negative": 0.1}, [0.5, 0.1, 0.1]])
def test_bad_recorded_shifts_are_a_model_error(model_copy, gate):
    _record(model_copy, gate=gate)
    with pytest.raises(ModelError, match="gate"):
        TrainedDetector.load(model_copy)


def test_training_records_the_shifts_it_tuned_with(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "train").mkdir(parents=True)
    (data / "dev-messages").mkdir()
    rows = load_train(models_dir() / "data")[:300]
    (data / "train" / "part-a-01.jsonl").write_text(
        "".join(json.dumps({"text": r.text, "label": r.label, "group": r.group}) + "\n" for r in rows),
        encoding="utf-8")
    (data / "dev-messages" / "messages-x.jsonl").write_text(
        json.dumps({"text": "Hi Dave,\n\nThanks for the photos.\n\nTom", "binding": False}) + "\n", encoding="utf-8")
    monkeypatch.setattr(features, "GATE_POSITIVE", 0.3)
    built = build(data, tmp_path / COMMITMENT, "bow-1")
    assert json.loads((built.path / META_FILE).read_text(encoding="utf-8"))["gate"] == {
        "positive": 0.3, "positive_broad": features.GATE_POSITIVE_BROAD, "negative": features.GATE_NEGATIVE}
    monkeypatch.undo()   # the code changes its mind; the model it trained keeps its own shifts
    assert TrainedDetector.load(built.path).meta.gate.positive == 0.3 != features.GATE_POSITIVE
