"""Website feeds Tripcast reads, and each news item found in them (a draft until sent or discarded)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, UTCDateTime, utcnow

DRAFT, SENT, DISCARDED, FAILED = "draft", "sent", "discarded", "failed"
ITEM_STATES = (DRAFT, SENT, DISCARDED, FAILED)
MODES = {"draft": "Draft for review", "auto": "Send automatically when every rule passes"}


class NewsFeed(Base):
    __tablename__ = "news_feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    mode: Mapped[str] = mapped_column(String(10), default="draft")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    title: Mapped[str] = mapped_column(String(300), default="")
    etag: Mapped[str] = mapped_column(String(300), default="")
    last_modified: Mapped[str] = mapped_column(String(100), default="")
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[NewsItem]] = relationship(back_populates="feed", cascade="all, delete-orphan")


class NewsItem(Base):
    __tablename__ = "news_items"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_news_items_feed_guid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("news_feeds.id", ondelete="CASCADE"), index=True)
    guid: Mapped[str] = mapped_column(String(64))  # sha256 of the entry's id (or link), so any length fits
    title: Mapped[str] = mapped_column(String(500), default="")
    link: Mapped[str] = mapped_column(String(2000), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")  # the post as it will go out (editable)
    include_link: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    message: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    post_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # on the website
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feed: Mapped[NewsFeed] = relationship(back_populates="items")
