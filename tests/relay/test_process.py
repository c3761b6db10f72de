"""The relay process: graceful SIGTERM, and a SIGKILL in the middle of quarantining (the crash test)."""

from __future__ import annotations

import asyncio
import signal
import smtplib
import threading
import time
from collections import Counter

import pytest

from mailguard.quarantine.store import QuarantineStore
from tests.relay.harness import submit, write_config
from tests.relay.messages import clean, silent_bcc
from tests.relay.process import start


def test_sigterm_finishes_the_transaction_in_flight_and_accepts_no_new_one(tmp_path, sink):
    relay = start(write_config(tmp_path / "config"), tmp_path / "state", sink.port)
    sample = clean()
    client = smtplib.SMTP("127.0.0.1", relay.port, timeout=20)
    client.ehlo("client.test")
    assert client.mail(sample.mail_from)[0] == 250
    assert client.rcpt(sample.rcpts[0])[0] == 250
    relay.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    with pytest.raises((ConnectionError, smtplib.SMTPException, OSError)):   # the port is closed
        submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    code, _ = client.data(sample.data)                                       # ... but this one finishes
    assert code == 250
    client.close()
    assert relay.wait(20) == 0
    assert [m.data for m in sink.mail()] == [sample.data]
    assert relay.events("stopped") and relay.events("stopped")[0]["unfinished_transactions"] == 0
    transactions = relay.events("transaction")
    assert transactions[0]["action"] == "relayed" and "latency_ms" in transactions[0]
    assert all("body" not in t and "subject" not in t for t in transactions)


def test_crash_while_quarantining_loses_nothing_and_duplicates_nothing(tmp_path, sink):
    """SIGKILL the relay while three clients submit; every 250 is in the queue or upstream exactly once."""
    config = write_config(tmp_path / "config")
    state = tmp_path / "state"
    relay = start(config, state, sink.port)
    samples = {}
    for n in range(60):
        s = silent_bcc(n) if n % 3 else clean(n)
        samples[f"<{'bcc' if n % 3 else 'clean'}{n}@test>"] = s
    acked: set[str] = set()
    unacked: set[str] = set()
    lock = threading.Lock()
    queue = list(samples.items())

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                mid, sample = queue.pop(0)
            try:
                code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
            except (OSError, smtplib.SMTPException):
                code = 0
            with lock:
                (acked if code == 250 else unacked).add(mid)

    threads = [threading.Thread(target=client) for _ in range(3)]
    for t in threads:
        t.start()
    while True:                       # kill once a good part of the work is done, mid-flight
        with lock:
            if len(acked) >= 20:
                break
        time.sleep(0.005)
    relay.proc.send_signal(signal.SIGKILL)
    for t in threads:
        t.join(30)
    relay.wait(10)
    assert acked and unacked, "the kill should land in the middle of the run"

    def counts() -> Counter[str]:
        store = QuarantineStore(state)
        found = Counter(i.message_id or "" for i in store.list(None))
        store.close()
        for got in sink.mail():
            found[next(mid for mid, s in samples.items() if s.data == got.data)] += 1
        return found

    after_crash = counts()
    for mid in acked:
        assert after_crash[mid] == 1, f"{mid} got a 250 but is {'missing' if not after_crash[mid] else 'twice'}"
    assert all(n <= 1 for n in after_crash.values())
    # A real client retries what it got no 250 for: after the restart nothing is there twice.
    restarted = start(config, state, sink.port)
    for mid in sorted(unacked):
        sample = samples[mid]
        assert submit(restarted.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
    restarted.proc.send_signal(signal.SIGTERM)
    assert restarted.wait(20) == 0
    final = counts()
    held_once = [mid for mid in samples if mid.startswith("<bcc")]
    assert all(final[mid] == 1 for mid in held_once), {m: final[m] for m in held_once if final[m] != 1}
    assert all(final[mid] >= 1 for mid in samples)
    store = QuarantineStore(state)
    assert store.verify().ok, store.verify().problems
    store.close()


def test_several_processes_share_the_port_and_the_state_directory(tmp_path, sink):
    """--processes 2: mail is checked and held by whichever worker takes the connection, every held
    message gets its own reference in the one queue, and SIGTERM stops every worker gracefully."""
    state = tmp_path / "state"
    relay = start(write_config(tmp_path / "config"), state, sink.port, "--processes", "2")
    assert len(relay.events("listening")) >= 1
    replies: list[tuple[int, str]] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        for n in range(k * 10, k * 10 + 10):
            sample = silent_bcc(n) if n % 2 else clean(n)
            reply = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
            with lock:
                replies.append(reply)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert Counter(code for code, _ in replies) == Counter({250: 40})
    relay.proc.send_signal(signal.SIGTERM)
    assert relay.wait(30) == 0
    assert len(relay.events("stopped")) == 2
    held = QuarantineStore(state).list()
    assert len(held) == 20 and len({item.id for item in held}) == 20
    assert sorted(m.data for m in sink.mail()) == sorted(clean(n).data for n in range(0, 40, 2))


def test_the_smtp_address_parse_is_cached_without_changing_it():
    from aiosmtpd.smtp import SMTP

    from mailguard.relay.server import _getaddr

    class Handler:
        pass

    loop = asyncio.new_event_loop()
    smtp = SMTP(Handler(), hostname="relay.test", loop=loop)
    for arg in ["<a@b.org>", "<a@b.org> SIZE=100", "a@b.org", "<>", "", "<bad", '<"q u"@x.org> BODY=8BITMIME',
                "<" + "x" * 70 + "@y.org>"]:
        for limit in (0, 64):
            smtp.local_part_limit = limit
            assert SMTP._getaddr(smtp, arg) == _getaddr(arg, limit), (arg, limit)
    loop.close()
