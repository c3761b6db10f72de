"""Server-side sessions: a random cookie value names a record kept in memory, nothing else.

The cookie carries only an unguessable token (256 bits); who is signed in, the CSRF token and the
one-shot messages for the next page live here, so nothing a browser holds can be forged or replayed
after sign-out. Sessions end after ``idle`` seconds without a request and after ``lifetime`` seconds
in any case; signing in replaces the session (a token seen before sign-in is never a signed-in one).
Visitors who have not signed in get a short-lived anonymous session, so the sign-in form has a CSRF
token too; there are at most :data:`MAX_ANONYMOUS` of those, the oldest dropped first.

Sessions do not survive a restart of the web page: reviewers sign in again, nothing else is lost.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_ANONYMOUS = 1000
ANONYMOUS_LIFETIME = 1800.0


@dataclass
class Session:
    token: str
    csrf: str
    created: float
    seen: float
    user: str | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)   # (kind, text) shown once

    def flash(self, kind: str, text: str) -> None:
        """A message for the next page (``ok``, ``warning`` or ``error``)."""
        self.messages.append((kind, text))

    def take_messages(self) -> list[tuple[str, str]]:
        out, self.messages = self.messages, []
        return out

    def csrf_ok(self, submitted: str | None) -> bool:
        return submitted is not None and hmac.compare_digest(submitted.encode(), self.csrf.encode())


class SessionStore:
    """Thread-safe; one per web server process."""

    def __init__(self, idle: float, lifetime: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle = idle
        self.lifetime = lifetime
        self._now = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}

    def get(self, token: str | None) -> tuple[Session | None, bool]:
        """The live session for this cookie value, and whether a signed-in one just expired."""
        if not token:
            return None, False
        now = self._now()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None, False
            if self._expired(session, now):
                del self._sessions[token]
                return None, session.user is not None
            session.seen = now
            return session, False

    def anonymous(self) -> Session:
        """A new session for a visitor who has not signed in (it gives the sign-in form its token)."""
        now = self._now()
        with self._lock:
            anonymous = [s for s in self._sessions.values() if s.user is None]
            if len(anonymous) >= MAX_ANONYMOUS:
                for old in sorted(anonymous, key=lambda s: s.seen)[: len(anonymous) - MAX_ANONYMOUS + 1]:
                    del self._sessions[old.token]
            return self._add(None, now)

    def sign_in(self, old: Session | None, user: str) -> Session:
        """Replace ``old`` with a new signed-in session (new token and CSRF token: no fixation)."""
        now = self._now()
        with self._lock:
            if old is not None:
                self._sessions.pop(old.token, None)
            self._prune(now)
            return self._add(user, now)

    def end(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.token, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def _add(self, user: str | None, now: float) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, now, user)
        self._sessions[session.token] = session
        return session

    def _expired(self, session: Session, now: float) -> bool:
        if session.user is None:
            return now - session.created > ANONYMOUS_LIFETIME
        return now - session.seen > self.idle or now - session.created > self.lifetime

    def _prune(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items() if self._expired(s, now)]:
            del self._sessions[token]
