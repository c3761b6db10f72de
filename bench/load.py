"""A small async SMTP load client: the benchmarks' own load generator, next to Postfix's smtp-source.

Why our own: smtp-source sends one fixed message to one fixed recipient, and the council mix needs
each message with its own envelope (a blind copy is an envelope recipient missing from To/Cc, which
is what silent-bcc reads). It also measures what smtp-source cannot: the latency of every message,
from the moment the client sent the final "." of DATA to the moment the reply arrived.

Two modes:
- closed loop (:func:`closed_loop`): ``sessions`` persistent connections, each sending its next
  message as soon as the previous one is answered: throughput, and latency under saturation;
- open loop (:func:`open_loop`): messages start at a fixed rate whatever happens (a Poisson
  process, as independent senders are), each on an idle persistent connection, a new one if none
  is idle: latency at a given offered load.

Messages are encoded once up front (CRLF, dot-stuffed), so the client spends its time on sockets.

The closed loop also exists in C (``bench/smtpload.c``, :func:`closed_loop_native`), which the relay
throughput rounds use where a C compiler is found: it sends the same transactions the same way for
0.05-0.09 ms of CPU a message (mix, 5 KB) against this client's 0.13-0.22 ms, CPU the relays under
test would otherwise lose on a two-core machine.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import BenchMessage


@dataclass(frozen=True)
class Encoded:
    mail_from: bytes
    rcpts: tuple[bytes, ...]
    data: bytes          # dot-stuffed, ending with CRLF.CRLF

    @classmethod
    def of(cls, m: BenchMessage) -> Encoded:
        body = m.data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        body = body.replace(b"\r\n.", b"\r\n..")
        if body.startswith(b"."):
            body = b"." + body
        return cls(f"MAIL FROM:<{m.mail_from}>\r\n".encode(),
                   tuple(f"RCPT TO:<{r}>\r\n".encode() for r in m.rcpt_tos), body + b".\r\n")


@dataclass
class Result:
    sent: int = 0
    failed: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)   # seconds, DATA end to reply
    elapsed: float = 0.0
    warmup: int = 0                                          # messages sent before measuring began

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class SmtpError(Exception):
    pass


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
        conn = cls(reader, writer)
        await conn.reply()
        await conn.command(b"EHLO bench.example\r\n")
        return conn

    async def reply(self) -> bytes:
        while True:
            line = await self.reader.readline()
            if not line:
                raise SmtpError("connection closed")
            if line[3:4] != b"-":
                return line

    async def command(self, line: bytes) -> bytes:
        self.writer.write(line)
        return await self.reply()

    async def send(self, m: Encoded, result: Result) -> None:
        """One transaction; the latency counted is DATA end (the final ".") to the reply."""
        reply = await self.command(m.mail_from)
        if not reply.startswith(b"2"):
            raise SmtpError(reply.decode(errors="replace"))
        for r in m.rcpts:
            reply = await self.command(r)
        reply = await self.command(b"DATA\r\n")
        if not reply.startswith(b"3"):
            await self.command(b"RSET\r\n")
            raise SmtpError(reply.decode(errors="replace"))
        self.writer.write(m.data)
        started = time.perf_counter()
        reply = await self.reply()
        result.latencies.append(time.perf_counter() - started)
        code = reply[:3].decode()
        result.codes[code] = result.codes.get(code, 0) + 1
        if code.startswith(("2", "5")):
            result.sent += 1
        else:
            result.failed += 1

    async def close(self) -> None:
        try:
            self.writer.write(b"QUIT\r\n")
            await asyncio.wait_for(self.reader.read(), 2)
        except (OSError, asyncio.TimeoutError):
            pass
        self.writer.close()


async def closed_loop(host: str, port: int, messages: Sequence[Encoded], sessions: int, duration: float,
                      warmup: float = 0.5) -> Result:
    """Saturate: ``sessions`` connections back to back for ``duration`` seconds (after a warm-up)."""
    result = Result()
    conns = [await Connection.open(host, port) for _ in range(sessions)]
    counter = iter(range(1 << 62))
    stop = time.perf_counter() + warmup + duration
    measuring = [False]

    scratch = Result()

    async def run(conn: Connection) -> None:
        while time.perf_counter() < stop:
            m = messages[next(counter) % len(messages)]
            await conn.send(m, result if measuring[0] else scratch)

    tasks = [asyncio.ensure_future(run(c)) for c in conns]
    await asyncio.sleep(warmup)
    measuring[0] = True
    t0 = time.perf_counter()
    await asyncio.gather(*tasks)
    result.elapsed = time.perf_counter() - t0
    result.warmup = sum(scratch.codes.values())
    for c in conns:
        await c.close()
    return result


async def open_loop(host: str, port: int, messages: Sequence[Encoded], rate: float, duration: float,
                    seed: int = 1) -> Result:
    """Offer ``rate`` messages/s (Poisson arrivals) for ``duration`` seconds; every message's latency."""
    result = Result()
    rng = random.Random(seed)
    idle: list[Connection] = [await Connection.open(host, port) for _ in range(4)]
    pending: set[asyncio.Task[None]] = set()

    async def one(m: Encoded) -> None:
        conn = idle.pop() if idle else await Connection.open(host, port)
        try:
            await conn.send(m, result)
            idle.append(conn)
        except (SmtpError, OSError):
            result.failed += 1
            conn.writer.close()

    t0 = time.perf_counter()
    next_at = t0
    i = 0
    while next_at < t0 + duration:
        now = time.perf_counter()
        if next_at > now:
            await asyncio.sleep(next_at - now)
        task = asyncio.ensure_future(one(messages[i % len(messages)]))
        pending.add(task)
        task.add_done_callback(pending.discard)
        i += 1
        next_at += rng.expovariate(rate)
    if pending:
        await asyncio.wait(pending, timeout=60)
    result.elapsed = time.perf_counter() - t0
    for c in idle:
        await c.close()
    return result


