"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238, via pyotp) and one-time recovery codes.

- Enrolling: a new secret is shown as a QR code (segno, SVG) and must be confirmed with a code before it counts.
- The secret is kept sealed under the server's secret key (`app.accounts.sealed`): every function that reads or
  writes it takes that key.
- A code is accepted once (the time step is remembered), with one step of clock drift either side.
- Recovery codes are random, shown once, stored only as SHA-256 hashes, and each works once.
- Between the password and the code, the browser holds a short signed token (HMAC with the secret key) naming
  the user; nothing else about the half-finished sign-in is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.accounts.sealed import is_sealed, seal, unseal
from app.db import utcnow

RECOVERY_CODES = 10
PENDING_SECONDS = 300
PENDING_COOKIE = "tripcast_2fa"
UNREADABLE = "unreadable"  # verify_second_factor: the secret was sealed under another secret key


def new_secret() -> str:
    return pyotp.random_base32()


def qr_svg(secret: str, email: str, issuer: str) -> str:
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)
    return segno.make(uri, error="m").svg_inline(scale=5, title="QR code to add Tripcast to an authenticator app")


def _step_accepted(secret: str, code: str, last_step: int | None, at: float) -> int | None:
    """The time step the code belongs to (now, or one step either side), unless it was already used."""
    totp = pyotp.TOTP(secret)
    step = int(at // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.at(candidate * totp.interval), code):
            return None if last_step is not None and candidate <= last_step else candidate
    return None


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    return [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]


def pending_secret(user: User, key: bytes) -> str | None:
    """The secret being enrolled (to show again as a QR code), or None."""
    return unseal(user.totp_pending_secret, key) if user.totp_pending_secret else None


def start_enrolment(user: User, key: bytes) -> str:
    """A new secret to enrol, unless one is already waiting (it is on the page the teacher may be scanning)."""
    secret = pending_secret(user, key)
    if secret is None:
        secret = new_secret()
        user.totp_pending_secret = seal(secret, key)
    return secret


def confirm_enrolment(user: User, code: str, key: bytes, at: float | None = None) -> list[str] | None:
    """Turn the pending secret on when the code matches; returns the recovery codes (shown once)."""
    secret = pending_secret(user, key)
    code = "".join(code.split())
    if not secret or not code.isdigit():
        return None
    step = _step_accepted(secret, code, None, at if at is not None else time.time())
    if step is None:
        return None
    codes = new_recovery_codes()
    user.totp_secret, user.totp_pending_secret, user.totp_last_step = seal(secret, key), None, step
    user.totp_enabled_at = utcnow()
    user.recovery_codes = [_digest(c) for c in codes]
    return codes


def verify_second_factor(user: User, code: str, key: bytes, at: float | None = None) -> str | None:
    """'totp' or 'recovery' when the code is good (and uses it up); UNREADABLE for an app code when the secret
    cannot be opened (the server's secret key changed); else None."""
    if not user.totp_secret:
        return None
    code = "".join(code.split())
    if code.isdigit() and len(code) == 6:
        secret = unseal(user.totp_secret, key)
        if secret is None:
            return UNREADABLE
        step = _step_accepted(secret, code, user.totp_last_step, at if at is not None else time.time())
        if step is not None:
            user.totp_last_step = step
            if not is_sealed(user.totp_secret):  # enrolled before secrets were sealed
                user.totp_secret = seal(secret, key)
            return "totp"
        return None
    digest = _digest(code)
    remaining = list(user.recovery_codes or [])
    for stored in remaining:
        if hmac.compare_digest(stored, digest):
            remaining.remove(stored)
            user.recovery_codes = remaining
            return "recovery"
    return None


def seal_plain_secrets(db: Session, key: bytes) -> int:
    """Seals the secrets stored before sealing existed (at start-up); how many were sealed."""
    sealed = 0
    for user in db.query(User).filter((User.totp_secret.is_not(None)) | (User.totp_pending_secret.is_not(None))):
        for column in ("totp_secret", "totp_pending_secret"):
            value = getattr(user, column)
            if value and not is_sealed(value):
                setattr(user, column, seal(value, key))
                sealed += 1
    db.commit()
    return sealed


def reset_second_factor(db: Session, user: User) -> None:
    user.totp_secret = user.totp_pending_secret = None
    user.totp_enabled_at = user.totp_last_step = None
    user.recovery_codes = []


def pending_token(user_id: int, key: bytes, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + PENDING_SECONDS)
    body = f"{user_id}.{expires}"
    return f"{body}.{hmac.new(key, body.encode(), hashlib.sha256).hexdigest()}"


def pending_user_id(token: str, key: bytes, now: float | None = None) -> int | None:
    try:
        user_id, expires, mac = token.split(".")
        good = hmac.new(key, f"{user_id}.{expires}".encode(), hashlib.sha256).hexdigest()
        if hmac.compare_digest(good, mac) and int(expires) >= (now if now is not None else time.time()):
            return int(user_id)
    except (ValueError, AttributeError):
        pass
    return None
