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


def record_failure(db: Session, email: str, ip: str) -> None:
    db.add(LoginFailure(email=email, ip=ip))


def clear_failures(db: Session, email: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.email == email))


def prune(db: Session, settings: Settings) -> None:
    cutoff = utcnow() - timedelta(minutes=settings.login_window_minutes) * 2
    db.execute(delete(LoginFailure).where(LoginFailure.at < cutoff))
