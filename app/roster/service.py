"""The roster and allowlist in the database, and the policy context built from them.

Building a NameIndex is the expensive part of a policy check, so it is cached and rebuilt only when
the roster or allowlist changes. Every such change bumps the `roster` row of `cache_versions` in its own
transaction, and each check reads that one row: a roster replaced by another process (or by
`python -m app import-roster`) is noticed by the very next check.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import versions
from app.accounts.models import User
from app.audit.log import record
from app.config import Settings
from app.db import utcnow
from app.policy import NameIndex, PolicyContext, PostingWindow, RosterPupil, TripInfo
from app.policy.tokens import fold
from app.roster.models import PHRASE_MAX, AllowlistEntry, Pupil
from app.roster.roster_csv import has_control_characters, read_roster_csv
from app.trips.service import stale_class_warnings, trips_led_by


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
    versions.bump(db, versions.ROSTER)
    db.commit()
    warnings = stale_class_warnings(db, today or utcnow().date())
    warnings += allowlist_conflicts(db)
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


def _words(text: str) -> set[str]:
    return {word.casefold().strip(".,'’") for word in fold(text).split()} - {""}


def pupils_named_by(phrase: str, pupils: list[Pupil]) -> list[Pupil]:
    """The pupils whose own names make up the whole phrase ("Struan", "Georgia Windsor"): allowlisting it would let
    their names out with photos."""
    words = _words(phrase)
    return [p for p in pupils
            if words and words <= _words(f"{p.legal_forename} {p.preferred_forename} {p.surname}".replace("-", " "))]


def _who(pupils: list[Pupil]) -> str:
    shown = [f"{p.preferred_forename or p.legal_forename} {p.surname[:1]}. ({p.class_name})" for p in pupils[:3]]
    return ", ".join(shown) + (f" and {len(pupils) - 3} more" if len(pupils) > 3 else "")


def allowlist_conflicts(db: Session) -> list[str]:
    """Allowlist entries that are a pupil's own name (added before that pupil joined the roster)."""
    pupils = list(db.scalars(select(Pupil)))
    found = []
    for phrase in db.scalars(select(AllowlistEntry.phrase).order_by(AllowlistEntry.phrase)):
        named = pupils_named_by(phrase, pupils)
        if named:
            found.append(f"The allowlist has '{phrase}', which is the name of a pupil ({_who(named)}): Tripcast "
                         "will not catch that name in captions until you remove it from the allowlist.")
    return found


def add_phrase(db: Session, admin: User, phrase: str, ip: str = "") -> AllowlistEntry:
    phrase = check_phrase(phrase)
    named = pupils_named_by(phrase, list(db.scalars(select(Pupil))))
    if named:
        raise ValueError(
            f"'{phrase}' is the name of a pupil on the roster: {_who(named)}. On the allowlist, Tripcast would "
            "let that name be posted with a photo. Add the longer phrase the caption uses instead, for example "
            f"'{phrase} Bay' or 'stopped at {phrase}'."
        )
    # Compared in Python, not with ilike: '%' and '_' are not wildcards, and case folds the same on any database.
    wanted = phrase.casefold()
    if any(existing.casefold() == wanted for existing in db.scalars(select(AllowlistEntry.phrase))):
        raise ValueError(f"'{phrase}' is already on the allowlist.")
    entry = AllowlistEntry(phrase=phrase, added_by=admin.email)
    db.add(entry)
    record(db, "allowlist.added", actor=admin, ip=ip, phrase=phrase)
    try:
        db.flush()
        versions.bump(db, versions.ROSTER)
        db.commit()
    except IntegrityError as exc:  # added by someone else a moment ago
        db.rollback()
        raise ValueError(f"'{phrase}' is already on the allowlist.") from exc
    return entry


def remove_phrase(db: Session, admin: User, entry_id: int, ip: str = "") -> AllowlistEntry:
    entry = db.get(AllowlistEntry, entry_id)
    if entry is None:
        raise LookupError("That allowlist entry does not exist.")
    db.delete(entry)
    record(db, "allowlist.removed", actor=admin, ip=ip, phrase=entry.phrase)
    versions.bump(db, versions.ROSTER)
    db.commit()
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
        self._version: int | None = None
        self._roster: tuple[RosterPupil, ...] = ()
        self._names: NameIndex | None = None

    def names(self, db: Session) -> tuple[tuple[RosterPupil, ...], NameIndex]:
        version = versions.current(db, versions.ROSTER)  # one primary-key read per check
        with self._lock:
            if self._names is None or version != self._version:
                roster = tuple(load_roster(db))
                self._names = NameIndex.build(roster, load_allowlist(db))
                self._roster, self._version = roster, version
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
