"""FastAPI dependencies as `Annotated` aliases: SessionDep, SettingsDep, CurrentUser, AdminUser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.accounts.sessions import COOKIE_NAME, resolve_session
from app.config import Settings


class NotAuthenticated(Exception):
    """No live session: 401 for the API, a redirect to the sign-in page for pages."""


class NotAllowed(Exception):
    """Signed in, but this needs an admin: 403."""


class NeedsSecondFactor(Exception):
    """An admin without two-factor sign-in, where the school requires it: only the page that turns it on."""


SECOND_FACTOR_FREE = ("/account/2fa", "/logout", "/api/session", "/api/me")


async def get_settings(request: Request) -> Settings:  # async: no thread hop for a lookup
    return request.app.state.settings


async def get_db(request: Request) -> AsyncIterator[Session]:
    """One session per request. Creating it does no I/O (the connection is taken on first use),
    so this stays on the event loop; endpoints that use it are sync and run in the threadpool."""
    session = request.app.state.db.session()
    try:
        yield session
    finally:
        session.close()  # returns the connection to the pool; no I/O worth a thread hop


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_db)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def optional_user(request: Request, db: SessionDep, settings: SettingsDep) -> User | None:
    token = request.cookies.get(COOKIE_NAME, "")
    found = resolve_session(db, token, timedelta(days=settings.session_days))
    user = found.user if found else None
    request.state.user = user
    return user


async def current_user(request: Request, user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise NotAuthenticated()
    require_second_factor(request, user)
    return user


def require_second_factor(request: Request, user: User) -> None:
    """Where the school requires it, an admin without two-factor sign-in may only turn it on."""
    settings = request.app.state.settings
    if (settings.require_two_factor_for_admins and user.is_admin and not user.totp_secret
            and request.url.path not in SECOND_FACTOR_FREE):
        raise NeedsSecondFactor()


async def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise NotAllowed()
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
AdminUser = Annotated[User, Depends(admin_user)]
