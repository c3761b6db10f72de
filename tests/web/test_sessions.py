"""Server-side sessions: expiry, rotation at sign-in, CSRF tokens, bounded anonymous sessions."""

from __future__ import annotations

from mailguard.web import sessions
from mailguard.web.sessions import SessionStore


def store(now: list[float]) -> SessionStore:
    return SessionStore(idle=600, lifetime=3600, clock=lambda: now[0])


def test_sign_in_replaces_the_session_and_its_csrf_token() -> None:
    now = [0.0]
    s = store(now)
    anon = s.anonymous()
    signed = s.sign_in(anon, "alice")
    assert signed.user == "alice" and signed.token != anon.token and signed.csrf != anon.csrf
    assert s.get(anon.token) == (None, False)
    assert s.get(signed.token) == (signed, False)


def test_idle_and_absolute_expiry() -> None:
    now = [0.0]
    s = store(now)
    signed = s.sign_in(None, "alice")
    for t in range(500, 3600, 500):
        now[0] = t
        assert s.get(signed.token)[0] is signed
    now[0] = 3601
    assert s.get(signed.token) == (None, True)            # too old, however active
    other = s.sign_in(None, "bob")
    now[0] += 601
    assert s.get(other.token) == (None, True)             # idle too long


def test_csrf_tokens_are_compared_exactly() -> None:
    session = store([0.0]).anonymous()
    assert session.csrf_ok(session.csrf)
    assert not session.csrf_ok(None) and not session.csrf_ok("") and not session.csrf_ok(session.csrf[:-1])


def test_anonymous_sessions_are_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sessions, "MAX_ANONYMOUS", 5)
    now = [0.0]
    s = store(now)
    signed = s.sign_in(None, "alice")
    first = s.anonymous()
    for i in range(10):
        now[0] = i + 1
        s.anonymous()
    assert len(s) == 6 and s.get(first.token)[0] is None and s.get(signed.token)[0] is signed


def test_messages_are_shown_once() -> None:
    session = store([0.0]).anonymous()
    session.flash("ok", "Released.")
    assert session.take_messages() == [("ok", "Released.")]
    assert session.take_messages() == []
