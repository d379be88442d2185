"""Comments read from the channels, and every moderation action taken on them (kept as safeguarding
evidence: the comment's text stays for `moderation_retention_days`, then is pruned)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow

VISIBLE = "visible"
HIDDEN = "hidden"
DELETED = "deleted"
COMMENT_STATES = (VISIBLE, HIDDEN, DELETED)


class ModComment(Base):
    __tablename__ = "moderation_comments"
    __table_args__ = (UniqueConstraint("channel", "remote_id", name="uq_moderation_comments_remote"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    remote_id: Mapped[str] = mapped_column(String(100))
    post_remote_id: Mapped[str] = mapped_column(String(100))
    post_id: Mapped[str | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[str] = mapped_column(String(100), default="")
    author_url: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str | None] = mapped_column(Text, nullable=True)  # None once pruned
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=VISIBLE, index=True)
    verdict: Mapped[str] = mapped_column(String(20), default="ok")  # ok | review | abusive
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    waiting: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # a person should look at it
    auto_hide_due: Mapped[bool] = mapped_column(Boolean, default=False)  # abusive, hiding not yet confirmed
    note: Mapped[str] = mapped_column(Text, default="")  # the last action's outcome, for the admin
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reviewed_by: Mapped[str] = mapped_column(String(254), default="")
    pruned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    actions: Mapped[list[ModAction]] = relationship(back_populates="comment", cascade="all, delete-orphan",
                                                    order_by="ModAction.id")


class ModAction(Base):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("moderation_comments.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(254), default="system")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str | None] = mapped_column(Text, nullable=True)  # the comment's text; None once pruned

    comment: Mapped[ModComment] = relationship(back_populates="actions")
