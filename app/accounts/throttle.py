"""Login throttling: too many failures for one account or from one address within the window -> 429."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.accounts.models import LoginFailure
from app.config import Settings
from app.db import utcnow


@dataclass(frozen=True)
class Throttled:
    retry_at: datetime
    scope: str  # "account" | "address"

    def retry_after_seconds(self, now: datetime) -> int:
        return max(1, int((self.retry_at - now).total_seconds()) + 1)


def _check(db: Session, column, value: str, limit: int, since: datetime, window: timedelta, scope: str):
    count, oldest = db.execute(
        select(func.count(), func.min(LoginFailure.at)).where(column == value, LoginFailure.at > since)
    ).one()
    if count >= limit:
        # The block lifts when enough old failures fall out of the window.
        times = db.scalars(
            select(LoginFailure.at).where(column == value, LoginFailure.at > since).order_by(LoginFailure.at.desc())
        ).all()
        lifting = times[limit - 1] + window
        return Throttled(retry_at=lifting, scope=scope)
    return None


def throttled(db: Session, settings: Settings, email: str, ip: str, now: datetime | None = None) -> Throttled | None:
    now = now or utcnow()
    window = timedelta(minutes=settings.login_window_minutes)
    since = now - window
    return _check(
        db, LoginFailure.email, email, settings.login_max_failures_per_account, since, window, "account"
    ) or _check(db, LoginFailure.ip, ip, settings.login_max_failures_per_address, since, window, "address")


def record_failure(db: Session, email: str, ip: str) -> LoginFailure:
    failure = LoginFailure(email=email, ip=ip)
    db.add(failure)
    return failure


def claim_attempt(db: Session, settings: Settings, email: str, ip: str, now: datetime | None = None
                  ) -> tuple[LoginFailure, Throttled | None]:
    """Count this attempt before the (slow) password check, so a burst of parallel guesses cannot all slip in.

    The attempt is committed as a failure first; it is allowed only if it is among the first `limit` attempts
    in the window by arrival (row id), for the account and for the address. A right password then clears the
    account's failures, this one included. Committing here is deliberate: the row must be visible to the
    other requests racing this one.
    """
    now = now or utcnow()
    attempt = record_failure(db, email, ip)
    db.commit()
    window = timedelta(minutes=settings.login_window_minutes)
    since = now - window
    for column, value, limit, scope in (
        (LoginFailure.email, email, settings.login_max_failures_per_account, "account"),
        (LoginFailure.ip, ip, settings.login_max_failures_per_address, "address"),
    ):
        ahead = db.scalar(select(func.count()).where(column == value, LoginFailure.at > since,
                                                     LoginFailure.id <= attempt.id))
        if ahead > limit:
            return attempt, _check(db, column, value, limit, since, window, scope) or Throttled(now + window, scope)
    return attempt, None


def clear_failures(db: Session, email: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.email == email))


def begin_attempt(db: Session, settings: Settings, email: str, ip: str, now: datetime
                  ) -> tuple[LoginFailure | None, Throttled | None]:
    """Before a password (or code) is checked: (the attempt, counted and committed, None) or (None, why it is
    refused). An attempt refused unchecked in a burst adds nothing: the earlier failures already block."""
    blocked = throttled(db, settings, email, ip, now)
    if blocked:
        return None, blocked
    attempt, blocked = claim_attempt(db, settings, email, ip, now)
    if blocked:
        forget_attempt(db, attempt)
        return None, blocked
    return attempt, None


def forget_attempt(db: Session, attempt: LoginFailure) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.id == attempt.id))


def prune(db: Session, settings: Settings, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - timedelta(minutes=settings.login_window_minutes) * 2
    return db.execute(delete(LoginFailure).where(LoginFailure.at < cutoff)).rowcount
