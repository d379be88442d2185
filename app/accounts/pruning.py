"""Forgetting what sign-in no longer needs: old failed attempts, ended sessions and spent setup links.

Run from the outbox's housekeeping (about once a minute). The audit log keeps the history of each.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from app.accounts import throttle
from app.accounts.models import LoginSession, SetupToken
from app.config import Settings
from app.db import utcnow

ENDED_SESSION_KEPT = timedelta(days=1)  # a little while, so "signed out" can still be told from "unknown"


def prune_sign_in_records(db: Session, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Delete expired login records; the caller commits. Returns how many of each went."""
    now = now or utcnow()
    cutoff = now - ENDED_SESSION_KEPT
    sessions = db.execute(delete(LoginSession).where(
        or_(LoginSession.expires_at < cutoff, LoginSession.revoked_at < cutoff))).rowcount
    tokens = db.execute(delete(SetupToken).where(
        or_(SetupToken.expires_at < now, SetupToken.used_at.is_not(None)))).rowcount
    failures = throttle.prune(db, settings, now)
    return {"sessions": sessions, "setup_tokens": tokens, "login_failures": failures}
