"""The status banner: the active trip the user leads and whether we are inside posting hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.config import Settings
from app.db import Database
from app.hygiene.service import AdminNotices, admin_notices
from app.policy.hours import in_window, next_window_start
from app.policy.model import PostingWindow
from app.posts.pause import pause_state
from app.trips.service import local_today, trips_led_by


@dataclass(frozen=True)
class Banner:
    trip_names: tuple[str, ...]
    in_hours: bool
    next_window: str  # e.g. "Mon 08:00"
    paused: str | None = None  # the reason, while an admin has paused all posting
    admin: AdminNotices | None = None  # the term checklist, channels to reconnect, the policy review date


def banner_for(db: Database, settings: Settings, user, now: datetime, configured=None) -> Banner:
    window = PostingWindow.from_settings(settings)
    with db.session() as session:
        trips = trips_led_by(session, user, local_today(settings.tz, now))
        names = tuple(trip.name for trip in trips)
        pause = pause_state(session)
        notices = None
        if user.is_admin:
            today = local_today(settings.tz, now)
            notices = admin_notices(session, today, settings.policy_review_date, list(configured or ()))
            session.commit()  # the default term dates, the first time
    inside = in_window(now, window)
    upcoming = next_window_start(now, window).astimezone(settings.tz)
    return Banner(trip_names=names, in_hours=inside, next_window=upcoming.strftime("%a %d %b %H:%M"),
                  paused=(pause.reason or "no reason given") if pause.paused else None, admin=notices)
