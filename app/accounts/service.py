"""Staff account operations shared by the web pages, the JSON API and the CLI."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.models import ROLES, SetupToken, User
from app.accounts.passwords import hash_password, password_problem, spend_equal_time, verify_password
from app.accounts.sessions import revoke_all
from app.db import utcnow

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SETUP_LINK_LIFETIME = timedelta(hours=1)


class AccountError(ValueError):
    """A plain-English reason an account change was refused."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def validate_new_user(db: Session, email: str, role: str, password: str) -> str:
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise AccountError(f"{email or 'That'} is not an email address.")
    if role not in ROLES:
        raise AccountError("The role must be admin or poster.")
    if db.scalar(select(User).where(User.email == email)):
        raise AccountError(f"There is already a staff account for {email}.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    return email


def create_user(db: Session, email: str, role: str, password: str, display_name: str = "") -> User:
    email = validate_new_user(db, email, role, password)
    name = display_name.strip() or email.split("@")[0]
    user = User(email=email, display_name=name[:120], role=role, active=True, password_hash=hash_password(password))
    db.add(user)
    db.flush()
    return user


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (in the same time either way)."""
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        spend_equal_time(password)
        return None
    if not verify_password(password, user.password_hash):
        return None
    return user if user.active else None


def set_password(db: Session, user: User, new_password: str) -> None:
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    revoke_all(db, user.id)


def active_admin_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))) or 0


def guard_last_admin(db: Session, user: User) -> None:
    if user.role == "admin" and user.active and active_admin_count(db) <= 1:
        raise AccountError("This is the only active admin. Make someone else an admin first.")


def set_active(db: Session, user: User, active: bool) -> None:
    if not active:
        guard_last_admin(db, user)
        revoke_all(db, user.id)
    user.active = active


def set_role(db: Session, user: User, role: str) -> None:
    if role not in ROLES:
        raise AccountError("The role must be admin or poster.")
    if role != "admin":
        guard_last_admin(db, user)
    user.role = role


# The one-time setup link ------------------------------------------------------------------


def needs_setup(db: Session) -> bool:
    return active_admin_count(db) == 0


def issue_setup_token(db: Session) -> str:
    token = secrets.token_urlsafe(24)
    db.add(SetupToken(token_hash=hashlib.sha256(token.encode()).hexdigest(), expires_at=utcnow() + SETUP_LINK_LIFETIME))
    db.commit()
    return token


def find_setup_token(db: Session, token: str) -> SetupToken | None:
    """The unused, unexpired setup token (and only while no admin exists)."""
    found = db.scalar(select(SetupToken).where(SetupToken.token_hash == hashlib.sha256(token.encode()).hexdigest()))
    if found is None or found.used_at is not None or found.expires_at <= utcnow() or not needs_setup(db):
        return None
    return found
