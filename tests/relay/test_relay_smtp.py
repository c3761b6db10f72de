"""The relay end to end over real SMTP (smtplib -> relay -> upstream sink): every verdict, every failure."""

from __future__ import annotations

import smtplib

import pytest

from mailguard.quarantine.store import QuarantineStore
from tests.conftest import D
from tests.relay.harness import submit
from tests.relay.messages import clean, confidential_to_resident, obligation, silent_bcc


def test_clean_message_arrives_byte_for_byte_with_the_same_envelope(relay, sink):
    sample = clean()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250 and "queued as SINK1" in text          # the upstream's own reply
    [got] = sink.mail()
    assert got.data == sample.data
    assert got.mail_from == sample.mail_from and got.rcpt_tos == sample.rcpts
    assert relay.store.list(None) == []


def test_quarantine_holds_exact_bytes_replies_250_with_reference_and_notifies(relay, sink):
    sample = silent_bcc()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250
    [item] = relay.store.list()
    assert item.id in text and "held for review" in text
    assert relay.store.raw(item.id) == sample.data
    assert item.mail_from == sample.mail_from and list(item.rcpt_tos) == sample.rcpts
    assert item.rules == ("silent-bcc",) and item.status == "held"
    assert sink.mail() == []                                   # nothing relayed
    assert sink.wait_for(lambda: len(sink.notices()) == 2)
    [to_sender] = sink.notices("held-sender")
    [to_clerk] = sink.notices("held-clerk")
    assert to_sender.rcpt_tos == [sample.mail_from] and to_clerk.rcpt_tos == [f"clerk@{D}"]
    text_to_sender = to_sender.data.decode()
    assert item.id in text_to_sender and "Leigh-on-Sea protocol" in text_to_sender
    assert to_sender.header("Auto-Submitted") == "auto-generated"


def test_councillor_obligation_is_held(relay, sink):
    sample = obligation()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250
    [item] = relay.store.list()
    assert item.rules == ("councillor-obligation",)
    assert sink.mail() == []


def test_block_replies_550_with_explanation_clause_and_incident(relay, sink):
    sample = confidential_to_resident()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 550
    assert text.startswith("5.7.1") and "confidential" in text and "Leigh-on-Sea protocol" in text
    [incident] = relay.store.list(["blocked"])
    assert f"incident {incident.id}" in " ".join(text.split())
    assert not incident.has_message
    assert sink.mail() == []


def test_warn_relays_with_headers_and_tells_the_sender(relay_factory, sink):
    relay = relay_factory(rules={"silent-bcc": "warn"})
    sample = silent_bcc()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250
    [got] = sink.mail()
    assert got.rcpt_tos == sample.rcpts
    assert got.header("X-Mailguard-Verdict") == "warn" and got.header("X-Mailguard-Rules") == "silent-bcc"
    assert "Anne Smith" in got.header("X-Mailguard-Finding")
    assert got.data.endswith(sample.data)                       # headers prepended, the rest untouched
    assert sink.wait_for(lambda: len(sink.notices("warn-sender")) == 1)
    assert relay.store.list(None) == []


def test_fix_appends_the_cc_line_to_text_and_html_then_relays(relay_factory, sink, engine):
    relay = relay_factory(rules={"silent-bcc": "fix"})
    sample = silent_bcc()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250
    [got] = sink.mail()
    from mailguard.facts import Envelope
    from mailguard.message import parse
    msg = parse(got.data)
    assert "CC Councillor Anne Smith" in msg.text and "CC Councillor Anne Smith" in msg.html_text
    verdict = engine.evaluate(engine.facts(msg, Envelope(sample.mail_from, tuple(sample.rcpts))))
    assert "silent-bcc" not in [f.rule for f in verdict.findings]  # the fixed message passes
    assert sink.wait_for(lambda: len(sink.notices("warn-sender")) == 1)


def test_dry_run_relays_untouched_and_records_what_enforce_would_do(relay_factory, sink):
    relay = relay_factory(mode="dry-run")
    sample = confidential_to_resident()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250
    [got] = sink.mail()
    assert got.data == sample.data
    [record] = relay.store.list(["dry-run"])
    assert record.verdict == "block" and record.rules == ("confidential-forward",)


def test_upstream_down_gives_451_and_nothing_is_lost(relay, sink):
    sink.stop()
    sample = clean()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 451 and text.startswith("4.4.1")           # the client keeps it and retries
    held = silent_bcc()
    assert submit(relay.port, held.mail_from, held.rcpts, held.data)[0] == 250
    [item] = relay.store.list()                                # a held message needs no upstream: it is on disk
    assert relay.store.raw(item.id) == held.data
    assert sink.mail() == []


