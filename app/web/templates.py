"""Jinja2 rendering with what every page needs: the user, the CSRF token, the school and the status banner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from app.moderation.service import waiting_count
from app.web import flash as flash_cookie
from app.web.banner import banner_for

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
FLASH_COOKIE = flash_cookie.FLASH_COOKIE


def render(request: Request, template: str, status_code: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    user = getattr(request.state, "user", None)
    flash = getattr(request.state, "flash", "")  # checked and decoded by SecurityMiddleware
    if user:
        context.setdefault("banner", banner_for(request.app.state.db, settings, user, request.app.state.clock(),
                                                request.app.state.channels))
    if user and user.is_admin:
        with request.app.state.db.session() as session:  # the count of comments waiting, in the navigation
            context.setdefault("moderation_waiting", waiting_count(session))
    context.update(
        user=user,
        csrf_token=getattr(request.state, "csrf_token", ""),
        school_name=settings.school_name,
        flash=flash,
        static_version=request.app.state.static_version,
    )
    response = templates.TemplateResponse(request, template, context, status_code=status_code, headers=headers)
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax")
    return response


def with_flash(response, message: str):
    """Show `message` once on the next page (post/redirect/get). Any Unicode; signed on the way out."""
    response.set_cookie(FLASH_COOKIE, flash_cookie.encode(message), httponly=True, samesite="lax", path="/",
                        max_age=60)
    return response
