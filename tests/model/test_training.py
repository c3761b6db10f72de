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
    load_sentences,
    load_train,
    read_split_rows,
    read_splits_present,
    training_files,
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


def _read_split(root: Path, messages: list[dict[str, object]]) -> Path:
    split = root / READ_SPLITS[0]
    split.mkdir()
    (split / "sentences.jsonl").write_text(json.dumps({"text": "The parish will pay for the skip.", "label": 1,
                                                       "kind": "commitment"}) + "\n")
    (split / "messages.jsonl").write_text("".join(json.dumps(m) + "\n" for m in messages))
    return split


def test_a_read_split_is_training_data_with_its_emails_own_text(tmp_path):
    """A read split's sentences, and from its e-mails the writer's text above the quoted history: every
    sentence of a clean e-mail as not binding, in a binding one only the sentences listed as binding."""
    root = _fake_data(tmp_path / "data")
    _read_split(root, [
        {"text": "Hi Dave,\n\nThanks for the photos of the verge. I'll mention it at the meeting.\n\n"
                 "Best wishes,\nCllr Tom Baker\nEvaluation Parish Council\n\nPRESS RELEASE - 3 April 2025\n"
                 "The council will fund two youth workers for the summer.\n\n"
                 "On Tue, 3 Sep 2024 at 09:12, Dave <d@example.org> wrote:\n> We will cut it on Monday.",
         "binding": False},
        {"text": "Dave,\n\nGood to hear from you. Having seen your photos, the parish will pay for the verge cut."
                 "\n\nTom",
         "binding": True, "binding_sentences": ["the parish will pay for the verge cut."]}])

    rows = read_split_rows(root, READ_SPLITS[0])
    by_text = {r.text: r for r in rows}
    assert by_text["The parish will pay for the skip."].label == 1
    assert by_text["Thanks for the photos of the verge."].label == 0
    assert by_text["I'll mention it at the meeting."].label == 0
    assert not any("cut it on Monday" in t for t in by_text)        # quoted history is not own text
    assert by_text["the parish will pay for the verge cut."].label == 1
    assert "Good to hear from you." not in by_text                 # a binding e-mail's other sentences
    assert not any(t.startswith("Having seen") for t in by_text)
    assert by_text["Thanks for the photos of the verge."].group == by_text["I'll mention it at the meeting."].group
    assert len({r.group for r in rows}) == 3                        # one per sentence, one per e-mail

    trained_on = load_train(root)
    hand_written = load_sentences(training_files(root))
    assert [r.text for r in trained_on[:len(hand_written)]] == [r.text for r in hand_written]
    assert {r.text for r in rows} <= {r.text for r in trained_on}
    assert read_splits_present(root) == [READ_SPLITS[0]]
    assert not set(READ_SPLITS) & set(TEST_SPLITS)


@pytest.mark.parametrize("message, problem", [
    ({"text": "Dave,\n\nPlease go ahead.\n\nTom", "binding": True, "binding_sentences": ["Go ahead now."]},
     "is not in the writer's own text"),
    ({"text": "Dave,\n\nOk.\n\nTom\n\n> Please go ahead.", "binding": True,
      "binding_sentences": ["Please go ahead."]}, "is not in the writer's own text"),
    ({"text": "Dave,\n\nPlease go ahead.\n\nTom", "binding": True, "binding_sentences": "Please go ahead."},
     "must be a list"),
    ({"text": "Dave,\n\nPlease go ahead.\n\nTom", "binding": True, "binding_sentences": []},
     "must list its binding sentences"),
    ({"text": "Dave,\n\nPlease go ahead.\n\nTom", "binding": True, "binding_sentences": [None]}, "must be a list"),
])
def test_a_read_split_with_a_wrong_binding_sentence_is_named(tmp_path, message, problem):
    root = _fake_data(tmp_path / "data")
    _read_split(root, [message])
    with pytest.raises(ModelError, match=f"messages.jsonl, (?:e-mail|line) 1: .*{problem}"):
        load_train(root)


def test_the_same_text_with_both_labels_is_an_error(tmp_path):
    root = _fake_data(tmp_path / "data")
    split = _read_split(root, [])
    (split / "sentences.jsonl").write_text(json.dumps({"text": "We will repair the fence by Friday.", "label": 0,
                                                       "kind": "other"}) + "\n")
    with pytest.raises(ModelError, match="labelled 1 .* and 0"):
        load_train(root)


def test_dev_messages_may_have_one_false_alarm_in_two_hundred():
    from mailguard.model.data import Message  # noqa: PLC0415

    messages = DevMessages([Message(f"Hi Dave,\n\nThanks for the tea number {i}.\n\nTom", False)
                            for i in range(400)])

    def flagged(n: int) -> list[list[float]]:
        """The first n messages' own sentence scored 0.8, everything else 0.1."""
        return [[0.8 if i < n and "tea" in sentence else 0.1 for sentence in group]
                for i, group in enumerate(messages.sentences)]

    assert choose_threshold([1, 0], [0.9, 0.1], flagged(2), messages, margin=0.0) == 0.11   # 2 in 400
    assert choose_threshold([1, 0], [0.9, 0.1], flagged(3), messages, margin=0.0) == 0.81      # 3 in 400


def test_a_cross_check_holds_read_splits_out_and_never_the_unread_ones(tmp_path):
    root = _fake_data(tmp_path / "data")
    for split in READ_SPLITS[:2]:
        (root / split).mkdir()
        (root / split / "sentences.jsonl").write_text(json.dumps(
            {"text": f"We will mend the {split} gate.", "label": 1, "kind": "commitment"}) + "\n")
        (root / split / "messages.jsonl").write_text("")
    texts = {r.text for r in load_train(root, hold_out=[READ_SPLITS[0]])}
    assert f"We will mend the {READ_SPLITS[1]} gate." in texts
    assert f"We will mend the {READ_SPLITS[0]} gate." not in texts
    assert read_splits_present(root, [READ_SPLITS[0]]) == [READ_SPLITS[1]]
    with pytest.raises(ModelError, match=f"cannot hold out {TEST_SPLITS[0]}"):
        load_train(root, hold_out=[TEST_SPLITS[0]])


def test_train_with_hold_out_will_not_replace_the_bundled_model(capsys):
    assert main(["model", "train", "--hold-out", READ_SPLITS[0]]) == 2
    assert "pass --models DIR" in capsys.readouterr().err


def test_evaluate_refuses_a_split_the_model_was_trained_on(capsys):
    """The shipped model learnt from every read split: measuring it on one would flatter it."""
    assert main(["model", "evaluate", "--split", READ_SPLITS[0]]) == 2
    err = capsys.readouterr().err
    assert f"was trained on {READ_SPLITS[0]}" in err and "--hold-out" in err
