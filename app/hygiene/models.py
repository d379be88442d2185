"""Term start dates, who confirmed each term's checklist, and each channel's account details."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class TermStart(Base):
    __tablename__ = "term_starts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_on: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(60), default="")


class TermCheck(Base):
    """The start-of-term checklist, confirmed once per term by an admin."""

    __tablename__ = "term_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_starts_on: Mapped[date] = mapped_column(Date, unique=True)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    confirmed_by_name: Mapped[str] = mapped_column(String(120), default="")
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    items: Mapped[list[str]] = mapped_column(JSON, default=list)


class ChannelAccount(Base):
    """What the school records about each social account: the generic email it is linked to, and when its
    password was last changed / the app was reconnected (filled in from the checklist)."""

    __tablename__ = "channel_accounts"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    password_changed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reconnected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
