"""Training is seeded and reproducible; the dev split is by group; the figures are computed right.

These tests use a tiny slice of the data and the smallest architecture so they stay fast; the full
training run is ``mailguard model train``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailguard.cli import main
from mailguard.errors import ModelError
from mailguard.model.data import (
    READ_SPLITS,
    TEST_SPLITS,
    Sentence,
    fingerprint,
    group_split,
    load_train,
    read_split_rows,
    read_splits_present,
)
from mailguard.model.detector import score_sentences
from mailguard.model.metrics import at_threshold, average_precision, pick_threshold
from mailguard.model.policy import DevMessages, choose_threshold
from mailguard.model.train import fit
from mailguard.runtime import models_dir

DATA = models_dir() / "data"


@pytest.fixture(scope="module")
def rows() -> list[Sentence]:
    return load_train(DATA)


def test_training_data_is_several_thousand_labelled_sentences_with_groups(rows):
    assert len(rows) > 3000
    assert {r.label for r in rows} == {0, 1}
    assert all(r.group for r in rows)


def test_dev_split_is_by_group_and_seeded(rows):
    train, dev = group_split(rows)
    assert not {r.group for r in train} & {r.group for r in dev}
    assert 0.15 < len(dev) / len(rows) < 0.25
    assert group_split(rows) == (train, dev)
    assert fingerprint(dev) != fingerprint(train)


def test_training_is_reproducible(rows):
    tiny = rows[:120]
    sentences = ["We will repair the fence by Friday.", "I will raise it with the clerk."]
    first = fit(tiny, "bow-1", "cue-markers", epochs=2)
    second = fit(tiny, "bow-1", "cue-markers", epochs=2)
    assert first.get_pipe("textcat").model.to_bytes() == second.get_pipe("textcat").model.to_bytes()
    mode = "cue-markers"
    assert score_sentences(first, mode, sentences) == score_sentences(second, mode, sentences)


def test_metrics_and_threshold_choice():
    labels = [1, 1, 1, 0, 0, 0]
    scores = [0.9, 0.8, 0.4, 0.6, 0.2, 0.1]
    s = at_threshold(labels, scores, 0.5)
    assert (s.tp, s.fp, s.fn, s.tn) == (2, 1, 1, 2)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert average_precision(labels, scores) == pytest.approx((1 + 1 + 3 / 4) / 3)
    assert pick_threshold(labels, scores, 1.0) == 0.61


def test_threshold_also_keeps_dev_messages_clean():
    from mailguard.model.data import Message  # noqa: PLC0415

    messages = DevMessages([Message("Hi Dave,\n\nThanks for the tea.\n\nTom", False)])
    flat = [0.7 if "tea" in s else 0.1 for s in messages.flat]
    assert choose_threshold([1, 0], [0.9, 0.1], messages.regroup(flat), messages, margin=0.0) == 0.71
    chosen = choose_threshold([1, 0], [0.9, 0.1], messages.regroup(flat), messages)
    assert chosen == 0.76
    assert messages.false_alarms(messages.regroup(flat), chosen) == (0, 1)


def _fake_data(root: Path) -> Path:
    """A stand-in data folder, so the evaluate command is exercised without reading the real test split."""
    (root / "train").mkdir(parents=True)
    (root / TEST_SPLITS[0]).mkdir()
    sentences = [("We will repair the fence by Friday.", 1, "commitment"),
                 ("Please go ahead with the works.", 1, "instruction"),
                 ("I'll raise it with the clerk.", 0, "personal"),
                 ("Thanks for coming to the meeting.", 0, "pleasantry")]
    (root / "train" / "part-x-01.jsonl").write_text(
        "".join(json.dumps({"text": t, "label": y, "kind": k, "group": f"x-{i}"}) + "\n"
                for i, (t, y, k) in enumerate(sentences)))
    (root / TEST_SPLITS[0] / "sentences.jsonl").write_text(
        "".join(json.dumps({"text": t, "label": y, "kind": k}) + "\n" for t, y, k in sentences))
    messages = [{"text": "Hi Dave,\n\nThanks for coming to the meeting.\n\nTom", "binding": False},
                {"text": "Dave,\n\nPlease go ahead with the works.\n\nTom", "binding": True}]
    (root / TEST_SPLITS[0] / "messages.jsonl").write_text("".join(json.dumps(m) + "\n" for m in messages))
    return root


def test_evaluate_command_prints_the_figures(tmp_path, capsys):
    assert main(["model", "evaluate", "--data", str(_fake_data(tmp_path / "data"))]) == 0
    out = capsys.readouterr().out
    assert "precision 1.000  recall 1.000  F1 1.000" in out
    assert "false alarms: 0 of 1 non-binding messages" in out
    assert "binding messages flagged: 1 of 1" in out
    assert main(["model", "evaluate", "--cues-only", "--data", str(tmp_path / "data")]) == 0
    assert "the cue reader alone" in capsys.readouterr().out


def test_evaluate_names_a_missing_split(tmp_path, capsys):
    assert main(["model", "evaluate", "--split", TEST_SPLITS[-1], "--data", str(_fake_data(tmp_path / "data"))]) == 2
    assert f"{TEST_SPLITS[-1]}/sentences.jsonl" in capsys.readouterr().err


def test_bad_training_data_names_file_and_line(tmp_path):
    root = _fake_data(tmp_path / "data")
    with (root / "train" / "part-x-01.jsonl").open("a") as f:
        f.write('{"text": "no label here"}\n')
    with pytest.raises(ModelError, match=r"part-x-01.jsonl, line 5"):
        load_train(root)


def test_evaluate_also_reports_the_messages_through_the_rule(tmp_path, capsys):
    """The rule reads only the councillor's own text: a commitment quoted from the resident's mail is a
    sentence-level false alarm but not a finding, and a real one is found either way."""
    root = _fake_data(tmp_path / "data")
    messages = [{"text": "Hi Dave,\n\nThanks for coming to the meeting.\n\nTom\n\nOn Mon, 3 Jun 2024, Dave wrote:\n"
                         "> We will repair the fence by Friday.\n", "binding": False},
                {"text": "Dave,\n\nPlease go ahead with the works.\n\nTom", "binding": True}]
    (root / TEST_SPLITS[0] / "messages.jsonl").write_text("".join(json.dumps(m) + "\n" for m in messages))
    assert main(["model", "evaluate", "--errors", "--data", str(root)]) == 0
    out = capsys.readouterr().out
    sentence_level, rule_path = out.split("through the councillor-obligation rule")
    assert "false alarms: 1 of 1 non-binding messages" in sentence_level
    assert "false alarms: 0 of 1 non-binding messages" in rule_path
    assert "binding messages flagged: 1 of 1" in rule_path


def test_evaluate_checks_each_message_for_the_council_its_writer_named(tmp_path, capsys):
    """Held-out writers sign for councils of their own invention; the rule reads another council's
    promise as a third party's, so each message is checked as mail of the council it names."""
    root = _fake_data(tmp_path / "data")
    messages = [{"text": "Dave,\n\nBroseley Town Council will pay for the new fence.\n\nCllr Tom Ward\n"
                         "Broseley Town Council", "binding": True},
                {"text": "Dave,\n\nThe County Council will pay for the new fence.\n\nCllr Tom Ward\n"
                         "Broseley Town Council", "binding": False}]
    (root / TEST_SPLITS[0] / "messages.jsonl").write_text("".join(json.dumps(m) + "\n" for m in messages))
    assert main(["model", "evaluate", "--data", str(root)]) == 0
    rule_path = capsys.readouterr().out.split("through the councillor-obligation rule")[1]
    assert "false alarms: 0 of 1 non-binding messages" in rule_path
    assert "binding messages flagged: 1 of 1" in rule_path


