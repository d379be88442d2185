"""The delivery state machine: which moves are allowed, and the one guarded write that makes them.

Every change of a delivery's status goes through `move()`: an `UPDATE ... WHERE id = ? AND status IN
(expected) [AND lease_owner = owner]` that says whether it moved. Two writers that race (a worker and a
person tapping Cancel, two workers in two processes) can therefore never both win: the loser's update
matches no row, and it stops. A worker passes its lease owner, so once its lease is gone it can change
nothing (fencing).

What a person may do to a delivery (retry, cancel, take down) is read from the same table, for the API,
the page and the routes alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.db import utcnow
from app.posts.models import Delivery, DeliveryState, Post

S = DeliveryState
ANY_OWNER = object()  # move() without a lease condition (a person's action, the retention sweep)

# from -> the states it may move to. A state may "move" to itself to update its fields under the guard.
TRANSITIONS: dict[DeliveryState, frozenset[DeliveryState]] = {
    S.QUEUED: frozenset({S.SENDING, S.WAITING, S.CANCELLED, S.REJECTED, S.NEEDS_RECONNECT}),
    S.WAITING: frozenset({S.SENDING, S.WAITING, S.QUEUED, S.CANCELLED, S.REJECTED, S.NEEDS_RECONNECT}),
    S.SENDING: frozenset({S.SENDING, S.PUBLISHED, S.WAITING, S.NEEDS_RECONNECT, S.REJECTED, S.UNKNOWN}),
    S.NEEDS_RECONNECT: frozenset({S.QUEUED}),
    S.REJECTED: frozenset({S.QUEUED}),
    S.UNKNOWN: frozenset({S.QUEUED}),
    S.CANCELLED: frozenset(),
    S.PUBLISHED: frozenset({S.REMOVING}),
    S.REMOVING: frozenset({S.REMOVING, S.REMOVED, S.PUBLISHED}),  # back to published: could not take it down
    S.REMOVED: frozenset(),
}

# What a person can ask for, and the states each may start from (all moves in TRANSITIONS).
RETRY_FROM = frozenset({S.NEEDS_RECONNECT, S.REJECTED, S.UNKNOWN})  # "Retry": a person looked and decided
SEND_NOW_FROM = frozenset({S.WAITING})  # the retry route on a waiting delivery: try now, never before a reset
CANCEL_FROM = frozenset({S.QUEUED, S.WAITING})
TAKE_DOWN_FROM = frozenset({S.PUBLISHED})
CLAIMABLE = (S.QUEUED, S.WAITING)  # due ones are claimed by a worker; so is a `sending` one whose lease ran out
MAY_BE_LIVE = frozenset({S.SENDING, S.PUBLISHED, S.UNKNOWN, S.REMOVING, S.REMOVED})  # a cancel would mislead

for _start, _targets in ((RETRY_FROM | SEND_NOW_FROM, S.QUEUED), (CANCEL_FROM, S.CANCELLED),
                         (TAKE_DOWN_FROM, S.REMOVING)):
    assert all(_targets in TRANSITIONS[s] for s in _start), "a person's action outside the transition table"

PHOTOS_GONE = ("The photos for this post are no longer on the server (they may have been lost in a restore "
               "from a backup), so it was not sent. Post it again.")


class IllegalMove(ValueError):
    """A move the table does not allow: a bug in the caller, never a race."""


def check_move(expected: Iterable[str], to: str) -> tuple[DeliveryState, ...]:
    sources = tuple(S(state) for state in expected)
    target = S(to)
    for source in sources:
        if target not in TRANSITIONS[source]:
            raise IllegalMove(f"a delivery cannot go from {source} to {target}")
    return sources


def move(session: Session, delivery_id: int, *, to: str, expected: Iterable[str], owner: object = ANY_OWNER,
         **fields) -> bool:
    """Set the delivery's status to `to` (and `fields`) only if it is still in one of `expected` and, when
    `owner` is given, its lease is still that owner's. True when it moved. The caller commits."""
    sources = check_move(expected, to)
    stmt = update(Delivery).where(Delivery.id == delivery_id, Delivery.status.in_([s.value for s in sources]))
    if owner is not ANY_OWNER:
        stmt = stmt.where(Delivery.lease_owner == owner) if owner else stmt.where(Delivery.lease_owner.is_(None))
    values = {"status": S(to).value, "updated_at": utcnow(), **fields}
    result = session.execute(stmt.values(**values).execution_options(synchronize_session=False))
    _forget(session, delivery_id)
    return result.rowcount == 1


def claim(session: Session, delivery_id: int, owner: str, now: datetime, lease: timedelta) -> bool:
    """Take the lease on a due delivery that nobody holds (or whose holder's lease ran out)."""
    stmt = update(Delivery).where(
        Delivery.id == delivery_id,
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        or_(
            Delivery.status.in_([s.value for s in CLAIMABLE])
            & or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
            Delivery.status == S.SENDING.value,
        ),
    ).values(lease_owner=owner, lease_until=now + lease)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    _forget(session, delivery_id)
    return result.rowcount == 1


def hold(session: Session, delivery_id: int, owner: str, status: str, **fields) -> bool:
    """Change fields (not the status) of a delivery this owner leases, if it still does: renewing the lease,
    recording that the create call is about to leave, giving the lease back."""
    stmt = update(Delivery).where(Delivery.id == delivery_id, Delivery.lease_owner == owner,
                                  Delivery.status == S(status).value)
    result = session.execute(stmt.values(**fields).execution_options(synchronize_session=False))
    _forget(session, delivery_id)
    return result.rowcount == 1


def release(session: Session, delivery_id: int, owner: str) -> bool:
    """Give the lease back (whatever the status is now), if this owner still holds it."""
    stmt = update(Delivery).where(Delivery.id == delivery_id, Delivery.lease_owner == owner)
    result = session.execute(stmt.values(lease_owner=None, lease_until=None)
                             .execution_options(synchronize_session=False))
    _forget(session, delivery_id)
    return result.rowcount == 1


def _forget(session: Session, delivery_id: int) -> None:
    """The row changed behind the ORM's back: reload the in-memory copy the next time it is read."""
    instance = session.identity_map.get(session.identity_key(Delivery, delivery_id))
    if instance is not None:
        session.expire(instance)


# -- what a person may do, for the API, the page and the routes -----------------------------------------

def photos_gone(post: Post) -> bool:
    """The post had photos and they are no longer kept (purged, or lost)."""
    return bool(post.alt_texts) and (post.photos_purged or len(post.photos) < len(post.alt_texts))


def can_retry(delivery: Delivery, post: Post) -> bool:
    return delivery.status in RETRY_FROM and not photos_gone(post)


def can_send_now(delivery: Delivery, post: Post) -> bool:
    return delivery.status in SEND_NOW_FROM and not photos_gone(post)


def can_cancel(post: Post) -> bool:
    """Cancel stops every delivery that has not gone out; not once any may be live on a platform."""
    states = {d.status for d in post.deliveries}
    return post.cancelled_at is None and bool(states & CANCEL_FROM) and not states & MAY_BE_LIVE


def can_take_down(delivery: Delivery) -> bool:
    return delivery.status in TAKE_DOWN_FROM


def retry_not_before(delivery: Delivery, post: Post, now: datetime) -> datetime | None:
    """When a retried delivery may go at the earliest: never before the platform's reset, nor (for one still
    waiting, so never tried) before its scheduled time."""
    scheduled = post.scheduled_for if delivery.status in SEND_NOW_FROM else None
    limits = [t for t in (delivery.not_before, scheduled) if t is not None and t > now]
    return max(limits, default=None)
