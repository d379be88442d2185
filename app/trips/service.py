"""Trips: creating, ending, and which trips are active (and led by whom) on a given day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.log import record
from app.db import utcnow
from app.trips.models import Trip, trip_leaders


class TripError(ValueError):
    """A plain-English reason a trip change was refused."""


def local_today(tz, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(tz).date()


def parse_classes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def create_trip(
    db: Session, *, name: str, start: date, end: date, leaders: list[User], classes: list[str], actor: User
) -> Trip:
    name = name.strip()
    if not name:
        raise TripError("Give the trip a name, for example 'Year 6 residential to Robinwood'.")
    if end < start:
        raise TripError("The trip's end date is before its start date.")
    if not leaders:
        raise TripError("Choose at least one trip leader from the staff list.")
    inactive = [u.display_name for u in leaders if not u.active]
    if inactive:
        raise TripError(f"{', '.join(inactive)} cannot lead a trip: their account is disabled.")
    trip = Trip(name=name[:120], start_date=start, end_date=end, classes=classes, leaders=leaders)
    db.add(trip)
    db.flush()
    record(
        db, "trip.created", actor=actor, trip_id=trip.id, name=trip.name, start=start.isoformat(),
        end=end.isoformat(), leaders=[u.email for u in leaders], classes=classes,
    )
    return trip


def end_trip(db: Session, trip: Trip, actor: User | None, reason: str = "ended by an admin") -> None:
    if trip.ended_at is None:
        trip.ended_at = utcnow()
        record(db, "trip.ended", actor=actor, trip_id=trip.id, name=trip.name, reason=reason)


def end_finished_trips(db: Session, today: date) -> int:
    """Trips past their end date end by themselves (recorded once in the audit log)."""
    finished = db.scalars(select(Trip).where(Trip.ended_at.is_(None), Trip.end_date < today)).all()
    for trip in finished:
        end_trip(db, trip, None, reason="its end date has passed")
    return len(finished)


def active_trips(db: Session, today: date) -> list[Trip]:
    return list(
        db.scalars(
            select(Trip)
            .where(Trip.ended_at.is_(None), Trip.start_date <= today, Trip.end_date >= today)
            .order_by(Trip.start_date)
        ).all()
    )


def trips_led_by(db: Session, user: User, today: date) -> list[Trip]:
    """Active trips this user leads (one query: this runs on every policy check)."""
    return list(
        db.scalars(
            select(Trip)
            .join(trip_leaders, trip_leaders.c.trip_id == Trip.id)
            .where(trip_leaders.c.user_id == user.id, Trip.ended_at.is_(None), Trip.start_date <= today,
                   Trip.end_date >= today)
            .order_by(Trip.start_date)
        ).all()
    )