def test_evaluate_takes_the_writers_council_not_the_recipients(tmp_path, capsys):
    root = _fake_data(tmp_path / "data")
    messages = [{"text": "Dear Jo,\n\nThanks for your letter on behalf of Dunmore Town Council. Stanbridge Parish "
                         "Council will share the cost of the new fence.\n\nCllr Tom Ward\nStanbridge Parish Council",
                 "binding": True}]
    (root / TEST_SPLITS[0] / "messages.jsonl").write_text("".join(json.dumps(m) + "\n" for m in messages))
    assert main(["model", "evaluate", "--data", str(root)]) == 0
    assert "binding messages flagged: 1 of 1" in capsys.readouterr().out.split("through the councillor-obligation")[1]


def test_a_read_split_is_training_data_with_its_emails_own_text(tmp_path):
    """A read split's sentences, and from its e-mails the writer's own text: every sentence of a clean
    e-mail as not binding (the quoted history left out), only the listed sentences of a binding one."""
    root = _fake_data(tmp_path / "data")
    split = root / READ_SPLITS[0]
    split.mkdir()
    (split / "sentences.jsonl").write_text(json.dumps({"text": "The parish will pay for the skip.", "label": 1,
                                                       "kind": "commitment"}) + "\n")
    messages = [{"text": "Hi Dave,\n\nThanks for the photos of the verge. I'll mention it at the meeting.\n\nTom\n\n"
                         "On Tue, 3 Sep 2024 at 09:12, Dave <d@example.org> wrote:\n> We will cut it on Monday.",
                 "binding": False},
                {"text": "Dave,\n\nGood to hear from you. Please go ahead and cut the verge.\n\nTom",
                 "binding": True, "binding_sentences": ["Please go ahead and cut the verge."]}]
    (split / "messages.jsonl").write_text("".join(json.dumps(m) + "\n" for m in messages))

    rows = read_split_rows(root, READ_SPLITS[0])
    by_text = {r.text: r for r in rows}
    assert by_text["The parish will pay for the skip."].label == 1
    assert by_text["Thanks for the photos of the verge."].label == 0
    assert by_text["I'll mention it at the meeting."].label == 0
    assert by_text["Please go ahead and cut the verge."].label == 1
    assert "Good to hear from you." not in by_text                 # a binding e-mail's other sentences
    assert not any("cut it on Monday" in t for t in by_text)        # quoted history is not own text
    assert by_text["Thanks for the photos of the verge."].group == by_text["I'll mention it at the meeting."].group
    assert len({r.group for r in rows}) == 3                        # one per sentence, one per e-mail

    trained_on = load_train(root)
    assert [r.text for r in trained_on[:4]] == [r.text for r in load_train(tmp_path / "data")[:4]]
    assert {r.text for r in rows} <= {r.text for r in trained_on}
    assert read_splits_present(root) == [READ_SPLITS[0]]
    assert not set(READ_SPLITS) & set(TEST_SPLITS)
