"""The background worker for after posting: take-downs that are due (every few seconds), new comments (every
`moderation_poll_minutes`) and pruning old comment text (daily). An asyncio task like the outbox; each pass
runs in a thread and `run_once` is what tests call."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from app.background import BackgroundLoop
from app.channels.base import Channel
from app.db import Database, utcnow
from app.moderation.push import notify_admins
from app.moderation.service import PollResult, poll_comments, prune
from app.posts.takedown import process_take_downs

log = logging.getLogger("tripcast.moderation")
TICK_SECONDS = 5.0


class ModerationWorker(BackgroundLoop):
    name = "tripcast-moderation"
    interval = TICK_SECONDS
    log = log

    def __init__(self, settings, db: Database, channels: dict[str, Channel], contexts, clock=utcnow) -> None:
        super().__init__()
        self.settings = settings
        self.db = db
        self.channels = channels
        self.contexts = contexts
        self.clock = clock
        self._last_poll: datetime | None = None
        self._last_prune: datetime | None = None
        self._polling = threading.Lock()  # the worker, "Check now" and Sandbox comments poll one at a time

    def run_pass(self) -> bool:  # the background loop's pass (app/background.py), every few seconds
        self.run_once()
        return False

    def run_once(self, now: datetime | None = None, force_poll: bool = False) -> PollResult | None:
        """Due take-downs; then comments when a poll is due (or forced); then pruning once a day."""
        now = now or self.clock()
        with self.db.session() as session:
            process_take_downs(session, self.channels, now)
        result = None
        every = timedelta(minutes=self.settings.moderation_poll_minutes)
        if force_poll or self._last_poll is None or now - self._last_poll >= every:
            self._last_poll = now
            result = self.poll(now)
        if self._last_prune is None or now - self._last_prune >= timedelta(days=1):
            self._last_prune = now
            with self.db.session() as session:
                prune(session, self.settings.moderation_retention_days, now)
        return result

    def poll(self, now: datetime | None = None, only: str | None = None) -> PollResult:
        with self._polling, self.db.session() as session:
            names = self.contexts.names(session)[1] if self.contexts is not None else None
            result = poll_comments(session, self.channels, self.settings, names, now or self.clock(), only=only)
            if result.waiting:
                hidden = f"{result.hidden} hidden at once; " if result.hidden else ""
                try:
                    notify_admins(session, self.settings, "Comments to look at",
                                  f"{hidden}{result.waiting} waiting for you in Tripcast's Moderation page.")
                except Exception:  # noqa: BLE001 - notifications are a convenience, never a blocker
                    log.exception("push notification failed")
            return result
