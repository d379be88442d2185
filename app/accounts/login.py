"""Signing in, shared by the login page and `POST /api/session`: throttling, audit, session cookie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.accounts import throttle
from app.accounts.models import User
from app.accounts.service import authenticate, looks_like_email, normalise_email
from app.accounts.sessions import COOKIE_NAME, start_session
from app.audit.log import record
from app.config import Settings
from app.db import utcnow
from app.deps import client_ip

WRONG_DETAILS = "That email and password do not match an active staff account. Check them and try again."


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    token: str = ""
    status: int = 200
    message: str = ""
    retry_after: int = 0


def throttle_message(retry_at, tz, now, scope: str = "account") -> str:
    minutes = max(1, round((retry_at - now).total_seconds() / 60))
    local = retry_at.astimezone(tz).strftime("%H:%M")
    when = f"try again at {local} (in about {minutes} minute{'s' if minutes != 1 else ''})"
    if scope == "address":
        return (
            "Too many failed sign-in attempts have come from this network (for example the school Wi-Fi), "
            f"so for safety sign-in from it is paused: {when}. Signing in over mobile data works meanwhile."
        )
    return f"Too many failed sign-in attempts for this account. For safety, sign-in is paused: {when}."


NOT_AN_EMAIL = "(not an email address)"


def attempt_login(db: Session, settings: Settings, request: Request, email: str, password: str) -> LoginResult:
    email = normalise_email(email)
    # Something that is not an email address (often the password typed into the wrong box) is never stored.
    label = email if looks_like_email(email) else NOT_AN_EMAIL
    ip = client_ip(request)
    now = utcnow()
    blocked = throttle.throttled(db, settings, label, ip, now)
    if blocked:
        record(db, "login.throttled", actor_label=label, ip=ip, email=label, scope=blocked.scope)
        db.commit()
        return LoginResult(
            status=429,
            message=throttle_message(blocked.retry_at, settings.tz, now, blocked.scope),
            retry_after=blocked.retry_after_seconds(now),
        )
    user = authenticate(db, email, password)
    if user is None:
        throttle.record_failure(db, label, ip)
        record(db, "login.failed", actor_label=label, ip=ip, email=label)
        db.commit()
        return LoginResult(status=401, message=WRONG_DETAILS)
    throttle.clear_failures(db, email)
    token = start_session(db, user, timedelta(days=settings.session_days), request.headers.get("user-agent", ""))
    record(db, "login.ok", actor=user, ip=ip)
    db.commit()
    return LoginResult(user=user, token=token)


def set_session_cookie(response: Response, request: Request, settings: Settings, token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(timedelta(days=settings.session_days).total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Keeps HttpOnly and SameSite (SecurityMiddleware adds Secure behind HTTPS), like the cookie it ends."""
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
