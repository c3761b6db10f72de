"""The relay as a real process (``python -m mailguard relay``), for signal and crash tests."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RelayProcess:
    proc: subprocess.Popen[str]
    port: int
    log: list[dict] = field(default_factory=list)  # type: ignore[type-arg]
    reader: threading.Thread | None = None

    def wait(self, timeout: float = 20) -> int:
        """Wait for the process to end; close its pipe once the log is read to the end."""
        code = self.proc.wait(timeout)
        if self.reader is not None:
            self.reader.join(5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        return code

    def events(self, name: str) -> list[dict]:  # type: ignore[type-arg]
        return [e for e in self.log if e.get("event") == name]


def start(config: Path, state: Path, upstream_port: int, *extra: str, timeout: float = 60) -> RelayProcess:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailguard", "relay", "--config", str(config), "--state", str(state),
         "--listen", "127.0.0.1:0", "--upstream", f"127.0.0.1:{upstream_port}", "--hostname", "relay.test", *extra],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[dict] = []  # type: ignore[type-arg]
    ready = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            try:
                record = json.loads(line)
            except ValueError:
                record = {"event": "text", "line": line.rstrip()}
            log.append(record)
            if record.get("event") == "listening":
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.1):
        if time.monotonic() > deadline:
            proc.kill()
            RelayProcess(proc, 0, log, reader).wait()
            raise AssertionError(f"relay did not start: {log}")
    listening = [r for r in log if r.get("event") == "listening"]
    if not listening:
        RelayProcess(proc, 0, log, reader).wait()
        raise AssertionError(f"relay exited with {proc.returncode}: {log}")
    port = int(listening[0]["address"].rsplit(":", 1)[1])
    return RelayProcess(proc, port, log, reader)
