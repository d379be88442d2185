"""Reading TRIPCAST_POSTING_DAYS: "mon-fri", "mon-fri,sat", "mon,wed,fri", "0-4" or "sat-mon"."""

from __future__ import annotations

from app.settings.names import env_name

FULL_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]



def _one_day(word: str) -> int:
    name = env_name("posting_days")
    word = word.strip()
    if word.isdigit():
        number = int(word)
        if 0 <= number <= 6:
            return number
        raise ValueError(f"{name}: {word!r} is not a day number (0 = Monday ... 6 = Sunday); day names are clearer")
    for index, full in enumerate(FULL_DAY_NAMES):
        if len(word) >= 3 and full.startswith(word):
            return index
    raise ValueError(f"{name}: {word!r} is not a day name (use mon, tue, wed, thu, fri, sat, sun, e.g. mon-fri)")


def parse_days(value: str) -> list[int]:
    """ "mon-fri", "mon-fri,sat", "mon,wed,fri", "0-4" or "sat-mon" (wrapping) into sorted day numbers."""
    days: set[int] = set()
    for part in value.strip().lower().split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = part.split("-", 1)
            a, b = _one_day(first), _one_day(last)
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_one_day(part))
    return sorted(days)
