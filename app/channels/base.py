"""The channel interface: what the outbox hands a channel, and the typed outcome it gets back."""

from __future__ import annotations

import html
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import ClassVar

# Reconciliation looks a little before the first attempt, in case our clock and the platform's disagree.
CLOCK_SKEW = timedelta(minutes=2)


class OutcomeKind(StrEnum):
    PUBLISHED = "published"
    RETRY_LATER = "retry_later"
    RECONNECT = "reconnect_needed"
    REJECTED = "rejected"
    UNKNOWN = "unknown"
    DONE = "done"  # a take-down or moderation action took effect (or had nothing left to do)
    GONE = "gone"  # the thing acted on no longer exists on the platform


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    message: str  # teacher-facing
    url: str | None = None  # public URL of the published post
    remote_id: str | None = None
    retry_at: datetime | None = None  # aware UTC, for RETRY_LATER; None lets the outbox choose a backoff


@dataclass(frozen=True)
class OutgoingPhoto:
    data: bytes = field(repr=False)
    content_type: str
    alt_text: str = ""

    def __repr__(self) -> str:
        return f"OutgoingPhoto({len(self.data)} bytes, {self.content_type!r}, alt_text={self.alt_text!r})"


@dataclass(frozen=True)
class OutgoingPost:
    post_id: str  # our id, stable across retries
    text: str
    photos: tuple[OutgoingPhoto, ...]
    first_attempt_at: datetime  # aware UTC

    @property
    def search_since(self) -> datetime:
        """The earliest creation time a copy of this post on the platform could have."""
        return self.first_attempt_at.astimezone(UTC) - CLOCK_SKEW


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str
    needs_reconnect: bool = False
    account: str = ""  # e.g. "@wentworthps" or the Page's name


class Failed(Exception):
    """Stops a publish part-way with the outcome to report (used inside channel implementations)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.kind)
        self.outcome = outcome


def _do_nothing() -> None:
    return None


class Channel(ABC):
    name: ClassVar[str]  # "sandbox" | "x" | "facebook"
    label: ClassVar[str]  # "Sandbox (demo)" | "X" | "Facebook Page"

    @abstractmethod
    def publish(self, post: OutgoingPost, before_create: Callable[[], None] = _do_nothing) -> Outcome:
        """Upload media (safe to retry), call before_create() just before the one request that creates the
        post, then create it. Failures before before_create() are safe (RETRY_LATER / REJECTED / RECONNECT);
        a timeout, reset or 5xx on the create request is ambiguous and gives UNKNOWN."""

    @abstractmethod
    def find_published(self, post: OutgoingPost) -> Outcome | None:
        """Look for this post among the account's recent posts. Found -> PUBLISHED with url and remote_id;
        certainly not there -> None; could not check -> UNKNOWN."""

    @abstractmethod
    def check_connection(self) -> ConnectionCheck:
        """One cheap authenticated call."""

    # After posting: take-down and moderation (defaults: not supported; see app/channels/actions.py) -------

    supports_block: ClassVar[bool] = False  # can the account block a commenter through the API?

    def take_down(self, remote_id: str) -> Outcome:
        """Remove a published post. DONE (also when it was already gone), RETRY_LATER, RECONNECT, REJECTED, or
        UNKNOWN when the delete may or may not have happened (reconcile with `exists`)."""
        return Outcome(OutcomeKind.REJECTED, f"{self.label} cannot remove posts through Tripcast.")

    def exists(self, remote_id: str) -> bool | None:
        """Whether a published post is still there: True, False, or None when it could not be checked."""
        return None

    def list_comments(self, remote_ids: Sequence[str], since: datetime) -> CommentBatch:
        """Comments and replies on these posts created at or after `since`, every page of them."""
        return CommentBatch([], None)

    def hide_comment(self, comment: Comment) -> Outcome:
        return Outcome(OutcomeKind.REJECTED, f"{self.label} cannot hide comments through Tripcast.")

    def unhide_comment(self, comment: Comment) -> Outcome:
        return Outcome(OutcomeKind.REJECTED, f"{self.label} cannot show hidden comments through Tripcast.")

    def delete_comment(self, comment: Comment) -> Outcome:
        return Outcome(OutcomeKind.REJECTED, f"{self.label} cannot delete comments through Tripcast.")

    def block_author(self, comment: Comment) -> Outcome:
        return Outcome(OutcomeKind.REJECTED, f"{self.label} cannot block people through Tripcast: open their "
                                             "profile and block them there.", url=comment.author_url or None)

    def report_url(self, comment: Comment) -> str | None:
        """Where a person reports this comment to the platform (opened in the browser)."""
        return comment.url

    def __repr__(self) -> str:  # never show credentials
        return f"<{type(self).__name__} {self.name}>"


@dataclass(frozen=True)
class Comment:
    """A comment or reply left by someone else on one of the school's posts."""

    remote_id: str  # the platform's id for the comment
    post_remote_id: str  # the platform's id for the school's post it is on
    author_name: str
    text: str
    created_at: datetime  # aware UTC
    author_id: str = ""
    author_url: str = ""  # the author's profile, for a person to look at or block there
    url: str = ""  # the comment itself
    hidden: bool = False


@dataclass(frozen=True)
class CommentBatch:
    """What one poll found: the comments, and the problem that stopped it early (None when it finished)."""

    comments: list[Comment]
    problem: Outcome | None


def retry_time(headers: dict[str, str] | object, now: datetime | None = None) -> datetime | None:
    """When a rate-limited request may be tried again, from `x-rate-limit-reset` (epoch seconds) or
    `Retry-After` (seconds or an HTTP date). None when neither header is usable."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    now = now or datetime.now(UTC)
    reset = get("x-rate-limit-reset")
    if reset:
        try:
            return datetime.fromtimestamp(int(str(reset).strip()), UTC)
        except (ValueError, OverflowError, OSError):
            pass
    after = get("retry-after")
    if after:
        text = str(after).strip()
        if text.isdigit():
            return now + timedelta(seconds=int(text))
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    return None


def same_text(ours: str, theirs: str) -> bool:
    """Whether a platform's copy of a post's text is ours. Platforms trim and collapse whitespace, escape
    HTML (X sends "&amp;"), shorten links and (X) append a link to attached media, so compare text with
    every link replaced by a placeholder and allow one extra link at the end of theirs."""
    left, right = _comparable(ours), _comparable(html.unescape(theirs))
    return right == left or right == f"{left} {_LINK}".strip()


_LINK = "<link>"
_URL = re.compile(r"https?://\S+")


def _comparable(text: str) -> str:
    return " ".join(_URL.sub(_LINK, text).split())
