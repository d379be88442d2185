"""Apply Alembic migrations programmatically (used by `python -m app migrate`, `make run` and tests),
and check at start that the database can be reached and is set up."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.db import DATABASE_ERRORS, describe_database_error, is_unavailable, make_engine, sqlite_path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
NOT_SET_UP = "The database is not set up yet: run python -m app migrate"


def alembic_config(db_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", db_url.replace("%", "%%"))
    return config


def upgrade(db_url: str) -> None:
    command.upgrade(alembic_config(db_url), "head")


def readiness_problem(db_url: str) -> str | None:
    """None when the database answers and its tables are at (or past) this version's migrations,
    else one plain line saying what to do. Never creates anything."""
    path = sqlite_path(db_url)
    if path is not None and not path.exists():
        return f"{NOT_SET_UP} (there is no database file at {path} yet)."
    try:
        engine = make_engine(db_url)
        try:
            with engine.connect() as connection:
                current = set(MigrationContext.configure(connection).get_current_heads())
        finally:
            engine.dispose()
    except DATABASE_ERRORS as exc:
        if not is_unavailable(exc):
            raise
        return describe_database_error(db_url, exc)
    script = ScriptDirectory.from_config(alembic_config(db_url))
    heads = set(script.get_heads())
    if not current:
        return f"{NOT_SET_UP}."
    known = {revision.revision for revision in script.walk_revisions()}
    if current != heads and current <= known:
        return "The database is from an older version of Tripcast: run python -m app migrate."
    return None  # at head, or from a newer version (a rollback): let it run
