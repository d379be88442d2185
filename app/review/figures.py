"""Everything the trial review shows, computed for a range of local dates (both ends included).

Weeks start on Monday in the school's time zone, so a post at 00:30 on a Monday in British Summer Time falls
in that week, not the one before. All inputs come from the database; nothing here renders.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.channels.models import CHANNEL_LABELS
from app.policy import OUT_OF_HOURS_REASONS
from app.posts.models import PUBLISHED, Delivery, Post, PostPhoto

TRIAL_MONTHS = 6
ENDED_BADLY = ("rejected", "unknown", "needs_reconnect", "cancelled")


@dataclass
class Review:
    start: date
    end: date
    weeks: list[dict] = field(default_factory=list)          # {"week": "2026-11-23", "x": 2, ...}
    channels: list[str] = field(default_factory=list)
    out_of_hours: list[dict] = field(default_factory=list)   # {"reason", "label", "count", "notes": [...]}
    stopped: dict[str, int] = field(default_factory=dict)    # rule -> attempts the policy stopped
    confirmed: dict[str, int] = field(default_factory=dict)  # rule -> confirmations ticked
    publish_seconds: dict = field(default_factory=dict)      # {"count", "median", "slowest"}
    failures: list[dict] = field(default_factory=list)       # {"post_id", "channel", "status", "message", ...}
    retried_then_published: int = 0
    after_posting: dict[str, int] = field(default_factory=dict)  # take-downs and moderation actions by event
    photos: dict = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)         # {"name", "posts"}

    def as_json(self) -> dict:
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(), "channels": self.channels,
            "posts_per_week": self.weeks,
            "posts_by_channel": {c: sum(w.get(c, 0) for w in self.weeks) for c in self.channels},
            "out_of_hours_by_reason": self.out_of_hours, "stopped_by_rule": self.stopped,
            "confirmed_by_rule": self.confirmed, "time_to_publish_seconds": self.publish_seconds,
            "failed_deliveries": self.failures, "retried_then_published": self.retried_then_published,
            "after_posting": self.after_posting, "photos": self.photos, "posters": self.people,
        }


def local_bounds(start: date, end: date, tz) -> tuple[datetime, datetime]:
    """Local midnight at the start of `start` and after the end of `end`, as aware instants (DST-correct)."""
    return datetime.combine(start, time(), tzinfo=tz), datetime.combine(end + timedelta(days=1), time(), tzinfo=tz)


def week_of(moment: datetime, tz) -> date:
    local = moment.astimezone(tz).date()
    return local - timedelta(days=local.weekday())


def default_range(db: Session, tz, today: date, trial_start: date | None) -> tuple[date, date]:
    """The trial's six months, from the start date setting or else the first post, up to today at most."""
    if trial_start is None:
        first = db.scalar(select(func.min(Post.created_at)))
        trial_start = first.astimezone(tz).date() if first else today
    month = trial_start.month - 1 + TRIAL_MONTHS
    year = trial_start.year + month // 12
    month = month % 12 + 1
    try:
        end = trial_start.replace(year=year, month=month) - timedelta(days=1)
    except ValueError:  # 31 August + 6 months: the last day of February
        end = date(year, month, 1) + timedelta(days=31)
        end = end.replace(day=1) - timedelta(days=1)
    return trial_start, min(end, max(today, trial_start))


def _events(db: Session, lo: datetime, hi: datetime, *names: str, prefix: str = "") -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.at >= lo, AuditEvent.at < hi).order_by(AuditEvent.id)
    if names:
        stmt = stmt.where(AuditEvent.event.in_(names))
    if prefix:
        stmt = stmt.where(AuditEvent.event.like(prefix.replace("%", r"\%") + "%", escape="\\"))
    return list(db.scalars(stmt))


