"""The pupil roster (with photo-consent flags) and the allowlist of words that are never names here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Pupil(Base):
    __tablename__ = "pupils"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_forename: Mapped[str] = mapped_column(String(80))
    preferred_forename: Mapped[str] = mapped_column(String(80), default="")
    surname: Mapped[str] = mapped_column(String(80))
    class_name: Mapped[str] = mapped_column(String(40), index=True)
    photo_consent: Mapped[bool] = mapped_column(Boolean, default=False)


class AllowlistEntry(Base):
    __tablename__ = "allowlist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phrase: Mapped[str] = mapped_column(String(120), unique=True)
    added_by: Mapped[str] = mapped_column(String(254), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
