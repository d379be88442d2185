"""Argon2 password hashing (pwdlib). Unknown emails are checked against a dummy hash so they cost the same time."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash

MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # a malformed hash is a failed login, never a 500
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("tripcast-dummy-password-for-timing")


def spend_equal_time(password: str) -> None:
    """Verify against a dummy hash: an unknown email takes as long as a wrong password."""
    verify_password(password, _dummy_hash())


def password_problem(password: str) -> str | None:
    """A plain-English reason a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 256:
        return "That password is too long (256 characters at most)."
    if password.strip() != password or not password.strip():
        return "The password should not start or end with spaces."
    return None
