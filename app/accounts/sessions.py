"""Server-side login sessions: an opaque random token in the cookie, only its SHA-256 in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from app.accounts.models import LoginSession, User
from app.db import utcnow

COOKIE_NAME = "tripcast_session"
_TOUCH_EVERY = timedelta(minutes=5)  # sliding expiry is written at most this often


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Session, user: User, lifetime: timedelta, user_agent: str = "") -> str:
    """Create a session for `user` and return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.add(
        LoginSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            user_agent=user_agent[:300],
        )
    )
    return token


def resolve_session(db: Session, token: str, lifetime: timedelta, now: datetime | None = None) -> LoginSession | None:
    """The live session for a cookie token, sliding its expiry forward; None when unknown, expired or revoked."""
    if not token:
        return None
    now = now or utcnow()
    found = db.scalar(
        select(LoginSession).options(joinedload(LoginSession.user)).where(LoginSession.token_hash == token_hash(token))
    )
    if found is None or found.revoked_at is not None or found.expires_at <= now:
        return None
    if not found.user.active:
        return None
    if now - found.last_seen_at >= _TOUCH_EVERY:
        found.last_seen_at = now
        found.expires_at = now + lifetime
        db.commit()
    return found


def end_session(db: Session, token: str) -> None:
    db.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == token_hash(token), LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all(db: Session, user_id: int) -> None:
    """End every session of a user (disabled, or password changed/reset)."""
    db.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
