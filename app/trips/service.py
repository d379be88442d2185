"""Trips: creating, ending, and which trips are active (and led by whom) on a given day.

A trip's classes decide which "no photo permission" pupils its leaders are shown, so when there is a
roster they must be the roster's classes (matched ignoring case and spaces, stored in the roster's
spelling), and the admin is warned whenever a trip names a class the roster doesn't have.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.log import record
from app.db import utcnow
from app.roster.models import Pupil
from app.roster.roster_csv import CLASS_MAX, has_control_characters
from app.trips.models import Trip, trip_leaders

NAME_MAX = 120  # Trip.name is String(120)
MAX_CLASSES = 60
MAX_TRIP_LENGTH = timedelta(days=366)  # a trip lasts days, not years: a longer one is a typo in a date
MAX_DISTANCE = timedelta(days=366)  # how far from today a trip may start
NO_ROSTER_WARNING = (
    "No roster has been imported yet, so this trip's leaders can't be shown which pupils have no photo "
    "permission until one is."
)


class TripError(ValueError):
    """A plain-English reason a trip change was refused."""


class DuplicateTrip(TripError):
    """The same trip (name and dates) already exists: most likely the form was sent twice."""


def local_today(tz, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(tz).date()


def parse_classes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def _day(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def roster_classes(db: Session) -> list[str]:
    """The roster's classes, one spelling each, sorted."""
    spellings: dict[str, str] = {}
    for name in db.scalars(select(Pupil.class_name).distinct()):
        spellings.setdefault(_same(name), name)
    return sorted(spellings.values(), key=lambda name: (_same(name), name))


