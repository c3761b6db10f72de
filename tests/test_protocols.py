"""Protocol packs: strict validation with file and line, and how policy.yaml overrides a pack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mailguard.config import load_config
from mailguard.errors import ConfigError
from mailguard.protocols import load_pack
from tests.conftest import EXAMPLE

GOOD = """id: our-protocol
title: Our Parish Council protocol
rules:
  silent-bcc:
    clause: Our protocol 9.1
    action: quarantine
    text: No silent copies.
  councillor-obligation:
    clause: Our protocol 9.2
    action: quarantine
"""


def _pack(tmp_path: Path, text: str, name: str = "our-protocol.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    load_pack.cache_clear()
    return path


def _error(tmp_path: Path, text: str, name: str = "our-protocol.yaml") -> str:
    with pytest.raises(ConfigError) as info:
        load_pack(_pack(tmp_path, text, name))
    return str(info.value)


def _council_dir(tmp_path: Path, pack: str, policy: str = "protocol: our-protocol\n") -> Path:
    shutil.copy(EXAMPLE / "council.yaml", tmp_path / "council.yaml")
    (tmp_path / "protocols").mkdir(exist_ok=True)
    _pack(tmp_path / "protocols", pack)
    (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
    return tmp_path


def test_good_pack_loads(tmp_path):
    pack = load_pack(_pack(tmp_path, GOOD))
    assert pack.rules["silent-bcc"].clause == "Our protocol 9.1"
    assert pack.rules["silent-bcc"].text == "No silent copies."


def test_unknown_rule_names_file_and_line(tmp_path):
    text = _error(tmp_path, GOOD + "  silent-cc:\n    clause: Our protocol 9.3\n")
    assert "our-protocol.yaml, line 11" in text and "unknown rule 'silent-cc'" in text and "known rules:" in text


def test_bad_action_names_file_and_line(tmp_path):
    text = _error(tmp_path, GOOD.replace("    action: quarantine\n    text", "    action: shout\n    text"))
    assert "our-protocol.yaml, line 6" in text and "'shout' is not an action" in text


def test_missing_clause_names_file_and_line(tmp_path):
    text = _error(tmp_path, GOOD.replace("    clause: Our protocol 9.2\n", ""))
    assert "our-protocol.yaml, line 8" in text and "needs a 'clause:' citation" in text


def test_unknown_key_in_a_rule(tmp_path):
    text = _error(tmp_path, GOOD.replace("    text: No silent copies.", "    txt: No silent copies."))
    assert "line 7" in text and "unknown setting 'txt'" in text and "allowed here:" in text


def test_every_problem_reported_at_once(tmp_path):
    bad = GOOD.replace("action: quarantine\n    text", "action: shout\n    text").replace(
        "    clause: Our protocol 9.2\n", "")
    text = _error(tmp_path, bad)
    assert "line 6" in text and "line 8" in text


def test_id_must_match_file_name(tmp_path):
    text = _error(tmp_path, GOOD, name="copied.yaml")
    assert "copied.yaml, line 1" in text and "does not match its file name" in text and "id: copied" in text


def test_advisory_rule_only_warns_and_needs_explanation(tmp_path):
    bad = GOOD.replace("    clause: Our protocol 9.2\n    action: quarantine\n",
                       "    clause: 'Advisory: no such clause'\n    advisory: true\n    action: block\n")
    text = _error(tmp_path, bad)
    assert "an advisory rule only warns" in text and "needs an 'explanation:'" in text


def test_advisory_rule_defaults_to_warn(tmp_path):
    pack = GOOD.replace("    clause: Our protocol 9.2\n    action: quarantine\n",
                        "    clause: 'Advisory: no such clause'\n    advisory: true\n"
                        "    explanation: Advisory, from the model protocol.\n")
    config = load_config(_council_dir(tmp_path, pack))
    assert config.policy.setting("councillor-obligation").action == "warn"


def test_not_enforced_entries_need_why(tmp_path):
    text = _error(tmp_path, GOOD + "not_enforced:\n  - clause: Our protocol 9.4\n")
    assert "line 12" in text and "needs 'why:'" in text


def test_yaml_syntax_error_in_a_pack(tmp_path):
    text = _error(tmp_path, GOOD.replace("    text: No silent copies.", "    text: [No silent copies."))
    assert "YAML syntax error" in text and "our-protocol.yaml" in text


def test_policy_overrides_clause_explanation_and_action(tmp_path):
    policy = ("protocol: our-protocol\nrules:\n  silent-bcc:\n    action: warn\n    clause: Our protocol 9.1 "
              "(as amended 2025)\n    explanation: Tell the clerk.\n")
    config = load_config(_council_dir(tmp_path, GOOD, policy))
    setting = config.policy.setting("silent-bcc")
    assert (setting.action, setting.clause, setting.explanation) == ("warn", "Our protocol 9.1 (as amended 2025)",
                                                                     "Tell the clerk.")


def test_broken_pack_chosen_by_policy_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(_council_dir(tmp_path, GOOD.replace("clause: Our protocol 9.1", "clause:")))
    assert "protocols/our-protocol.yaml, line 5" in str(info.value)


def test_unquoted_off_means_off_in_packs_and_policy(tmp_path):
    """YAML 1.1 reads a bare `off` as the boolean false; clerks write `action: off` all the same."""
    pack = GOOD.replace("    clause: Our protocol 9.2\n    action: quarantine\n",
                        "    clause: Our protocol 9.2\n    action: off\n")
    config = load_config(_council_dir(tmp_path, pack, "protocol: our-protocol\nrules:\n  silent-bcc: {action: off}\n"))
    assert config.policy.setting("councillor-obligation").action == "off"
    assert config.policy.setting("silent-bcc").action == "off"


def test_cli_exits_2_naming_the_pack_file_and_line(tmp_path, capsys):
    from mailguard.cli import main
    council = _council_dir(tmp_path, GOOD.replace("    action: quarantine\n    text", "    action: shout\n    text"))
    assert main(["check-config", "--config", str(council)]) == 2
    err = capsys.readouterr().err
    assert "protocols/our-protocol.yaml, line 6" in err and "How to fix" in err