def test_upstream_refusals_reach_the_client_unchanged(relay, sink):
    sink.handler.refuse_rcpt[f"cllr.baker@{D}"] = "550 5.1.1 <cllr.baker@x>: Recipient address rejected"
    sample = clean()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert (code, text) == (550, "5.1.1 <cllr.baker@x>: Recipient address rejected")
    sink.handler.refuse_rcpt.clear()
    sink.handler.data_reply = "452 4.3.1 Insufficient system storage"
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert (code, text) == (452, "4.3.1 Insufficient system storage")
    assert sink.mail() == []


def test_partial_recipient_refusal_sends_to_nobody(relay, sink):
    sink.handler.refuse_rcpt["nobody@example.org"] = "550 5.1.1 No such user"
    sample = clean()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts + ["nobody@example.org"], sample.data)
    assert code == 550
    assert sink.mail() == []


def test_client_outside_allowed_networks_cannot_relay(relay_factory, sink):
    import ipaddress
    relay = relay_factory(allowed_networks=(ipaddress.ip_network("192.0.2.0/24"),))
    sample = clean()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 554 and text.startswith("5.7.1 Relaying denied")
    assert sink.mail() == []


@pytest.mark.parametrize("sender, rcpt, expect", [
    ("not an address", f"cllr.baker@{D}", "5.1"),
    ("clerk@" + D, "baker@@example", "5.1.3"),
    ("clerk@" + D, "baker@nodot", "5.1.3"),
])
def test_bad_envelope_addresses_get_a_clear_5xx(relay, sink, sender, rcpt, expect):
    code, text = submit(relay.port, sender, [rcpt], clean().data)
    assert 500 <= code < 600 and text.startswith(expect)
    assert sink.mail() == []


def test_null_sender_is_relayed(relay, sink):
    sample = clean()
    code, _ = submit(relay.port, "<>", sample.rcpts, sample.data)
    assert code == 250
    assert sink.mail()[0].mail_from == "<>"


def test_declared_size_over_the_limit_is_refused_at_mail_from(relay_factory, sink):
    relay = relay_factory(max_message_size=64 * 1024)
    with smtplib.SMTP("127.0.0.1", relay.port, timeout=10) as client:
        client.ehlo("client.test")
        assert client.has_extn("size") and int(client.esmtp_features["size"]) == 64 * 1024
        code, _ = client.mail(f"clerk@{D}", ["SIZE=50000000"])
        assert code == 552


def test_undeclared_oversized_message_is_refused_with_552(relay_factory, sink):
    relay = relay_factory(max_message_size=64 * 1024)
    sample = clean()
    big = sample.data + (b"x" * 998 + b"\r\n") * 100
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, big)
    assert code == 552
    assert sink.mail() == []


def test_recipient_limit(relay_factory, sink):
    relay = relay_factory(max_recipients=2)
    sample = clean()
    code, text = submit(relay.port, sample.mail_from, [f"a{i}@example.org" for i in range(3)], sample.data)
    assert code == 452 and text.startswith("4.5.3")


