"""The pupil roster (with photo-consent flags) and the allowlist of words that are never names here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.roster.roster_csv import CLASS_MAX, NAME_MAX

PHRASE_MAX = 120


class Pupil(Base):
    __tablename__ = "pupils"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_forename: Mapped[str] = mapped_column(String(NAME_MAX))
    preferred_forename: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    surname: Mapped[str] = mapped_column(String(NAME_MAX))
    class_name: Mapped[str] = mapped_column(String(CLASS_MAX), index=True)
    photo_consent: Mapped[bool] = mapped_column(Boolean, default=False)


class AllowlistEntry(Base):
    __tablename__ = "allowlist"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phrase: Mapped[str] = mapped_column(String(PHRASE_MAX), unique=True)
    added_by: Mapped[str] = mapped_column(String(254), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
