"""The outbox: drains deliveries to their channels, one at a time, surviving restarts and bad signal.

- A lease in the delivery row stops two workers (or processes) sending the same delivery.
- Failures before the platform's create call are retried with backoff (honouring rate-limit resets).
- An ambiguous create (timeout or reset after sending) is never blindly retried: reconcile first by
  looking for the post on the account; found -> published, otherwise `unknown` for a person to check.
- A delivery found in `sending` after a crash is treated the same way if its create call had started.
- Just before publishing, the time rules run again: nothing goes out of hours without a reason.
- When every channel has the post (or it is cancelled / rejected for good), its photos are purged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from app.accounts.pruning import prune_sign_in_records
from app.audit.log import record
from app.channels.base import Channel, Outcome, OutcomeKind, OutgoingPhoto, OutgoingPost
from app.channels.models import channel_state
from app.config import Settings
from app.db import Database, utcnow
from app.policy import TIME_RULES, Draft, check, next_window_start, unresolved
from app.posts.models import (
    NEEDS_RECONNECT,
    PUBLISHED,
    QUEUED,
    REJECTED,
    SENDING,
    UNKNOWN,
    WAITING,
    Delivery,
    Post,
    PostPhoto,
)
from app.posts.pause import is_paused, mark_waiting, pause_state
from app.posts.purge import purge_if_done, retention_sweep, unpurged_delivery_posts
from app.posts.storage import PhotoStore
from app.roster.service import PolicyContexts
from app.trips.service import end_finished_trips, local_today

log = logging.getLogger("tripcast.outbox")

BACKOFF_BASE = timedelta(seconds=20)
BACKOFF_MAX = timedelta(minutes=30)
CHECK_AND_RETRY = (
    "We could not confirm whether {label} received this post. Check {label}; if it is not there, tap Retry."
)
OUTCOME_STATE = {
    OutcomeKind.PUBLISHED: PUBLISHED,
    OutcomeKind.RETRY_LATER: WAITING,
    OutcomeKind.RECONNECT: NEEDS_RECONNECT,
    OutcomeKind.REJECTED: REJECTED,
    OutcomeKind.UNKNOWN: UNKNOWN,
}


def backoff(attempts: int, rng: random.Random = random._inst) -> timedelta:  # type: ignore[attr-defined]
    """Exponential backoff with +-25% jitter: 20 s, 40 s, 80 s ... capped at 30 minutes."""
    delay = min(BACKOFF_BASE * (2 ** max(0, attempts - 1)), BACKOFF_MAX)
    return delay * rng.uniform(0.75, 1.25)


class Outbox:
    def __init__(self, settings: Settings, db: Database, channels: dict[str, Channel], contexts: PolicyContexts,
                 photos: PhotoStore, clock=utcnow) -> None:
        self.settings = settings
        self.clock = clock
        self.db = db
        self.channels = channels
        self.contexts = contexts
        self.photos = photos
        self.owner = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._last_sweep: datetime | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> Outbox:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="tripcast-outbox")
        return self

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, timeout=30)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                worked = await asyncio.to_thread(self.run_once)
            except Exception:  # keep the worker alive whatever one delivery does
                log.exception("outbox pass failed")
                worked = False
            if worked:
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.settings.outbox_poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

    # -- one pass (synchronous, also used directly by tests) -------------------------------------

    def run_once(self, now: datetime | None = None) -> bool:
        """Housekeeping, then send at most one due delivery. True when a delivery was handled."""
        self.housekeeping(now)
        with self.db.session() as session:
            if is_paused(session):  # an admin stopped all posting: everything waits, saying why
                mark_waiting(session, pause_state(session))
                session.commit()
                return False
        delivery_id = self.claim(now)
        if delivery_id is None:
            return False
        self.process(delivery_id, now)
        return True

    def drain(self, now: datetime | None = None, limit: int = 100) -> int:
        handled = 0
        while handled < limit and self.run_once(now):
            handled += 1
        return handled

    def housekeeping(self, now: datetime | None = None) -> None:
        now = now or self.clock()
        if self._last_sweep and now - self._last_sweep < timedelta(minutes=1):
            return
        self._last_sweep = now
        with self.db.session() as session:
            for post in unpurged_delivery_posts(session):
                purge_if_done(session, self.photos, post)
            session.commit()
            retention_sweep(session, self.photos, timedelta(days=self.settings.photo_retention_days), now)
            end_finished_trips(session, local_today(self.settings.tz, now))
            prune_sign_in_records(session, self.settings, now)
            session.commit()

    def claim(self, now: datetime | None = None) -> int | None:
        """Take the lease on the next due delivery (queued/waiting and due, or a stale `sending`)."""
        now = now or self.clock()
        with self.db.session() as session:
            candidates = session.scalars(
                select(Delivery.id)
                .where(
                    or_(
                        Delivery.status.in_((QUEUED, WAITING))
                        & or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
                        (Delivery.status == SENDING) & (Delivery.lease_until < now),
                    )
                )
                .order_by(Delivery.next_attempt_at.is_not(None), Delivery.next_attempt_at, Delivery.id)
                .limit(5)
            ).all()
            for delivery_id in candidates:
                taken = session.execute(
                    update(Delivery)
                    .where(
                        Delivery.id == delivery_id,
                        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
                        Delivery.status.in_((QUEUED, WAITING, SENDING)),
                    )
                    .values(lease_owner=self.owner, lease_until=now + self.lease)
                )
                session.commit()
                if taken.rowcount == 1:
                    return delivery_id
        return None

    # -- sending one delivery ----------------------------------------------------------------------

    def process(self, delivery_id: int, now: datetime | None = None) -> None:
        with self.db.session() as session:
            delivery = session.get(Delivery, delivery_id)
            if delivery is None or delivery.lease_owner != self.owner:
                return
            post = delivery.post
            now = now or self.clock()
            channel = self.channels.get(delivery.channel)
            if channel is None:
                self._finish(session, delivery, Outcome(
                    OutcomeKind.RECONNECT,
                    f"{delivery.channel} is not connected on this server any more. Ask an admin to reconnect it.",
                ), now)
                return
            if post.cancelled_at is not None:
                self._release(session, delivery)
                return
            crashed_mid_create = delivery.status == SENDING and delivery.create_attempted_at is not None
            if not crashed_mid_create:
                held_until = self._hours_hold(session, post, now)
                if held_until is not None:
                    delivery.status = WAITING
                    delivery.next_attempt_at = held_until
                    local = held_until.astimezone(self.settings.tz).strftime("%a %d %b %H:%M")
                    delivery.message = f"Outside posting hours: waiting until {local}."
                    self._release(session, delivery)
                    return
            delivery.status = SENDING
            delivery.attempts += 1
            delivery.first_attempt_at = delivery.first_attempt_at or utcnow()  # wall clock: platforms' time
            session.commit()
            outgoing = self._outgoing(post, delivery)
            if crashed_mid_create:
                outcome = self._reconcile(session, channel, outgoing, delivery, after="restart")
            else:
                outcome = self._publish(session, channel, outgoing, delivery)
                if outcome.kind is OutcomeKind.UNKNOWN:
                    outcome = self._reconcile(session, channel, outgoing, delivery, after="ambiguous create",
                                              first=outcome)
            self._finish(session, delivery, outcome, now)

    def _hours_hold(self, session, post: Post, now: datetime) -> datetime | None:
        """The time rules again, at the moment of publishing. Returns when to try again, or None to go."""
        draft = Draft(text=post.text, photo_count=len(post.alt_texts), out_of_hours_reason=post.out_of_hours_reason,
                      out_of_hours_note=post.out_of_hours_note)
        ctx = self.contexts.for_user(session, post.author, now)
        if unresolved(check(draft, ctx, only=TIME_RULES), frozenset()):
            return next_window_start(now, ctx.window)
        return None

    def _outgoing(self, post: Post, delivery: Delivery) -> OutgoingPost:
        photos = tuple(
            OutgoingPhoto(data=self.photos.read(p.file_name), content_type=p.content_type,
                          alt_text=post.alt_texts[p.position] if p.position < len(post.alt_texts) else "")
            for p in sorted(post.photos, key=lambda p: p.position)
        )
        return OutgoingPost(post_id=post.id, text=post.text, photos=photos,
                            first_attempt_at=delivery.first_attempt_at)

    def _publish(self, session, channel: Channel, outgoing: OutgoingPost, delivery: Delivery) -> Outcome:
        def before_create() -> None:
            delivery.create_attempted_at = utcnow()
            session.commit()  # durable before the request that creates the post leaves

        try:
            return channel.publish(outgoing, before_create)
        except Exception as exc:  # a channel bug must never lose a post or hide the doubt
            log.exception("channel %s raised", channel.name)
            if delivery.create_attempted_at is None:
                return Outcome(OutcomeKind.RETRY_LATER, f"Could not reach {channel.label}; will try again.")
            return Outcome(OutcomeKind.UNKNOWN, f"{channel.label} failed part-way: {type(exc).__name__}.")

    def _reconcile(self, session, channel: Channel, outgoing: OutgoingPost, delivery: Delivery, *, after: str,
                   first: Outcome | None = None) -> Outcome:
        try:
            found = channel.find_published(outgoing)
        except Exception:
            log.exception("reconciliation on %s raised", channel.name)
            found = Outcome(OutcomeKind.UNKNOWN, "could not check")
        result = "found" if found and found.kind is OutcomeKind.PUBLISHED else (
            "not found" if found is None else "could not check")
        record(session, "delivery.reconciled", post_id=delivery.post_id, channel=delivery.channel, after=after,
               result=result)
        if found is not None and found.kind is OutcomeKind.PUBLISHED:
            return found
        return Outcome(OutcomeKind.UNKNOWN, CHECK_AND_RETRY.format(label=channel.label))

    def _finish(self, session, delivery: Delivery, outcome: Outcome, now: datetime) -> None:
        state = OUTCOME_STATE[outcome.kind]
        delivery.status = state
        delivery.message = outcome.message
        if state == PUBLISHED:
            delivery.url = outcome.url
            delivery.remote_id = outcome.remote_id
            delivery.published_at = now
            delivery.next_attempt_at = None
            channel_row = channel_state(session, delivery.channel)
            channel_row.last_success_at = now
            channel_row.needs_reconnect = False
        elif state == WAITING:
            delivery.next_attempt_at = outcome.retry_at or now + backoff(delivery.attempts)
            local = delivery.next_attempt_at.astimezone(self.settings.tz).strftime("%H:%M")
            delivery.message = f"{outcome.message} Next try at {local}; nothing to do."
            delivery.create_attempted_at = None  # nothing was created: safe to send again
            record(session, "delivery.retry_scheduled", post_id=delivery.post_id, channel=delivery.channel,
                   attempt=delivery.attempts, at=delivery.next_attempt_at.isoformat(), message=outcome.message)
        elif state == NEEDS_RECONNECT:
            channel_row = channel_state(session, delivery.channel)
            channel_row.needs_reconnect = True
            channel_row.last_message = outcome.message
        record(session, "delivery." + state, post_id=delivery.post_id, channel=delivery.channel,
               url=delivery.url, message=outcome.message)
        self._release(session, delivery)
        purge_if_done(session, self.photos, delivery.post)
        session.commit()

    @staticmethod
    def _release(session, delivery: Delivery) -> None:
        delivery.lease_owner = None
        delivery.lease_until = None
        session.commit()


def photo_files_known(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(PostPhoto.file_name)))
