"""A post's overall status from its deliveries, and the JSON the API and the phone see.

What a person may do (`can_retry`, `can_cancel`, `can_take_down`) comes from the state machine in
app/posts/lifecycle.py; the page and the phone show the buttons these flags allow and never work it out
themselves."""

from __future__ import annotations

from datetime import datetime

from app.channels.models import CHANNEL_LABELS
from app.policy import OUT_OF_HOURS_REASONS
from app.posts import lifecycle
from app.posts.models import (
    NEEDS_RECONNECT,
    PUBLISHED,
    QUEUED,
    REJECTED,
    REMOVED,
    REMOVING,
    SENDING,
    UNKNOWN,
    WAITING,
    Delivery,
    Post,
)

NEEDS_PERSON = (NEEDS_RECONNECT, REJECTED, UNKNOWN)


def post_status(post: Post, now: datetime) -> str:
    states = [d.status for d in post.deliveries]
    if post.cancelled_at is not None:
        return "cancelled"
    if REMOVING in states:
        return "removing"
    if states and all(s == REMOVED for s in states):
        return "removed"
    if states and all(s == PUBLISHED for s in states):
        return "published"
    if PUBLISHED in states:
        return "partly_published"
    if any(s in NEEDS_PERSON for s in states) and not any(s in (QUEUED, SENDING) for s in states):
        return "needs_attention"
    if SENDING in states:
        return "sending"
    if post.scheduled_for and post.scheduled_for > now and all(s in (WAITING, QUEUED) for s in states):
        return "scheduled"
    if states and all(s == WAITING for s in states):
        return "waiting"
    return "queued"


def delivery_json(delivery: Delivery, post: Post) -> dict:
    return {
        "channel": delivery.channel,
        "label": CHANNEL_LABELS.get(delivery.channel, delivery.channel),
        "status": delivery.status,
        "url": delivery.url,
        "message": delivery.message,
        "next_attempt_at": delivery.next_attempt_at.isoformat() if delivery.next_attempt_at else None,
        "published_at": delivery.published_at.isoformat() if delivery.published_at else None,
        "can_retry": lifecycle.can_retry(delivery, post),
        "can_take_down": lifecycle.can_take_down(delivery),
    }


def post_json(post: Post, now: datetime) -> dict:
    status = post_status(post, now)
    return {
        "id": post.id,
        "status": status,
        "text": post.text,
        "author": post.author.display_name if post.author else "",
        "created_at": post.created_at.isoformat(),
        "scheduled_for": post.scheduled_for.isoformat() if post.scheduled_for else None,
        "photo_count": len(post.alt_texts),
        "photo_notes": post.photo_notes,
        "photos_purged": post.photos_purged,
        "out_of_hours_reason": post.out_of_hours_reason,
        "out_of_hours_label": OUT_OF_HOURS_REASONS.get(post.out_of_hours_reason or "", ""),
        "out_of_hours_note": post.out_of_hours_note,
        "can_cancel": lifecycle.can_cancel(post),
        "deliveries": [delivery_json(d, post) for d in post.deliveries],
    }
