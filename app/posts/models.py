"""Posts, their sanitised photos (files under the data dir until purged) and one delivery per channel."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import Base, UTCDateTime, utcnow


class DeliveryState(StrEnum):
    """Where one post is on one channel. The moves between states are in app/posts/lifecycle.py."""

    QUEUED = "queued"
    SENDING = "sending"
    PUBLISHED = "published"
    WAITING = "waiting"  # retry later, or waiting for posting hours / a scheduled time
    NEEDS_RECONNECT = "needs_reconnect"
    REJECTED = "rejected"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"
    REMOVING = "removing"  # a person asked to take a published post down; the outbox is on it
    REMOVED = "removed"


# The names other modules have always used for the states.
QUEUED, SENDING, PUBLISHED, WAITING = (DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.PUBLISHED,
                                       DeliveryState.WAITING)
NEEDS_RECONNECT, REJECTED, UNKNOWN, CANCELLED = (DeliveryState.NEEDS_RECONNECT, DeliveryState.REJECTED,
                                                 DeliveryState.UNKNOWN, DeliveryState.CANCELLED)
REMOVING, REMOVED = DeliveryState.REMOVING, DeliveryState.REMOVED
DELIVERY_STATES = tuple(DeliveryState)
OPEN_STATES = (QUEUED, SENDING, WAITING)  # the outbox still works on these


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("author_id", "idempotency_key", name="uq_posts_author_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    alt_texts: Mapped[list[str]] = mapped_column(JSON, default=list)
    confirmations: Mapped[list[str]] = mapped_column(JSON, default=list)
    out_of_hours_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    out_of_hours_note: Mapped[str] = mapped_column(String(200), default="")
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    photo_notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    photos_purged: Mapped[bool] = mapped_column(Boolean, default=False)
    photos_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    author: Mapped[User] = relationship(lazy="joined")
    photos: Mapped[list[PostPhoto]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="PostPhoto.position"
    )
    deliveries: Mapped[list[Delivery]] = relationship(
        back_populates="post", cascade="all, delete-orphan", order_by="Delivery.id"
    )


class PostPhoto(Base):
    """A sanitised photo waiting to be published. The row and its file go together at purge."""

    __tablename__ = "post_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(200))  # relative to the photos dir
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)

    post: Mapped[Post] = relationship(back_populates="photos")


class Delivery(Base):
    """One post on one channel. A lease in the row stops two workers sending it at once."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("post_id", "channel", name="uq_deliveries_post_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=DeliveryState.QUEUED.value, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    remote_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The platform's own "not before" (a rate-limit reset): a retry never brings the next attempt before it.
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    create_attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    post: Mapped[Post] = relationship(back_populates="deliveries")
