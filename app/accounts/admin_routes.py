"""Admins manage staff: add, disable or enable, reset password, change role (pages and JSON API)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import throttle
from app.accounts.models import User
from app.accounts.service import AccountError, create_user, set_active, set_details, set_password, set_role
from app.accounts.sessions import revoke_all
from app.accounts.twofactor import reset_second_factor
from app.audit.log import record
from app.db import utcnow
from app.deps import AdminUser, SessionDep, SettingsDep, client_ip
from app.web.bounds import MAX_EMAIL_INPUT, MAX_NAME_INPUT, MAX_PASSWORD, MAX_SHORT, Text, UserId
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


def _get_user(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise HTTPException(404, "There is no staff account with that id.")
    return user


def _user_json(user: User, locked_until: datetime | None = None) -> dict:
    return {
        "id": user.id, "email": user.email, "display_name": user.display_name, "role": user.role,
        "active": user.active, "locked_until": locked_until.isoformat() if locked_until else None,
        "two_factor": bool(user.totp_secret),
    }


def locked_out(db: Session, settings, users) -> dict[int, datetime]:
    """Staff whose sign-in is paused by too many failed attempts on their account: id -> when it lifts."""
    now = utcnow()
    found = {}
    for user in users:
        blocked = throttle.throttled(db, settings, user.email, "", now)
        if blocked and blocked.scope == "account":
            found[user.id] = blocked.retry_at
    return found


def apply_change(db: Session, admin: User, target: User, ip: str, *, active=None, role=None, password=None,
                 display_name=None, email=None, unlock=None, reset_two_factor=None) -> None:
    """One place for every staff change, so the page and the API audit the same way."""
    changed = set_details(db, target, display_name=display_name, email=email)
    if "email" in changed and target.id != admin.id:  # the address may now be someone else's: sign the old one out
        revoke_all(db, target.id)
    if changed:
        record(db, "user.details_changed", actor=admin, ip=ip, user_id=target.id, email=target.email,
               **{f"old_{field}": old for field, (old, _new) in changed.items()},
               **{f"new_{field}": new for field, (_old, new) in changed.items()})
    if active is not None and active != target.active:
        set_active(db, target, active)
        record(db, "user.enabled" if active else "user.disabled", actor=admin, ip=ip, user_id=target.id,
               email=target.email)
    if role is not None and role != target.role:
        before = target.role
        set_role(db, target, role)
        record(db, "user.role_changed", actor=admin, ip=ip, user_id=target.id, email=target.email,
               old=before, new=role)
    if password is not None:
        set_password(db, target, password)
        throttle.clear_failures(db, target.email)  # a new password lifts a lock-out
        record(db, "user.password_reset", actor=admin, ip=ip, user_id=target.id, email=target.email)
    if reset_two_factor and (target.totp_secret or target.totp_pending_secret):
        reset_second_factor(db, target)
        revoke_all(db, target.id)  # whoever had the lost phone is signed out too
        record(db, "user.two_factor_reset", actor=admin, ip=ip, user_id=target.id, email=target.email)
    if unlock:
        throttle.clear_failures(db, target.email)
        record(db, "user.unlocked", actor=admin, ip=ip, user_id=target.id, email=target.email)


# JSON API ----------------------------------------------------------------------------------


Email = Text(MAX_EMAIL_INPUT)
Name = Text(MAX_NAME_INPUT)
Password = Text(MAX_PASSWORD)


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not silently ignored

    email: Email
    display_name: Name = ""
    role: Literal["admin", "poster"] = "poster"
    password: Password


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: Name | None = None
    email: Email | None = None
    active: bool | None = None
    role: Literal["admin", "poster"] | None = None
    password: Password | None = None
    unlock: bool | None = None  # true: lift a lock-out after too many failed sign-ins
    reset_two_factor: bool | None = None  # true: a colleague lost their authenticator app


class StaffAccount(BaseModel):
    id: int
    email: str
    display_name: str
    role: Literal["admin", "poster"]
    active: bool
    locked_until: str | None = None  # after too many failed sign-ins, when it lifts
    two_factor: bool = False


class StaffList(BaseModel):
    users: list[StaffAccount]


@router.get("/api/admin/users")
def api_list_users(db: SessionDep, settings: SettingsDep, admin: AdminUser) -> StaffList:
    users = db.scalars(select(User).order_by(User.display_name)).all()
    locks = locked_out(db, settings, users)
    return {"users": [_user_json(u, locks.get(u.id)) for u in users]}


@router.post("/api/admin/users", status_code=201)
def api_create_user(body: NewUser, request: Request, db: SessionDep, admin: AdminUser) -> StaffAccount:
    try:
        user = create_user(db, body.email, body.role, body.password, body.display_name)
    except AccountError as exc:
        raise HTTPException(422, str(exc)) from exc
    record(db, "user.created", actor=admin, ip=client_ip(request), user_id=user.id, email=user.email, role=user.role)
    db.commit()
    return _user_json(user)


@router.patch("/api/admin/users/{user_id}")
def api_change_user(user_id: UserId, body: UserChange, request: Request, db: SessionDep,
                    admin: AdminUser) -> StaffAccount:
    target = _get_user(db, user_id)
    try:
        apply_change(db, admin, target, client_ip(request), **body.model_dump(exclude_unset=True))
    except AccountError as exc:
        db.rollback()
        raise HTTPException(422, str(exc)) from exc
    db.commit()
    return _user_json(target)


# Pages -------------------------------------------------------------------------------------


@router.get("/admin")
def admin_home(request: Request, admin: AdminUser):
    return render(request, "admin/index.html")


def _render_staff(request: Request, db: Session, settings, status_code: int = 200, **extra):
    users = db.scalars(select(User).order_by(User.active.desc(), User.display_name)).all()
    locks = {uid: at.astimezone(settings.tz).strftime("%H:%M") for uid, at in locked_out(db, settings, users).items()}
    return render(request, "admin/staff.html", status_code=status_code, users=users, locks=locks,
                  **{"form": {}, **extra})


@router.get("/admin/staff")
def staff_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    return _render_staff(request, db, settings)


@router.post("/admin/staff")
def staff_add(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    admin: AdminUser,
    _csrf: CsrfChecked,
    email: Annotated[str, Form(max_length=MAX_EMAIL_INPUT)] = "",
    display_name: Annotated[str, Form(max_length=MAX_NAME_INPUT)] = "",
    role: Annotated[str, Form(max_length=MAX_SHORT)] = "poster",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
):
    try:
        user = create_user(db, email, role, password, display_name)
    except AccountError as exc:
        db.rollback()
        form = {"email": email, "display_name": display_name, "role": role}
        return _render_staff(request, db, settings, 422, error=str(exc), form=form)
    record(db, "user.created", actor=admin, ip=client_ip(request), user_id=user.id, email=user.email, role=user.role)
    db.commit()
    return with_flash(RedirectResponse("/admin/staff", 303), f"Added {user.display_name} ({user.role}).")


@router.post("/admin/staff/{user_id}")
def staff_change(
    user_id: UserId,
    request: Request,
    db: SessionDep,
    admin: AdminUser,
    _csrf: CsrfChecked,
    action: Annotated[str, Form(max_length=MAX_SHORT)] = "",
    role: Annotated[str, Form(max_length=MAX_SHORT)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    display_name: Annotated[str, Form(max_length=MAX_NAME_INPUT)] = "",
    email: Annotated[str, Form(max_length=MAX_EMAIL_INPUT)] = "",
):
    target = _get_user(db, user_id)
    changes = {
        "details": {"display_name": display_name, "email": email},
        "disable": {"active": False},
        "enable": {"active": True},
        "role": {"role": role},
        "password": {"password": password},
        "unlock": {"unlock": True},
        "reset_2fa": {"reset_two_factor": True},
    }.get(action)
    if changes is None:
        raise HTTPException(400, "That change is not one this page knows. Reload the page and try again.")
    try:
        apply_change(db, admin, target, client_ip(request), **changes)
    except AccountError as exc:
        db.rollback()
        return with_flash(RedirectResponse("/admin/staff", 303), f"Not changed: {exc}")
    db.commit()
    done = {
        "details": f"Saved: {target.display_name}, {target.email}.",
        "disable": f"{target.display_name} can no longer sign in; their sessions have ended.",
        "enable": f"{target.display_name} can sign in again.",
        "role": f"{target.display_name} is now {target.role}.",
        "password": f"New password set for {target.display_name}; their sessions have ended.",
        "unlock": f"{target.display_name} can try signing in again now.",
        "reset_2fa": f"{target.display_name} signs in with their password alone until they set up a new app.",
    }[action]
    return with_flash(RedirectResponse("/admin/staff", 303), done)
