"""Reviewer passwords: scrypt hashes in policy.yaml, checked in constant time, failures slowed down.

A hash looks like ``scrypt$ln=15,r=8,p=1$<salt>$<key>`` (base64): the cost travels with the hash so
it can be raised later without breaking existing accounts. scrypt is memory-hard (32 MiB per check
at the default cost), so a stolen policy.yaml is expensive to attack offline; :data:`MIN_LOG_N`
refuses hashes made with a cost too low to matter. Unknown user names are checked against a dummy
hash of the same cost, so response time does not reveal which reviewer accounts exist.

Online guessing is slowed by :class:`LoginThrottle`: after a few failures for one user name or one
client address, further attempts are refused for a back-off period that doubles with each failure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

#: scrypt cost for new hashes: N = 2**15, r = 8 (32 MiB, about 0.1-0.2 s per check on one core).
DEFAULT_LOG_N = 15
#: Hashes cheaper than N = 2**14 are refused at load: they would not slow an attacker down.
MIN_LOG_N = 14
MAX_LOG_N = 20
_R, _P, _KEY_BYTES, _SALT_BYTES = 8, 1, 32, 16
#: Never more than this many hashes computed at once: each takes 32 MiB or more.
_KDF_SLOTS = threading.BoundedSemaphore(2)
_HASH = re.compile(r"^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})"
                   r"\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{43,88})$")
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class BadHash(ValueError):
    """A ``web: users:`` entry that is not a hash made by ``mailguard web hash-password``."""


@dataclass(frozen=True)
class PasswordHash:
    log_n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    def __str__(self) -> str:
        return (f"scrypt$ln={self.log_n},r={self.r},p={self.p}${_b64(self.salt)}${_b64(self.key)}")

    def matches(self, password: str) -> bool:
        """Constant-time comparison of the derived key (the slow part is the KDF, on purpose)."""
        return hmac.compare_digest(_derive(password, self.salt, self.log_n, self.r, self.p, len(self.key)),
                                   self.key)


def hash_password(password: str, log_n: int = DEFAULT_LOG_N) -> PasswordHash:
    """A new salted hash; refuses empty or trivially short passwords."""
    if len(password) < 10:
        raise ValueError("use a password of at least 10 characters (a short phrase is easiest to remember)")
    salt = secrets.token_bytes(_SALT_BYTES)
    return PasswordHash(log_n, _R, _P, salt, _derive(password, salt, log_n, _R, _P, _KEY_BYTES))


def parse_hash(text: str) -> PasswordHash:
    m = _HASH.match(str(text).strip())
    if m is None:
        raise BadHash("not a password hash from `mailguard web hash-password` (it starts with 'scrypt$ln=')")
    log_n, r, p = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not MIN_LOG_N <= log_n <= MAX_LOG_N or r < 8 or not 1 <= p <= 4:
        raise BadHash(f"the hash's cost (ln={log_n}, r={r}, p={p}) is outside what mailguard accepts "
                      f"(ln {MIN_LOG_N}-{MAX_LOG_N}, r at least 8, p 1-4); make a new one with "
                      f"`mailguard web hash-password`")
    try:
        salt, key = base64.b64decode(_pad(m.group(4))), base64.b64decode(_pad(m.group(5)))
    except ValueError as exc:
        raise BadHash(f"the hash is damaged ({exc}); copy it again from "
                      f"`mailguard web hash-password`") from exc
    return PasswordHash(log_n, r, p, salt, key)


class Accounts:
    """Reviewer name -> password hash, as configured under ``web: users:``."""

    def __init__(self, users: Mapping[str, PasswordHash]) -> None:
        self._users = dict(users)
        self._dummy = PasswordHash(DEFAULT_LOG_N, _R, _P, b"\0" * _SALT_BYTES, b"\0" * _KEY_BYTES)

    def __len__(self) -> int:
        return len(self._users)

    def check(self, username: str, password: str) -> str | None:
        """The account's name if the password is right; None otherwise, in about the same time."""
        name = self._canonical(username)
        stored = self._users.get(name) if name is not None else None
        with _KDF_SLOTS:
            ok = (stored or self._dummy).matches(password)
        return name if ok and stored is not None else None

    def _canonical(self, username: str) -> str | None:
        wanted = username.strip().lower()
        return next((n for n in self._users if n.lower() == wanted), None)


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0


class LoginThrottle:
    """Refuses sign-in attempts for a while after repeated failures, per user name and per client.

    ``free`` failures are allowed within ``window`` seconds; after that each failure doubles the wait
    (``base`` seconds, then 2x, 4x ...) up to ``cap``. A success clears the user name's record.
    """

    def __init__(self, free: int = 5, base: float = 30.0, cap: float = 900.0, window: float = 900.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.base, self.cap, self.window = free, base, cap, window
        self._now = clock
        self._lock = threading.Lock()
        self._records: dict[str, _Failures] = {}

    def wait(self, username: str, client: str) -> float:
        """Seconds before another attempt is allowed for this user name or client (0: go ahead)."""
        now = self._now()
        with self._lock:
            return max(self._wait(self._records.get(k), now) for k in self._keys(username, client))

    def failed(self, username: str, client: str) -> None:
        now = self._now()
        with self._lock:
            for key in self._keys(username, client):
                rec = self._records.get(key)
                if rec is None or now - rec.last > self.window + self.cap:
                    rec = self._records[key] = _Failures()
                rec.count += 1
                rec.last = now
            if len(self._records) > 10_000:  # forget old records rather than grow without bound
                for key in [k for k, r in self._records.items() if now - r.last > self.window + self.cap]:
                    del self._records[key]

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._records.pop(f"user:{username.strip().lower()}", None)

    def _wait(self, rec: _Failures | None, now: float) -> float:
        if rec is None or rec.count < self.free or now - rec.last > self.window + self.cap:
            return 0.0
        delay = min(self.cap, self.base * float(2 ** (rec.count - self.free)))
        return max(0.0, rec.last + delay - now)

    @staticmethod
    def _keys(username: str, client: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"client:{client}"


def _derive(password: str, salt: bytes, log_n: int, r: int, p: int, length: int) -> bytes:
    n = 1 << log_n
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * n * r * p + (1 << 20))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _pad(text: str) -> str:
    return text + "=" * (-len(text) % 4)