def _quoted_list(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def resolve_classes(db: Session, classes: Iterable[str]) -> list[str]:
    """The trip's classes in the roster's spelling; refuses any the roster doesn't have (when there is one)."""
    cleaned: list[str] = []
    for name in classes:
        name = " ".join(name.split())
        if not name:
            continue
        if has_control_characters(name):
            raise TripError("A class name contains a control character (such as NUL). Type the class names again.")
        if len(name) > CLASS_MAX:
            raise TripError(f"'{name[:CLASS_MAX]}…' is too long for a class name ({CLASS_MAX} characters at most).")
        if _same(name) not in {_same(c) for c in cleaned}:
            cleaned.append(name)
    if len(cleaned) > MAX_CLASSES:
        raise TripError(f"That is too many classes for one trip ({MAX_CLASSES} at most).")
    roster = roster_classes(db)
    if not roster:
        return cleaned
    by_key = {_same(name): name for name in roster}
    unknown = [name for name in cleaned if _same(name) not in by_key]
    if unknown:
        verb = "is not a class" if len(unknown) == 1 else "are not classes"
        raise TripError(f"{_quoted_list(unknown)} {verb} in the roster. Classes are: {', '.join(roster)}.")
    return [by_key[_same(name)] for name in cleaned]


def leaders_by_id(db: Session, ids: Iterable[int]) -> list[User]:
    """The staff accounts with these ids; refuses ids with no account rather than dropping them."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = {u.id: u for u in db.scalars(select(User).where(User.id.in_(wanted)))}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        if len(missing) == 1:
            raise TripError(f"No staff account with id {missing[0]}.")
        raise TripError(f"No staff accounts with ids {', '.join(missing)}.")
    return [found[i] for i in wanted]


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise TripError("Give the trip a name, for example 'Year 6 residential to Robinwood'.")
    if has_control_characters(name):
        raise TripError("The trip name contains a control character (such as NUL). Type the name again.")
    if len(name) > NAME_MAX:
        raise TripError(f"The trip name is too long: {NAME_MAX} characters at most (it has {len(name)}).")
    return name


def _check_dates(start: date, end: date, today: date) -> None:
    if end < start:
        raise TripError("The trip's end date is before its start date.")
    if end - start > MAX_TRIP_LENGTH:
        raise TripError(
            f"A trip can last a year at most, and this one runs from {_day(start)} to {_day(end)}. Check the dates."
        )
    if start < today - MAX_DISTANCE:
        raise TripError(f"The first day, {_day(start)}, is more than a year ago. Check the year.")
    if start > today + MAX_DISTANCE:
        raise TripError(f"The first day, {_day(start)}, is more than a year away. Check the year.")


def create_trip(
    db: Session, *, name: str, start: date, end: date, leaders: list[User], classes: list[str], actor: User,
    ip: str = "", today: date | None = None,
) -> Trip:
    """Add a trip, or raise TripError (DuplicateTrip when the same trip is already there)."""
    name = _check_name(name)
    _check_dates(start, end, today or utcnow().date())
    if not leaders:
        raise TripError("Choose at least one trip leader from the staff list.")
    inactive = [u.display_name for u in leaders if not u.active]
    if inactive:
        raise TripError(f"{', '.join(inactive)} cannot lead a trip: their account is disabled.")
    classes = resolve_classes(db, classes)
    same_dates = db.scalars(
        select(Trip).where(Trip.start_date == start, Trip.end_date == end, Trip.ended_at.is_(None))
    ).all()
    if any(_same(t.name) == _same(name) for t in same_dates):
        raise DuplicateTrip(
            f"There is already a trip called '{name}' from {_day(start)} to {_day(end)}, so this one was not added "
            "(was the form sent twice?). To change it, use Edit on the Trips page."
        )
    trip = Trip(name=name, start_date=start, end_date=end, classes=classes, leaders=leaders)
    db.add(trip)
    db.flush()
    record(
        db, "trip.created", actor=actor, ip=ip, trip_id=trip.id, name=trip.name, start=start.isoformat(),
        end=end.isoformat(), leaders=[u.email for u in leaders], classes=classes,
    )
    return trip


def update_trip(
    db: Session, trip: Trip, *, name: str, start: date, end: date, leaders: list[User], classes: list[str],
    actor: User, ip: str = "", today: date | None = None,
) -> dict[str, tuple]:
    """Change a trip's name, dates, leaders or classes (recorded field by field), or raise TripError."""
    if trip.ended_at is not None:
        raise TripError(f"Trip '{trip.name}' has ended, so it cannot be changed. Add a new trip instead.")
    name = _check_name(name)
    _check_dates(start, end, today or utcnow().date())
    if not leaders:
        raise TripError("Choose at least one trip leader from the staff list.")
    inactive = [u.display_name for u in leaders if not u.active and u not in trip.leaders]
    if inactive:
        raise TripError(f"{', '.join(inactive)} cannot lead a trip: their account is disabled.")
    classes = resolve_classes(db, classes)
    before = {"name": trip.name, "start": trip.start_date.isoformat(), "end": trip.end_date.isoformat(),
              "leaders": sorted(u.email for u in trip.leaders), "classes": list(trip.classes)}
    trip.name, trip.start_date, trip.end_date, trip.classes, trip.leaders = name, start, end, classes, leaders
    after = {"name": name, "start": start.isoformat(), "end": end.isoformat(),
             "leaders": sorted(u.email for u in leaders), "classes": classes}
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if changed:
        record(db, "trip.changed", actor=actor, ip=ip, trip_id=trip.id, name=trip.name,
               **{f"old_{k}": old for k, (old, _new) in changed.items()},
               **{f"new_{k}": new for k, (_old, new) in changed.items()})
    return changed


def trip_warnings(db: Session, trip: Trip) -> list[str]:
    """What the admin should know about a trip just added: when its leaders won't get a consent list."""
    if not roster_classes(db):
        return [NO_ROSTER_WARNING]
    if not trip.classes:
        return ["No classes were chosen, so this trip's leaders won't be shown which pupils have no photo "
                "permission."]
    return []


def stale_class_warnings(db: Session, today: date) -> list[str]:
    """Current and future trips naming a class the roster doesn't have (e.g. after a roster was replaced)."""
    roster = roster_classes(db)
    if not roster:
        return []
    known = {_same(name) for name in roster}
    warnings = []
    trips = db.scalars(
        select(Trip).where(Trip.ended_at.is_(None), Trip.end_date >= today).order_by(Trip.start_date, Trip.id)
    )
    for trip in trips:
        missing = [name for name in trip.classes if _same(name) not in known]
        if missing:
            verb = "is not a class" if len(missing) == 1 else "are not classes"
            warnings.append(
                f"Trip '{trip.name}' ({_day(trip.start_date)} to {_day(trip.end_date)}): {_quoted_list(missing)} "
                f"{verb} in the roster now, so its leaders won't be shown who there has no photo permission. "
                f"Edit the trip to choose from the roster's classes ({', '.join(roster)})."
            )
    return warnings


def end_trip(db: Session, trip: Trip, actor: User | None, reason: str = "ended by an admin", ip: str = "") -> None:
    if trip.ended_at is None:
        trip.ended_at = utcnow()
        record(db, "trip.ended", actor=actor, ip=ip, trip_id=trip.id, name=trip.name, reason=reason)


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
