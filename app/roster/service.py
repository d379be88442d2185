"""The roster and allowlist in the database, and the policy context built from them.

Building a NameIndex is the expensive part of a policy check, so it is cached and rebuilt only when
the roster or allowlist changes (detected by a cheap signature query, so it works across processes).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.log import record
from app.config import Settings
from app.db import utcnow
from app.policy import NameIndex, PolicyContext, PostingWindow, RosterPupil, TripInfo
from app.roster.models import PHRASE_MAX, AllowlistEntry, Pupil
from app.roster.roster_csv import has_control_characters, read_roster_csv
from app.trips.service import stale_class_warnings, trips_led_by

_generation = 0  # bumped on every roster/allowlist change in this process


def roster_changed() -> None:
    global _generation
    _generation += 1


@dataclass(frozen=True)
class ImportResult:
    count: int = 0
    without_consent: int = 0
    errors: tuple[str, ...] = ()  # at most about 20, the last one counting the rest
    duplicates_merged: int = 0  # lines that repeated a pupil exactly, imported once
    warnings: tuple[str, ...] = ()  # e.g. current trips naming a class the new roster doesn't have


def import_roster_text(
    db: Session, text: str, actor: User | None = None, actor_label: str = "", ip: str = "",
    today: date | None = None,
) -> ImportResult:
    """Replace the whole roster atomically, or change nothing when any line is wrong.

    Never raises for a bad file: every problem comes back in `errors`, one plain-English line each."""
    read = read_roster_csv(text)
    if read.errors:
        return ImportResult(errors=tuple(read.errors))
    pupils = read.pupils
    if not pupils:
        return ImportResult(errors=("The file has no pupils in it. Nothing was changed.",))
    db.execute(delete(Pupil))
    db.add_all(
        Pupil(
            legal_forename=p.legal_forename, preferred_forename=p.preferred_forename, surname=p.surname,
            class_name=p.class_name, photo_consent=p.photo_consent,
        )
        for p in pupils
    )
    without = sum(1 for p in pupils if not p.photo_consent)
    record(db, "roster.imported", actor=actor, actor_label=actor_label, ip=ip, pupils=len(pupils),
           without_consent=without, duplicates_merged=read.duplicates_merged)
    db.commit()
    roster_changed()
    warnings = stale_class_warnings(db, today or utcnow().date())
    return ImportResult(count=len(pupils), without_consent=without, duplicates_merged=read.duplicates_merged,
                        warnings=tuple(warnings))


def check_phrase(phrase: str) -> str:
    """The phrase tidied (spaces collapsed), or a plain-English ValueError."""
    if has_control_characters(phrase.replace("\n", " ").replace("\r", " ")):
        raise ValueError("That contains a control character (such as NUL). Type the word or phrase again.")
    phrase = " ".join(phrase.split())
    if not phrase:
        raise ValueError("Type a word or phrase, for example 'Grace Darling' or 'Windermere'.")
    if len(phrase) > PHRASE_MAX:
        raise ValueError(f"That is too long for the allowlist ({PHRASE_MAX} characters at most).")
    return phrase


def add_phrase(db: Session, admin: User, phrase: str, ip: str = "") -> AllowlistEntry:
    phrase = check_phrase(phrase)
    # Compared in Python, not with ilike: '%' and '_' are not wildcards, and case folds the same on any database.
    wanted = phrase.casefold()
    if any(existing.casefold() == wanted for existing in db.scalars(select(AllowlistEntry.phrase))):
        raise ValueError(f"'{phrase}' is already on the allowlist.")
    entry = AllowlistEntry(phrase=phrase, added_by=admin.email)
    db.add(entry)
    record(db, "allowlist.added", actor=admin, ip=ip, phrase=phrase)
    try:
        db.commit()
    except IntegrityError as exc:  # added by someone else a moment ago
        db.rollback()
        raise ValueError(f"'{phrase}' is already on the allowlist.") from exc
    roster_changed()
    return entry


def remove_phrase(db: Session, admin: User, entry_id: int, ip: str = "") -> AllowlistEntry:
    entry = db.get(AllowlistEntry, entry_id)
    if entry is None:
        raise LookupError("That allowlist entry does not exist.")
    db.delete(entry)
    record(db, "allowlist.removed", actor=admin, ip=ip, phrase=entry.phrase)
    db.commit()
    roster_changed()
    return entry


def load_roster(db: Session) -> list[RosterPupil]:
    return [
        RosterPupil(p.legal_forename, p.preferred_forename, p.surname, p.class_name, p.photo_consent)
        for p in db.scalars(select(Pupil).order_by(Pupil.class_name, Pupil.surname, Pupil.legal_forename))
    ]


def load_allowlist(db: Session) -> list[str]:
    return list(db.scalars(select(AllowlistEntry.phrase).order_by(AllowlistEntry.phrase)))


class PolicyContexts:
    """Builds PolicyContext for a user at a moment, reusing the NameIndex until the roster changes."""

    def __init__(self, settings: Settings) -> None:
        self.window = PostingWindow.from_settings(settings)
        self.tz = settings.tz
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._roster: tuple[RosterPupil, ...] = ()
        self._names: NameIndex | None = None
        self._checked_at = 0.0
        self._generation = -1
        self.recheck_seconds = 5.0

    @staticmethod
    def _signature_of(db: Session) -> tuple:
        """Changes whenever the roster is replaced or the allowlist edited (one cheap query)."""
        return tuple(db.execute(select(
            select(func.count(Pupil.id)).scalar_subquery(), select(func.max(Pupil.id)).scalar_subquery(),
            select(func.count(AllowlistEntry.id)).scalar_subquery(),
            select(func.max(AllowlistEntry.id)).scalar_subquery(),
        )).one())

    def names(self, db: Session) -> tuple[tuple[RosterPupil, ...], NameIndex]:
        # Another process may change the roster: look at the signature at most every few seconds.
        fresh = time.monotonic() - self._checked_at < self.recheck_seconds and self._generation == _generation
        if self._names is not None and fresh:
            return self._roster, self._names
        signature = self._signature_of(db)
        with self._lock:
            self._checked_at = time.monotonic()
            self._generation = _generation
            if self._names is None or signature != self._signature:
                self._roster = tuple(load_roster(db))
                self._names = NameIndex.build(self._roster, load_allowlist(db))
                self._signature = signature
            return self._roster, self._names

    def for_user(self, db: Session, user: User, moment: datetime, classes: tuple[str, ...] = ()) -> PolicyContext:
        """`classes`: the classes the poster chose (the office fallback, no trip), for the consent list."""
        roster, names = self.names(db)
        trips = tuple(
            TripInfo(name=t.name, classes=tuple(t.classes))
            for t in trips_led_by(db, user, moment.astimezone(self.tz).date())
        )
        return PolicyContext(now=moment, window=self.window, role=user.role, trips=trips, roster=roster, names=names,
                             classes=tuple(c for c in classes if isinstance(c, str))[:50])
