"""The pause switch: `GET/POST /api/admin/pause` and the form on the Admin page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from app.deps import AdminUser, SessionDep, client_ip
from app.posts.pause import REASON_MAX, PauseError, pause_state, set_paused
from app.web.security import CsrfChecked
from app.web.templates import with_flash

router = APIRouter()


class PauseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paused: bool
    reason: str = Field("", max_length=REASON_MAX)


def pause_json(db) -> dict:
    state = pause_state(db)
    return {"paused": bool(state.paused), "reason": state.reason, "changed_by": state.changed_by_name or None,
            "changed_at": state.changed_at.isoformat() if state.changed_at else None}


def _apply(request: Request, db, admin, paused: bool, reason: str) -> None:
    set_paused(db, admin, paused, reason, client_ip(request))
    db.commit()
    if not paused and request.app.state.outbox is not None:
        request.app.state.outbox.wake()  # send what waited


@router.get("/api/admin/pause")
def api_pause_state(db: SessionDep, admin: AdminUser):
    return pause_json(db)


@router.post("/api/admin/pause")
def api_set_pause(body: PauseRequest, request: Request, db: SessionDep, admin: AdminUser):
    try:
        _apply(request, db, admin, body.paused, body.reason)
    except PauseError as exc:
        db.rollback()
        raise HTTPException(422, str(exc)) from exc
    return pause_json(db)


@router.post("/admin/pause")
def pause_form(request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
               paused: Annotated[str, Form(max_length=5)] = "",
               reason: Annotated[str, Form(max_length=REASON_MAX)] = ""):
    try:
        _apply(request, db, admin, paused == "yes", reason)
    except PauseError as exc:
        db.rollback()
        return with_flash(RedirectResponse("/admin", 303), f"Not paused: {exc}")
    message = ("All posting is paused: posts are kept and wait. Switch it back on here." if paused == "yes"
               else "Posting is back on: what waited is being sent (inside posting hours unless it has a reason).")
    return with_flash(RedirectResponse("/admin", 303), message)
