"""Bounds on everything a request may carry, checked by FastAPI/pydantic before any handler work.

These are ceilings against absurd input (a billion photos, a year 9999 schedule, an id past SQLite's
integer range, a lone UTF-16 surrogate), not the product's friendly rules: a name one character too long
still reaches the service and gets its own message. Every breach is a plain 422 naming the field.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import HTTPException, Path, Query
from pydantic import AfterValidator, Field, StringConstraints

from app.posts.submit import MAX_CAPTION, MAX_NOTE  # noqa: F401 - one number for the check and the form post

MAX_DB_ID = 2**63 - 1  # SQLite INTEGER and PostgreSQL BIGINT
MAX_PHOTOS = 4  # X takes at most 4 photos a post
MAX_ALT_TEXT = 1_500  # X's photo description limit is 1,000; the policy explains the excess
MAX_SHORT = 64  # a channel name, a rule id, an out-of-hours reason key
MAX_EMAIL_INPUT = 1_000  # the service says "too long" past 254
MAX_NAME_INPUT = 1_000  # staff and trip names: the service says "too long" past 120
MAX_PASSWORD = 1_024
MAX_CLASSES_INPUT = 200  # the service refuses more than 60 with its own message
MAX_LEADERS = 200
MAX_KEY = 200  # idempotency keys, tokens, post ids, file names
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # any date or time outside this is a typo or an attack


def _no_lone_surrogates(value: str) -> str:
    """JSON may carry "\\ud800": a str Python holds but UTF-8 (and so the database) cannot."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("contains a character that is not valid text (a lone UTF-16 surrogate)") from exc
    return value


def sane_moment(value: datetime) -> datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be a date between {EARLIEST_YEAR} and {LATEST_YEAR}")
    if value.tzinfo is not None:
        try:
            value.astimezone(UTC)  # 0001-01-01T00:00+14:00 has no UTC instant; years are checked above anyway
        except OverflowError as exc:
            raise ValueError("is not a moment that exists") from exc
    return value


FAR = timedelta(days=366)  # how far from now a post may be scheduled or a draft judged


def refuse_far_moment(moment: datetime | None, now: datetime, field: str) -> datetime | None:
    """A moment more than a year from now is refused with a 422 naming the field."""
    if moment is not None and abs(moment - now) > FAR:
        raise HTTPException(422, f"{field}: {moment:%Y-%m-%d} is more than a year from now. Choose a date within "
                                 "the coming year.")
    return moment


def Text(max_length: int, min_length: int = 0):  # noqa: N802 - reads as a type in model fields
    """A str of bounded length that is valid Unicode."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length),
                     AfterValidator(_no_lone_surrogates)]


Short = Text(MAX_SHORT)
Moment = Annotated[datetime, AfterValidator(sane_moment)]
DbIdValue = Annotated[int, Field(ge=1, le=MAX_DB_ID)]

# Path and query parameters
UserId = Annotated[int, Path(ge=1, le=MAX_DB_ID, description="A staff account's id.")]
TripId = Annotated[int, Path(ge=1, le=MAX_DB_ID, description="A trip's id.")]
EntryId = Annotated[int, Path(ge=1, le=MAX_DB_ID, description="An allowlist entry's id.")]
ItemId = Annotated[int, Path(ge=1, le=MAX_DB_ID, description="A newsflash item's or feed's id.")]
CommentId = Annotated[int, Path(ge=1, le=MAX_DB_ID, description="A comment's id.")]
PostId = Annotated[str, Path(min_length=1, max_length=MAX_KEY, description="A post's id.")]
ChannelName = Annotated[str, Path(min_length=1, max_length=MAX_SHORT, description="x, facebook or sandbox.")]
Token = Annotated[str, Path(min_length=1, max_length=MAX_KEY)]
FileName = Annotated[str, Path(min_length=1, max_length=MAX_KEY)]
BeforeId = Annotated[int | None, Query(ge=1, le=MAX_DB_ID, description="older_than from the previous page.")]
SearchText = Annotated[str | None, Query(max_length=MAX_NAME_INPUT)]
DayText = Annotated[str | None, Query(max_length=32, description="A date like 2026-11-24.")]