def new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


# ---------------------------------------------------------------------------------------------- native
# bench/smtpload.c does what closed_loop does for about 40 % of the CPU (see its header for why).

NATIVE_SOURCE = Path(__file__).with_name("smtpload.c")


def build_native(work: Path) -> Path | None:
    """Compile smtpload.c into ``work``; None (and a note on stdout) when there is no C compiler."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        print("bench: no C compiler (cc); throughput is measured with the Python client", flush=True)
        return None
    exe = work / "smtpload"
    proc = subprocess.run([cc, "-O2", "-o", str(exe), str(NATIVE_SOURCE)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"bench: smtpload.c did not compile ({proc.stderr.strip()[:500]}); "
              "throughput is measured with the Python client", flush=True)
        return None
    return exe


def write_transactions(path: Path, messages: Sequence[Encoded]) -> Path:
    """The file smtpload reads: per message "T <rcpts> <data length>", the commands, the data."""
    with path.open("wb") as f:
        for m in messages:
            f.write(b"T %d %d\n" % (len(m.rcpts), len(m.data)))
            f.write(m.mail_from)
            f.writelines(m.rcpts)
            f.write(m.data)
    return path


def closed_loop_native(exe: Path, host: str, port: int, transactions: Path, sessions: int, duration: float,
                       warmup: float = 0.5) -> tuple[Result, float]:
    """:func:`closed_loop` run by smtpload; also returns the CPU seconds the client itself used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([str(exe), host, str(port), str(sessions), str(warmup), str(duration), str(transactions)],
                          capture_output=True, text=True, timeout=duration + warmup + 120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SmtpError(proc.stderr.strip() or f"smtpload exited with {proc.returncode}")
    out = json.loads(proc.stdout)
    result = Result(sent=out["sent"], failed=out["failed"], codes=out["codes"],
                    latencies=[ms / 1000 for ms in out["latencies"]], elapsed=out["elapsed"], warmup=out["warmup"])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, cpu
