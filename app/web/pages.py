"""Top-level pages: compose (the home screen), the poster's posts, and the offline fallback."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request

from app.db import utcnow
from app.deps import CurrentUser, SessionDep
from app.policy import OUT_OF_HOURS_REASONS, REASONS_NEEDING_NOTE, PostingWindow, in_window, next_window_start
from app.policy.hours import describe_window
from app.trips.service import local_today, trips_led_by
from app.web.templates import render

router = APIRouter()


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
        "max_photos": settings.upload_max_photos,
        "max_long_edge": settings.photo_max_long_edge,
        "max_bytes": settings.upload_max_bytes,
    }


@router.get("/")
def home(request: Request, user: CurrentUser, db: SessionDep):
    return render(request, "compose.html", compose=compose_config(request, db, user))


@router.get("/posts")
def posts(request: Request, user: CurrentUser):
    return render(request, "posts.html")


@router.get("/offline")
def offline(request: Request):
    return render(request, "offline.html")
