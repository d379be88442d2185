"""The term checklist (due from each term's first day until an admin confirms it), the daily connection check,
and what admins are told on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.log import record
from app.channels.models import CHANNEL_LABELS, ChannelState, channel_state
from app.hygiene.models import ChannelAccount, TermCheck, TermStart

# England: typical first days of term for this school year and the next (each school edits its own)
DEFAULT_TERMS = [
    (date(2026, 9, 2), "Autumn 2026"), (date(2027, 1, 5), "Spring 2027"), (date(2027, 4, 12), "Summer 2027"),
    (date(2027, 9, 2), "Autumn 2027"), (date(2028, 1, 4), "Spring 2028"), (date(2028, 4, 24), "Summer 2028"),
]
CHECKLIST = {
    "passwords": "The X and Facebook passwords were changed (the policy: “passwords will be changed termly”)",
    "reconnected": "Tripcast was reconnected to both accounts after the change (the Channels page shows Connected)",
    "staff": "The list of staff who may post was checked on the Staff page: leavers disabled, nobody extra",
}
CHECK_EVERY = timedelta(hours=24)


class HygieneError(Exception):
    pass


def term_starts(db: Session) -> list[TermStart]:
    rows = list(db.scalars(select(TermStart).order_by(TermStart.starts_on)))
    if not rows:
        rows = [TermStart(starts_on=d, name=n) for d, n in DEFAULT_TERMS]
        db.add_all(rows)
        db.flush()
    return rows


def set_term_starts(db: Session, admin, text: str) -> list[TermStart]:
    """One term a line: `2027-01-05 Spring 2027` (the name is optional)."""
    found: dict[date, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day, _, name = line.partition(" ")
        try:
            found[date.fromisoformat(day)] = name.strip()[:60]
        except ValueError as exc:
            raise HygieneError(f"Line {number}: '{day[:20]}' is not a date like 2027-01-05.") from exc
    if not found:
        raise HygieneError("Give at least one first day of term, like 2027-01-05 Spring 2027.")
    if len(found) > 60:
        raise HygieneError("That is more than 60 terms: give this school year and the next.")
    for row in db.scalars(select(TermStart)):
        db.delete(row)
    db.flush()
    rows = [TermStart(starts_on=d, name=n) for d, n in sorted(found.items())]
    db.add_all(rows)
    record(db, "hygiene.terms_changed", actor=admin, terms=[d.isoformat() for d in sorted(found)])
    return rows


def current_term(db: Session, today: date) -> TermStart | None:
    started = [t for t in term_starts(db) if t.starts_on <= today]
    return started[-1] if started else None


def checklist_due(db: Session, today: date) -> TermStart | None:
    """The term whose checklist nobody has confirmed yet (None when done or before the first term)."""
    term = current_term(db, today)
    if term is None:
        return None
    done = db.scalar(select(TermCheck).where(TermCheck.term_starts_on == term.starts_on))
    return None if done else term


def confirm_checklist(db: Session, admin, today: date, ticked: list[str]) -> TermCheck:
    term = current_term(db, today)
    if term is None:
        raise HygieneError("No term has started yet by the term dates below.")
    missing = [CHECKLIST[k] for k in CHECKLIST if k not in ticked]
    if missing:
        raise HygieneError("Tick every item once it is done: " + "; ".join(missing) + ".")
    existing = db.scalar(select(TermCheck).where(TermCheck.term_starts_on == term.starts_on))
    if existing:
        return existing
    check = TermCheck(term_starts_on=term.starts_on, confirmed_by_id=admin.id, confirmed_by_name=admin.display_name,
                      items=sorted(ticked))
    db.add(check)
    for channel in ("x", "facebook"):
        account = account_for(db, channel)
        account.password_changed_on = account.reconnected_on = today
    record(db, "hygiene.term_checklist_confirmed", actor=admin, term=term.name or term.starts_on.isoformat())
    return check


def account_for(db: Session, channel: str) -> ChannelAccount:
    account = db.get(ChannelAccount, channel)
    if account is None:
        account = ChannelAccount(channel=channel)
        db.add(account)
    return account


def daily_connection_checks(db: Session, channels: dict, now: datetime, every: timedelta = CHECK_EVERY) -> list[str]:
    """Check each configured channel once a day (one cheap call); returns the channels checked."""
    checked = []
    for name, channel in channels.items():
        state = channel_state(db, name)
        if state.last_checked_at and now - state.last_checked_at < every:
            continue
        try:
            result = channel.check_connection()
        except Exception as exc:  # noqa: BLE001 - a channel bug must not stop housekeeping
            state.last_checked_at, state.last_message = now, f"The check failed: {type(exc).__name__}."
            continue
        state.last_checked_at, state.needs_reconnect, state.last_message = now, result.needs_reconnect, result.message
        if result.ok:
            state.last_success_at = now
        record(db, "channel.checked", actor_label="daily check", channel=name, ok=result.ok,
               needs_reconnect=result.needs_reconnect, message=result.message)
        checked.append(name)
    return checked


@dataclass(frozen=True)
class AdminNotices:
    checklist_term: str | None = None       # the term whose checklist is due
    reconnect: tuple[str, ...] = ()         # channel labels that need reconnecting
    review_overdue: date | None = None      # the policy's review date, once passed


def admin_notices(db: Session, today: date, review_date: date, configured: list[str]) -> AdminNotices:
    term = checklist_due(db, today)
    states = db.scalars(select(ChannelState).where(ChannelState.needs_reconnect.is_(True))).all()
    return AdminNotices(
        checklist_term=(term.name or term.starts_on.isoformat()) if term else None,
        reconnect=tuple(CHANNEL_LABELS.get(s.channel, s.channel) for s in states if s.channel in configured),
        review_overdue=review_date if review_date < today else None,
    )
