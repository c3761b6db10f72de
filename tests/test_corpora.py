"""Every file of third-party real-world mail in ../shared/corpora is audited without a crash.

These files were written by others (see the corpora README for licences) and are not shipped with
mailguard; the test is skipped where they are absent. One JSON line per message: one per file, or
one per message of an mbox.
"""

from __future__ import annotations

import json
from collections import Counter

from mailguard.archive import is_mbox, split_mbox
from mailguard.cli import main
from tests.conftest import CORPORA, EXAMPLE, requires_corpora


@requires_corpora()
def test_every_corpus_file_is_audited_one_line_per_message(capsys):
    code = main(["audit", "--config", str(EXAMPLE), "--format", "jsonl", "--progress", "never", str(CORPORA)])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    rows = [json.loads(line) for line in captured.out.splitlines()]
    per_file: Counter[str] = Counter(r["source"].rsplit(":", 1)[0] if ":" in r["source"].rsplit("/", 1)[-1]
                                     else r["source"] for r in rows)
    files = [p for p in sorted(CORPORA.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    assert len(files) >= 1100
    for path in files:
        expected = max(1, sum(1 for _ in split_mbox(path))) if is_mbox(path) else 1
        assert per_file[str(path)] == expected, path
    crashed = [r for r in rows if r.get("error", "").startswith(("rule ", "not checked: internal"))]
    assert not crashed, crashed[:3]
    assert "Traceback" not in captured.err
