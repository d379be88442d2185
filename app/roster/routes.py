"""Admins manage the pupil roster (CSV import) and the allowlist of words that are never names here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.deps import AdminUser, SessionDep
from app.roster.models import AllowlistEntry, Pupil
from app.roster.service import add_phrase, import_roster_text, remove_phrase
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()
MAX_ROSTER_BYTES = 2 * 1024 * 1024


def _pupil_json(p: Pupil) -> dict:
    return {"id": p.id, "legal_forename": p.legal_forename, "preferred_forename": p.preferred_forename,
            "surname": p.surname, "class": p.class_name, "photo_consent": p.photo_consent}


def _pupils(db: Session) -> list[Pupil]:
    return list(db.scalars(select(Pupil).order_by(Pupil.class_name, Pupil.surname, Pupil.legal_forename)))


async def _csv_text(upload: UploadFile | None) -> str:
    if upload is None or not upload.filename:
        raise ValueError("Choose the roster CSV file to upload.")
    data = await upload.read(MAX_ROSTER_BYTES + 1)
    if len(data) > MAX_ROSTER_BYTES:
        raise ValueError("That file is over 2 MB; a roster CSV is much smaller. Is it the right file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")  # Excel's "CSV" on Windows
        except UnicodeDecodeError as exc:
            raise ValueError("That file is not a text CSV. Export the roster from the MIS as CSV.") from exc


# JSON API ----------------------------------------------------------------------------------


@router.get("/api/admin/roster")
def api_roster(db: SessionDep, admin: AdminUser):
    return {"pupils": [_pupil_json(p) for p in _pupils(db)]}


@router.post("/api/admin/roster")
async def api_import_roster(db: SessionDep, admin: AdminUser, file: UploadFile | None = None):
    try:
        text = await _csv_text(file)
    except ValueError as exc:
        return JSONResponse({"detail": str(exc), "errors": [str(exc)]}, status_code=422)
    result = import_roster_text(db, text, actor=admin)
    if result.errors:
        return JSONResponse({"detail": "Nothing was changed: the file has mistakes.", "errors": list(result.errors)},
                            status_code=422)
    return {"count": result.count, "without_consent": result.without_consent}


class NewPhrase(BaseModel):
    phrase: str


@router.get("/api/admin/allowlist")
def api_allowlist(db: SessionDep, admin: AdminUser):
    entries = db.scalars(select(AllowlistEntry).order_by(AllowlistEntry.phrase))
    return {"allowlist": [{"id": e.id, "phrase": e.phrase, "added_by": e.added_by} for e in entries]}


@router.post("/api/admin/allowlist", status_code=201)
def api_allowlist_add(body: NewPhrase, db: SessionDep, admin: AdminUser):
    try:
        entry = add_phrase(db, admin, body.phrase)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"id": entry.id, "phrase": entry.phrase}


@router.delete("/api/admin/allowlist/{entry_id}")
def api_allowlist_remove(entry_id: int, db: SessionDep, admin: AdminUser):
    try:
        entry = remove_phrase(db, admin, entry_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"removed": entry.phrase}


# Pages -------------------------------------------------------------------------------------


@router.get("/admin/roster")
def roster_page(request: Request, db: SessionDep, admin: AdminUser):
    return render(request, "admin/roster.html", pupils=_pupils(db), errors=[])


@router.post("/admin/roster")
async def roster_upload(request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
                        file: UploadFile | None = None):
    try:
        text = await _csv_text(file)
        result = import_roster_text(db, text, actor=admin)
        errors = list(result.errors)
    except ValueError as exc:
        errors = [str(exc)]
    if errors:
        return render(request, "admin/roster.html", status_code=422, pupils=_pupils(db), errors=errors)
    return with_flash(RedirectResponse("/admin/roster", 303),
                      f"Roster replaced: {result.count} pupils, {result.without_consent} without photo consent.")


@router.get("/admin/allowlist")
def allowlist_page(request: Request, db: SessionDep, admin: AdminUser):
    entries = db.scalars(select(AllowlistEntry).order_by(AllowlistEntry.phrase)).all()
    return render(request, "admin/allowlist.html", entries=entries, error=None)


@router.post("/admin/allowlist")
def allowlist_add(request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
                  phrase: Annotated[str, Form()] = ""):
    try:
        entry = add_phrase(db, admin, phrase)
    except ValueError as exc:
        db.rollback()
        entries = db.scalars(select(AllowlistEntry).order_by(AllowlistEntry.phrase)).all()
        return render(request, "admin/allowlist.html", status_code=422, entries=entries, error=str(exc))
    return with_flash(RedirectResponse("/admin/allowlist", 303), f"Added '{entry.phrase}'.")


@router.post("/admin/allowlist/{entry_id}/delete")
def allowlist_remove(entry_id: int, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked):
    try:
        entry = remove_phrase(db, admin, entry_id)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    return with_flash(RedirectResponse("/admin/allowlist", 303), f"Removed '{entry.phrase}'.")