def test_a_crashing_rule_fails_closed_with_451(relay, sink, monkeypatch):
    from mailguard.rules.silent_bcc import SilentBcc

    def boom(self, facts, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("rule bug")
    monkeypatch.setattr(SilentBcc, "check", boom)
    sample = silent_bcc()
    code, text = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 451 and text.startswith("4.3.0") and "incident" in text
    assert sink.mail() == [] and relay.store.list(None) == []


def test_a_fail_open_rule_that_crashes_is_skipped(relay_factory, sink, monkeypatch):
    from mailguard.rules.silent_bcc import SilentBcc

    def boom(self, facts, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("rule bug")
    monkeypatch.setattr(SilentBcc, "check", boom)
    relay = relay_factory(rules={"silent-bcc": "{action: quarantine, fail_open: true}"})
    sample = silent_bcc()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 250 and len(sink.mail()) == 1


def test_a_rule_that_hangs_times_out_and_fails_closed(relay_factory, sink, monkeypatch):
    import time as _time

    from mailguard.rules.silent_bcc import SilentBcc

    def slow(self, facts, ctx):  # type: ignore[no-untyped-def]
        _time.sleep(1.5)
        return []
    monkeypatch.setattr(SilentBcc, "check", slow)
    relay = relay_factory(inspect_timeout=0.3)
    sample = silent_bcc()
    code, _ = submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    assert code == 451
    assert sink.mail() == []


def test_reproduced_confidential_text_is_blocked_after_restart(tmp_path, loop_thread, sink):
    from tests.conftest import BAKER_GMAIL, JOURNALIST, mail
    from tests.relay.harness import crlf, start_relay
    from tests.relay.messages import CONF_BODY
    first = start_relay(tmp_path, loop_thread, sink)
    original = crlf(mail("Jane Doe <clerk@" + D + ">", "Cllr Tom Baker <cllr.baker@" + D + ">", CONF_BODY,
                         subject="CONFIDENTIAL staffing", msgid="<orig@test>"))
    assert submit(first.port, f"clerk@{D}", [f"cllr.baker@{D}"], original)[0] == 250
    first.stop()
    second = start_relay(tmp_path, loop_thread, sink)           # same state dir: a restart
    pasted = ("Hello,\n\nHere's what I know. The caretaker has been signed off sick for three weeks and the "
              "staffing committee will review the cover arrangements on 12 June, including the agency costs of "
              "about \u00a3900 a week.\n\nTom\n")
    leak = crlf(mail(BAKER_GMAIL, JOURNALIST, pasted, subject="staffing", msgid="<leak@test>"))
    code, text = submit(second.port, "tombaker64@gmail.com", ["news@ashfordgazette.co.uk"], leak)
    second.stop()
    assert code == 550 and "reproduces" in text


def test_store_files_are_private(relay, sink):
    import stat
    sample = silent_bcc()
    submit(relay.port, sample.mail_from, sample.rcpts, sample.data)
    [item] = relay.store.list()
    store: QuarantineStore = relay.store
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(relay.state.stat().st_mode) == 0o700
    assert stat.S_IMODE((store.messages / f"{item.id}.eml").stat().st_mode) == 0o600
    assert stat.S_IMODE((store.root / "index.sqlite3").stat().st_mode) == 0o600


def test_starttls_on_the_listener(relay_factory, sink, tmp_path):
    import ssl as _ssl
    from pathlib import Path

    from mailguard.settings import ListenerTls
    from tests.relay.test_upstream import make_certificate
    cert, key = make_certificate(tmp_path)
    relay = relay_factory(tls=ListenerTls(Path(cert), Path(key), required=True))
    sample = clean()
    with smtplib.SMTP("127.0.0.1", relay.port, timeout=10) as client:
        client.ehlo("client.test")
        assert client.mail(sample.mail_from)[0] == 530            # required: nothing before STARTTLS
    with smtplib.SMTP("127.0.0.1", relay.port, timeout=10) as client:
        client.ehlo("client.test")
        client.starttls(context=_ssl.create_default_context(cafile=cert))
        client.ehlo("client.test")
        client.sendmail(sample.mail_from, sample.rcpts, sample.data)
    assert [m.data for m in sink.mail()] == [sample.data]


def test_a_slow_check_does_not_hold_up_other_sessions(relay, sink, monkeypatch):
    import threading
    import time as _time

    from mailguard.rules.silent_bcc import SilentBcc
    original = SilentBcc.check

    def slow_for_one(self, facts, ctx):  # type: ignore[no-untyped-def]
        if "Streetlight 1" in facts.message.subject:
            _time.sleep(1.0)
        return original(self, facts, ctx)
    monkeypatch.setattr(SilentBcc, "check", slow_for_one)
    slow = silent_bcc(1)
    worker = threading.Thread(target=submit, args=(relay.port, slow.mail_from, slow.rcpts, slow.data))
    worker.start()
    _time.sleep(0.1)
    started = _time.monotonic()
    sample = clean()
    assert submit(relay.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
    assert _time.monotonic() - started < 0.5
    worker.join()


def test_an_internal_error_is_answered_451_never_500(relay):
    reply = relay.loop.run(relay.relay.handler.handle_exception(ValueError("secret detail")))
    assert reply.startswith("451 4.3.0") and "secret" not in reply


def test_dry_run_relays_even_when_a_rule_crashes(relay_factory, sink, monkeypatch):
    from mailguard.rules.silent_bcc import SilentBcc

    def boom(self, facts, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("rule bug")
    monkeypatch.setattr(SilentBcc, "check", boom)
    relay = relay_factory(mode="dry-run")
    sample = silent_bcc()
    assert submit(relay.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
    assert [m.data for m in sink.mail()] == [sample.data]
