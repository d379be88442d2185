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

_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_EMAIL = 254  # the users.email column
MAX_NAME = 120  # the users.display_name column
SETUP_LINK_LIFETIME = timedelta(hours=1)


class AccountError(ValueError):
    """A plain-English reason an account change was refused."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def looks_like_email(email: str) -> bool:
    return len(email) <= MAX_EMAIL and bool(_EMAIL.match(email))


def checked_email(db: Session, email: str, user: User | None = None) -> str:
    """The normalised email, or AccountError: not an address, too long, or another account's."""
    email = normalise_email(email)
    if len(email) > MAX_EMAIL:
        raise AccountError(f"That email address is too long ({MAX_EMAIL} characters at most).")
    if not _EMAIL.match(email):
        shown = _CONTROL.sub("", email)[:80]
        raise AccountError(f"{shown or 'That'} is not an email address.")
    other = db.scalar(select(User).where(User.email == email))
    if other is not None and other is not user:
        raise AccountError(f"There is already a staff account for {email}.")
    return email


def checked_name(display_name: str, email: str) -> str:
    name = display_name.strip() or email.split("@")[0]
    if len(name) > MAX_NAME:
        raise AccountError(f"That name is too long ({MAX_NAME} characters at most).")
    if _CONTROL.search(name):
        raise AccountError("The name contains characters that can't be shown (such as tabs or line breaks).")
    return name


def validate_new_user(db: Session, email: str, role: str, password: str) -> str:
    email = checked_email(db, email)
    if role not in ROLES:
        raise AccountError("The role must be admin or poster.")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    return email


def create_user(db: Session, email: str, role: str, password: str, display_name: str = "") -> User:
    email = validate_new_user(db, email, role, password)
    name = checked_name(display_name, email)
    user = User(email=email, display_name=name, role=role, active=True, password_hash=hash_password(password))
    db.add(user)
    db.flush()
    return user


def set_details(db: Session, user: User, display_name: str | None = None, email: str | None = None) -> dict:
    """Correct a name or email. Returns what changed as {field: (old, new)}."""
    changed = {}
    if email is not None:
        new_email = checked_email(db, email, user)
        if new_email != user.email:
            changed["email"] = (user.email, new_email)
            user.email = new_email
    if display_name is not None:
        name = checked_name(display_name, user.email)
        if name != user.display_name:
            changed["display_name"] = (user.display_name, name)
            user.display_name = name
    db.flush()
    return changed


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (in the same time either way)."""
    email = normalise_email(email)
    user = db.scalar(select(User).where(User.email == email)) if looks_like_email(email) else None
    if user is None:
        spend_equal_time(password)
        return None
    if not verify_password(password, user.password_hash):
        return None
    return user if user.active else None


def set_password(db: Session, user: User, new_password: str) -> None:
    problem = password_problem(new_password, user.email)
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
