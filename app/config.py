"""Settings from the environment (prefix TRIPCAST_) and an optional .env file.

Secrets are `Secret` values and the database URL is a `DatabaseUrl`: they print as a mask, so a settings
object can be logged safely. The secret key is generated once into the data dir when not given; a
known-weak value is refused. A bad setting stops Tripcast at start with one plain line per problem
(`load_settings_or_exit`), never with the values themselves.
"""

from __future__ import annotations

import secrets
import sys
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, GetCoreSchemaHandler, ValidationError, ValidationInfo, field_validator
from pydantic_core import core_schema
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.secrets import Secret

WEAK_SECRETS = {
    "",
    "changethis",
    "changeme",
    "change-me",
    "secret",
    "secret-key",
    "secretkey",
    "password",
    "tripcast",
    "development",
    "dev",
    "test",
    "insecure",
    "default",
}
MIN_SECRET_LENGTH = 32
FULL_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DATABASE_URL_FORMS = "sqlite:///path/to/tripcast.db or postgresql://user:password@host:5432/dbname"
ENV_PREFIX = "TRIPCAST_"


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


# The database URL ---------------------------------------------------------------------


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


# Posting days ---------------------------------------------------------------------------


def _one_day(word: str) -> int:
    name = env_name("posting_days")
    word = word.strip()
    if word.isdigit():
        number = int(word)
        if 0 <= number <= 6:
            return number
        raise ValueError(f"{name}: {word!r} is not a day number (0 = Monday ... 6 = Sunday); day names are clearer")
    for index, full in enumerate(FULL_DAY_NAMES):
        if len(word) >= 3 and full.startswith(word):
            return index
    raise ValueError(f"{name}: {word!r} is not a day name (use mon, tue, wed, thu, fri, sat, sun, e.g. mon-fri)")


def parse_days(value: str) -> list[int]:
    """ "mon-fri", "mon-fri,sat", "mon,wed,fri", "0-4" or "sat-mon" (wrapping) into sorted day numbers."""
    days: set[int] = set()
    for part in value.strip().lower().split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = part.split("-", 1)
            a, b = _one_day(first), _one_day(last)
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_one_day(part))
    return sorted(days)


# Explaining a bad setting ---------------------------------------------------------------

