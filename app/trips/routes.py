"""Admins create and end trips (pages and JSON API)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.deps import AdminUser, SessionDep, SettingsDep, client_ip
from app.trips.models import Trip
from app.trips.service import (
    NO_ROSTER_WARNING,
    DuplicateTrip,
    TripError,
    create_trip,
    end_trip,
    leaders_by_id,
    local_today,
    parse_classes,
    roster_classes,
    stale_class_warnings,
    trip_warnings,
    update_trip,
)
from app.web.bounds import (
    MAX_CLASSES_INPUT,
    MAX_LEADERS,
    MAX_NAME_INPUT,
    DbIdValue,
    Text,
    TripId,
)
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


class NewTrip(BaseModel):
    model_config = ConfigDict(extra="forbid")  # "class_names" for "classes" is an error, not silently ignored

    name: Text(MAX_NAME_INPUT)
    start_date: date  # the service refuses dates over a year from today, with its own words
    end_date: date
    leader_ids: list[DbIdValue] = Field(max_length=MAX_LEADERS)
    classes: list[Text(MAX_NAME_INPUT)] = Field([], max_length=MAX_CLASSES_INPUT)


class Leader(BaseModel):
    id: int
    display_name: str


class TripOut(BaseModel):
    id: int
    name: str
    start_date: str
    end_date: str
    classes: list[str]
    leaders: list[Leader]
    active: bool
    ended: bool


class NewTripOut(TripOut):
    warnings: list[str]


class TripList(BaseModel):
    trips: list[TripOut]
    warnings: list[str]


@router.get("/api/admin/trips")
def api_list_trips(db: SessionDep, settings: SettingsDep, admin: AdminUser) -> TripList:
    today = local_today(settings.tz)
    return {"trips": [_trip_json(t, today) for t in db.scalars(select(Trip).order_by(Trip.start_date.desc()))],
            "warnings": stale_class_warnings(db, today)}


@router.post("/api/admin/trips", status_code=201)
def api_create_trip(body: NewTrip, request: Request, db: SessionDep, settings: SettingsDep,
                    admin: AdminUser) -> NewTripOut:
    today = local_today(settings.tz)
    try:
        trip = create_trip(
            db, name=body.name, start=body.start_date, end=body.end_date, leaders=leaders_by_id(db, body.leader_ids),
            classes=body.classes, actor=admin, ip=client_ip(request), today=today,
        )
    except TripError as exc:
        db.rollback()
        raise HTTPException(409 if isinstance(exc, DuplicateTrip) else 422, str(exc)) from exc
    db.commit()
    return {**_trip_json(trip, today), "warnings": trip_warnings(db, trip)}


def _get_trip(db: Session, trip_id: int) -> Trip:
    trip = db.get(Trip, trip_id)
    if trip is None:
        raise HTTPException(404, "There is no trip with that id.")
    return trip


@router.put("/api/admin/trips/{trip_id}")
def api_update_trip(trip_id: TripId, body: NewTrip, request: Request, db: SessionDep, settings: SettingsDep,
                    admin: AdminUser) -> NewTripOut:
    """Change a trip: the whole trip is sent, as when it was created."""
    trip = _get_trip(db, trip_id)
    today = local_today(settings.tz)
    try:
        update_trip(db, trip, name=body.name, start=body.start_date, end=body.end_date,
                    leaders=leaders_by_id(db, body.leader_ids), classes=body.classes, actor=admin,
                    ip=client_ip(request), today=today)
    except TripError as exc:
        db.rollback()
        raise HTTPException(422, str(exc)) from exc
    db.commit()
    return {**_trip_json(trip, today), "warnings": trip_warnings(db, trip)}


@router.post("/api/admin/trips/{trip_id}/end")
def api_end_trip(trip_id: TripId, request: Request, db: SessionDep, settings: SettingsDep,
                 admin: AdminUser) -> TripOut:
    trip = _get_trip(db, trip_id)
    end_trip(db, trip, admin, ip=client_ip(request))
    db.commit()
    return _trip_json(trip, local_today(settings.tz))


@router.get("/admin/trips")
def trips_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    return _render_trips(request, db, settings)


def _render_trips(request, db: Session, settings, status_code=200, error=None, form=None, editing=None):
    today = local_today(settings.tz)
    trips = db.scalars(select(Trip).order_by(Trip.start_date.desc())).all()
    staff = db.scalars(select(User).where(User.active.is_(True)).order_by(User.display_name)).all()
    classes = roster_classes(db)
    form = form or {}
    chosen = {c.casefold() for c in form.get("classes", [])}
    return render(
        request, "admin/trips.html", status_code=status_code, trips=trips, staff=staff, today=today,
        error=error, form=form, roster_classes=classes, chosen_classes=chosen,
        warnings=stale_class_warnings(db, today), no_roster_warning=None if classes else NO_ROSTER_WARNING,
        editing=editing,
    )


@router.get("/admin/trips/{trip_id}/edit")
def trip_edit_page(trip_id: TripId, request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    trip = _get_trip(db, trip_id)
    form = {"name": trip.name, "start_date": trip.start_date.isoformat(), "end_date": trip.end_date.isoformat(),
            "classes": list(trip.classes), "leader_ids": [u.id for u in trip.leaders]}
    return _render_trips(request, db, settings, form=form, editing=trip)


@router.post("/admin/trips/{trip_id}/edit")
def trip_edit(
    trip_id: TripId,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    admin: AdminUser,
    _csrf: CsrfChecked,
    name: Annotated[str, Form()] = "",
    start_date: Annotated[str, Form()] = "",
    end_date: Annotated[str, Form()] = "",
    classes: Annotated[list[str] | None, Form()] = None,
    leader_ids: Annotated[list[int] | None, Form()] = None,
):
    trip = _get_trip(db, trip_id)
    chosen = _form_classes(db, classes or [])
    form = {"name": name, "start_date": start_date, "end_date": end_date, "classes": chosen,
            "leader_ids": leader_ids or []}
    try:
        start, end = _form_dates(start_date, end_date)
        changed = update_trip(db, trip, name=name, start=start, end=end, leaders=leaders_by_id(db, leader_ids or []),
                              classes=chosen, actor=admin, ip=client_ip(request), today=local_today(settings.tz))
    except TripError as exc:
        db.rollback()
        return _render_trips(request, db, settings, 422, str(exc), form, editing=trip)
    db.commit()
    message = f"Trip '{trip.name}' saved." if changed else f"Trip '{trip.name}' was already like that."
    return with_flash(RedirectResponse("/admin/trips", 303), " ".join([message, *trip_warnings(db, trip)]))


def _form_dates(start_date: str, end_date: str) -> tuple[date, date]:
    try:
        return date.fromisoformat(start_date), date.fromisoformat(end_date)
    except ValueError as exc:
        raise TripError("Give both a start date and an end date.") from exc


def _form_classes(db: Session, values: list[str]) -> list[str]:
    """Ticked roster classes arrive one per value; typed ones (no roster yet) as one comma-separated value."""
    known = {c.casefold() for c in roster_classes(db)}
    classes: list[str] = []
    for value in values:
        classes.extend([value.strip()] if value.strip().casefold() in known else parse_classes(value))
    return classes


@router.post("/admin/trips")
def trips_add(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    admin: AdminUser,
    _csrf: CsrfChecked,
    name: Annotated[str, Form(max_length=MAX_NAME_INPUT)] = "",
    start_date: Annotated[str, Form(max_length=32)] = "",
    end_date: Annotated[str, Form(max_length=32)] = "",
    classes: Annotated[list[Text(MAX_NAME_INPUT)] | None, Form(max_length=MAX_CLASSES_INPUT)] = None,
    leader_ids: Annotated[list[DbIdValue] | None, Form(max_length=MAX_LEADERS)] = None,
):
    chosen = _form_classes(db, classes or [])
    form = {"name": name, "start_date": start_date, "end_date": end_date, "classes": chosen,
            "leader_ids": leader_ids or []}
    try:
        start, end = _form_dates(start_date, end_date)
        trip = create_trip(
            db, name=name, start=start, end=end, leaders=leaders_by_id(db, leader_ids or []), classes=chosen,
            actor=admin, ip=client_ip(request), today=local_today(settings.tz),
        )
    except TripError as exc:
        db.rollback()
        return _render_trips(request, db, settings, 409 if isinstance(exc, DuplicateTrip) else 422, str(exc), form)
    db.commit()
    message = " ".join([f"Trip '{trip.name}' created.", *trip_warnings(db, trip)])
    return with_flash(RedirectResponse("/admin/trips", 303), message)


@router.post("/admin/trips/{trip_id}/end")
def trips_end(trip_id: TripId, request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked):
    trip = _get_trip(db, trip_id)
    end_trip(db, trip, admin, ip=client_ip(request))
    db.commit()
    return with_flash(RedirectResponse("/admin/trips", 303), f"Trip '{trip.name}' ended.")
