"""The bundled protocol packs: each loads, covers every rule, and drives a real audit with its own clauses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mailguard.cli import main
from mailguard.config import load_config
from mailguard.errors import ConfigError
from mailguard.protocols import BUNDLED_DIR, load_pack, load_protocol
from mailguard.rules import RULES
from tests.conftest import EXAMPLE, ROOT, council_dir

PACKS = sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml"))
#: How each pack's own (non-advisory) citations begin: the council's clause numbers, not the model's.
OWN_CITATION = {
    "leigh-on-sea": "Leigh-on-Sea protocol §",
    "grantham": "Grantham protocol, ",
    "ludlow": "Ludlow protocol 4.",
    "halewood": "Halewood protocol ",
    "principal-council-5-3": "Part 5.3, para",
}


def test_the_five_protocols_are_bundled():
    assert PACKS == sorted(OWN_CITATION)


@pytest.mark.parametrize("name", PACKS)
def test_pack_loads_and_covers_every_rule_with_text_and_explanation(name):
    pack = load_protocol(name)
    assert pack.id == name and pack.title and pack.document
    assert set(pack.rules) == set(RULES)
    for rule_id, entry in pack.rules.items():
        assert entry.text and entry.explanation.endswith("."), rule_id
        if entry.advisory:
            assert entry.clause.startswith("Advisory: no ") and "model text: " in entry.clause, rule_id
            assert entry.action is None and entry.explanation.startswith("Advisory:"), rule_id
        else:
            assert entry.clause.startswith(OWN_CITATION[name]), rule_id
            assert entry.action in RULES[rule_id].actions, rule_id
    assert pack.not_enforced and all(c.why for c in pack.not_enforced)


def test_ludlow_and_halewood_have_no_correspondence_section_so_those_rules_advise():
    for name in ("ludlow", "halewood"):
        pack = load_protocol(name)
        for rule_id in ("silent-bcc", "councillor-obligation", "confidential-forward",
                        "councillor-speaks-for-council", "confidential-external"):
            assert pack.rules[rule_id].advisory, (name, rule_id)
    assert load_protocol("halewood").rules["instructs-staff"].clause.startswith("Halewood protocol 3.2(a)")


def test_principal_council_has_no_silent_copy_clause():
    pack = load_protocol("principal-council-5-3")
    assert pack.rules["silent-bcc"].advisory
    assert pack.rules["councillor-speaks-for-council"].clause == "Part 5.3, para 5.3.9.1"
    assert pack.rules["confidential-external"].clause == "Part 5.3, para 5.3.8.5"


@pytest.mark.parametrize("name", PACKS)
def test_audit_with_each_pack_cites_that_packs_clauses(name, tmp_path, capsys):
    config_dir = tmp_path / "council"
    shutil.copytree(EXAMPLE, config_dir)
    (config_dir / "policy.yaml").write_text(f"protocol: {name}\n", encoding="utf-8")
    code = main(["audit", "--config", str(config_dir), "--format", "jsonl", str(config_dir / "archive")])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    pack = load_protocol(name)
    findings = [f for row in rows for f in row["findings"]]
    assert {f["rule"] for f in findings} == set(RULES)
    for f in findings:
        entry = pack.rules[f["rule"]]
        assert f["clause"] == entry.clause
        assert f["explanation"].endswith(entry.explanation)
        assert f["action"] == ("warn" if entry.advisory else entry.action)


def test_policy_may_enforce_an_advisory_rule(tmp_path):
    config = load_config(council_dir(tmp_path, "protocol: ludlow\nrules:\n  silent-bcc: {action: quarantine}\n"))
    assert config.policy.setting("silent-bcc").action == "quarantine"
    assert config.policy.setting("councillor-obligation").action == "warn"


def test_policy_options_replace_the_packs_option_by_option(tmp_path):
    policy = ("protocol: principal-council-5-3\nrules:\n  councillor-speaks-for-council:\n"
              "    exceptions:\n      - offices: [chair]\n        domains: [parliament.uk]\n")
    config = load_config(council_dir(tmp_path, policy))
    assert config.policy.setting("councillor-speaks-for-council").options["exceptions"] == [
        {"offices": ["chair"], "domains": ["parliament.uk"]}]
    assert config.policy.setting("instructs-staff").options["exempt_offices"] == ["cabinet-member", "leader"]


# ----------------------------------------------------------------------------- option validation

def _copy_pack(tmp_path: Path, name: str, edit: tuple[str, str]) -> Path:
    text = (BUNDLED_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert edit[0] in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    load_pack.cache_clear()
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize("edit,needle,message", [
    (("offices: [chair]", "offices: [chairman]"), "offices: [chairman]", "unknown office 'chairman'"),
    (('domains: ["*.gov.uk", parliament.uk]', 'domains: ["*.gov.uk", "parliament uk"]'), "parliament uk",
     "'parliament uk' is not a mail domain"),
    (("      exceptions:", "      exemptions:"), "exemptions:", "unknown option 'exemptions'"),
])
def test_bad_option_in_a_pack_names_file_and_line(tmp_path, edit, needle, message):
    path = _copy_pack(tmp_path, "leigh-on-sea", edit)
    with pytest.raises(ConfigError) as info:
        load_pack(path)
    assert f"leigh-on-sea.yaml, line {_line_of(path, needle)}" in str(info.value) and message in str(info.value)


def test_bad_option_in_policy_names_file_and_line(tmp_path):
    policy = "rules:\n  public-criticism:\n    mass_recipients: lots\n  instructs-staff:\n    exempt_offices: mayor\n"
    with pytest.raises(ConfigError) as info:
        load_config(council_dir(tmp_path, policy))
    text = str(info.value)
    assert "policy.yaml, line 3" in text and "at least 2" in text
    assert "policy.yaml, line 5" in text and "list of offices" in text


def test_unknown_option_for_a_rule_without_options(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(council_dir(tmp_path, "rules:\n  silent-bcc:\n    exceptions: []\n"))
    assert "policy.yaml, line 3" in str(info.value) and "unknown setting 'exceptions'" in str(info.value)


def test_rules_command_shows_the_packs_clauses_and_exceptions(tmp_path, capsys):
    assert main(["rules", "--config", str(council_dir(tmp_path, "protocol: principal-council-5-3\n"))]) == 0
    out = capsys.readouterr().out
    assert "councillor-speaks-for-council -> quarantine" in out and "Part 5.3, para 5.3.9.1" in out
    assert "silent-bcc -> warn (advisory)" in out and '"cabinet-member"' in out


# ----------------------------------------------------------------------------- docs

def test_docs_clause_table_is_up_to_date():
    import importlib.util
    spec = importlib.util.spec_from_file_location("protocol_table", ROOT / "tools" / "protocol_table.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    doc = tool.DOC.read_text(encoding="utf-8")
    assert tool.table() in doc, "docs/protocols.md is out of date: run python tools/protocol_table.py"
    for name in PACKS:
        pack = load_protocol(name)
        for clause in [e.clause for e in pack.rules.values()] + [c.clause for c in pack.not_enforced]:
            assert clause.replace("|", "\\|") in doc


def test_worked_example_council_copies_and_edits_a_pack(tmp_path, capsys):
    """docs/protocols.md, "Worked example": copy leigh-on-sea, renumber, make one rule advisory."""
    council = council_dir(tmp_path / "little-ashby", "protocol: little-ashby\n")
    (council / "protocols").mkdir()
    text = (BUNDLED_DIR / "leigh-on-sea.yaml").read_text(encoding="utf-8")
    text = text.replace("id: leigh-on-sea", "id: little-ashby").replace(
        "Leigh-on-Sea protocol §6 Correspondence, para 1", "Little Ashby protocol 7.1").replace(
        'clause: "Leigh-on-Sea protocol §5 Councillors\' access to information; §3.2 appropriate confidentiality"\n'
        "    action: quarantine\n",
        'clause: "Advisory: no such clause in the Little Ashby protocol; model text: principal council Part 5.3, '
        'para 5.3.8.5"\n    advisory: true\n')
    (council / "protocols" / "little-ashby.yaml").write_text(text, encoding="utf-8")
    assert main(["check-config", "--config", str(council)]) == 0
    assert main(["rules", "--config", str(council)]) == 0
    out = capsys.readouterr().out
    assert "cites: Little Ashby protocol 7.1" in out and "confidential-external -> warn (advisory)" in out
