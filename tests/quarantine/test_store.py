"""The quarantine store and review actions: durability, exactly-once release, reject, reminders, the log."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from mailguard.quarantine.review import ReleaseFailed
from mailguard.quarantine.store import AlreadyHandled, QuarantineStore
from mailguard.relay.upstream import UpstreamReply
from tests.conftest import D
from tests.quarantine.conftest import held_item
from tests.relay.messages import silent_bcc


def test_hold_keeps_exact_bytes_envelope_and_logs_it(store):
    item, sample = held_item(store)
    assert store.raw(item.id) == sample.data
    assert item.status == "held" and list(item.rcpt_tos) == sample.rcpts
    [entry] = store.actions(item.id)
    assert entry.action == "hold" and entry.actor == "relay" and entry.detail["sha256"] == item.sha256


def test_holding_the_same_message_again_returns_the_same_item(store):
    first, sample = held_item(store)
    again, _ = held_item(store, sample=sample)
    assert again.id == first.id and len(store.list()) == 1


def test_release_delivers_once_and_a_second_release_is_refused_with_who_and_when(review, store, upstream):
    item, sample = held_item(store)
    done = asyncio.run(review.release(item.id, "alice")).item
    assert done.status == "released" and done.handled_by == "alice"
    [sent] = upstream.delivered
    assert sent.data == sample.data and sent.rcpt_tos == tuple(sample.rcpts) and sent.mail_from == sample.mail_from
    with pytest.raises(AlreadyHandled) as err:
        asyncio.run(review.release(item.id, "bob"))
    assert "already released by alice at" in str(err.value)
    assert len(upstream.delivered) == 1


def test_concurrent_claims_from_two_processes_let_exactly_one_win(store, tmp_path):
    item, _ = held_item(store)
    other = QuarantineStore(tmp_path / "state")        # a second connection, as another process has
    results: list[str] = []

    def claim(s: QuarantineStore, who: str) -> None:
        try:
            s.claim_release(item.id, who, ["x"], False)
            results.append(who)
        except AlreadyHandled:
            results.append("refused")
    threads = [threading.Thread(target=claim, args=(s, w)) for s, w in ((store, "alice"), (other, "bob"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(results).count("refused") == 1


def test_failed_release_stays_held_with_the_error_shown(review, store, upstream):
    item, _ = held_item(store)
    upstream.down = True
    with pytest.raises(ReleaseFailed) as err:
        asyncio.run(review.release(item.id, "alice"))
    assert "still held" in str(err.value)
    again = store.get(item.id)
    assert again.status == "held" and "unavailable" in (again.last_error or "")
    upstream.down = False
    assert asyncio.run(review.release(item.id, "alice")).item.status == "released"
    assert [a.action for a in store.actions(item.id)] == ["hold", "release-start", "release-failed",
                                                         "release-start", "release"]


def test_upstream_refusal_on_release_also_leaves_it_held(review, store, upstream):
    item, _ = held_item(store)
    upstream.refuse[f"cllr.smith@{D}"] = UpstreamReply(550, "5.1.1 mailbox unavailable")
    with pytest.raises(ReleaseFailed):
        asyncio.run(review.release(item.id, "alice"))
    assert "5.1.1 mailbox unavailable" in (store.get(item.id).last_error or "")


def test_a_hand_edited_address_that_cannot_be_sent_is_named_and_the_item_stays_held(review, store, upstream):
    """Not "upstream unavailable" on every try: what is wrong with which address."""
    sample = silent_bcc(0)
    bad = SimpleNamespace(mail_from=sample.mail_from, rcpts=[sample.rcpts[0], "cllr baker@example.org"],
                          data=sample.data)
    item, _ = held_item(store, sample=bad)
    with pytest.raises(ReleaseFailed, match=r"the recipient address 'cllr baker@example.org' cannot be sent"):
        asyncio.run(review.release(item.id, "alice"))
    again = store.get(item.id)
    assert again.status == "held" and "space or tab" in (again.last_error or "") and not upstream.delivered


def test_partial_release_goes_only_to_the_chosen_recipients(review, store, upstream):
    item, _ = held_item(store)
    with pytest.raises(Exception, match="not among the recipients"):
        asyncio.run(review.release(item.id, "alice", recipients=["someone@else.org"]))
    done = asyncio.run(review.release(item.id, "alice", recipients=[f"CLLR.BAKER@{D}"])).item
    assert done.released_to == (f"cllr.baker@{D}",)
    assert upstream.delivered[0].rcpt_tos == (f"cllr.baker@{D}",)


def test_release_with_the_footer_fix(review, store, upstream):
    item, _ = held_item(store)
    asyncio.run(review.release(item.id, "alice", fix=True))
    assert b"CC Councillor Anne Smith" in upstream.delivered[0].data


def test_interrupted_release_is_not_repeated_without_being_asked(review, store, upstream):
    item, _ = held_item(store)
    store.claim_release(item.id, "alice", list(item.rcpt_tos), False)   # ... and the process died here
    with pytest.raises(AlreadyHandled, match="did not finish.*--retry-interrupted"):
        asyncio.run(review.release(item.id, "bob"))
    assert asyncio.run(review.release(item.id, "bob", retry_interrupted=True)).item.status == "released"


def test_reject_records_reason_and_notifies_the_sender(review, store, upstream):
    item, sample = held_item(store)
    outcome = asyncio.run(review.reject(item.id, "alice", canned="confidential", reason="Please phone me."))
    assert outcome.item.status == "rejected" and outcome.notice_problems == []
    assert outcome.item.reason.startswith("The e-mail contains confidential") and "phone" in outcome.item.reason
    [notice] = upstream.delivered
    assert notice.rcpt_tos == (sample.mail_from,) and b"was not sent" in notice.data and b"alice" in notice.data
    with pytest.raises(AlreadyHandled, match="already rejected by alice"):
        asyncio.run(review.release(item.id, "bob"))
    with pytest.raises(Exception, match="unknown canned reason"):
        asyncio.run(review.reject(held_item(store, 1)[0].id, "alice", canned="nope"))


def test_reject_needs_a_reason_and_a_reviewer(review, store):
    item, _ = held_item(store)
    with pytest.raises(Exception, match="needs a reason"):
        asyncio.run(review.reject(item.id, "alice"))
    with pytest.raises(Exception, match="who is acting"):
        asyncio.run(review.reject(item.id, "  ", reason="x"))


def test_reminders_and_escalation_never_release(review, store, upstream):
    start = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
    item, _ = held_item(store, now=start)
    assert asyncio.run(review.remind(start + timedelta(hours=1))).reminded == []
    done = asyncio.run(review.remind(start + timedelta(hours=3)))
    assert done.reminded == [item.id] and done.escalated == []
    [reminder] = upstream.delivered
    assert reminder.rcpt_tos == (f"clerk@{D}",) and item.id.encode() in reminder.data
    assert asyncio.run(review.remind(start + timedelta(hours=4))).reminded == []   # not again before remind_every
    done = asyncio.run(review.remind(start + timedelta(days=3)))
    assert done.escalated == [item.id]
    assert upstream.delivered[-1].rcpt_tos == (f"cllr.baker@{D}",)                  # the chair
    assert store.get(item.id).status == "held"
    assert store.verify().ok


def test_the_action_log_refuses_updates_and_deletes(store):
    held_item(store)
    db = sqlite3.connect(store.root / "index.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE actions SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM actions")
    db.close()


def _tamper(store: QuarantineStore, *sql: str) -> None:
    db = sqlite3.connect(store.root / "index.sqlite3")
    db.execute("DROP TRIGGER IF EXISTS actions_no_update")
    db.execute("DROP TRIGGER IF EXISTS actions_no_delete")
    for statement in sql:
        db.execute(statement)
    db.commit()
    db.close()


def test_verify_detects_an_edited_log_entry(review, store):
    item, _ = held_item(store)
    asyncio.run(review.reject(item.id, "alice", reason="Not appropriate."))
    assert store.verify().ok
    _tamper(store, "UPDATE actions SET actor = 'bob' WHERE action = 'reject'")
    report = store.verify()
    assert not report.ok and any("altered" in p for p in report.problems)
    assert any("guard" in p for p in report.problems)


def test_verify_detects_deleted_entries_and_a_changed_status(review, store):
    item, _ = held_item(store)
    asyncio.run(review.reject(item.id, "alice", reason="Not appropriate."))
    _tamper(store, "DELETE FROM actions WHERE action = 'reject'")
    assert any("last logged action is 'hold'" in p for p in store.verify().problems)
    other, _ = held_item(store, 1)
    _tamper(store, f"UPDATE items SET status = 'released' WHERE id = '{other.id}'")
    assert any(other.id in p for p in store.verify().problems)


def test_verify_detects_an_altered_stored_message(store):
    item, _ = held_item(store)
    path = store.messages / f"{item.id}.eml"
    path.write_bytes(path.read_bytes().replace(b"Streetlight", b"Streetlamp"))
    assert any("was altered" in p for p in store.verify().problems)
