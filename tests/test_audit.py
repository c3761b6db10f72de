"""`mailguard audit` end to end: formats, exit codes, archive kinds, ordering and parallel runs."""

from __future__ import annotations

import json
import shutil

import pytest

from mailguard.archive import iter_messages
from mailguard.cli import main
from tests.conftest import BAKER, CLERK, EXAMPLE, JOURNALIST, ROOT, SMITH, mail

ARCHIVE = EXAMPLE / "archive"


def _jsonl(capsys, *args: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code = main(["audit", "--config", str(EXAMPLE), "--format", "jsonl", *args])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def test_example_archive_jsonl_shape_and_findings(capsys):
    code, rows = _jsonl(capsys, str(ARCHIVE))
    assert code == 1
    assert len(rows) == sum(1 for _ in iter_messages([ARCHIVE]))
    for row in rows:
        assert set(row) >= {"source", "message_id", "verdict", "findings"}
        assert row["verdict"] in ("pass", "warn", "quarantine", "block")
        for f in row["findings"]:
            assert set(f) == {"rule", "action", "clause", "explanation", "evidence"}
            assert f["evidence"] and f["explanation"].endswith(".")
    fired = {f["rule"] for row in rows for f in row["findings"]}
    assert fired == {"silent-bcc", "councillor-obligation", "confidential-forward", "councillor-speaks-for-council",
                     "instructs-staff", "confidential-external", "public-criticism"}
    assert rows[0]["source"].endswith("sent-2024.mbox:0")


def test_text_report_counts_per_rule_and_sender(capsys):
    assert main(["audit", "--config", str(EXAMPLE), str(ARCHIVE)]) == 1
    out = capsys.readouterr().out
    assert "Findings per rule:" in out and "per sender" in out and "confidential-forward" in out


def test_html_report_is_self_contained_and_escaped(tmp_path, capsys):
    evil = mail(BAKER, JOURNALIST, "Please go ahead with the works.\n\nTom\n",
                subject="<script>alert('x')</script>")
    (tmp_path / "evil.eml").write_bytes(evil)
    out = tmp_path / "report.html"
    assert main(["audit", "--config", str(EXAMPLE), "--format", "html", "--output", str(out), str(tmp_path)]) == 1
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<svg" in page and "http://" not in page and "https://" not in page


def test_clean_archive_exits_zero(tmp_path, capsys):
    (tmp_path / "one.eml").write_bytes(mail(CLERK, BAKER, "Dear Tom,\n\nAgenda attached.\n\nJane\n"))
    code, rows = _jsonl(capsys, str(tmp_path / "one.eml"))
    assert code == 0 and rows[0]["verdict"] == "pass" and rows[0]["source"].endswith("one.eml")


def test_maildir_and_eml_folder(tmp_path, capsys):
    md = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    (md / "cur" / "1.host:2,S").write_bytes(mail(CLERK, BAKER, "Dear Tom,\n\nHi.\n", bcc=SMITH))
    (md / "new" / "2.host").write_bytes(mail(CLERK, BAKER, "Dear Tom,\n\nHi again.\n"))
    code, rows = _jsonl(capsys, str(md))
    assert code == 1 and len(rows) == 2
    assert {r["verdict"] for r in rows} == {"pass", "quarantine"}


def test_unparseable_file_is_reported_not_skipped(tmp_path, capsys):
    (tmp_path / "outlook.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    code, rows = _jsonl(capsys, str(tmp_path))
    assert len(rows) == 1 and "Outlook .msg" in rows[0]["error"]


def test_missing_path_is_a_usage_error(capsys):
    assert main(["audit", "--config", str(EXAMPLE), "/nonexistent/mail"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_ledger_order_uses_date_not_file_order(tmp_path, capsys):
    """The reproduction is stored before the original in the archive but dated after it."""
    from datetime import datetime, timezone
    text = ("The caretaker has been signed off sick for three weeks and the staffing committee will review the "
            "cover arrangements on 12 June, including the agency costs of about £900 a week.")
    original = mail(CLERK, BAKER, f"Dear Tom,\n\nCONFIDENTIAL\n\n{text}\n\nJane\n",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    leak = mail(BAKER, JOURNALIST, f"Hi,\n\n{text}\n\nTom\n", when=datetime(2024, 5, 9, tzinfo=timezone.utc))
    (tmp_path / "a-leak.eml").write_bytes(leak)
    (tmp_path / "b-original.eml").write_bytes(original)
    code, rows = _jsonl(capsys, str(tmp_path))
    assert code == 1
    assert rows[0]["findings"][0]["rule"] == "confidential-forward"
    assert rows[1]["verdict"] == "pass"


def test_parallel_run_gives_identical_output(capsys):
    _, one = _jsonl(capsys, "--jobs", "1", str(ARCHIVE))
    _, two = _jsonl(capsys, "--jobs", "2", str(ARCHIVE))
    assert one == two


def test_rules_command_lists_actions_and_clauses(capsys):
    assert main(["rules", "--config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "silent-bcc -> quarantine" in out and "Leigh-on-Sea protocol §6" in out


@pytest.mark.parametrize("name", ["sent-2024.mbox"])
def test_compressed_mbox(tmp_path, capsys, name):
    import gzip
    gz = tmp_path / (name + ".gz")
    gz.write_bytes(gzip.compress((ARCHIVE / name).read_bytes()))
    _, plain = _jsonl(capsys, str(ARCHIVE / name))
    _, packed = _jsonl(capsys, str(gz))
    assert [r["verdict"] for r in plain] == [r["verdict"] for r in packed]


def test_copy_of_example_runs_from_any_directory(tmp_path, capsys, monkeypatch):
    shutil.copytree(EXAMPLE, tmp_path / "council")
    monkeypatch.chdir(tmp_path)
    code = main(["audit", "--config", "council", "council/archive"])
    assert code == 1


def test_ledger_words_found_on_the_lower_cased_text_are_the_same():
    from mailguard.ledger import _words_lazily, _words_with_spans

    for text in ["Plain ASCII text, with $5,000.00 and it's fine.", "> quoted\n>> Twice QUOTED text",
                 "Curly ‘quotes’ and don’t — £2,450.50 €3 naïve CAFÉ Straße ẞ ǅemal Σίσυφος",
                 "Turkish İstanbul changes length", "", "___ under_scores and 2024-05-01 12:30"]:
        clean, words, spans = _words_lazily(text)
        expected = _words_with_spans(text)
        assert (clean, words, spans()) == expected, text


def test_large_archives_use_every_core_from_the_first_pass(tmp_path, monkeypatch):
    from mailguard import cli

    monkeypatch.setattr(cli, "PARALLEL_FROM_BYTES", 1000)
    small = tmp_path / "small.mbox"
    small.write_bytes(b"x" * 999)
    maildir = tmp_path / "Maildir" / "cur"
    maildir.mkdir(parents=True)
    for i in range(3):
        (maildir / f"{i}.eml").write_bytes(b"x" * 400)
    assert cli.default_jobs([small], 4) == 1
    assert cli.default_jobs([small, tmp_path / "Maildir"], 4) == 4   # sizes add up, folders walked
    assert cli.default_jobs([tmp_path / "Maildir"], 1) == 1           # one core: nothing to share


def test_the_recipient_look_skips_only_mail_the_ledger_would_not_keep():
    """The first pass skips an officer's message whose recipient headers name no councillor, without parsing
    it. Over every realistic set (each with its own directory), a skipped message is never one the full
    parse would have put in the ledger, and the look does skip some."""
    from mailguard.archive import RawMessage  # noqa: PLC0415
    from mailguard.audit import _head, _may_go_to_a_councillor, position_of  # noqa: PLC0415
    from mailguard.message import parse  # noqa: PLC0415
    from mailguard.model.realistic import Realistic  # noqa: PLC0415
    from mailguard.rules.confidential_forward import ledger_entry  # noqa: PLC0415
    from mailguard.runtime import build_engine  # noqa: PLC0415

    skipped = kept = 0
    for s in Realistic.read(ROOT / "tests" / "fixtures").sets:
        engine = build_engine(s.config)
        for path in sorted(s.folder.glob("*.eml")):
            raw = path.read_bytes()
            if _may_go_to_a_councillor(engine, _head(raw)):
                continue
            skipped += 1
            facts = engine.facts(parse(raw))
            entry = ledger_entry(facts, position_of(RawMessage(str(path), raw, 0), None), str(path))
            kept += entry is not None
    assert kept == 0 and skipped > 100


def test_an_officers_copy_to_a_third_party_waits_for_the_whole_ledger(tmp_path, capsys):
    """The first pass checks an officer's mail to councillors there and then, with the ledger it has so far; one
    that also goes outside the council asks the ledger, so its verdict waits for the second pass. Here it is
    stored before the confidential original it reproduces, though dated after it: judged in the first pass, it
    would pass."""
    from datetime import datetime, timezone  # noqa: PLC0415
    text = ("The caretaker has been signed off sick for three weeks and the staffing committee will review the "
            "cover arrangements on 12 June, including the agency costs of about £900 a week.")
    original = mail(CLERK, BAKER, f"Dear Tom,\n\nCONFIDENTIAL\n\n{text}\n\nJane\n",
                    when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    leak = mail(CLERK, [BAKER, JOURNALIST], f"Dear both,\n\n{text}\n\nJane\n",
                when=datetime(2024, 5, 9, tzinfo=timezone.utc))
    (tmp_path / "a-leak.eml").write_bytes(leak)
    (tmp_path / "b-original.eml").write_bytes(original)
    code, rows = _jsonl(capsys, str(tmp_path))
    assert code == 1
    assert [f["rule"] for f in rows[0]["findings"]] == ["confidential-forward"]
    assert "reproduces the confidential e-mail" in rows[0]["findings"][0]["explanation"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_the_first_pass_finishes_are_the_rows_the_second_would_give(jobs):
    """Officers' mail to councillors is parsed once: the first pass keeps its row unless a rule asked the
    ledger. Each kept row is what checking that message against the whole ledger gives."""
    from mailguard.audit import Audit, check_message  # noqa: PLC0415
    from mailguard.runtime import build_engine  # noqa: PLC0415

    engine = build_engine(EXAMPLE)
    paths = [ARCHIVE, ROOT / "tests" / "fixtures" / "council_mail"]
    audit = Audit(engine, EXAMPLE, jobs=jobs)
    audit.build_ledger(paths)
    finished = dict(audit.finished.rows())
    assert len(finished) >= 20
    raws = {raw.index: raw for raw in iter_messages(paths)}
    for index, row in finished.items():
        assert row == check_message(engine, raws[index], audit.ledger), raws[index].source
    rows = list(audit.check(paths))
    assert [row.source for row in rows] == [raw.source for raw in raws.values()]


def test_the_second_pass_checks_a_message_whose_place_has_changed():
    """A row is used only for the message it was made from: should the archive change between the passes (a
    Maildir still receiving mail), what no longer lines up is checked again, not given another's row."""
    from mailguard.archive import RawMessage  # noqa: PLC0415
    from mailguard.audit import AuditRow, _with_finished_rows  # noqa: PLC0415

    row = AuditRow("box:2", "<a@x>", "pass", [])
    messages = [RawMessage("box:0", b"", 0), RawMessage("box:new", b"", 1), RawMessage("box:2", b"", 2)]
    assert list(_with_finished_rows(iter(messages), iter([(1, AuditRow("box:1", None, "pass", [])), (2, row)]))) \
        == [messages[0], messages[1], row]


def test_the_row_spool_gives_back_every_row_in_order_from_a_file_nobody_else_can_open():
    import os  # noqa: PLC0415

    from mailguard.audit import AuditRow, RowSpool  # noqa: PLC0415

    spool = RowSpool()
    assert list(spool.rows()) == [] and spool._file is None   # no file until there is a row to keep
    rows = [(i * 3, AuditRow(f"box:{i}", None, "pass", [], subject="é" * (i % 7))) for i in range(1000)]
    for index, row in rows:
        spool.add(index, row)
    assert spool.count == 1000 and list(spool.rows()) == rows
    fd = spool._file.fileno()
    assert os.fstat(fd).st_mode & 0o077 == 0 and os.fstat(fd).st_nlink == 0   # 0600, and no name on disk
    spool.close()
