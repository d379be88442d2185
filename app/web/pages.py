"""Top-level pages: compose (the home screen), the poster's posts, and the offline fallback."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.deps import CurrentUser, SessionDep
from app.web.compose_config import compose_config, device_config
from app.web.templates import render

router = APIRouter()


@router.get("/")
def home(request: Request, user: CurrentUser, db: SessionDep):
    return render(request, "compose.html", compose=compose_config(request, db, user))


@router.get("/posts")
def posts(request: Request, user: CurrentUser):
    return render(request, "posts.html")


@router.get("/offline")
def offline(request: Request):
    return render(request, "offline.html", device=device_config(request.app.state.settings))
