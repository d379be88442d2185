"""Sign in and out (page and JSON API), first-admin setup, and changing your own password."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict

from app.accounts.login import attempt_login, check_current_password, clear_session_cookie, set_session_cookie
from app.accounts.service import AccountError, create_user, find_setup_token, set_password
from app.accounts.sessions import COOKIE_NAME, end_session, start_session
from app.accounts.twofactor_routes import code_page
from app.audit.log import record
from app.db import utcnow
from app.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep, client_ip
from app.web.bounds import MAX_EMAIL_INPUT, MAX_NAME_INPUT, MAX_PASSWORD, Text, Token
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Text(MAX_EMAIL_INPUT)
    password: Text(MAX_PASSWORD)
    code: Text(32) | None = None  # the authenticator app's code, for staff who turned two-factor sign-in on


class Me(BaseModel):
    id: int
    email: str
    display_name: str
    role: Literal["admin", "poster"]


class SignedIn(BaseModel):
    user: Me


class Done(BaseModel):
    detail: str


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def _user_json(user) -> dict:
    return {"id": user.id, "email": user.email, "display_name": user.display_name, "role": user.role}


@router.post("/api/session", response_model=SignedIn,
             responses={401: {"model": Done}, 429: {"model": Done}})
def api_login(body: Credentials, request: Request, db: SessionDep, settings: SettingsDep):
    result = attempt_login(db, settings, body.email, body.password, ip=client_ip(request),
                           user_agent=request.headers.get("user-agent", ""), code=body.code)
    if result.user is None:
        headers = {"Retry-After": str(result.retry_after)} if result.retry_after else None
        content = {"detail": result.message, **({"second_factor_required": True} if result.second_factor else {})}
        return JSONResponse(content, status_code=result.status, headers=headers)
    response = JSONResponse({"user": _user_json(result.user)})
    set_session_cookie(response, request, settings, result.token)
    return response


@router.delete("/api/session", response_model=Done)
def api_logout(request: Request, db: SessionDep, user: CurrentUser):
    end_session(db, request.cookies.get(COOKIE_NAME, ""))
    record(db, "logout", actor=user, ip=client_ip(request))
    db.commit()
    response = JSONResponse({"detail": "Signed out."})
    clear_session_cookie(response)
    return response


@router.get("/api/me")
def api_me(user: CurrentUser) -> SignedIn:
    return {"user": _user_json(user)}


@router.get("/login")
def login_page(request: Request, user: OptionalUser, next: Annotated[str | None, Query(max_length=2000)] = None):
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", next=_safe_next(next), email="")


@router.post("/login")
def login_form(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=MAX_EMAIL_INPUT)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
):
    result = attempt_login(db, settings, email, password, ip=client_ip(request),
                           user_agent=request.headers.get("user-agent", ""))
    if result.pending_user_id is not None:  # the password was right: now the code, on a page of its own
        return code_page(request, settings, result.pending_user_id, _safe_next(next))
    if result.user is None:
        return render(
            request, "login.html", status_code=result.status, error=result.message, email=email, next=_safe_next(next)
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(response, request, settings, result.token)
    return response


@router.post("/logout")
def logout_form(request: Request, db: SessionDep, user: OptionalUser, _csrf: CsrfChecked):
    """Signing out when the session has already ended (expired, revoked) just lands on the login page."""
    if user is not None:
        end_session(db, request.cookies.get(COOKIE_NAME, ""))
        record(db, "logout", actor=user, ip=client_ip(request))
        db.commit()
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return with_flash(response, "You have signed out.")


@router.get("/account/password")
def password_page(request: Request, user: CurrentUser):
    return render(request, "password.html")


@router.post("/account/password")
def password_form(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    _csrf: CsrfChecked,
    current: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    new: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    confirm: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
):
    checked = check_current_password(db, settings, user, current, ip=client_ip(request))
    if checked.user is None:
        headers = {"Retry-After": str(checked.retry_after)} if checked.retry_after else None
        response = render(request, "password.html", status_code=checked.status, error=checked.message)
        response.headers.update(headers or {})
        return response
    error = None
    if new != confirm:
        error = "The two new passwords are different. Type the same password twice."
    else:
        try:
            set_password(db, user, new)
        except AccountError as exc:
            error = str(exc)
    if error:
        db.rollback()
        return render(request, "password.html", status_code=422, error=error)
    record(db, "user.password_changed", actor=user, ip=client_ip(request), user_id=user.id)
    token = start_session(db, user, timedelta(days=settings.session_days), request.headers.get("user-agent", ""))
    db.commit()
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, request, settings, token)
    return with_flash(response, "Password changed. You have been signed out everywhere else.")


@router.get("/setup/{token}")
def setup_page(token: Token, request: Request, db: SessionDep):
    if find_setup_token(db, token) is None:
        return render(request, "setup_invalid.html", status_code=404)
    return render(request, "setup.html", token=token, email="", name="")


@router.post("/setup/{token}")
def setup_form(
    token: Token,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=MAX_EMAIL_INPUT)] = "",
    name: Annotated[str, Form(max_length=MAX_NAME_INPUT)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    confirm: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
):
    setup = find_setup_token(db, token)
    if setup is None:
        return render(request, "setup_invalid.html", status_code=404)
    try:
        if password != confirm:
            raise AccountError("The two passwords are different. Type the same password twice.")
        user = create_user(db, email, "admin", password, name)
    except AccountError as exc:
        db.rollback()
        return render(request, "setup.html", status_code=422, token=token, email=email, name=name, error=str(exc))
    setup.used_at = utcnow()
    record(db, "user.created", actor=user, ip=client_ip(request), email=user.email, role="admin", via="setup link")
    agent = request.headers.get("user-agent", "")
    session_token = start_session(db, user, timedelta(days=settings.session_days), agent)
    db.commit()
    response = RedirectResponse("/admin/staff", status_code=303)
    set_session_cookie(response, request, settings, session_token)
    return with_flash(response, "Welcome. Your admin account is ready: now add the staff who may post.")
