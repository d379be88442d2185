"""Accepting a post: idempotency, the policy, then one transaction for the post and its (staged) photos.

Plain synchronous functions of a Session: `intake.py` runs them in worker threads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.log import record
from app.media.blur import Region
from app.policy import OUT_OF_HOURS_REASONS, Draft, Finding, check, in_window, next_window_start, unresolved
from app.posts.models import QUEUED, WAITING, Delivery, Post, PostPhoto
from app.posts.storage import PhotoStore
from app.roster.service import PolicyContexts

HOURS_RULE = "posting-hours"
MAX_CAPTION = 5_000  # a few thousand characters is far past X's 280 and any real Page post
MAX_NOTE = 500
FAR = timedelta(days=366)  # a written_at further back than this is a wrong clock: judge by now


class SubmitError(Exception):
    """Refused with an HTTP status, a plain-English message and (for policy) the findings."""

    def __init__(self, status: int, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.findings = findings or []


@dataclass(frozen=True)
class StagedPhoto:
    """A sanitised photo already written (and fsynced) to the photo store, not yet part of a post."""

    name: str
    content_type: str
    width: int
    height: int
    size: int
    notes: tuple[str, ...] = ()
    faces_left: int = 0  # faces the server still found after the blur (only looked for when asked to)


@dataclass
class Submission:
    text: str
    channels: list[str]
    idempotency_key: str
    photo_count: int = 0
    alt_texts: list[str] = field(default_factory=list)
    confirmations: frozenset[str] = frozenset()
    out_of_hours_reason: str | None = None
    out_of_hours_note: str = ""
    scheduled_for: datetime | None = None
    author_id: str = ""                    # the user id the phone's outbox says wrote it ("" if not sent)
    written_at: datetime | None = None     # when Post was tapped, by the server's clock as the phone knew it
    reason_used: bool = False              # out_of_hours_reason was needed when the post arrived
    blur: list[list[Region]] = field(default_factory=list)  # per photo, burnt in while sanitising
    faces: tuple[tuple[int, int] | None, ...] = ()          # per photo, (found, blurred) from the face check


NOT_YOURS = ("This post was written by another member of staff on this device; they need to sign in to send "
             "it.")
LATE_GRACE = timedelta(minutes=2)


def check_author(sub: Submission, user: User) -> None:
    """A post from a shared device's outbox goes out only under its author's own session."""
    if sub.author_id and sub.author_id != str(user.id):
        raise SubmitError(409, NOT_YOURS)


def settle_schedule(sub: Submission, now: datetime) -> None:
    """A scheduled time that has passed.

    The phone only ever schedules for the next opening of the posting window, so a time already past when
    the post was written (by its written_at, or now when the client sends none) is a mistake: refused.
    One that was in the future when written but passed while the phone had no signal is dropped: the post
    is then judged as arriving now (out of posting hours it is held until the window opens), and never
    shown as "Scheduled for" a time gone by."""
    if sub.scheduled_for is None or sub.scheduled_for > now - LATE_GRACE:
        return
    written = sub.written_at if sub.written_at and now - FAR <= sub.written_at <= now + LATE_GRACE else now
    if sub.scheduled_for < written - LATE_GRACE:
        local = sub.scheduled_for.strftime("%a %d %b %H:%M")
        raise SubmitError(422, f"The post is scheduled for {local}, which has already passed. Choose a time to "
                               "come, or post it now.")
    sub.scheduled_for = None


def find_existing(db: Session, user: User, key: str) -> Post | None:
    return db.scalar(select(Post).where(Post.author_id == user.id, Post.idempotency_key == key))


MAX_ALT_TEXT = 1000  # X's limit for a photo description


def validate_shape(sub: Submission, photo_count: int, configured: list[str], max_photos: int) -> None:
    try:
        uuid.UUID(sub.idempotency_key)
    except (ValueError, AttributeError, TypeError) as exc:
        raise SubmitError(
            422, "The post is missing its idempotency key (a UUID made by the app). Reload and try again."
        ) from exc
    if photo_count > max_photos:
        raise SubmitError(413, f"A post can carry at most {max_photos} photos; this one has {photo_count}.")
    described = [a for a in sub.alt_texts if a.strip()]
    if len(sub.alt_texts) > photo_count and len(described) > photo_count:
        raise SubmitError(422, f"{len(described)} photo descriptions were sent for {photo_count} "
                               f"photo{'' if photo_count == 1 else 's'}. Send one description per photo.")
    for number, alt in enumerate(sub.alt_texts[:photo_count], start=1):
        if len(alt.strip()) > MAX_ALT_TEXT:
            raise SubmitError(422, f"The description of photo {number} is {len(alt.strip()):,} characters; "
                                   f"X allows at most {MAX_ALT_TEXT:,}. Shorten it.")
    unknown = [c for c in sub.channels if c not in configured]
    if unknown:
        names = ", ".join(configured) or "none"
        raise SubmitError(422, f"{', '.join(unknown)} is not set up here. Channels you can use: {names}.")
    if not sub.channels:
        raise SubmitError(422, "Choose at least one channel to post to.")
    if sub.out_of_hours_reason and sub.out_of_hours_reason not in OUT_OF_HOURS_REASONS:
        raise SubmitError(422, f"'{sub.out_of_hours_reason}' is not one of the out-of-hours reasons.")
    if len(sub.text) > MAX_CAPTION:
        raise SubmitError(422, f"The caption is far too long: {len(sub.text):,} characters, at most {MAX_CAPTION:,}.")
    if len(sub.out_of_hours_note) > MAX_NOTE:
        raise SubmitError(422, f"The out-of-hours note is too long: at most {MAX_NOTE} characters.")


def judge(sub: Submission, db: Session, user: User, contexts: PolicyContexts, now: datetime):
    """Run the policy. Returns (hold_until, findings). Raises SubmitError(422) when something must be fixed.

    Outside posting hours with no reason given, the post is not refused: it is held until the next
    posting window (a post queued on the phone is judged by when it reaches us, never sent out of hours)."""
    alt = tuple((sub.alt_texts + [""] * sub.photo_count)[: sub.photo_count])
    draft = Draft(
        text=sub.text, photo_count=sub.photo_count, channels=tuple(sub.channels), alt_texts=alt,
        confirmations=sub.confirmations, out_of_hours_reason=sub.out_of_hours_reason or None,
        out_of_hours_note=sub.out_of_hours_note, scheduled_for=sub.scheduled_for, faces=sub.faces,
    )
    ctx = contexts.for_user(db, user, now)
    findings = check(draft, ctx)
    open_findings = unresolved(findings, sub.confirmations)
    # A reason sent inside posting hours (a trip leader's phone always sends it) was not used. It is still
    # kept on the post, so a delivery that only goes out after the window closes is not held overnight.
    sub.reason_used = bool(sub.out_of_hours_reason) and not in_window(sub.scheduled_for or now, ctx.window)
    hold_until = None
    if not sub.out_of_hours_reason and [f.rule for f in open_findings if f.rule == HOURS_RULE]:
        hold_until = next_window_start(sub.scheduled_for or now, ctx.window)
        open_findings = [f for f in open_findings if f.rule != HOURS_RULE]
    if open_findings:
        raise SubmitError(422, summary(open_findings), findings)
    return hold_until, findings


def summary(findings: list[Finding]) -> str:
    blocks = [f for f in findings if f.severity == "block"]
    confirms = [f for f in findings if f.severity != "block"]
    parts = []
    if blocks:
        parts.append("Fix before posting: " + " ".join(f.message for f in blocks))
    if confirms:
        parts.append("Tick to confirm: " + " ".join(f.message for f in confirms))
    return " ".join(parts)


def store(
    db: Session, store: PhotoStore, user: User, sub: Submission, post_id: str, photos: list[StagedPhoto],
    findings: list[Finding], hold_until: datetime | None, now: datetime, tz,
) -> Post:
    """One transaction for the post whose photo files are already on disk (staged under `post_id`);
    on any failure the files are removed again."""
    try:
        alt = [(sub.alt_texts[i] if i < len(sub.alt_texts) else "").strip() for i in range(len(photos))]
        notes = sorted({note for photo in photos for note in photo.notes})
        post = Post(
            id=post_id, author_id=user.id, idempotency_key=sub.idempotency_key, text=sub.text, alt_texts=alt,
            confirmations=sorted(sub.confirmations), out_of_hours_reason=sub.out_of_hours_reason or None,
            out_of_hours_note=sub.out_of_hours_note.strip()[:200], scheduled_for=sub.scheduled_for,
            photo_notes=notes, created_at=now,
        )
        post.photos = [
            PostPhoto(position=i, file_name=p.name, content_type=p.content_type, width=p.width, height=p.height,
                      size=p.size)
            for i, p in enumerate(photos)
        ]
        start_at = sub.scheduled_for if sub.scheduled_for and sub.scheduled_for > now else None
        start_at = max(filter(None, [start_at, hold_until]), default=None)
        post.deliveries = [
            Delivery(channel=c, status=WAITING if start_at else QUEUED, next_attempt_at=start_at,
                     message=_waiting_message(start_at, hold_until, tz) if start_at else "")
            for c in sub.channels
        ]
        db.add(post)
        confirmed = sorted({f.rule for f in findings if f.severity == "confirm" and f.rule in sub.confirmations})
        record(db, "post.submitted", actor=user, post_id=post_id, channels=sub.channels, photo_count=len(photos),
               text=sub.text[:280], confirmed=confirmed,
               out_of_hours_reason=sub.out_of_hours_reason if sub.reason_used else None,
               out_of_hours_note=post.out_of_hours_note if sub.reason_used else "",
               reason_if_late=None if sub.reason_used else sub.out_of_hours_reason,
               scheduled_for=_iso(sub.scheduled_for),
               held_until=_iso(hold_until), faces=face_audit(sub))
        db.commit()
        return post
    except BaseException:
        db.rollback()
        for photo in photos:
            store.delete(photo.name)
        raise


def face_audit(sub: Submission) -> list[dict]:
    """Per photo: faces the face check found and blurred (as the phone reported) and the regions the server
    blurred. Counts only, never pixels or positions."""
    counts = list(sub.faces) + [None] * (len(sub.blur) - len(sub.faces))
    return [{"faces_found": c[0] if c else None, "faces_blurred": c[1] if c else None, "regions_blurred": len(r)}
            for c, r in zip(counts, sub.blur, strict=False)]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _waiting_message(start_at: datetime, hold_until: datetime | None, tz) -> str:
    when = start_at.astimezone(tz).strftime("%a %d %b %H:%M")
    if hold_until and start_at == hold_until:
        return f"Outside posting hours: waiting until {when}."
    return f"Scheduled for {when}."


def is_duplicate_key_error(exc: IntegrityError) -> bool:
    return "uq_posts_author_key" in str(exc.orig) or "idempotency_key" in str(exc.orig)
