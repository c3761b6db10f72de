"""Reviewer password hashes and the sign-in throttle."""

from __future__ import annotations

import pytest

from mailguard.web.auth import MIN_LOG_N, Accounts, BadHash, LoginThrottle, hash_password, parse_hash


@pytest.fixture(scope="module")
def hashed() -> str:
    return str(hash_password("a long enough password", MIN_LOG_N))


def test_a_hash_round_trips_and_checks_the_password(hashed: str) -> None:
    parsed = parse_hash(hashed)
    assert str(parsed) == hashed and hashed.startswith(f"scrypt$ln={MIN_LOG_N},r=8,p=1$")
    assert parsed.matches("a long enough password")
    assert not parsed.matches("a long enough password ") and not parsed.matches("")


def test_the_same_password_gets_a_different_salt_each_time() -> None:
    a, b = hash_password("same password here", MIN_LOG_N), hash_password("same password here", MIN_LOG_N)
    assert a.salt != b.salt and a.key != b.key


def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 10 characters"):
        hash_password("short")


@pytest.mark.parametrize("text, why", [
    ("hunter2", "not a password hash"),
    ("$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234", "not a password hash"),
    ("scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43, "cost"),
    ("scrypt$ln=15,r=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43, "cost"),
])
def test_weak_or_foreign_hashes_are_refused(text: str, why: str) -> None:
    with pytest.raises(BadHash, match=why):
        parse_hash(text)


def test_accounts_ignore_capitals_in_names_and_reject_unknown_users(hashed: str) -> None:
    accounts = Accounts({"Jane.Doe": parse_hash(hashed)})
    assert accounts.check("jane.doe", "a long enough password") == "Jane.Doe"
    assert accounts.check(" JANE.DOE ", "a long enough password") == "Jane.Doe"
    assert accounts.check("jane.doe", "wrong password!") is None
    assert accounts.check("someone", "a long enough password") is None   # checked against a dummy hash


def test_the_throttle_backs_off_per_user_and_per_client() -> None:
    now = [0.0]
    throttle = LoginThrottle(free=3, base=30, cap=120, window=600, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.wait("alice", "10.0.0.1") == 0
        throttle.failed("alice", "10.0.0.1")
    assert throttle.wait("alice", "10.0.0.9") == pytest.approx(30)     # the account, from anywhere
    assert throttle.wait("bob", "10.0.0.1") == pytest.approx(30)       # the client, for any account
    assert throttle.wait("bob", "10.0.0.9") == 0
    now[0] = 31
    assert throttle.wait("alice", "10.0.0.9") == 0
    throttle.failed("alice", "10.0.0.9")
    assert throttle.wait("alice", "10.0.0.9") == pytest.approx(60)     # doubles
    for _ in range(5):
        throttle.failed("alice", "10.0.0.9")
    assert throttle.wait("alice", "10.0.0.9") == pytest.approx(120)    # capped
    throttle.succeeded("alice")
    assert throttle.wait("alice", "10.0.0.8") == 0
    now[0] = 10_000
    assert throttle.wait("bob", "10.0.0.9") == 0                       # old failures are forgotten
