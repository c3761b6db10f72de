"""A client not written by us: swaks (Debian package) through the relay to the upstream sink.

Skipped with a clear reason when swaks is not installed (.ci/run installs it where it can).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.relay.messages import clean, confidential_to_resident, silent_bcc

SWAKS = shutil.which("swaks")
pytestmark = pytest.mark.skipif(SWAKS is None, reason="swaks is not installed (apt-get install swaks; "
                                                      ".ci/run does this when run as root)")


def swaks(port: int, mail_from: str, rcpts: list[str], data: bytes, tmp: Path) -> subprocess.CompletedProcess[str]:
    message = tmp / "message.eml"
    assert data.endswith(b"\r\n")
    message.write_bytes(data[:-2])          # swaks ends the data with CRLF . CRLF itself
    assert SWAKS is not None
    return subprocess.run([SWAKS, "--server", "127.0.0.1", "--port", str(port), "--helo", "client.test",
                           "--from", mail_from, "--to", ",".join(rcpts), "--data", f"@{message}",
                           "--timeout", "20", "--suppress-data"],
                          capture_output=True, text=True, timeout=60, check=False)


def test_swaks_clean_message_arrives_byte_for_byte(relay, sink, tmp_path):
    sample = clean()
    result = swaks(relay.port, sample.mail_from, sample.rcpts, sample.data, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<-  250 2.0.0 Ok: queued as SINK1" in result.stdout     # the upstream's own reply
    [got] = sink.mail()
    assert got.data == sample.data and got.rcpt_tos == sample.rcpts


def test_swaks_sees_the_quarantine_reference(relay, sink, tmp_path):
    sample = silent_bcc()
    result = swaks(relay.port, sample.mail_from, sample.rcpts, sample.data, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    [item] = relay.store.list()
    assert f"250 2.6.0 Message accepted and held for review by the clerk; reference {item.id}" in result.stdout
    assert relay.store.raw(item.id) == sample.data
    assert sink.mail() == []


def test_swaks_sees_why_a_message_is_blocked(relay, sink, tmp_path):
    sample = confidential_to_resident()
    result = swaks(relay.port, sample.mail_from, sample.rcpts, sample.data, tmp_path)
    assert result.returncode != 0
    assert "<** 550" in result.stdout and "5.7.1" in result.stdout and "Leigh-on-Sea protocol" in result.stdout
    [incident] = relay.store.list(["blocked"])
    assert incident.id in result.stdout
    assert sink.mail() == []


def test_swaks_upstream_down_is_a_temporary_failure(relay, sink, tmp_path):
    sink.stop()
    sample = clean()
    result = swaks(relay.port, sample.mail_from, sample.rcpts, sample.data, tmp_path)
    assert "<** 451 4.4.1" in result.stdout
