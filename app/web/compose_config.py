"""The page config of Compose and the offline page: one JSON block the scripts read (limits, rule wording,
posting hours, the poster's trips). Wording lives here, not in the scripts, so there is one place to change it."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request

from app.db import utcnow
from app.policy import OUT_OF_HOURS_REASONS, REASONS_NEEDING_NOTE, PostingWindow, in_window, next_window_start
from app.policy.hours import describe_window
from app.trips.service import local_today, roster_classes, trips_led_by

# What a device can check with no signal (local-rules.js); {placeholders} are filled in there.
LOCAL_RULES = {
    "empty": "Write something or add a photo.",
    "length": "X allows {max} characters; this is {length}. Shorten it.",
    "consent": "Every child who can be clearly seen has photo consent from a parent or guardian.",
    "alt-text": "Some photos have no description.",
    "link-cost": "X charges the school much more for posts with links.",
    "posting-hours": "Outside posting hours ({window}): pick a reason or schedule it.",
}
# The "yes" of each question (findings that ask for a tick), said as a clear choice.
ANSWERS = {
    "consent": "Yes: I have checked photo consent for every child who can be seen",
    "alt-text": "Post without a description",
    "link-cost": "Yes, the link is needed",
    "names-with-photo": "It is not a child's name",
    "full-name": "It is not a child's full name",
    "targeted": "It is not aimed at one child",
    "default": "Yes, I have checked",
}
# A few words for the Post bar: why it can't post (the finding itself is shown once, above).
TITLES = {
    "names-with-photo": "a child's name next to a photo",
    "full-name": "a child's full name",
    "targeted": "it is aimed at one child",
    "offensive": "some words must change",
    "length": "it is too long for X",
    "posting-hours": "outside posting hours",
    "empty": "the post is empty",
}
TOO_MANY_PIXELS = ("This photo is {pixels} ({width} × {height}); the limit is {limit}. Please choose a smaller "
                   "photo, or set the camera to a lower resolution.")


def device_config(settings) -> dict:
    """Limits and wording for any page that takes photos, the signed-out offline page included (no names)."""
    return {
        "max_photos": settings.upload_max_photos,
        "max_long_edge": settings.photo_max_long_edge,
        "max_bytes": settings.upload_max_bytes,
        "max_pixels": settings.upload_max_pixels,
        "too_many_pixels": TOO_MANY_PIXELS,
        "rules": LOCAL_RULES,
        "answers": ANSWERS,
        "titles": TITLES,
    }


def configured_channels(request: Request) -> list[dict[str, str]]:
    """[{name, label}] of the channels this installation publishes to (x, facebook, sandbox)."""
    channels = getattr(request.app.state, "channels", None)
    if channels is None:
        from app.channels.registry import build_channels  # until the lead's create_app sets app.state.channels

        channels = build_channels(request.app.state.settings)
        request.app.state.channels = channels
    return [{"name": channel.name, "label": channel.label} for channel in channels.values()]


def compose_config(request: Request, db, user) -> dict:
    """Everything the compose page's script needs, passed as one JSON block."""
    settings = request.app.state.settings
    now = getattr(request.app.state, "clock", utcnow)()
    window = PostingWindow.from_settings(settings)
    trips = trips_led_by(db, user, local_today(settings.tz, now))
    # "Schedule for" is the next opening still to come: during hours that is after today's window closes.
    after = now
    if in_window(now, window):
        after = datetime.combine(now.astimezone(window.tz).date(), window.end, tzinfo=window.tz)
    upcoming = next_window_start(after, window).astimezone(settings.tz)
    return {
        **device_config(settings),
        "channels": configured_channels(request),
        "reasons": [{"value": key, "label": label} for key, label in OUT_OF_HOURS_REASONS.items()],
        "reasons_needing_note": sorted(REASONS_NEEDING_NOTE),
        "now": now.isoformat(),  # the phone's clock may be wrong; posting hours are judged by the server's
        "in_hours": in_window(now, window),
        "next_window": upcoming.isoformat(),
        "next_window_text": upcoming.strftime("%a %d %b at %H:%M"),
        "window_text": describe_window(window),
        "window": {
            "days": sorted(window.days),
            "start": window.start.hour * 60 + window.start.minute,
            "end": window.end.hour * 60 + window.end.minute,
            "tz": settings.timezone,
        },
        "trips": [{"name": trip.name, "classes": list(trip.classes or [])} for trip in trips],
        # No trip today (the office): choose the classes the post is about, to see who has no photo consent.
        "classes": [] if trips else roster_classes(db),
    }
