"""Database engine, sessions and the declarative base.

SQLite (the embedded default) runs in WAL mode with foreign keys on; a PostgreSQL URL works too.
Times are stored as naive UTC and always come back as aware UTC datetimes (`UTCDateTime`).
A new SQLite file is created readable by its owner only (it holds password hashes and pupil names).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the database keeps."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for other databases and in-memory or URI-style SQLite)."""
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_private_sqlite_file(url: str) -> None:
    """Create a missing SQLite file as mode 0600 so SQLite (and its -wal/-shm files) never start out
    world-readable. An existing file is left as it is; a missing folder is left for SQLite to report."""
    path = sqlite_path(url)
    if path is None or path.exists() or not path.parent.is_dir():
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


# Raised when a database cannot be opened or reached (a missing file or folder, a refused connection, a wrong
# password) or its driver is missing; catch these, then check `is_unavailable` (anything else is a bug).
DATABASE_ERRORS = (OperationalError, InterfaceError, ModuleNotFoundError)


def is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, ModuleNotFoundError):
        return (exc.name or "").startswith("psycopg")
    return isinstance(exc, OperationalError | InterfaceError)


def describe_database_error(url: str, exc: BaseException) -> str:
    """One plain line for a database that cannot be opened or reached; never shows the password."""
    if isinstance(exc, ModuleNotFoundError):
        return ("PostgreSQL support is not installed: run pip install '.[postgres]' "
                "(or leave TRIPCAST_DATABASE_URL unset to use SQLite).")
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason_text = reason[0].strip() if reason else type(exc).__name__
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001
        return "Cannot open the database: check TRIPCAST_DATABASE_URL."
    if parsed.password:
        reason_text = reason_text.replace(str(parsed.password), "***")
    path = sqlite_path(url)
    if path is not None:
        return (f"Cannot open the SQLite database at {path}: {reason_text} "
                "(check that its folder exists and that Tripcast may write there).")
    if parsed.get_backend_name() == "sqlite":
        return f"Cannot open the SQLite database: {reason_text}."
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return (f"Cannot reach the database at {where} ({reason_text}): check TRIPCAST_DATABASE_URL "
            "and that the database server is running and accepts this user.")


SQLITE_POOL_SIZE = 5
SQLITE_POOL_OVERFLOW = 45


def make_engine(url: str, **pool: Any) -> Engine:
    """`pool`: SQLAlchemy pool arguments (pool_size, max_overflow, pool_timeout) to use instead of ours."""
    if url.startswith("sqlite"):
        create_private_sqlite_file(url)
        # A connection per worker thread that may want one (AnyIO's 40 request threads plus the outbox), so a
        # busy moment queues on SQLite's own lock rather than timing out on the pool: SQLite connections
        # are only file handles.
        if sqlite_path(url):
            pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_OVERFLOW, **pool}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


class Database:
    """One engine and session factory per app instance (tests make their own)."""

    def __init__(self, url: str, **pool: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **pool)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self.sessions()

    def scoped(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
