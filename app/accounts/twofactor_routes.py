"""Pages for two-factor sign-in: the code after the password, and turning it on or off for yourself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from app.accounts.login import attempt_second_factor, check_current_password, set_session_cookie
from app.accounts.twofactor import (
    PENDING_COOKIE,
    PENDING_SECONDS,
    confirm_enrolment,
    pending_token,
    pending_user_id,
    qr_svg,
    reset_second_factor,
    start_enrolment,
)
from app.audit.log import record
from app.deps import CurrentUser, SessionDep, SettingsDep, client_ip
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


def code_page(request: Request, settings, user_id: int, next_path: str, error: str = "", status: int = 200):
    response = render(request, "login_code.html", status_code=status, next=next_path, error=error)
    response.set_cookie(PENDING_COOKIE, pending_token(user_id, settings.signing_key()), max_age=PENDING_SECONDS,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/login")
    return response


@router.post("/login/code")
def login_code(request: Request, db: SessionDep, settings: SettingsDep, _csrf: CsrfChecked,
               code: Annotated[str, Form(max_length=32)] = "", next: Annotated[str, Form(max_length=2000)] = "/"):
    from app.accounts.routes import _safe_next

    user_id = pending_user_id(request.cookies.get(PENDING_COOKIE, ""), settings.signing_key())
    if user_id is None:
        return with_flash(RedirectResponse("/login", 303), "That sign-in took too long. Sign in again.")
    result = attempt_second_factor(db, settings, user_id, code, ip=client_ip(request),
                                   user_agent=request.headers.get("user-agent", ""))
    if result.user is None:
        if result.pending_user_id is None:
            return render(request, "login.html", status_code=result.status, error=result.message, email="",
                          next=_safe_next(next))
        return code_page(request, settings, user_id, _safe_next(next), result.message, result.status)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.delete_cookie(PENDING_COOKIE, path="/login")
    set_session_cookie(response, request, settings, result.token)
    return response


@router.get("/account/2fa")
def two_factor_page(request: Request, db: SessionDep, settings: SettingsDep, user: CurrentUser):
    qr = None
    secret = None
    if not user.totp_secret:
        secret = start_enrolment(user, settings.signing_key())
        db.commit()
        qr = qr_svg(secret, user.email, f"Tripcast {settings.school_name}")
    return render(request, "two_factor.html", qr=qr, secret=secret, remaining=len(user.recovery_codes or []))


@router.post("/account/2fa")
def two_factor_form(request: Request, db: SessionDep, settings: SettingsDep, user: CurrentUser, _csrf: CsrfChecked,
                    action: Annotated[str, Form(max_length=10)] = "",
                    code: Annotated[str, Form(max_length=32)] = "",
                    current: Annotated[str, Form(max_length=1024)] = ""):
    ip = client_ip(request)
    if action == "enable":
        codes = confirm_enrolment(user, code, settings.signing_key())
        if codes is None:
            db.rollback()
            secret = start_enrolment(user, settings.signing_key())  # the one waiting (a new one if it was lost)
            db.commit()
            return render(request, "two_factor.html", status_code=422, secret=secret,
                          qr=qr_svg(secret, user.email, f"Tripcast {settings.school_name}"),
                          error="That code did not match. Type the 6 digits your app shows now.", remaining=0)
        record(db, "user.two_factor_enabled", actor=user, ip=ip)
        db.commit()
        return render(request, "two_factor.html", recovery_codes=codes, remaining=len(codes))
    if action == "disable":
        checked = check_current_password(db, settings, user, current, ip=ip)
        if checked.user is None:
            return render(request, "two_factor.html", status_code=checked.status, error=checked.message,
                          remaining=len(user.recovery_codes or []))
        if settings.require_two_factor_for_admins and user.is_admin:
            return render(request, "two_factor.html", status_code=422, remaining=len(user.recovery_codes or []),
                          error="Admins must keep two-factor sign-in on here (the roster is personal data).")
        reset_second_factor(db, user)
        record(db, "user.two_factor_disabled", actor=user, ip=ip)
        db.commit()
        return with_flash(RedirectResponse("/account/2fa", 303), "Two-factor sign-in is off.")
    return with_flash(RedirectResponse("/account/2fa", 303), "That change is not one this page knows.")
