"""Signing in, shared by the login page and `POST /api/session`: throttling, audit, session cookie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.accounts import throttle
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.service import authenticate, looks_like_email, normalise_email
from app.accounts.sessions import COOKIE_NAME, start_session
from app.accounts.twofactor import UNREADABLE, verify_second_factor
from app.audit.log import record
from app.config import Settings
from app.db import utcnow

WRONG_DETAILS = "That email and password do not match an active staff account. Check them and try again."


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    token: str = ""
    status: int = 200
    message: str = ""
    retry_after: int = 0
    second_factor: bool = False  # the password was right; a code from the authenticator app is needed
    pending_user_id: int | None = None  # whose code is awaited (the page keeps it in a signed cookie)


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


def _refused(db: Session, settings: Settings, blocked: throttle.Throttled, now, event: str, **audit) -> LoginResult:
    """Throttled: audited, and a 429 saying when to try again."""
    record(db, event, scope=blocked.scope, **audit)
    db.commit()
    return LoginResult(status=429, message=throttle_message(blocked.retry_at, settings.tz, now, blocked.scope),
                       retry_after=blocked.retry_after_seconds(now))


NEED_CODE = "Enter the 6-digit code from your authenticator app (or one of your recovery codes)."
WRONG_CODE = "That code is not right (or was already used). Check the time on your phone and try the next code."
UNREADABLE_CODE = ("Codes from your authenticator app cannot be checked: the server's secret key has changed since "
                   "you set it up. Sign in with one of your recovery codes, or ask an admin to reset your two-factor "
                   "sign-in.")


def attempt_login(db: Session, settings: Settings, email: str, password: str, *, ip: str,
                  user_agent: str = "", code: str | None = None) -> LoginResult:
    """Plain values in (the web layer passes the client's address and user agent), a LoginResult out."""
    email = normalise_email(email)
    # Something that is not an email address (often the password typed into the wrong box) is never stored.
    label = email if looks_like_email(email) else NOT_AN_EMAIL
    now = utcnow()
    attempt, blocked = throttle.begin_attempt(db, settings, label, ip, now)
    if blocked:
        return _refused(db, settings, blocked, now, "login.throttled", actor_label=label, ip=ip, email=label)
    user = authenticate(db, email, password)
    if user is None:  # the attempt's row stays as the failure
        record(db, "login.failed", actor_label=label, ip=ip, email=label)
        db.commit()
        return LoginResult(status=401, message=WRONG_DETAILS)
    if user.totp_secret:
        if not code:  # the password alone is not enough: not a failure, not yet a sign-in
            throttle.forget_attempt(db, attempt)
            db.commit()
            return LoginResult(status=401, message=NEED_CODE, second_factor=True, pending_user_id=user.id)
        used = verify_second_factor(user, code, settings.signing_key())
        if used in (None, UNREADABLE):  # the attempt's row stays as a failure: codes are throttled like passwords
            record(db, "login.second_factor_failed", actor=user, ip=ip)
            db.commit()
            return LoginResult(status=401, message=UNREADABLE_CODE if used else WRONG_CODE, second_factor=True)
        if used == "recovery":
            record(db, "login.recovery_code_used", actor=user, ip=ip, remaining=len(user.recovery_codes))
    return finish_login(db, settings, user, ip=ip, user_agent=user_agent)


def attempt_second_factor(db: Session, settings: Settings, user_id: int, code: str, *, ip: str,
                          user_agent: str = "") -> LoginResult:
    """The code page's half of signing in: the password was already right (the signed cookie says whose)."""
    user = db.get(User, user_id)
    if user is None or not user.active or not user.totp_secret:
        return LoginResult(status=401, message="Sign in again: that sign-in has ended.")
    now = utcnow()
    _attempt, blocked = throttle.begin_attempt(db, settings, user.email, ip, now)
    if blocked:
        return _refused(db, settings, blocked, now, "login.throttled", actor=user, ip=ip)
    used = verify_second_factor(user, code, settings.signing_key())
    if used in (None, UNREADABLE):
        record(db, "login.second_factor_failed", actor=user, ip=ip)
        db.commit()
        return LoginResult(status=401, message=UNREADABLE_CODE if used else WRONG_CODE, second_factor=True,
                           pending_user_id=user.id)
    if used == "recovery":
        record(db, "login.recovery_code_used", actor=user, ip=ip, remaining=len(user.recovery_codes))
    return finish_login(db, settings, user, ip=ip, user_agent=user_agent)


def finish_login(db: Session, settings: Settings, user: User, *, ip: str, user_agent: str) -> LoginResult:
    throttle.clear_failures(db, user.email)
    token = start_session(db, user, timedelta(days=settings.session_days), user_agent)
    record(db, "login.ok", actor=user, ip=ip, second_factor=bool(user.totp_secret))
    db.commit()
    return LoginResult(user=user, token=token)


def check_current_password(db: Session, settings: Settings, user: User, password: str, *, ip: str) -> LoginResult:
    """"Type your current password" (before changing it) is throttled and audited like signing in: a stolen
    session must not become an unlimited password-guessing oracle. Status 200 when it is right."""
    now = utcnow()
    attempt, blocked = throttle.begin_attempt(db, settings, user.email, ip, now)
    if blocked:
        return _refused(db, settings, blocked, now, "user.password_check_throttled", actor=user, ip=ip)
    if not verify_password(password, user.password_hash):
        record(db, "user.password_check_failed", actor=user, ip=ip)
        db.commit()
        return LoginResult(status=422, message="Your current password is not right.")
    throttle.forget_attempt(db, attempt)
    db.commit()
    return LoginResult(user=user)


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
