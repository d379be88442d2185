"""The database address setting: checked at start, and masked wherever it is shown."""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from app.settings.names import env_name

DATABASE_URL_FORMS = "sqlite:///path/to/tripcast.db or postgresql://user:password@host:5432/dbname"



def mask_database_url(url: str) -> str:
    """The URL with its password (and any password= query value) replaced by ***."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - unparsable: show nothing of it
        return "***" if url else ""
    if any("password" in key.lower() for key in parsed.query):
        parsed = parsed.update_query_dict(
            {key: "***" for key in parsed.query if "password" in key.lower()}
        )
    return parsed.render_as_string(hide_password=True)


def check_database_url(url: str) -> str:
    """Refuse a URL Tripcast cannot use, with a message that names the setting but never shows the password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    name = env_name("database_url")
    if "://" not in url:
        raise ValueError(f"{name} is not a database address: use {DATABASE_URL_FORMS}")
    scheme = url.split("://", 1)[0]
    allowed = {"sqlite", "sqlite+pysqlite", "postgres", "postgresql", "postgresql+psycopg"}
    if scheme not in allowed:
        shown = scheme if len(scheme) <= 40 and "@" not in scheme and ":" not in scheme else "something else"
        raise ValueError(
            f"{name} should start postgresql:// or sqlite:/// (got '{shown}://'): use {DATABASE_URL_FORMS}"
        )
    try:
        parsed = make_url(url)
    except ValueError:  # int() of the port
        raise ValueError(f"{name} has a port that is not a number: use {DATABASE_URL_FORMS}") from None
    except ArgumentError:
        raise ValueError(f"{name} could not be read as a database address: use {DATABASE_URL_FORMS}") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise ValueError(f"{name} must name a file for SQLite, like sqlite:///path/to/tripcast.db")
    return url


class DatabaseUrl:
    """The database URL as given. `repr()`/`str()`/serialisation hide the password; `.reveal()` gives it all."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def masked(self) -> str:
        return mask_database_url(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.masked()!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatabaseUrl) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> DatabaseUrl:
            if isinstance(value, DatabaseUrl):
                return value
            text = "" if value is None else str(value).strip()
            return DatabaseUrl(check_database_url(text) if text else "")

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda url: url.masked()),
        )
