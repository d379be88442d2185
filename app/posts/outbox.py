"""The outbox: drains deliveries to their channels, one at a time, surviving restarts and bad signal.

- A lease in the delivery row stops two workers (or processes) sending the same delivery. It is renewed
  while a publish runs (`lease.Heartbeat`), and every write is guarded by it (`lifecycle.move`): a worker
  that lost its lease changes nothing, and never makes the create call.
- Failures before the platform's create call are retried with backoff (honouring rate-limit resets).
- An ambiguous create (timeout or reset after sending) is never blindly retried: reconcile first by
  looking for the post on the account; found -> published, otherwise `unknown` for a person to check.
- A delivery found in `sending` after a crash is treated the same way if its create call had started.
- Just before publishing, the time rules run again: nothing goes out of hours without a reason.
- When every channel has the post (or it is cancelled / rejected for good), its photos are purged.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from app.accounts.pruning import prune_sign_in_records
from app.audit.log import record
from app.background import BackgroundLoop
from app.channels.base import Channel, Outcome, OutcomeKind, OutgoingPhoto, OutgoingPost
from app.channels.models import channel_state
from app.config import Settings
from app.db import Database, utcnow
from app.hygiene.service import daily_connection_checks
from app.policy import TIME_RULES, Draft, check, next_window_start, unresolved
from app.posts import lifecycle
from app.posts.lease import Heartbeat, LeaseLost
from app.posts.lifecycle import PHOTOS_GONE, move
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


class PhotosMissing(Exception):
    """A photo file the post needs is not on disk (a restored backup, an ephemeral disk)."""


class Outbox(BackgroundLoop):
    name = "tripcast-outbox"
    log = log

    def __init__(self, settings: Settings, db: Database, channels: dict[str, Channel], contexts: PolicyContexts,
                 photos: PhotoStore, clock=utcnow) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock
        self.db = db
        self.channels = channels
        self.contexts = contexts
        self.photos = photos
        self.owner = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        self.interval = settings.outbox_poll_seconds
        self._last_sweep: datetime | None = None

    def run_pass(self) -> bool:  # the background loop's pass (app/background.py)
        return self.run_once()

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
            names: list[str] = []
            for post_id in unpurged_delivery_posts(session):
                names += purge_if_done(session, post_id)
                session.commit()
            self.photos.delete_all(names)
            self.photos.delete_all(
                retention_sweep(session, timedelta(days=self.settings.photo_retention_days), now))
            end_finished_trips(session, local_today(self.settings.tz, now))
            prune_sign_in_records(session, self.settings, now)
            if self.settings.channel_check_hours:
                daily_connection_checks(session, self.channels, now, timedelta(hours=self.settings.channel_check_hours))
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
                taken = lifecycle.claim(session, delivery_id, self.owner, now, self.lease)
                session.commit()
                if taken:
                    return delivery_id
        return None

    # -- sending one delivery ----------------------------------------------------------------------

    def process(self, delivery_id: int, now: datetime | None = None) -> None:
        now = now or self.clock()
        with self.db.session() as session:
            delivery = session.get(Delivery, delivery_id)
            if delivery is None or delivery.lease_owner != self.owner:
                return
            post = delivery.post
            read = (delivery.status,)  # every move below happens only if this is still true
            if delivery.status not in (QUEUED, WAITING, SENDING) or post.cancelled_at is not None:
                self._release(session, delivery_id)
                return
            channel = self.channels.get(delivery.channel)
            if channel is None:
                self._finish(session, delivery_id, Outcome(
                    OutcomeKind.RECONNECT,
                    f"{delivery.channel} is not connected on this server any more. Ask an admin to reconnect it.",
                ), now, expected=read)
                return
            crashed_mid_create = delivery.status == SENDING and delivery.create_attempted_at is not None
            first_attempt = delivery.first_attempt_at or utcnow()  # wall clock: platforms' time
            if crashed_mid_create:  # reconciling looks for the text only: the photos may be gone by now
                outgoing = OutgoingPost(post_id=post.id, text=post.text, photos=(), first_attempt_at=first_attempt)
            else:
                held_until = self._hours_hold(session, post, now)
                if held_until is not None:
                    local = held_until.astimezone(self.settings.tz).strftime("%a %d %b %H:%M")
                    if move(session, delivery_id, to=WAITING, expected=read, owner=self.owner,
                            next_attempt_at=held_until, message=f"Outside posting hours: waiting until {local}.",
                            lease_owner=None, lease_until=None):
                        session.commit()
                    else:
                        self._release(session, delivery_id)
                    return
                try:
                    outgoing = self._outgoing(post, first_attempt)
                except PhotosMissing:
                    self._finish(session, delivery_id, Outcome(OutcomeKind.REJECTED, PHOTOS_GONE), now,
                                 expected=read)
                    return
            sending = move(session, delivery_id, to=SENDING, expected=read, owner=self.owner,
                           attempts=delivery.attempts + 1, first_attempt_at=first_attempt)
            session.commit()
            if not sending:  # cancelled, retried or taken over since we read it: not ours to send
                self._release(session, delivery_id)
                return
            with Heartbeat(self.db, delivery_id, self.owner, self.lease, now) as beat:
                try:
                    if crashed_mid_create:
                        outcome = self._reconcile(session, channel, outgoing, delivery_id, after="restart")
                    else:
                        outcome = self._publish(session, channel, outgoing, delivery_id, beat)
                        if outcome.kind is OutcomeKind.UNKNOWN:
                            outcome = self._reconcile(session, channel, outgoing, delivery_id,
                                                      after="ambiguous create", first=outcome)
                except LeaseLost:
                    session.rollback()
                    log.warning("delivery %s: lease lost before the create call; left to its new owner",
                                delivery_id)
                    return
            self._finish(session, delivery_id, outcome, now)

    def _hours_hold(self, session, post: Post, now: datetime) -> datetime | None:
        """The time rules again, at the moment of publishing. Returns when to try again, or None to go."""
        draft = Draft(text=post.text, photo_count=len(post.alt_texts), out_of_hours_reason=post.out_of_hours_reason,
                      out_of_hours_note=post.out_of_hours_note)
        ctx = self.contexts.for_user(session, post.author, now)
        if unresolved(check(draft, ctx, only=TIME_RULES), frozenset()):
            return next_window_start(now, ctx.window)
        return None

    def _outgoing(self, post: Post, first_attempt: datetime) -> OutgoingPost:
        kept = sorted(post.photos, key=lambda p: p.position)
        if lifecycle.photos_gone(post):
            raise PhotosMissing()
        try:
            photos = tuple(
                OutgoingPhoto(data=self.photos.read(p.file_name), content_type=p.content_type,
                              alt_text=post.alt_texts[p.position] if p.position < len(post.alt_texts) else "")
                for p in kept
            )
        except FileNotFoundError as exc:
            raise PhotosMissing() from exc
        return OutgoingPost(post_id=post.id, text=post.text, photos=photos, first_attempt_at=first_attempt)

    def _publish(self, session, channel: Channel, outgoing: OutgoingPost, delivery_id: int,
                 beat: Heartbeat) -> Outcome:
        def before_create() -> None:
            # durable before the request that creates the post leaves, and only while the lease is ours
            if beat.lost.is_set() or not lifecycle.hold(session, delivery_id, self.owner, SENDING,
                                                        create_attempted_at=utcnow()):
                raise LeaseLost()
            session.commit()

        try:
            return channel.publish(outgoing, before_create)
        except LeaseLost:
            raise
        except Exception as exc:  # a channel bug must never lose a post or hide the doubt
            log.exception("channel %s raised", channel.name)
            session.rollback()  # whatever the failure left half-done; before_create commits its own write
            attempted = session.get(Delivery, delivery_id).create_attempted_at
            if attempted is None:
                return Outcome(OutcomeKind.RETRY_LATER, f"Could not reach {channel.label}; will try again.")
            return Outcome(OutcomeKind.UNKNOWN, f"{channel.label} failed part-way: {type(exc).__name__}.")

    def _reconcile(self, session, channel: Channel, outgoing: OutgoingPost, delivery_id: int, *, after: str,
                   first: Outcome | None = None) -> Outcome:
        try:
            found = channel.find_published(outgoing)
        except Exception:
            log.exception("reconciliation on %s raised", channel.name)
            found = Outcome(OutcomeKind.UNKNOWN, "could not check")
        result = "found" if found and found.kind is OutcomeKind.PUBLISHED else (
            "not found" if found is None else "could not check")
        delivery = session.get(Delivery, delivery_id)
        record(session, "delivery.reconciled", post_id=delivery.post_id, channel=delivery.channel, after=after,
               result=result)
        if found is not None and found.kind is OutcomeKind.PUBLISHED:
            return found
        return Outcome(OutcomeKind.UNKNOWN, CHECK_AND_RETRY.format(label=channel.label))

    def _finish(self, session, delivery_id: int, outcome: Outcome, now: datetime,
                expected: tuple[str, ...] = (SENDING,)) -> None:
        """Record the outcome, if the lease is still ours (otherwise nothing is written at all)."""
        state = OUTCOME_STATE[outcome.kind]
        delivery = session.get(Delivery, delivery_id)
        fields: dict = dict(message=outcome.message, lease_owner=None, lease_until=None)
        if state == PUBLISHED:
            fields.update(url=outcome.url, remote_id=outcome.remote_id, published_at=now, next_attempt_at=None,
                          not_before=None)
        elif state == WAITING:
            next_at = outcome.retry_at or now + backoff(delivery.attempts)
            local = next_at.astimezone(self.settings.tz).strftime("%H:%M")
            fields.update(next_attempt_at=next_at, not_before=outcome.retry_at,
                          message=f"{outcome.message} Next try at {local}; nothing to do.",
                          create_attempted_at=None)  # nothing was created: safe to send again
        post_id, channel_name, attempts = delivery.post_id, delivery.channel, delivery.attempts
        if not move(session, delivery_id, to=state, expected=expected, owner=self.owner, **fields):
            session.rollback()
            log.warning("delivery %s changed under us (lease lost or cancelled): outcome %s not recorded",
                        delivery_id, state)
            self._release(session, delivery_id)
            return
        if state == WAITING:
            record(session, "delivery.retry_scheduled", post_id=post_id, channel=channel_name, attempt=attempts,
                   at=fields["next_attempt_at"].isoformat(), message=outcome.message)
        if state in (PUBLISHED, NEEDS_RECONNECT):
            channel_row = channel_state(session, channel_name)
            channel_row.needs_reconnect = state == NEEDS_RECONNECT
            if state == PUBLISHED:
                channel_row.last_success_at = now
            else:
                channel_row.last_message = outcome.message
        record(session, "delivery." + state, post_id=post_id, channel=channel_name,
               url=fields.get("url"), message=outcome.message)
        names = purge_if_done(session, post_id)
        session.commit()
        self.photos.delete_all(names)

    def _release(self, session, delivery_id: int) -> None:
        lifecycle.release(session, delivery_id, self.owner)
        session.commit()


def photo_files_known(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(PostPhoto.file_name)))
