"""Reading comments in (no duplicates), hiding the clearly abusive at once, and a person's actions on them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit.log import record
from app.channels.base import Channel, Comment, Outcome, OutcomeKind
from app.channels.models import channel_state
from app.db import utcnow
from app.moderation.classify import ABUSIVE, OK, classify_comment
from app.moderation.models import DELETED, HIDDEN, VISIBLE, ModAction, ModComment
from app.posts.models import PUBLISHED, Delivery
from app.posts.takedown import TakeDown

log = logging.getLogger("tripcast.moderation")

ACTIONS = ("hide", "unhide", "delete", "block", "report", "reviewed")
OVERLAP = timedelta(hours=1)  # each poll looks back a little before the last one, in case clocks disagree


@dataclass
class PollResult:
    new: int = 0
    hidden: int = 0
    waiting: int = 0  # new comments that wait for a person
    problems: tuple[str, ...] = ()


class ActionError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def waiting_count(session: Session) -> int:
    return session.scalar(select(func.count(ModComment.id)).where(ModComment.waiting.is_(True))) or 0


def watched_posts(session: Session, now: datetime, days: int) -> dict[str, dict[str, str | None]]:
    """{channel: {remote post id: our post id}} for posts published in the last `days` and not taken down."""
    taken_down = select(TakeDown.delivery_id)
    rows = session.execute(
        select(Delivery.channel, Delivery.remote_id, Delivery.post_id)
        .where(Delivery.status == PUBLISHED, Delivery.remote_id.is_not(None),
               Delivery.published_at >= now - timedelta(days=days), Delivery.id.not_in(taken_down))
    )
    watched: dict[str, dict[str, str | None]] = {}
    for channel, remote_id, post_id in rows:
        watched.setdefault(channel, {})[remote_id] = post_id
    return watched


def poll_comments(session: Session, channels: dict[str, Channel], settings, names=None,
                  now: datetime | None = None, only: str | None = None) -> PollResult:
    """Read new comments from every channel (or `only` one), classify and store them, hiding the abusive ones."""
    now = now or utcnow()
    result = PollResult()
    problems = []
    tried: set[int] = set()  # hidden (or tried) during this poll: not tried twice in one go
    for name, posts in watched_posts(session, now, settings.moderation_days).items():
        channel = channels.get(name)
        if channel is None or (only and name != only):
            continue
        state = channel_state(session, name)
        details = dict(state.details or {})
        last = details.get("comments_polled_at")
        since = now - timedelta(days=settings.moderation_days)
        if last:
            since = max(since, datetime.fromisoformat(last) - OVERLAP)
        try:
            batch = channel.list_comments(list(posts), since)
        except Exception:  # a channel bug must not stop the others
            log.exception("reading comments from %s raised", name)
            problems.append(f"{channel.label}: reading comments failed.")
            continue
        for comment in batch.comments:
            stored = ingest(session, name, comment, posts.get(comment.post_remote_id), names, now)
            if stored is not None:
                result.new += 1
                result.waiting += stored.waiting
                if stored.auto_hide_due and settings.moderation_auto_hide:
                    tried.add(stored.id)
                    result.hidden += _auto_hide(session, channel, stored)
        if batch.problem is None:
            details["comments_polled_at"] = now.isoformat()
            details.pop("comments_problem", None)
        else:
            details["comments_problem"] = batch.problem.message
            problems.append(f"{channel.label}: {batch.problem.message}")
            record(session, "moderation.poll_failed", channel=name, outcome=batch.problem.kind.value,
                   message=batch.problem.message)
        state.details = details
        session.commit()
    if settings.moderation_auto_hide:  # hiding that failed earlier (rate limit, outage) is tried again
        for stored in session.scalars(select(ModComment).where(ModComment.auto_hide_due.is_(True),
                                                               ModComment.status == VISIBLE)):
            channel = channels.get(stored.channel)
            if channel is not None and stored.id not in tried and (only is None or stored.channel == only):
                result.hidden += _auto_hide(session, channel, stored)
        session.commit()
    result.problems = tuple(problems)
    return result


def ingest(session: Session, channel: str, comment: Comment, post_id: str | None, names=None,
           now: datetime | None = None) -> ModComment | None:
    """Store a comment seen for the first time (None when it is already known), with its verdict."""
    known = session.scalar(select(ModComment.id).where(ModComment.channel == channel,
                                                       ModComment.remote_id == comment.remote_id))
    if known is not None:
        return None
    verdict = classify_comment(comment.text, names)
    stored = ModComment(
        channel=channel, remote_id=comment.remote_id, post_remote_id=comment.post_remote_id, post_id=post_id,
        author_name=comment.author_name[:200], author_id=comment.author_id[:100], author_url=comment.author_url[:500],
        url=comment.url[:500], text=comment.text, created_at=comment.created_at, fetched_at=now or utcnow(),
        status=HIDDEN if comment.hidden else VISIBLE, verdict=verdict.level, flags=list(verdict.flags),
        waiting=verdict.level != OK, auto_hide_due=verdict.level == ABUSIVE and not comment.hidden,
    )
    try:
        with session.begin_nested():  # another poll may store the same comment first: then it is not new
            session.add(stored)
            session.flush()
    except IntegrityError:
        return None
    record(session, "moderation.comment_received", comment_id=stored.id, channel=channel, verdict=verdict.level,
           flags=list(verdict.flags))
    return stored


def _auto_hide(session: Session, channel: Channel, stored: ModComment) -> int:
    outcome = _call(channel, "hide", _as_comment(stored))
    _log_action(session, stored, "auto_hide", None, outcome)
    if outcome.kind in (OutcomeKind.DONE, OutcomeKind.GONE):
        stored.status = HIDDEN if outcome.kind is OutcomeKind.DONE else DELETED
        stored.auto_hide_due = False
        record(session, "moderation.auto_hidden", comment_id=stored.id, channel=stored.channel,
               flags=list(stored.flags))
        return 1
    if outcome.kind in (OutcomeKind.RECONNECT, OutcomeKind.REJECTED):
        stored.auto_hide_due = False  # a person has to deal with it; it is already waiting
    return 0


def act(session: Session, stored: ModComment, action: str, user, channel: Channel | None) -> dict:
    """A person's action on a comment. Returns {"outcome", "message", "url"?}; raises ActionError."""
    if action not in ACTIONS:
        raise ActionError(404, f"'{action}' is not a moderation action (use {', '.join(ACTIONS)}).")
    if channel is None:
        raise ActionError(409, f"{stored.channel} is not connected on this server any more.")
    if stored.status == DELETED and action in ("hide", "unhide", "delete"):
        raise ActionError(409, "This comment has already been deleted.")
    comment = _as_comment(stored)
    if action == "report":
        url = channel.report_url(comment)
        outcome = Outcome(OutcomeKind.DONE, "Opened the platform's page for reporting it." if url else
                          "The demo feed has nobody to report to.", url=url)
    elif action == "reviewed":
        outcome = Outcome(OutcomeKind.DONE, "Marked as looked at; left as it is.")
    else:
        outcome = _call(channel, action, comment)
    _log_action(session, stored, action, user, outcome)
    if outcome.kind in (OutcomeKind.DONE, OutcomeKind.GONE):
        stored.waiting, stored.auto_hide_due = False, False
        stored.reviewed_at, stored.reviewed_by = utcnow(), getattr(user, "email", "")
        if outcome.kind is OutcomeKind.GONE or action == "delete":
            stored.status = DELETED
        elif action in ("hide", "unhide"):
            stored.status = HIDDEN if action == "hide" else VISIBLE
    stored.note = outcome.message
    session.commit()
    if outcome.kind in (OutcomeKind.DONE, OutcomeKind.GONE) or (action == "block" and outcome.url):
        return {"outcome": outcome.kind.value, "message": outcome.message, "url": outcome.url}
    # refused or needing a reconnect: a person must act (409); the platform failing: try again (502)
    raise ActionError(409 if outcome.kind in (OutcomeKind.REJECTED, OutcomeKind.RECONNECT) else 502, outcome.message)


