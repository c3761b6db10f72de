"""Config validation: every problem reported with file, line and a fix; exit code 2 from the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mailguard.cli import main
from mailguard.config import load_config
from mailguard.errors import ConfigError
from tests.conftest import EXAMPLE

GOOD_COUNCIL = """council:
  name: Test Parish Council
  domains: [test-pc.gov.uk]
people:
  - name: Jane Doe
    role: clerk
    addresses: [clerk@test-pc.gov.uk]
  - name: Tom Baker
    role: councillor
    offices: [chair]
    addresses: [cllr.baker@test-pc.gov.uk, tombaker64@gmail.com]
"""


def _dir(tmp_path: Path, council: str, policy: str | None = None) -> Path:
    (tmp_path / "council.yaml").write_text(council, encoding="utf-8")
    if policy is not None:
        (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
    return tmp_path


def _error(tmp_path: Path, council: str, policy: str | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(_dir(tmp_path, council, policy))
    return info.value


def test_example_config_loads():
    config = load_config(EXAMPLE)
    assert config.council.name == "Ashford Parva Town Council"
    assert {p.role for p in config.council.people} == {"clerk", "officer", "councillor", "adviser"}
    assert config.policy.setting("confidential-forward").action == "block"


def test_policy_is_optional_and_defaults_come_from_the_pack(tmp_path):
    config = load_config(_dir(tmp_path, GOOD_COUNCIL))
    assert config.policy.mode == "enforce"
    assert config.policy.setting("silent-bcc").action == "quarantine"


def test_unknown_role_names_line_and_choices(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL.replace("role: councillor", "role: councilor"))
    text = str(err)
    assert "council.yaml, line 9" in text and "councilor" in text and "did you mean 'councillor'" in text


def test_malformed_address(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL.replace("clerk@test-pc.gov.uk", "clerk at test-pc.gov.uk"))
    assert "line 7" in str(err) and "not a valid e-mail address" in str(err)


def test_duplicate_address_across_people(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL.replace("tombaker64@gmail.com", "Clerk@test-pc.gov.uk"))
    assert "listed twice" in str(err) and "Jane Doe" in str(err)


def test_yaml_syntax_error_has_line(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL.replace("    role: clerk", "    role: [clerk"))
    assert "YAML syntax error" in str(err) and "line" in str(err)


def test_duplicate_key_is_an_error(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL.replace("    role: clerk\n", "    role: clerk\n    role: officer\n"))
    assert "appears twice" in str(err)


def test_unknown_rule_and_action_reported_together(tmp_path):
    policy = "rules:\n  silent-bc: {action: quarantine}\n  councillor-obligation: {action: shout}\n"
    err = _error(tmp_path, GOOD_COUNCIL, policy)
    text = str(err)
    assert "policy.yaml, line 2" in text and "did you mean 'silent-bcc'" in text
    assert "line 3" in text and "'shout' is not an action" in text


def test_fix_is_only_for_silent_bcc(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL, "rules:\n  confidential-forward: {action: fix}\n")
    assert "'fix' is not an action for rule 'confidential-forward'" in str(err)


def test_unknown_mode_and_protocol(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL, "mode: audit\nprotocol: nowhere\n")
    assert "unknown mode" in str(err) and "unknown protocol pack" in str(err)


def test_missing_people_and_domains(tmp_path):
    err = _error(tmp_path, "council:\n  name: X\n")
    assert "domains" in str(err) and "people" in str(err)


def test_office_on_non_councillor(tmp_path):
    err = _error(tmp_path, GOOD_COUNCIL.replace("    role: clerk\n", "    role: clerk\n    offices: [chair]\n"))
    assert "not a councillor" in str(err)


def test_cli_exits_2_with_actionable_message(tmp_path, capsys):
    _dir(tmp_path, GOOD_COUNCIL.replace("role: clerk", "role: boss"))
    code = main(["audit", "--config", str(tmp_path), str(EXAMPLE / "archive")])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown role 'boss'" in err and "How to fix" in err


def test_cli_missing_council_yaml(tmp_path, capsys):
    assert main(["check-config", "--config", str(tmp_path)]) == 2
    assert "council.yaml: file not found" in capsys.readouterr().err


def test_check_config_ok(capsys):
    assert main(["check-config", "--config", str(EXAMPLE)]) == 0
    assert "OK" in capsys.readouterr().out


def test_council_copy_of_a_pack_overrides_bundled(tmp_path):
    shutil.copy(EXAMPLE / "council.yaml", tmp_path / "council.yaml")
    (tmp_path / "protocols").mkdir()
    (tmp_path / "protocols" / "our-protocol.yaml").write_text(
        "id: our-protocol\ntitle: Our protocol\nrules:\n  silent-bcc:\n"
        "    clause: Our protocol 9.9\n    action: warn\n")
    (tmp_path / "policy.yaml").write_text("protocol: our-protocol\n")
    config = load_config(tmp_path)
    assert config.policy.protocol == "our-protocol"
    assert config.policy.setting("silent-bcc").action == "warn"


def test_check_config_validates_service_sections(tmp_path, capsys):
    shutil.copytree(EXAMPLE, tmp_path / "c")
    with open(tmp_path / "c" / "policy.yaml", "a") as f:
        f.write("relay:\n  listen: nonsense\n")
    assert main(["check-config", "--config", str(tmp_path / "c")]) == 2
    assert "relay.listen: 'nonsense' is not HOST:PORT" in capsys.readouterr().err