_PLAIN = {
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "int_type": "should be a whole number",
    "float_parsing": "should be a number",
    "float_type": "should be a number",
    "bool_parsing": "should be true or false",
    "bool_type": "should be true or false",
    "time_parsing": "should be a time like 08:00",
    "time_type": "should be a time like 08:00",
    "string_type": "should be text",
    "list_type": "should be a list of days like mon-fri",
    "missing": "is missing",
}


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _plain_problem(error: Any) -> tuple[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    field = loc[0] if loc else ""
    name = env_name(field) if field else "A setting"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        message = str(ctx.get("error", "")) or error.get("msg", "").removeprefix("Value error, ")
    elif kind == "greater_than_equal":
        message = f"must be at least {_number(ctx.get('ge'))}"
    elif kind == "greater_than":
        message = f"must be more than {_number(ctx.get('gt'))}"
    elif kind == "less_than_equal":
        message = f"must be at most {_number(ctx.get('le'))}"
    elif kind == "less_than":
        message = f"must be less than {_number(ctx.get('lt'))}"
    else:
        message = _PLAIN.get(kind) or "is not valid"
    if message.startswith(ENV_PREFIX):
        return field, message
    return field, f"{name}: {message}" if kind == "value_error" else f"{name} {message}"


def settings_problems(exc: ValidationError) -> list[str]:
    """One plain line per bad setting, naming the environment variable and never showing a value."""
    lines: list[str] = []
    seen: set[str] = set()
    for error in exc.errors(include_url=False, include_input=False):
        field, line = _plain_problem(error)
        if field and field in seen:
            continue
        seen.add(field)
        lines.extend(part for part in line.splitlines() if part.strip())
    return lines


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    # Where everything lives
    data_dir: Path = Path("data")
    database_url: DatabaseUrl = DatabaseUrl("")  # default: SQLite file in the data dir
    secret_key: Secret = Secret("")
    school_name: str = "Wentworth Primary School"
    base_url: str = ""  # public https URL, used in printed links; optional

    # Time and the posting window (policy: Mon-Fri 08:00-18:00 Europe/London)
    timezone: str = "Europe/London"
    posting_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [0, 1, 2, 3, 4])  # Monday = 0
    posting_start: time = time(8, 0)
    posting_end: time = time(18, 0)

    # Sessions and login throttling
    session_days: int = Field(30, ge=1)
    login_max_failures_per_account: int = Field(5, ge=1)
    login_max_failures_per_address: int = Field(20, ge=1)
    login_window_minutes: int = Field(15, ge=1)

    # Uploads and the photo pipeline
    upload_max_bytes: int = Field(30 * 1024 * 1024, gt=0)
    upload_max_photos: int = Field(4, ge=1, le=4)  # X takes at most 4 photos a post
    upload_max_pixels: int = Field(50_000_000, gt=0)
    photo_max_long_edge: int = Field(2048, ge=256, le=8192)  # X refuses images over 8192 px
    # Facebook's practical limit is 4 MB; X allows 5 MB
    photo_max_output_bytes: int = Field(4 * 1024 * 1024, ge=64 * 1024, le=5 * 1024 * 1024)
    photo_concurrency: int = Field(2, ge=1, le=64)
    photo_queue_max: int = Field(120, ge=1)  # photos waiting per process; past it a post is asked to retry (503)
    photo_queue_max_wait: float = Field(90.0, gt=0)  # seconds; phones give up on an upload after 180 s
    photo_retention_days: int = Field(7, ge=1)

    # Channels: the Sandbox is on when nothing else is configured
    sandbox_enabled: bool | None = None
    x_api_key: Secret = Secret("")
    x_api_secret: Secret = Secret("")
    x_access_token: Secret = Secret("")
    x_access_token_secret: Secret = Secret("")
    x_api_base: str = "https://api.x.com"
    facebook_page_id: str = ""
    facebook_page_token: Secret = Secret("")
    facebook_graph_version: str = "v25.0"
    facebook_graph_base: str = "https://graph.facebook.com"

    # Outbox worker
    outbox_enabled: bool = True
    outbox_poll_seconds: float = Field(1.0, gt=0)
    outbox_lease_seconds: float = Field(120.0, gt=0)

    @field_validator("posting_days", mode="before")
    @classmethod
    def _parse_days(cls, value: object) -> object:
        """Accept "mon-fri", "mon-fri,sat", "mon,tue,wed" or "0,1,2" as well as a list."""
        if isinstance(value, str):
            return parse_days(value)
        return value

    @field_validator("posting_days")
    @classmethod
    def _check_days(cls, value: list[int]) -> list[int]:
        name = env_name("posting_days")
        for day in value:
            if not 0 <= day <= 6:
                raise ValueError(f"{name}: {day} is not a day number (0 = Monday ... 6 = Sunday)")
        if not value:
            raise ValueError(f"{name} is empty: give the days posts may go out, like mon-fri")
        return sorted(set(value))

    @field_validator("posting_start", "posting_end")
    @classmethod
    def _check_plain_time(cls, value: time, info: ValidationInfo) -> time:
        if value.tzinfo is not None:
            raise ValueError(
                f"{env_name(info.field_name or '')} should be a plain local time like 08:00 "
                f"(the time zone comes from {env_name('timezone')})"
            )
        return value

    @field_validator("posting_end")
    @classmethod
    def _check_window(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("posting_start")
        if isinstance(start, time) and not start < value:
            raise ValueError(
                f"{env_name('posting_start')} ({start:%H:%M}) must be earlier than {env_name('posting_end')} "
                f"({value:%H:%M}): the posting window opens and closes on the same day"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"{env_name('timezone')}: {value!r} is not a known time zone (try Europe/London)"
            ) from exc
        return value

    @field_validator("secret_key")
    @classmethod
    def _check_secret(cls, value: Secret) -> Secret:
        given = value.reveal()
        if given and (given.lower() in WEAK_SECRETS or len(given) < MIN_SECRET_LENGTH):
            raise ValueError(
                "TRIPCAST_SECRET_KEY is too weak: use at least 32 random characters "
                "(for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                "or leave it unset and Tripcast will generate one in the data folder."
            )
        return value

    # Derived values -----------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        """The real URL for the engine (with the password): never print it; `database_url` prints masked."""
        if self.database_url:
            url = self.database_url.reveal()
            if url.startswith("postgres://"):  # Heroku-style URLs
                url = "postgresql+psycopg://" + url[len("postgres://") :]
            elif url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        return f"sqlite:///{(self.data_dir / 'tripcast.db').resolve()}"

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def sandbox_dir(self) -> Path:
        return self.data_dir / "sandbox"

    @property
    def x_configured(self) -> bool:
        return all(
            s.reveal() for s in (self.x_api_key, self.x_api_secret, self.x_access_token, self.x_access_token_secret)
        )

    @property
    def facebook_configured(self) -> bool:
        return bool(self.facebook_page_id and self.facebook_page_token.reveal())

    @property
    def sandbox_on(self) -> bool:
        if self.sandbox_enabled is not None:
            return self.sandbox_enabled
        return not (self.x_configured or self.facebook_configured)

    def ensure_dirs(self) -> None:
        """Create the data folders, readable by this user only (folders that already exist are left alone)."""
        for path in (self.data_dir, self.photos_dir, self.sandbox_dir):
            path.mkdir(mode=0o700, parents=True, exist_ok=True)

    def signing_key(self) -> bytes:
        """The secret key, generating and storing one in the data dir the first time."""
        given = self.secret_key.reveal()
        if given:
            return given.encode()
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        value = path.read_text().strip()
        if len(value) < MIN_SECRET_LENGTH:
            raise ValueError(f"{path} holds a secret key that is too short; delete it to generate a new one")
        self.secret_key = Secret(value)
        return value.encode()


@lru_cache
def get_settings() -> Settings:
    return Settings()


def load_settings_or_exit() -> Settings:
    """The settings, or (when one is bad) one plain line per problem on stderr and exit status 2.

    For `python -m app` and uvicorn's start: no traceback, and no value of any setting is shown.
    """
    try:
        return get_settings()
    except ValidationError as exc:
        for line in settings_problems(exc):
            print(line, file=sys.stderr)
        print("Tripcast did not start: fix the settings above (environment variables or the .env file).",
              file=sys.stderr, flush=True)
        raise SystemExit(2) from None
