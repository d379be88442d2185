"""Admins manage the pupil roster (CSV import) and the allowlist of words that are never names here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.deps import AdminUser, SessionDep, SettingsDep, client_ip
from app.roster.csv_text import decode_roster_bytes
from app.roster.models import AllowlistEntry, Pupil
from app.roster.service import ImportResult, add_phrase, allowlist_conflicts, import_roster_text, remove_phrase
from app.trips.service import local_today, stale_class_warnings
from app.web.bounds import MAX_NAME_INPUT, EntryId, Text
from app.web.rate_limit import RosterImportLimited
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
    return decode_roster_bytes(data)  # RosterFileError is a ValueError with a plain message


async def _import(request: Request, db: Session, settings, admin, file: UploadFile | None) -> ImportResult:
    """Read the upload on the loop, then replace the roster in a worker thread; every problem (unreadable file
    or bad lines) ends up in `errors`."""
    try:
        text = await _csv_text(file)
    except ValueError as exc:
        return ImportResult(errors=(str(exc),))
    return await run_in_threadpool(import_roster_text, db, text, actor=admin, ip=client_ip(request),
                                   today=local_today(settings.tz))


def _merged(count: int) -> str:
    if not count:
        return ""
    lines = "line repeated a pupil" if count == 1 else "lines repeated a pupil"
    return f" {count} {lines} exactly and {'was' if count == 1 else 'were'} merged."


class NewPhrase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrase: Text(MAX_NAME_INPUT)


class PupilOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: int
    legal_forename: str
    preferred_forename: str
    surname: str
    class_: str = Field(alias="class")
    photo_consent: bool


class Roster(BaseModel):
    pupils: list[PupilOut]


class RosterImported(BaseModel):
    count: int
    without_consent: int
    duplicates_merged: int
    warnings: list[str]


class RosterRefused(BaseModel):
    detail: str
    errors: list[str]


class PhraseOut(BaseModel):
    id: int
    phrase: str
    added_by: str = ""


class Allowlist(BaseModel):
    allowlist: list[PhraseOut]


class Removed(BaseModel):
    removed: str


# JSON API ----------------------------------------------------------------------------------


@router.get("/api/admin/roster", response_model=Roster, response_model_by_alias=True)
def api_roster(db: SessionDep, admin: AdminUser):
    return {"pupils": [_pupil_json(p) for p in _pupils(db)]}


@router.post("/api/admin/roster", response_model=RosterImported, responses={422: {"model": RosterRefused}})
async def api_import_roster(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser,
                            _limit: RosterImportLimited, file: UploadFile | None = None):
    result = await _import(request, db, settings, admin, file)
    if result.errors:
        detail = (f"Nothing was changed. {result.errors[0]}" if len(result.errors) == 1
                  else "Nothing was changed: the file has mistakes.")
        return JSONResponse({"detail": detail, "errors": list(result.errors)}, status_code=422)
    return {"count": result.count, "without_consent": result.without_consent,
            "duplicates_merged": result.duplicates_merged, "warnings": list(result.warnings)}




@router.get("/api/admin/allowlist")
def api_allowlist(db: SessionDep, admin: AdminUser) -> Allowlist:
    entries = db.scalars(select(AllowlistEntry).order_by(AllowlistEntry.phrase))
    return {"allowlist": [{"id": e.id, "phrase": e.phrase, "added_by": e.added_by} for e in entries]}


@router.post("/api/admin/allowlist", status_code=201)
def api_allowlist_add(body: NewPhrase, request: Request, db: SessionDep, admin: AdminUser) -> PhraseOut:
    try:
        entry = add_phrase(db, admin, body.phrase, ip=client_ip(request))
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"id": entry.id, "phrase": entry.phrase}


@router.delete("/api/admin/allowlist/{entry_id}")
def api_allowlist_remove(entry_id: EntryId, request: Request, db: SessionDep, admin: AdminUser) -> Removed:
    try:
        entry = remove_phrase(db, admin, entry_id, ip=client_ip(request))
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"removed": entry.phrase}


# Pages -------------------------------------------------------------------------------------


def _render_roster(request: Request, db: Session, settings, status_code: int = 200, errors=()):
    return render(request, "admin/roster.html", status_code=status_code, pupils=_pupils(db), errors=list(errors),
                  warnings=stale_class_warnings(db, local_today(settings.tz)), name_warnings=allowlist_conflicts(db))


@router.get("/admin/roster")
def roster_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    return _render_roster(request, db, settings)


@router.post("/admin/roster")
async def roster_upload(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser,
                        _csrf: CsrfChecked, _limit: RosterImportLimited, file: UploadFile | None = None):
    result = await _import(request, db, settings, admin, file)
    if result.errors:  # the page lists the pupils: rendered in a worker thread too
        return await run_in_threadpool(_render_roster, request, db, settings, 422, result.errors)
    # Trips naming classes the new roster lacks are listed on the roster page itself.
    return with_flash(RedirectResponse("/admin/roster", 303),
                      f"Roster replaced: {result.count} pupils, {result.without_consent} without photo consent."
                      + _merged(result.duplicates_merged))


@router.get("/admin/allowlist")
def allowlist_page(request: Request, db: SessionDep, admin: AdminUser):
    entries = db.scalars(select(AllowlistEntry).order_by(AllowlistEntry.phrase)).all()
    return render(request, "admin/allowlist.html", entries=entries, error=None)


@router.post("/admin/allowlist")
def allowlist_add(request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
                  phrase: Annotated[str, Form(max_length=MAX_NAME_INPUT)] = ""):
    try:
        entry = add_phrase(db, admin, phrase, ip=client_ip(request))
    except ValueError as exc:
        db.rollback()
        entries = db.scalars(select(AllowlistEntry).order_by(AllowlistEntry.phrase)).all()
        return render(request, "admin/allowlist.html", status_code=422, entries=entries, error=str(exc))
    return with_flash(RedirectResponse("/admin/allowlist", 303), f"Added '{entry.phrase}'.")


@router.post("/admin/allowlist/{entry_id}/delete")
def allowlist_remove(entry_id: EntryId, request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked):
    try:
        entry = remove_phrase(db, admin, entry_id, ip=client_ip(request))
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    return with_flash(RedirectResponse("/admin/allowlist", 303), f"Removed '{entry.phrase}'.")
