"""``mailguard web`` and ``hash-password`` from the command line, the page served over real sockets,
and the same page served by the relay process (``relay --web``)."""

from __future__ import annotations

import io
import json
import signal
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mailguard.cli import main
from mailguard.settings import HostPort
from mailguard.web.auth import parse_hash
from mailguard.web.command import RelayCompanion
from mailguard.web.server import WebServer
from tests.relay.harness import submit, write_config
from tests.relay.messages import obligation
from tests.relay.process import start
from tests.relay.test_upstream import make_certificate
from tests.web.conftest import PASSWORDS, WebEnv, make_env, web_policy
from tests.web.http_client import HttpClient


def test_hash_password_reads_stdin_and_prints_a_usable_hash(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery staple\n"))
    assert main(["web", "hash-password", "--cost", "14"]) == 0
    hashed = capsys.readouterr().out.strip()
    assert parse_hash(hashed).matches("correct horse battery staple")
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery staple\n"))
    assert main(["web", "hash-password", "--user", "jane.doe", "--cost", "14"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith('    jane.doe: "scrypt$ln=14,') and "web: users:" in out.err
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["web", "hash-password"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err


def test_web_refuses_to_start_without_accounts_or_config(tmp_path: Path, env: WebEnv, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["web"]) == 2
    assert "needs --config DIR and --state DIR" in capsys.readouterr().err
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("council.yaml",):
        (bare / name).write_text((env.config / name).read_text())
    assert main(["web", "--config", str(bare), "--state", str(env.state)]) == 2
    assert "no reviewer accounts" in capsys.readouterr().err
    assert main(["web", "--config", str(env.config), "--state", str(env.state), "--listen", "0.0.0.0:0"]) == 2
    assert "plain HTTP" in capsys.readouterr().err


def test_mailguard_web_as_a_process(env: WebEnv) -> None:
    """Start the command, sign in over HTTP, release a message to the SMTP sink, stop with SIGTERM."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailguard", "web", "--config", str(env.config), "--state", str(env.state),
         "--listen", "127.0.0.1:0", "--upstream", f"127.0.0.1:{env.sink.port}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[dict] = []  # type: ignore[type-arg]
    ready = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            try:
                log.append(json.loads(line))
            except ValueError:
                log.append({"event": "text", "line": line})
            if log[-1].get("event") == "review page listening":
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(30) and log[-1].get("event") == "review page listening", log
        client = HttpClient(log[-1]["url"])
        login = client.open("/login")
        assert login.status == 200 and login.headers["Server"] == "mailguard"
        assert "default-src 'none'" in login.headers["Content-Security-Policy"]
        assert client.login("alice", PASSWORDS["alice"]).status == 200
        page = client.open(f"/item/{env.oblig.id}")
        done = client.open(f"/item/{env.oblig.id}/release", {"csrf": page.csrf(), "action": "release",
                                                              "recipients": env.oblig.rcpt_tos[0]})
        assert "Released to dave@hughesfencing.co.uk" in done.body
        assert env.sink.wait_for(lambda: len(env.sink.mail()) == 1)
        assert env.sink.mail()[0].data == env.samples["oblig"].data
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(20)
        reader.join(5)
        if proc.stderr is not None:
            proc.stderr.close()
    assert code == 0
    requests = [e for e in log if e.get("event") == "request"]
    assert {"method", "path", "status", "client"} <= set(requests[0])
    assert all("csrf" not in json.dumps(e) and PASSWORDS["alice"] not in json.dumps(e) for e in log)


def test_the_relay_serves_the_page_from_its_own_process(relay_factory, sink, user_hashes) -> None:  # type: ignore[no-untyped-def]
    """relay --web: the page shares the relay's store and upstream, and runs actions on the relay's loop."""
    running = relay_factory(extra=web_policy(user_hashes))
    sample = obligation(3)
    assert submit(running.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
    [item] = running.store.list()
    companion = RelayCompanion(running.relay, "Ashford Parva Town Council", HostPort("127.0.0.1", 0))
    companion.start(running.loop.loop)
    try:
        client = HttpClient(companion.server.url)
        queue = client.login("bob", PASSWORDS["bob"])
        assert item.id in queue.body and "Fence 3" in queue.body
        page = client.open(f"/item/{item.id}")
        assert '<mark class="ev"' in page.body        # the relay's real finding, its evidence marked
        done = client.open(f"/item/{item.id}/release", {"csrf": page.csrf(), "action": "release",
                                                         "recipients": sample.rcpts[0]})
        assert "Released to" in done.body
        assert sink.wait_for(lambda: len(sink.mail()) == 1) and sink.mail()[0].data == sample.data
        assert running.store.get(item.id).handled_by == "bob"
    finally:
        companion.stop()


def test_https_served_directly_marks_cookies_secure(tmp_path, loop_thread, sink, user_hashes) -> None:  # type: ignore[no-untyped-def]
    cert, key = make_certificate(tmp_path)
    tls = f"  tls:\n    certificate: {cert}\n    key: {key}\n"
    env = make_env(tmp_path, loop_thread, sink, user_hashes, tls)
    server = WebServer(env.app, HostPort("127.0.0.1", 0), (Path(cert), Path(key))).start()
    try:
        context = ssl.create_default_context(cafile=cert)
        client = HttpClient(server.url, context)
        page = client.open("/login")
        assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
        cookie = page.headers["Set-Cookie"]
        assert cookie.startswith("__Host-mailguard-login=") and "; Secure" in cookie and "HttpOnly" in cookie
        assert client.login("alice", PASSWORDS["alice"]).status == 200
        assert any(c.name == "__Host-mailguard" and c.secure for c in client.jar)
        with pytest.raises(ConnectionError):           # plain HTTP to the TLS port gets nowhere
            _plain_http(server.address)
    finally:
        server.stop()
        loop_thread.run(env.review.upstream.close())
        env.store.close()


def _plain_http(address: HostPort) -> None:
    import socket

    with socket.create_connection((address.host, address.port), timeout=5) as s:
        s.sendall(b"GET /login HTTP/1.0\r\n\r\n")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if not s.recv(1024):
                raise ConnectionError("closed without an answer")
        raise AssertionError("the server answered plain HTTP")


def test_mailguard_relay_web_as_a_process(tmp_path: Path, sink, user_hashes) -> None:  # type: ignore[no-untyped-def]
    """relay --web: one process takes mail and serves the page; SIGTERM stops both cleanly."""
    relay = start(write_config(tmp_path / "config", extra=web_policy(user_hashes)), tmp_path / "state",
                  sink.port, "--web", "127.0.0.1:0")
    try:
        deadline = time.monotonic() + 10
        while not relay.events("review page listening") and time.monotonic() < deadline:
            time.sleep(0.05)
        [listening] = relay.events("review page listening")
        sample = obligation(7)
        assert submit(relay.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
        client = HttpClient(listening["url"])
        queue = client.login("alice", PASSWORDS["alice"])
        assert "Fence 7" in queue.body
    finally:
        relay.proc.send_signal(signal.SIGTERM)
    assert relay.wait(20) == 0
    assert relay.events("stopped") and relay.events("request")
