"""The posting window: is a moment inside it, and when does it next open (DST-correct)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.policy.model import PostingWindow

# Moments past these are judged as these, so no time-zone change or "next opening" can leave datetime's range
# (a schedule of 9999-12-31 or 0001-01-01T00:00+14:00 reaches here only if the web layer's bounds are bypassed).
EARLIEST = datetime(1, 1, 3, tzinfo=UTC)
LATEST = datetime(9999, 12, 20, tzinfo=UTC)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _local(moment: datetime, window: PostingWindow) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the moment must be timezone-aware")
    return min(max(moment, EARLIEST), LATEST).astimezone(window.tz)


def in_window(moment: datetime, window: PostingWindow) -> bool:
    """True when the local wall-clock time is on a posting day, at or after start and before end."""
    local = _local(moment, window)
    return local.weekday() in window.days and window.start <= local.time().replace(tzinfo=None) < window.end


def next_window_start(moment: datetime, window: PostingWindow) -> datetime:
    """The moment itself when in the window, else the next opening, aware in the window's zone."""
    if not window.days:
        raise ValueError("the posting window has no days")
    local = _local(moment, window)
    if in_window(local, window):
        return local
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        if day.weekday() not in window.days:
            continue
        opening = datetime.combine(day, window.start, tzinfo=window.tz)
        # Round-trip through UTC so a start inside a DST gap lands on a real instant.
        opening = opening.astimezone(UTC).astimezone(window.tz)
        if opening > local:
            return opening
    raise AssertionError("unreachable: a window with days opens within a week")


def describe_window(window: PostingWindow) -> str:
    """E.g. "Monday to Friday, 08:00 to 18:00"."""
    days = sorted(window.days)
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
        day_text = f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    else:
        day_text = ", ".join(DAY_NAMES[d] for d in days)
    return f"{day_text}, {window.start:%H:%M} to {window.end:%H:%M}"


def describe_moment(moment: datetime, window: PostingWindow) -> str:
    """E.g. "Saturday 14:05"."""
    local = _local(moment, window)
    return f"{DAY_NAMES[local.weekday()]} {local:%H:%M}"
