"""FastAPI dependencies as `Annotated` aliases: SessionDep, SettingsDep, CurrentUser, AdminUser."""

from __future__ import annotations

from collections.abc import Iterator
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


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.db.session() as session:
        yield session


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


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise NotAuthenticated()
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise NotAllowed()
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
AdminUser = Annotated[User, Depends(admin_user)]
