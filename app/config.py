"""Settings from the environment (prefix TRIPCAST_) and an optional .env file.

Secrets are `Secret` values: they print as a mask, so a settings object can be logged safely.
The secret key is generated once into the data dir when not given; a known-weak value is refused.
"""

from __future__ import annotations

import secrets
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
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
DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRIPCAST_", env_file=".env", extra="ignore")

    # Where everything lives
    data_dir: Path = Path("data")
    database_url: str = ""  # default: SQLite file in the data dir
    secret_key: Secret = Secret("")
    school_name: str = "Wentworth Primary School"
    base_url: str = ""  # public https URL, used in printed links; optional

    # Time and the posting window (policy: Mon-Fri 08:00-18:00 Europe/London)
    timezone: str = "Europe/London"
    posting_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [0, 1, 2, 3, 4])  # Monday = 0
    posting_start: time = time(8, 0)
    posting_end: time = time(18, 0)

    # Sessions and login throttling
    session_days: int = 30
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20
    login_window_minutes: int = 15

    # Uploads and the photo pipeline
    upload_max_bytes: int = 30 * 1024 * 1024
    upload_max_photos: int = 4
    upload_max_pixels: int = 50_000_000
    photo_max_long_edge: int = 2048
    photo_max_output_bytes: int = 4 * 1024 * 1024  # Facebook's practical limit; X allows 5 MB
    photo_concurrency: int = 2
    photo_retention_days: int = 7

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
    outbox_poll_seconds: float = 1.0
    outbox_lease_seconds: float = 120.0

    @field_validator("posting_days", mode="before")
    @classmethod
    def _parse_days(cls, value: object) -> object:
        """Accept "mon-fri", "mon,tue,wed" or "0,1,2" as well as a list."""
        if isinstance(value, str):
            text = value.strip().lower()
            if "-" in text and "," not in text:
                first, last = (part.strip()[:3] for part in text.split("-", 1))
                if first not in DAY_NAMES or last not in DAY_NAMES:
                    raise ValueError(f"posting_days: use day names like mon-fri, not {value!r}")
                a, b = DAY_NAMES.index(first), DAY_NAMES.index(last)
                return list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(0, b + 1))
            days = []
            for part in text.split(","):
                part = part.strip()
                if part.isdigit():
                    days.append(int(part))
                elif part[:3] in DAY_NAMES:
                    days.append(DAY_NAMES.index(part[:3]))
                else:
                    raise ValueError(f"posting_days: {part!r} is not a day name")
            return days
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"timezone {value!r} is not a known time zone (try Europe/London)") from exc
        return value

    @model_validator(mode="after")
    def _check_secret(self) -> Settings:
        given = self.secret_key.reveal()
        if given and (given.lower() in WEAK_SECRETS or len(given) < MIN_SECRET_LENGTH):
            raise ValueError(
                "TRIPCAST_SECRET_KEY is too weak: use at least 32 random characters "
                "(for example the output of: python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                "or leave it unset and Tripcast will generate one in the data folder."
            )
        return self

    # Derived values -----------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        if self.database_url:
            url = self.database_url
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
        for path in (self.data_dir, self.photos_dir, self.sandbox_dir):
            path.mkdir(parents=True, exist_ok=True)

    def signing_key(self) -> bytes:
        """The secret key, generating and storing one in the data dir the first time."""
        given = self.secret_key.reveal()
        if given:
            return given.encode()
        self.data_dir.mkdir(parents=True, exist_ok=True)
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