def _call(channel: Channel, action: str, comment: Comment) -> Outcome:
    method = {"hide": channel.hide_comment, "unhide": channel.unhide_comment, "delete": channel.delete_comment,
              "block": channel.block_author}[action]
    try:
        return method(comment)
    except Exception:
        log.exception("%s on %s raised", action, channel.name)
        return Outcome(OutcomeKind.RETRY_LATER, f"{channel.label} failed part-way. Try again in a moment.")


def _log_action(session: Session, stored: ModComment, action: str, user, outcome: Outcome) -> None:
    session.add(ModAction(comment_id=stored.id, action=action, actor_id=getattr(user, "id", None),
                          actor=getattr(user, "email", "") or "system", outcome=outcome.kind.value,
                          message=outcome.message, evidence=stored.text))
    record(session, f"moderation.{action}", actor=user, comment_id=stored.id, channel=stored.channel,
           author=stored.author_name, outcome=outcome.kind.value, message=outcome.message)


def _as_comment(stored: ModComment) -> Comment:
    return Comment(remote_id=stored.remote_id, post_remote_id=stored.post_remote_id, author_name=stored.author_name,
                   text=stored.text or "", created_at=stored.created_at, author_id=stored.author_id,
                   author_url=stored.author_url, url=stored.url, hidden=stored.status == HIDDEN)


def prune(session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Drop the text of comments (and action evidence) older than the retention period. Returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    old = session.scalars(select(ModComment).where(ModComment.created_at < cutoff, ModComment.pruned_at.is_(None)))
    count = 0
    for stored in old:
        stored.text, stored.pruned_at = None, now or utcnow()
        for action in stored.actions:
            action.evidence = None
        count += 1
    if count:
        record(session, "moderation.pruned", count=count, retention_days=retention_days)
    session.commit()
    return count


def comment_json(stored: ModComment) -> dict:
    return {
        "id": stored.id, "channel": stored.channel, "post_id": stored.post_id, "author": stored.author_name,
        "text": stored.text if stored.text is not None else "(text removed after the retention period)",
        "created_at": stored.created_at.isoformat(), "status": stored.status, "flags": list(stored.flags or []),
        "verdict": stored.verdict, "waiting": stored.waiting, "url": stored.url, "author_url": stored.author_url,
        "note": stored.note,
    }
