"""174 realistic council e-mails, written and labelled independently from the rule definitions.

Archive copies as real clients produce them (Outlook, OWA, Gmail, Apple Mail, iPhone, Thunderbird,
webmail), with quoted threads, forwards, attachments, disclaimers and phone-typed replies. Each file's
expected findings are in ``expected.jsonl`` with a one-line reason. The set is audited as one archive,
so rule (c) of confidential-forward sees the earlier confidential originals.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailguard.cli import main
from tests.conftest import EXAMPLE

SET = Path(__file__).parent / "fixtures" / "council_mail"
#: The rules the set was labelled for (the protocol packs' further rules came later).
LABELLED = {"silent-bcc", "councillor-obligation", "confidential-forward"}
EXPECTED = {row["file"]: row for row in map(json.loads, (SET / "expected.jsonl").read_text().splitlines())}


@pytest.fixture(scope="module")
def audited() -> dict[str, set[str]]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["audit", "--config", str(EXAMPLE), "--format", "jsonl", "--progress", "never",
              *(str(p) for p in sorted(SET.glob("*.eml")))])
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    return {Path(r["source"]).name: {f["rule"] for f in r["findings"]} & LABELLED for r in rows}


def test_every_file_is_audited(audited):
    assert set(audited) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_findings(audited, name):
    row = EXPECTED[name]
    assert audited[name] == set(row["rules"]), row["note"]
