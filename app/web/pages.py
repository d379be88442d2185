"""Top-level pages: the home (compose) page and the offline page."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.deps import CurrentUser
from app.web.templates import render

router = APIRouter()


@router.get("/")
def home(request: Request, user: CurrentUser):
    return render(request, "compose.html")


@router.get("/offline")
def offline(request: Request):
    return render(request, "offline.html")
