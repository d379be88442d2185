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


# Long-enough passwords that guessing lists try first (NCSC: block the commonly used ones). Lower case.
COMMON_PASSWORDS = frozenset("""
password12 password123 password1234 passw0rd123 password01 password2024 password2025 password2026
1234567890 0123456789 12345678910 0987654321 1234512345 1122334455 1111111111 1234567891
qwertyuiop qwerty1234 qwertyuiop1 1q2w3e4r5t 1qaz2wsx3edc asdfghjkl1 zaq12wsxcv abcdefghij abcd123456
iloveyou12 letmein123 welcome123 welcome2024 welcome2025 welcome2026 changeme123 football12 liverpool1
arsenal123 chelsea123 manchester1 sunshine12 princess12 trustno1234 superman12 starwars12 monkey1234
teacher123 school1234 primary123 tripcast12 tripcast123 administrator admin12345 adminadmin password!!
""".split())


def password_problem(password: str, email: str = "") -> str | None:
    """A plain-English reason a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 256:
        return "That password is too long (256 characters at most)."
    if password.strip() != password or not password.strip():
        return "The password should not start or end with spaces."
    lowered = password.lower()
    guessable = (
        lowered in COMMON_PASSWORDS
        or len(set(lowered)) <= 2  # aaaaaaaaaa, ababababab
        or (email and (lowered == email.lower() or lowered == email.lower().split("@")[0]))
    )
    if guessable:
        return ("That password is one of the first that attackers try. Three random words together, "
                "like 'kettle orbit meadow', make a strong password that is easy to remember.")
    return None
