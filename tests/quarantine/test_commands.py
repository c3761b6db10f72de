"""``mailguard quarantine ...`` end to end: messages held by a real relay, reviewed from the command line."""

from __future__ import annotations

import json
import sqlite3

import pytest

from mailguard.cli import main
from tests.relay.harness import submit
from tests.relay.messages import obligation, silent_bcc


@pytest.fixture
def held(relay, sink):  # type: ignore[no-untyped-def]
    """A relay with two held messages (silent-bcc and councillor-obligation); notices already sent."""
    samples = [silent_bcc(), obligation()]
    for sample in samples:
        assert submit(relay.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
    assert sink.wait_for(lambda: len(sink.notices()) == 4)
    sink.handler.received.clear()
    return relay, samples


def by_rule(relay, rule: str) -> str:  # type: ignore[no-untyped-def]
    [item] = [i for i in relay.store.list() if rule in i.rules]
    return item.id


def q(relay, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    return ["quarantine", args[0], "--config", str(relay.config), "--state", str(relay.state), *args[1:]]


def _list(relay, capsys, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    assert main(q(relay, "list", "--format", "json", *extra)) == 0
    return json.loads(capsys.readouterr().out)


def test_list_json_has_the_documented_keys(held, capsys):
    relay, samples = held
    rows = _list(relay, capsys)
    assert len(rows) == 2
    for row in rows:
        assert set(row) >= {"id", "message_id", "mail_from", "rcpt_tos", "rules", "status", "received_at"}
        assert row["status"] == "held"
    by_id = {r["rules"][0]: r for r in rows}
    assert by_id["silent-bcc"]["rcpt_tos"] == samples[0].rcpts
    assert by_id["councillor-obligation"]["message_id"] == "<oblig0@test>"


def test_list_and_show_as_text(held, capsys):
    relay, samples = held
    assert main(q(relay, "list")) == 0
    out = capsys.readouterr().out
    item_id = by_rule(relay, "silent-bcc")
    assert item_id in out and "silent-bcc" in out
    assert main(q(relay, "show", item_id)) == 0
    out = capsys.readouterr().out
    assert "Findings:" in out and "Anne Smith" in out and "hold" in out and "CC Councillor Anne Smith" in out


def test_show_raw_prints_the_exact_bytes(held, capsysbinary):
    relay, samples = held
    item_id = by_rule(relay, "silent-bcc")
    assert main(q(relay, "show", item_id, "--raw")) == 0
    assert capsysbinary.readouterr().out == samples[0].data


def test_release_delivers_and_a_second_release_is_refused(held, sink, capsys):
    relay, samples = held
    item_id = by_rule(relay, "silent-bcc")
    upstream = f"127.0.0.1:{sink.port}"
    assert main(q(relay, "release", item_id, "--upstream", upstream, "--reviewer", "alice")) == 0
    assert "Released" in capsys.readouterr().out
    [got] = sink.mail()
    assert got.data == samples[0].data and got.rcpt_tos == samples[0].rcpts
    assert main(q(relay, "release", item_id, "--upstream", upstream, "--reviewer", "bob")) == 1
    assert "already released by alice" in capsys.readouterr().err
    assert len(sink.mail()) == 1


def test_release_to_some_recipients_with_the_fix(held, sink, capsys):
    relay, samples = held
    item_id = by_rule(relay, "silent-bcc")
    assert main(q(relay, "release", item_id, "--upstream", f"127.0.0.1:{sink.port}", "--reviewer", "alice",
                  "--to", samples[0].rcpts[0], "--fix")) == 0
    [got] = sink.mail()
    assert got.rcpt_tos == samples[0].rcpts[:1] and b"CC Councillor Anne Smith" in got.data


def test_a_failed_release_stays_held_with_the_error_shown(held, sink, capsys):
    relay, _ = held
    item_id = by_rule(relay, "silent-bcc")
    upstream = f"127.0.0.1:{sink.port}"
    sink.stop()
    assert main(q(relay, "release", item_id, "--upstream", upstream, "--reviewer", "alice")) == 1
    assert "still held" in capsys.readouterr().err
    [row] = [r for r in _list(relay, capsys) if r["id"] == item_id]
    assert row["status"] == "held" and "unavailable" in row["last_error"]
    assert main(q(relay, "show", item_id)) == 0
    assert "LAST RELEASE FAILED" in capsys.readouterr().out


def test_reject_notifies_the_sender_and_is_logged(held, sink, capsys):
    relay, samples = held
    item_id = by_rule(relay, "councillor-obligation")
    assert main(q(relay, "reject", item_id, "--upstream", f"127.0.0.1:{sink.port}", "--reviewer", "alice",
                  "--reason", "Please ask the clerk to send this instead.")) == 0
    capsys.readouterr()
    assert sink.wait_for(lambda: len(sink.notices("rejected-sender")) == 1)
    [notice] = sink.notices("rejected-sender")
    assert notice.rcpt_tos == [samples[1].mail_from] and b"ask the clerk" in notice.data
    assert main(q(relay, "show", item_id, "--format", "json")) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "rejected" and [a["action"] for a in shown["actions"]] == ["hold", "reject"]
    assert shown["actions"][1]["actor"] == "alice"


def test_verify_log_passes_then_detects_tampering(held, capsys):
    relay, _ = held
    assert main(q(relay, "verify-log")) == 0
    assert "OK" in capsys.readouterr().out
    db = sqlite3.connect(relay.store.root / "index.sqlite3")
    db.execute("DROP TRIGGER actions_no_update")
    db.execute("UPDATE actions SET detail = replace(detail, 'silent-bcc', 'none') WHERE seq = 1")
    db.commit()
    db.close()
    assert main(q(relay, "verify-log")) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "entry 1" in out


def test_quarantine_commands_need_an_existing_state_dir(tmp_path, relay, capsys):
    assert main(["quarantine", "list", "--config", str(relay.config), "--state", str(tmp_path / "nowhere")]) == 2
    assert "no quarantine" in capsys.readouterr().err
