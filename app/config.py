"""Settings from the environment (prefix TRIPCAST_) and an optional .env file.

Secrets are pydantic `SecretStr` values and the database URL is a `DatabaseUrl`: they print as a mask, so a settings
object can be logged safely. The secret key is generated once into the data dir when not given; a
known-weak value is refused. A bad setting stops Tripcast at start with one plain line per problem
(`load_settings_or_exit`), never with the values themselves.
"""

from __future__ import annotations

import secrets
import sys
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.settings.database_url import DatabaseUrl
from app.settings.days import parse_days
from app.settings.names import ENV_PREFIX, env_name
from app.settings.problems import settings_problems

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


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    # Where everything lives
    data_dir: Path = Path("data")
    database_url: DatabaseUrl = DatabaseUrl("")  # default: SQLite file in the data dir
    secret_key: SecretStr = SecretStr("")
    school_name: str = "Wentworth Primary School"
    base_url: str = ""  # public https URL, used in printed links; optional
    # Proxies whose X-Forwarded-For / -Proto are believed (comma-separated addresses or networks; "*" = any,
    # only when nothing but the proxy can reach the app). Everyone else's headers are ignored, so a client
    # cannot choose the address that sign-in throttling and the audit log see.
    trusted_proxies: str = "127.0.0.1"

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
    rate_limits_enabled: bool = True  # per-user limits on checks, posts and other costly calls (off: load tests)
    require_two_factor_for_admins: bool = False  # admins must turn on an authenticator app before anything else

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
    x_api_key: SecretStr = SecretStr("")
    x_api_secret: SecretStr = SecretStr("")
    x_access_token: SecretStr = SecretStr("")
    x_access_token_secret: SecretStr = SecretStr("")
    x_api_base: str = "https://api.x.com"
    facebook_page_id: str = ""
    facebook_page_token: SecretStr = SecretStr("")
    facebook_graph_version: str = "v25.0"
    facebook_graph_base: str = "https://graph.facebook.com"

    # Newsflash: the school website's news feed (RSS or Atom) becomes drafts; /feed.atom and /newsflash go back
    newsflash_feeds: str = ""  # comma-separated feed addresses, added (as "draft for review") on first start
    newsflash_poll_minutes: int = Field(10, ge=1, le=24 * 60)
    newsflash_max_bytes: int = Field(2 * 1024 * 1024, ge=16 * 1024, le=20 * 1024 * 1024)
    newsflash_allow_private_addresses: bool = False  # an intranet website or tests only
    newsflash_frame_origins: str = ""  # origins allowed to frame /newsflash, e.g. https://www.school.example

    # Governance: the six-month trial and the policy's own review date
    trial_start: date | None = None  # first day of the trial; default: the first post
    policy_review_date: date = date(2026, 1, 31)  # "reviewed in January 2026"; admins are told once it passes
    channel_check_hours: int = Field(24, ge=0, le=24 * 7)  # check each channel's connection this often; 0: never

    # After posting: X reply restriction, reading replies (paid X API tier), moderation and take-down
    x_restrict_replies: bool = True  # new X posts: only mentioned users may reply (the school mentions no one)
    x_read_replies: bool = False  # needs X's recent search: a paid X API tier (Basic or above)
    moderation_enabled: bool = True  # the background worker polling comments and retrying take-downs
    moderation_poll_minutes: float = Field(3.0, gt=0)
    moderation_days: int = Field(14, ge=1, le=90)  # comments on posts published this recently are read
    moderation_auto_hide: bool = True  # clearly abusive comments are hidden at once (admins are told)
    moderation_retention_days: int = Field(365, ge=1)  # comment text kept as safeguarding evidence

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
    def _check_secret(cls, value: SecretStr) -> SecretStr:
        given = value.get_secret_value()
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
            s.get_secret_value()
            for s in (self.x_api_key, self.x_api_secret, self.x_access_token, self.x_access_token_secret)
        )

    @property
    def facebook_configured(self) -> bool:
        return bool(self.facebook_page_id and self.facebook_page_token.get_secret_value())

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
        given = self.secret_key.get_secret_value()
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
        self.secret_key = SecretStr(value)
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
