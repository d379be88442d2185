"""The engine's inputs and outputs: a draft post, the context it is judged in, and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from app.policy.names import NameIndex

BLOCK = "block"
CONFIRM = "confirm"

# Reasons a post may go out of hours (policy: school events or urgent school news).
OUT_OF_HOURS_REASONS: dict[str, str] = {
    "trip": "School event: residential or day trip",
    "fixture": "School event: sports fixture",
    "performance": "School event: performance",
    "event_other": "School event: other (add a short note)",
    "closure": "Urgent news: school closure",
    "urgent_other": "Urgent news: other (add a short note)",
}
REASONS_NEEDING_NOTE = frozenset({"event_other", "urgent_other"})


@dataclass(frozen=True)
class Draft:
    """What the poster has typed and chosen so far."""

    text: str
    photo_count: int = 0
    channels: tuple[str, ...] = ()  # "sandbox", "x", "facebook"
    alt_texts: tuple[str, ...] = ()  # one per photo, "" when missing
    confirmations: frozenset[str] = frozenset()  # rule ids the poster ticked
    out_of_hours_reason: str | None = None  # a key of OUT_OF_HOURS_REASONS
    out_of_hours_note: str = ""
    scheduled_for: datetime | None = None  # aware; when set, hours are judged at this time
    # per photo, (faces found, faces blurred) from the face check; None where it did not run (no signal)
    faces: tuple[tuple[int, int] | None, ...] = ()


@dataclass(frozen=True)
class PostingWindow:
    """When posts may normally go out: these weekdays (Monday=0), start <= local time < end."""

    days: frozenset[int]
    start: time
    end: time
    tz: ZoneInfo

    @classmethod
    def from_settings(cls, settings: Any) -> PostingWindow:
        return cls(
            days=frozenset(settings.posting_days),
            start=settings.posting_start,
            end=settings.posting_end,
            tz=settings.tz,
        )


@dataclass(frozen=True)
class RosterPupil:
    legal_forename: str
    preferred_forename: str
    surname: str
    class_name: str
    photo_consent: bool

    @property
    def display_name(self) -> str:
        """Preferred forename and surname initial, e.g. "Siobhan O." """
        first = self.preferred_forename or self.legal_forename
        return f"{first} {self.surname[:1]}." if self.surname else first


@dataclass(frozen=True)
class TripInfo:
    """A trip the poster leads that is active at the judged moment."""

    name: str
    classes: tuple[str, ...]


@dataclass(frozen=True)
class PolicyContext:
    now: datetime  # aware; the moment judged unless the draft is scheduled
    window: PostingWindow
    role: str  # "admin" | "poster"; both are held to the same rules
    trips: tuple[TripInfo, ...]
    roster: tuple[RosterPupil, ...]
    names: NameIndex
    classes: tuple[str, ...] = ()  # classes the poster says the post is about (the office, with no trip)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # BLOCK | CONFIRM
    message: str
    policy: str
    spans: tuple[tuple[int, int], ...] = ()  # [start, end) offsets into draft.text
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "policy": self.policy,
            "spans": [[start, end] for start, end in self.spans],
            "data": dict(self.data),
        }
