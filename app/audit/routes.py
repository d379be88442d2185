"""Admins read the audit log, filtered by person, event and date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.deps import AdminUser, SessionDep, SettingsDep
from app.web.templates import render

router = APIRouter()
PAGE_SIZE = 200


def _parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def query_events(db, settings, person: str | None, event: str | None, day_from: str | None, day_to: str | None):
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE)
    if person:
        stmt = stmt.where(AuditEvent.actor.ilike(f"%{person.strip()}%"))
    if event:
        stmt = stmt.where(AuditEvent.event.startswith(event.strip()))
    start, end = _parse_day(day_from), _parse_day(day_to)
    if start:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(start, time.min, settings.tz))
    if end:
        stmt = stmt.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time.min, settings.tz))
    return db.scalars(stmt).all()


def _event_json(entry: AuditEvent) -> dict:
    return {"id": entry.id, "at": entry.at.isoformat(), "actor": entry.actor, "event": entry.event, "ip": entry.ip,
            "details": entry.details}


@router.get("/api/admin/audit")
def api_audit(db: SessionDep, settings: SettingsDep, admin: AdminUser, person: str | None = None,
              event: str | None = None, day_from: str | None = None, day_to: str | None = None):
    return {"events": [_event_json(e) for e in query_events(db, settings, person, event, day_from, day_to)]}


@router.get("/admin/audit")
def audit_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser, person: str | None = None,
               event: str | None = None, day_from: str | None = None, day_to: str | None = None):
    events = query_events(db, settings, person, event, day_from, day_to)
    kinds = db.scalars(select(AuditEvent.event).distinct().order_by(AuditEvent.event)).all()
    filters = {"person": person or "", "event": event or "", "day_from": day_from or "", "day_to": day_to or ""}
    return render(request, "admin/audit.html", events=events, kinds=kinds, filters=filters, tz=settings.tz,
                  page_size=PAGE_SIZE)
