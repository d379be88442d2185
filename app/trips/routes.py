"""Admins create and end trips (pages and JSON API)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.deps import AdminUser, SessionDep, SettingsDep
from app.trips.models import Trip
from app.trips.service import TripError, create_trip, end_trip, local_today, parse_classes
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


def _trip_json(trip: Trip, today: date) -> dict:
    return {
        "id": trip.id, "name": trip.name, "start_date": trip.start_date.isoformat(),
        "end_date": trip.end_date.isoformat(), "classes": trip.classes,
        "leaders": [{"id": u.id, "display_name": u.display_name} for u in trip.leaders],
        "active": trip.is_active_on(today), "ended": trip.ended_at is not None or trip.end_date < today,
    }


def _leaders(db: Session, ids: list[int]) -> list[User]:
    return list(db.scalars(select(User).where(User.id.in_(ids))).all()) if ids else []


class NewTrip(BaseModel):
    name: str
    start_date: date
    end_date: date
    leader_ids: list[int]
    classes: list[str] = []


@router.get("/api/admin/trips")
def api_list_trips(db: SessionDep, settings: SettingsDep, admin: AdminUser):
    today = local_today(settings.tz)
    return {"trips": [_trip_json(t, today) for t in db.scalars(select(Trip).order_by(Trip.start_date.desc()))]}


@router.post("/api/admin/trips", status_code=201)
def api_create_trip(body: NewTrip, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    try:
        trip = create_trip(
            db, name=body.name, start=body.start_date, end=body.end_date, leaders=_leaders(db, body.leader_ids),
            classes=[c.strip() for c in body.classes if c.strip()], actor=admin,
        )
    except TripError as exc:
        db.rollback()
        raise HTTPException(422, str(exc)) from exc
    db.commit()
    return _trip_json(trip, local_today(settings.tz))


@router.post("/api/admin/trips/{trip_id}/end")
def api_end_trip(trip_id: int, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    trip = db.get(Trip, trip_id)
    if trip is None:
        raise HTTPException(404, "There is no trip with that id.")
    end_trip(db, trip, admin)
    db.commit()
    return _trip_json(trip, local_today(settings.tz))


@router.get("/admin/trips")
def trips_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    return _render_trips(request, db, settings)


def _render_trips(request, db, settings, status_code=200, error=None, form=None):
    today = local_today(settings.tz)
    trips = db.scalars(select(Trip).order_by(Trip.start_date.desc())).all()
    staff = db.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name)).all()
    return render(
        request, "admin/trips.html", status_code=status_code, trips=trips, staff=staff, today=today,
        error=error, form=form or {},
    )


@router.post("/admin/trips")
def trips_add(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    admin: AdminUser,
    _csrf: CsrfChecked,
    name: Annotated[str, Form()] = "",
    start_date: Annotated[str, Form()] = "",
    end_date: Annotated[str, Form()] = "",
    classes: Annotated[str, Form()] = "",
    leader_ids: Annotated[list[int] | None, Form()] = None,
):
    form = {"name": name, "start_date": start_date, "end_date": end_date, "classes": classes,
            "leader_ids": leader_ids or []}
    try:
        try:
            start, end = date.fromisoformat(start_date), date.fromisoformat(end_date)
        except ValueError as exc:
            raise TripError("Give both a start date and an end date.") from exc
        trip = create_trip(
            db, name=name, start=start, end=end, leaders=_leaders(db, leader_ids or []),
            classes=parse_classes(classes), actor=admin,
        )
    except TripError as exc:
        db.rollback()
        return _render_trips(request, db, settings, 422, str(exc), form)
    db.commit()
    return with_flash(RedirectResponse("/admin/trips", 303), f"Trip '{trip.name}' created.")


@router.post("/admin/trips/{trip_id}/end")
def trips_end(trip_id: int, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked):
    trip = db.get(Trip, trip_id)
    if trip is None:
        raise HTTPException(404, "There is no trip with that id.")
    end_trip(db, trip, admin)
    db.commit()
    return with_flash(RedirectResponse("/admin/trips", 303), f"Trip '{trip.name}' ended.")
