"""Version counters for data that processes cache (the roster and allowlist behind the policy's name index).

A change bumps its counter in the same transaction as the change itself, so every process, including the
command line, agrees on "has it changed?" by reading one row: there is no process-local state to miss,
and no guessing from row counts or ids (SQLite reuses ids after the roster is replaced).
"""

from __future__ import annotations

from sqlalchemy import Integer, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base

ROSTER = "roster"  # the pupils and the allowlist


class CacheVersion(Base):
    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


def bump(db: Session, name: str) -> None:
    """Count one change to `name`, inside the caller's transaction (it commits)."""
    changed = db.execute(update(CacheVersion).where(CacheVersion.name == name)
                         .values(version=CacheVersion.version + 1).execution_options(synchronize_session=False))
    if changed.rowcount == 0:  # the migration creates the rows; this is only for a database made otherwise
        try:
            with db.begin_nested():
                db.add(CacheVersion(name=name, version=1))
        except IntegrityError:  # created by another process a moment ago
            db.execute(update(CacheVersion).where(CacheVersion.name == name)
                       .values(version=CacheVersion.version + 1).execution_options(synchronize_session=False))


def current(db: Session, name: str) -> int:
    return db.scalar(select(CacheVersion.version).where(CacheVersion.name == name)) or 0
