"""Admins read the audit log, filtered by person, event and date."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import or_, select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.audit.words import event_words
from app.deps import AdminUser, SessionDep, SettingsDep
from app.web.bounds import EARLIEST_YEAR, LATEST_YEAR, BeforeId, DayText, SearchText
from app.web.rate_limit import AuditLimited
from app.web.templates import render

router = APIRouter()
PAGE_SIZE = 200


def _parse_day(text: str | None, label: str) -> date | None:
    try:
        day = date.fromisoformat(text.strip()) if text and text.strip() else None
    except ValueError as exc:
        raise HTTPException(422, f"{label}: '{text[:32]}' is not a date. Use a date like 2026-11-24.") from exc
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise HTTPException(422, f"{label}: {day.isoformat()} is not a date the log could hold. Use a date between "
                                 f"{EARLIEST_YEAR} and {LATEST_YEAR}.")
    return day


def _day_start(day: date, tz) -> datetime:
    """Midnight at the start of `day` where the school is; the edges of the calendar never overflow."""
    try:
        return datetime.combine(day, time.min, tz)
    except OverflowError:
        return datetime.max.replace(tzinfo=tz)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def query_events(db, settings, person: str | None, event: str | None, day_from: str | None, day_to: str | None,
                 before: int | None = None) -> tuple[list[AuditEvent], int | None]:
    """One page of events, newest first, and the id to ask for the next (older) page with, if there is one."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1)
    if before:
        stmt = stmt.where(AuditEvent.id < before)
    if person:  # by email or by name
        pattern = f"%{_like_escaped(person.strip())}%"
        named = select(User.id).where(User.display_name.ilike(pattern, escape="\\"))
        stmt = stmt.where(or_(AuditEvent.actor.ilike(pattern, escape="\\"), AuditEvent.actor_id.in_(named)))
    if event:
        stmt = stmt.where(AuditEvent.event.startswith(event.strip(), autoescape=True))
    start, end = _parse_day(day_from, "From"), _parse_day(day_to, "To")
    if start:
        stmt = stmt.where(AuditEvent.at >= _day_start(start, settings.tz))
    if end and end < date.max:
        stmt = stmt.where(AuditEvent.at < _day_start(end + timedelta(days=1), settings.tz))
    events = list(db.scalars(stmt))
    older = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    return events[:PAGE_SIZE], older


def _names(db, events: list[AuditEvent]) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id}
    return dict(db.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def _who(entry: AuditEvent, names: dict[int, str]) -> str:
    """People by name (their email as it was, when the account has gone); 'system' for the app itself."""
    return names.get(entry.actor_id) or entry.actor


def _event_json(entry: AuditEvent, names: dict[int, str] | None = None) -> dict:
    return {"id": entry.id, "at": entry.at.isoformat(), "actor": entry.actor,
            "actor_name": _who(entry, names or {}), "event": entry.event, "what": event_words(entry.event),
            "ip": entry.ip, "details": entry.details}


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str  # the email as it was (or "system")
    actor_name: str = Field(description="The person's name now, or the email when the account has gone")
    event: str
    what: str = Field(description="The event in plain words")
    ip: str
    details: dict[str, Any]


class AuditPage(BaseModel):
    events: list[AuditEntry]
    older_than: int | None = Field(description="Pass as `before` for the next (older) page; null on the last.")


@router.get("/api/admin/audit")
def api_audit(db: SessionDep, settings: SettingsDep, admin: AdminUser, _limit: AuditLimited, person: SearchText = None,
              event: SearchText = None, day_from: DayText = None, day_to: DayText = None,
              before: BeforeId = None) -> AuditPage:
    """Newest first, PAGE_SIZE at a time; pass `before` = `older_than` from the answer for the next page."""
    events, older = query_events(db, settings, person, event, day_from, day_to, before)
    names = _names(db, events)
    return {"events": [_event_json(e, names) for e in events], "older_than": older}


@router.get("/admin/audit")
def audit_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser, _limit: AuditLimited,
               person: SearchText = None,
               event: SearchText = None, day_from: DayText = None, day_to: DayText = None,
               before: BeforeId = None):
    kinds = db.scalars(select(AuditEvent.event).distinct().order_by(AuditEvent.event)).all()
    filters = {"person": person or "", "event": event or "", "day_from": day_from or "", "day_to": day_to or ""}
    try:
        events, older = query_events(db, settings, person, event, day_from, day_to, before)
    except HTTPException as exc:
        return render(request, "admin/audit.html", status_code=422, events=[], kinds=kinds, filters=filters,
                      tz=settings.tz, page_size=PAGE_SIZE, error=exc.detail, older_link="", newest_link="",
                      names={}, words=event_words, csv_link="/admin/audit.csv")
    query = {k: v for k, v in filters.items() if v}
    older_link = "/admin/audit?" + urlencode({**query, "before": older}) if older else ""
    newest_link = "/admin/audit" + ("?" + urlencode(query) if query else "") if before else ""
    return render(request, "admin/audit.html", events=events, kinds=kinds, filters=filters, tz=settings.tz,
                  page_size=PAGE_SIZE, older_link=older_link, newest_link=newest_link, names=_names(db, events),
                  words=event_words, csv_link="/admin/audit.csv" + ("?" + urlencode(query) if query else ""))


CSV_MAX = 50_000


@router.get("/admin/audit.csv")
def audit_csv(db: SessionDep, settings: SettingsDep, admin: AdminUser, _limit: AuditLimited,
              person: SearchText = None, event: SearchText = None, day_from: DayText = None, day_to: DayText = None):
    """Every matching event (newest first, up to 50,000), for a spreadsheet."""
    rows, before = [], None
    while len(rows) < CSV_MAX:
        page, before = query_events(db, settings, person, event, day_from, day_to, before)
        rows.extend(page)
        if before is None:
            break
    names = _names(db, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["when (school time)", "who", "email", "what", "event", "address", "details"])
    for e in rows[:CSV_MAX]:
        details = "; ".join(f"{k}: {v}" for k, v in e.details.items() if v not in (None, "", []))
        writer.writerow([_defuse(v) for v in (e.at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M:%S"),
                                                _who(e, names), e.actor, event_words(e.event), e.event, e.ip,
                                                details)])
    return Response(buffer.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="tripcast-audit.csv"'})


def _defuse(value: str) -> str:
    """A cell starting = + - @ would run as a formula in a spreadsheet (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