def build_review(db: Session, start: date, end: date, tz, now: datetime) -> Review:
    lo, hi = local_bounds(start, end, tz)
    review = Review(start, end)
    submitted = _events(db, lo, hi, "post.submitted")
    by_post = {e.details.get("post_id"): e.details for e in submitted}

    # Posts per week by channel (by when each delivery was published)
    published = db.scalars(select(Delivery).where(Delivery.status.in_((PUBLISHED, "removing", "removed")),
                                                  Delivery.published_at >= lo, Delivery.published_at < hi)).all()
    weekly: dict[date, Counter] = defaultdict(Counter)
    for delivery in published:
        weekly[week_of(delivery.published_at, tz)][delivery.channel] += 1
    review.channels = sorted({d.channel for d in published}, key=lambda c: list(CHANNEL_LABELS).index(c)
                             if c in CHANNEL_LABELS else 99)
    week = week_of(lo, tz)
    while week <= end:
        review.weeks.append({"week": week.isoformat(), **{c: weekly[week].get(c, 0) for c in review.channels}})
        week += timedelta(days=7)

    # Out of hours: reasons actually used, with their notes
    reasons: dict[str, list[str]] = defaultdict(list)
    for details in by_post.values():
        if details.get("out_of_hours_reason"):
            reasons[details["out_of_hours_reason"]].append(details.get("out_of_hours_note") or "")
    review.out_of_hours = [
        {"reason": r, "label": OUT_OF_HOURS_REASONS.get(r, r), "count": len(notes), "notes": [n for n in notes if n]}
        for r, notes in sorted(reasons.items(), key=lambda kv: -len(kv[1]))]

    # What the policy stopped, and what people confirmed
    stopped: Counter = Counter()
    for event in _events(db, lo, hi, "post.blocked"):
        stopped.update(event.details.get("rules") or [])
    review.stopped = dict(stopped.most_common())
    confirmed: Counter = Counter()
    for details in by_post.values():
        confirmed.update(details.get("confirmed") or [])
    review.confirmed = dict(confirmed.most_common())

    # Time from Post to published (from when it was allowed to go: a schedule or a posting-hours hold)
    posts = {p.id: p for p in db.scalars(select(Post).where(Post.created_at >= lo, Post.created_at < hi))}
    waits = []
    for delivery in published:
        post = posts.get(delivery.post_id)
        if post is None:
            continue
        held = by_post.get(post.id, {}).get("held_until")
        allowed = max(filter(None, [post.created_at, post.scheduled_for,
                                    datetime.fromisoformat(held) if held else None]))
        waits.append(max(0.0, (delivery.published_at - allowed).total_seconds()))
    if waits:
        review.publish_seconds = {"count": len(waits), "median": round(statistics.median(waits), 1),
                                  "slowest": round(max(waits), 1)}

    # Failed deliveries and how each ended
    for post in posts.values():
        for delivery in post.deliveries:
            if delivery.status in ENDED_BADLY:
                review.failures.append({
                    "post_id": post.id, "when": post.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    "channel": CHANNEL_LABELS.get(delivery.channel, delivery.channel), "status": delivery.status,
                    "attempts": delivery.attempts, "message": delivery.message})
            elif delivery.status == PUBLISHED and delivery.attempts > 1:
                review.retried_then_published += 1

    # After posting: take-downs and moderation (whatever of those the log holds)
    after: Counter = Counter()
    for event in _events(db, lo, hi, prefix="moderation.") + _events(db, lo, hi, prefix="post.take"):
        after[event.event] += 1
    review.after_posting = dict(after.most_common())

    # Photos
    purged_posts = [p for p in posts.values() if p.photos_purged and p.alt_texts]
    stays = [(p.photos_purged_at - p.created_at).total_seconds() for p in purged_posts if p.photos_purged_at]
    waiting = db.execute(select(func.count(PostPhoto.id), func.min(Post.created_at)).join(Post)).one()
    review.photos = {
        "received": sum(int(d.get("photo_count") or 0) for d in by_post.values()),
        "purged": sum(len(p.alt_texts) for p in purged_posts),
        "longest_stay_hours": round(max(stays) / 3600, 1) if stays else None,
        "on_server_now": waiting[0],
        "oldest_on_server_hours": round((now - waiting[1]).total_seconds() / 3600, 1) if waiting[1] else None,
    }

    # Who posted, and how often
    people = Counter(p.author.display_name if p.author else "(removed account)" for p in posts.values())
    review.people = [{"name": n, "posts": c} for n, c in people.most_common()]
    return review
