"""Pause all posting: one switch for an admin in an incident. Posts are still accepted and wait; the outbox
sends nothing until it is switched back, and each waiting delivery says why. Kept in the database, so a pause
holds through a restart and across every process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.audit.log import record
from app.db import Base, UTCDateTime, utcnow
from app.posts.models import OPEN_STATES, Delivery

PAUSED_PREFIX = "Paused by an admin"
REASON_MAX = 300


class PostingPause(Base):
    __tablename__ = "posting_pause"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    changed_by_name: Mapped[str] = mapped_column(String(120), default="")
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PauseError(Exception):
    pass


def pause_state(db: Session) -> PostingPause:
    return db.get(PostingPause, 1) or PostingPause(id=1, paused=False, reason="")


def is_paused(db: Session) -> bool:
    state = db.get(PostingPause, 1)
    return bool(state and state.paused)


def paused_message(state: PostingPause) -> str:
    why = f" ({state.reason})" if state.reason else ""
    return f"{PAUSED_PREFIX}{why}. It goes out when posting is switched back on; nothing to do."


def set_paused(db: Session, admin, paused: bool, reason: str, ip: str = "") -> PostingPause:
    reason = " ".join(reason.split())
    if paused and not reason:
        raise PauseError("Say why posting is paused (for example: a safeguarding concern is being checked).")
    if len(reason) > REASON_MAX:
        raise PauseError(f"Keep the reason to {REASON_MAX} characters.")
    state = db.get(PostingPause, 1)
    if state is None:
        state = PostingPause(id=1)
        db.add(state)
    was = bool(state.paused)
    state.paused, state.reason = paused, reason if paused else ""
    state.changed_by_id, state.changed_by_name, state.changed_at = admin.id, admin.display_name, utcnow()
    if paused != was:
        record(db, "posting.paused" if paused else "posting.resumed", actor=admin, ip=ip, reason=reason)
    if paused:
        mark_waiting(db, state)
    else:  # the messages the pause wrote go; the outbox writes fresh ones as it works
        db.execute(update(Delivery).where(Delivery.status.in_(OPEN_STATES),
                                          Delivery.message.like(PAUSED_PREFIX + "%")).values(message=""))
    return state


def mark_waiting(db: Session, state: PostingPause) -> int:
    """Every delivery still to go says it is paused (also posts accepted during the pause)."""
    message = paused_message(state)
    return db.execute(update(Delivery).where(Delivery.status.in_(OPEN_STATES), Delivery.message != message)
                      .values(message=message)).rowcount
