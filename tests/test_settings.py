"""The relay, quarantine and notify sections of policy.yaml: defaults, and errors with file and line."""

from __future__ import annotations

import ipaddress

import pytest

from mailguard.config import load_config
from mailguard.errors import ConfigError
from mailguard.settings import (
    LOOPBACK,
    load_service_settings,
    parse_cpu_affinity,
    parse_duration,
    parse_host_port,
    parse_size,
)
from tests.relay.harness import write_config


def _settings(tmp_path, extra: str):  # type: ignore[no-untyped-def]
    return load_service_settings(load_config(write_config(tmp_path / "c", extra=extra)))


def test_defaults_are_safe(tmp_path):
    s = _settings(tmp_path, "")
    assert s.relay.allowed_networks == LOOPBACK                 # never an open relay out of the box
    assert s.relay.max_message_size == 25 * 1024 * 1024 and s.relay.max_recipients == 100
    assert s.relay.upstream.tls == "none" and s.relay.tls is None
    assert s.notify.clerk == ("clerk@ashfordparva-tc.gov.uk",)
    assert s.notify.chair == ("cllr.baker@ashfordparva-tc.gov.uk",)
    assert s.notify.sender == "mailguard@ashfordparva-tc.gov.uk"
    assert s.quarantine.remind_after == 86400 and s.quarantine.escalate_after is None


def test_a_full_relay_section(tmp_path):
    s = _settings(tmp_path, """
relay:
  listen: "[::1]:10025"
  upstream: {address: smtp.example.org:587, tls: starttls, pool_size: 2}
  allowed_networks: [127.0.0.1, 192.0.2.0/24]
  max_message_size: 10MB
  max_recipients: 20
  timeouts: {client: 2m, upstream: 30s, inspect: 5s, shutdown: 10s}
quarantine:
  remind_after: 4h
  escalate_after: 3d
  reject_reasons: {wrong: Sent to the wrong people.}
notify:
  from: guard@ashfordparva-tc.gov.uk
  clerk: [clerk@ashfordparva-tc.gov.uk, office@ashfordparva-tc.gov.uk]
""")
    r = s.relay
    assert str(r.listen) == "[::1]:10025" and r.upstream.address is not None
    assert (r.upstream.address.host, r.upstream.address.port, r.upstream.tls) == ("smtp.example.org", 587, "starttls")
    assert r.allowed_networks == (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("192.0.2.0/24"))
    assert r.allows("192.0.2.7") and r.allows("::ffff:127.0.0.1") and not r.allows("198.51.100.1")
    assert r.max_message_size == 10_000_000 and r.client_timeout == 120 and r.inspect_timeout == 5
    assert s.quarantine.escalate_after == 3 * 86400 and s.quarantine.reject_reasons["wrong"].startswith("Sent")
    assert s.notify.sender == "guard@ashfordparva-tc.gov.uk" and len(s.notify.clerk) == 2


def test_errors_name_the_file_and_line_and_are_reported_together(tmp_path):
    with pytest.raises(ConfigError) as err:
        _settings(tmp_path, """
relay:
  allowed_networks: [0.0.0.0/0]
  max_message_size: huge
  upstream: {address: mail.example.org:587, username: me}
  colour: blue
""")
    text = str(err.value)
    assert "policy.yaml, line 9" in text and "open relay" in text
    assert "line 10" in text and "'huge' is not a size" in text
    assert "needs both 'username' and 'password_file'" in text
    assert "refusing to send an upstream password without TLS" in text
    assert "line 12" in text and "unknown setting 'colour'" in text


@pytest.mark.parametrize("text, expected", [("127.0.0.1:25", ("127.0.0.1", 25)), ("[::1]:2525", ("::1", 2525)),
                                            ("mail.example.org:587", ("mail.example.org", 587))])
def test_host_port(text, expected):
    hp = parse_host_port(text)
    assert (hp.host, hp.port) == expected


@pytest.mark.parametrize("bad", ["localhost", "::1:25", "host:99999", ""])
def test_bad_host_port(bad):
    with pytest.raises(ValueError):
        parse_host_port(bad)


def test_sizes_and_durations():
    assert parse_size("25MiB") == 25 * 1024 * 1024 and parse_size(1000) == 1000 and parse_size("512k") == 512 * 1024
    assert parse_duration("90") == 90 and parse_duration("5m") == 300 and parse_duration("2 days") == 172800
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_relay_refuses_to_start_as_an_open_relay_from_the_command_line(tmp_path, capsys):
    from mailguard.cli import main
    config = write_config(tmp_path / "c")
    code = main(["relay", "--config", str(config), "--state", str(tmp_path / "s"), "--listen", "127.0.0.1:0",
                 "--upstream", "127.0.0.1:1", "--allow", "0.0.0.0/0"])
    assert code == 2 and "open relay" in capsys.readouterr().err


def test_the_deployment_example_is_valid(tmp_path):
    import shutil

    from tests.conftest import ROOT
    config_dir = write_config(tmp_path / "c")
    shutil.copy(ROOT / "deploy" / "policy.yaml.example", config_dir / "policy.yaml")
    (config_dir / "templates").mkdir()
    s = load_service_settings(load_config(config_dir))
    assert s.relay.upstream.address is not None and s.quarantine.escalate_after == 3 * 86400
    assert set(s.quarantine.reject_reasons) == {"confidential", "officer"}


@pytest.mark.parametrize(("raw", "expected"), [
    ("auto", "auto"), ("AUTO", "auto"), (True, "auto"), ("yes", "auto"), ("off", "off"), (False, "off"),
    ("no", "off"),
    ([0, 1], (0, 1)), (3, (3,)), (0, (0,)), (1, (1,)), ("2,3", (2, 3)), ("0-3", (0, 1, 2, 3)), ("1, 4-5", (1, 4, 5)),
])
def test_cpu_affinity_values(raw, expected):
    assert parse_cpu_affinity(raw) == expected


@pytest.mark.parametrize("bad", ["sometimes", "3-1", [-1], [True], "", [], "1,,2", 1.5])
def test_bad_cpu_affinity_values_say_what_to_write(bad):
    with pytest.raises(ValueError, match="auto, off or a list of CPU numbers"):
        parse_cpu_affinity(bad)
    with pytest.raises(ValueError, match="CPU 1 is listed twice: list one CPU for each relay process"):
        parse_cpu_affinity("0-2,1")


def test_cpu_affinity_in_policy_yaml_defaults_to_auto_and_names_the_line_when_wrong(tmp_path):
    assert _settings(tmp_path, "").relay.cpu_affinity == "auto"
    assert _settings(tmp_path, "relay:\n  cpu_affinity: [1, 0]\n").relay.cpu_affinity == (1, 0)
    with pytest.raises(ConfigError) as err:
        _settings(tmp_path, "relay:\n  processes: 2\n  cpu_affinity: half\n")
    lines = (tmp_path / "c" / "policy.yaml").read_text().splitlines()
    assert err.value.line == lines.index("  cpu_affinity: half") + 1 and "'half' is not auto" in str(err.value)
