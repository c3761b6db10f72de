"""The web: section of policy.yaml: safe defaults, and every mistake reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailguard.config import load_config
from mailguard.errors import ConfigError
from mailguard.settings import DEFAULT_WEB_LISTEN, ServiceSettings, load_service_settings
from tests.relay.harness import write_config


def settings(tmp_path: Path, web: str) -> ServiceSettings:
    return load_service_settings(load_config(write_config(tmp_path / "c", extra=web)))


def test_defaults_listen_on_loopback_with_no_accounts(tmp_path: Path) -> None:
    web = settings(tmp_path, "").web
    assert web.listen == DEFAULT_WEB_LISTEN and web.listen.host == "127.0.0.1"
    assert web.users == {} and not web.secure and web.idle_timeout == 1800 and web.url_prefix == ""


def test_a_full_section(tmp_path: Path, user_hashes: dict[str, str]) -> None:
    web = settings(tmp_path, f"""
web:
  listen: 0.0.0.0:8443
  users:
    jane.doe: "{user_hashes['alice']}"
    Sam: "{user_hashes['bob']}"
  idle_timeout: 15m
  max_session: 8h
  https_proxy: true
  url_prefix: /mailguard/
  timezone: UTC
""").web
    assert sorted(web.users) == ["Sam", "jane.doe"] and web.secure
    assert (web.idle_timeout, web.max_session) == (900, 28800)
    assert (web.url_prefix, web.timezone) == ("/mailguard", "UTC")
    assert "scrypt" not in repr(web)                     # hashes never printed


def test_mistakes_are_reported_together_with_their_lines(tmp_path: Path, user_hashes: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as err:
        settings(tmp_path, f"""
web:
  listen: 192.0.2.10:8080
  users:
    alice: "{user_hashes['alice']}"
    ALICE: "{user_hashes['bob']}"
    bob: hunter2
    "bad name": "{user_hashes['bob']}"
  url_prefix: "mail guard"
  timezone: Mars/Olympus
  colour: blue
""")
    text = str(err.value)
    lines = (tmp_path / "c" / "policy.yaml").read_text().splitlines()
    web = lines.index("web:") + 1                    # the section's own line number in the file
    for offset, expected in ((1, "the review page would take passwords over plain HTTP on 192.0.2.10:8080"),
                             (4, "reviewer 'ALICE' is listed twice"),
                             (5, "reviewer 'bob': not a password hash"),
                             (6, "'bad name' is not a usable reviewer name"), (7, "url_prefix 'mail guard'"),
                             (8, "unknown time zone 'Mars/Olympus'"), (9, "unknown setting 'colour'")):
        assert f"line {web + offset}: {expected}" in text, expected
    assert "hash-password" in text


def test_tls_needs_both_files(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    with pytest.raises(ConfigError, match="needs 'certificate' and 'key'"):
        settings(tmp_path, f"web:\n  tls:\n    certificate: {cert}\n")
