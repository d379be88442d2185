"""Shared builders for the policy tests: a fixed clock, the default window, a small roster."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.policy import Draft, NameIndex, PolicyContext, PostingWindow, RosterPupil, TripInfo

LONDON = ZoneInfo("Europe/London")
WINDOW = PostingWindow(frozenset(range(5)), time(8, 0), time(18, 0), LONDON)
# Wednesday 11 June 2025, 10:00 in London: inside the window.
IN_HOURS = datetime(2025, 6, 11, 10, 0, tzinfo=LONDON)

SMALL_ROSTER = (
    RosterPupil("Aarav", "Aarav", "Sharma", "Oak", True),
    RosterPupil("Siobhán", "Siobhan", "O'Neill", "Oak", False),
    RosterPupil("Oliver", "Ollie", "Smith-Jones", "Oak", True),
    RosterPupil("Grace", "Grace", "Hill", "Oak", True),
    RosterPupil("William", "Will", "Baker", "Willow", False),
    RosterPupil("Zofia", "Zofia", "Kowalska", "Willow", True),
    RosterPupil("Hope", "Hope", "Wood", "Willow", True),
)


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def make_ctx(
    now: datetime = IN_HOURS,
    roster: tuple[RosterPupil, ...] = SMALL_ROSTER,
    allowlist: tuple[str, ...] = (),
    trips: tuple[TripInfo, ...] = (),
    role: str = "poster",
) -> PolicyContext:
    return PolicyContext(now, WINDOW, role, trips, roster, NameIndex.build(roster, allowlist))


@pytest.fixture(scope="session")
def ctx() -> PolicyContext:
    return make_ctx()


def photo_draft(text: str, **changes: object) -> Draft:
    """A draft with one described photo for Facebook and X."""
    fields = {"photo_count": 1, "channels": ("x", "facebook"), "alt_texts": ("Children by a lake",)}
    fields.update(changes)
    return Draft(text, **fields)
