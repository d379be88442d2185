"""Accepting a post without blocking the event loop or holding a database connection while photos wait.

The route has already parsed the multipart form asynchronously (Starlette spools each file to disk past
1 MB) and looked up the signed-in user with a session it closed at once. From there:

1. shape checks, no database;
2. worker thread, short session: an earlier post with the same idempotency key is answered as it is;
3. worker thread, short session: the policy (a refusal is audited and committed there);
4. a place in the bounded photo queue (bounded in photos and in expected wait), or 503 with Retry-After
   (`app.media.queue`);
5. each photo, in one of the process's photo slots: read from its spool file, sanitised, written and
   fsynced into the photo store under the new post's id (so only the slots ever hold photo bytes); when the
   consent question was skipped because the phone said every face was blurred, the server looks for faces
   in the blurred result itself and refuses the post (the consent question, with the photo named) if any
   is still clear: the phone's face counts are never simply trusted;
6. worker thread, short session: one transaction for the post; on any failure the files go again.

A database connection is only ever held inside steps 2, 3 and 6, never across the upload, the wait for a
photo slot or the photo work.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import datetime
from typing import Any, BinaryIO

from PIL import Image
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.accounts.models import User
from app.audit.log import record
from app.db import Database, utcnow
from app.media import MediaLimits, PhotoRejected, sanitise_photo
from app.media.blur import Region
from app.media.concurrency import run_photo_job
from app.media.faces import detect_faces
from app.media.limits import describe_bytes
from app.media.queue import kind_of, photo_queue
from app.policy import CONFIRM, Finding, policy_text, unresolved
from app.posts.status import post_json
from app.posts.storage import PhotoStore
from app.posts.submit import (
    StagedPhoto,
    Submission,
    SubmitError,
    check_author,
    find_existing,
    is_duplicate_key_error,
    judge,
    settle_schedule,
    store,
    validate_shape,
)


class Busy(SubmitError):
    """The photo queue is full: 503, and when to try again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(503, "The server is busy with other staff's photos right now. The post is safe on this "
                              f"phone and will be sent again in about {retry_after} seconds.")
        self.retry_after = retry_after


async def accept_post(state: Any, settings: Any, user: User, sub: Submission,
                      uploads: list[UploadFile]) -> tuple[int, dict]:
    """(HTTP status, post JSON): 202 for a new post, 200 for one already accepted with this key.
    Raises SubmitError (or Busy) for anything refused."""
    check_author(sub, user)
    sub.photo_count = len(uploads)
    if sub.idempotency_key:
        found = await run_in_threadpool(_existing_json, state.db, user, sub.idempotency_key)
        if found is not None:
            return 200, found
    validate_shape(sub, len(uploads), list(state.channels), settings.upload_max_photos)
    now = state.clock()
    settle_schedule(sub, now)
    for number, upload in enumerate(uploads, start=1):
        if (upload.size or 0) > settings.upload_max_bytes:
            raise SubmitError(413, f"Photo {number} ({upload.filename}) is larger than "
                                   f"{describe_bytes(settings.upload_max_bytes)}. Choose a smaller photo.")
    hold_until, findings = await run_in_threadpool(_judge, state.db, user, sub, state.contexts, now)

    post_id = uuid.uuid4().hex
    staged: list[StagedPhoto] = []
    if uploads:
        kinds = [kind_of(_head(u.file)) for u in uploads]
        cost = photo_queue.try_enter(kinds, settings.photo_queue_max, settings.photo_concurrency,
                                     settings.photo_queue_max_wait)
        if cost is None:
            raise Busy(photo_queue.retry_after(settings.photo_concurrency))
        # The consent question was not asked (the phone said every face was blurred): check that it is so.
        recheck = "consent" not in sub.confirmations
        try:
            staged = await _stage_all(uploads, kinds, MediaLimits.from_settings(settings), state.photo_store,
                                      post_id, settings.photo_concurrency, sub.blur, recheck)
        finally:
            photo_queue.leave(len(uploads), cost)
        if any(p.faces_left for p in staged):
            await run_in_threadpool(_refuse_clear_faces, state.db, state.photo_store, user, sub, staged)
    return await run_in_threadpool(_store, state.db, state.photo_store, user, sub, post_id, staged, findings,
                                   hold_until, now, settings.tz)


# --- worker-thread steps, each with a short session of its own ----------------------------------------------


def _existing_json(database: Database, user: User, key: str) -> dict | None:
    with database.session() as db:
        existing = find_existing(db, user, key)
        return post_json(existing, utcnow()) if existing is not None else None


def _judge(database: Database, user: User, sub: Submission, contexts, now: datetime):
    with database.session() as db:
        try:
            return judge(sub, db, user, contexts, now)
        except SubmitError as exc:
            record(db, "post.blocked", actor=user, rules=sorted({f.rule for f in unresolved(exc.findings,
                                                                                            sub.confirmations)}),
                   channels=sub.channels, photo_count=sub.photo_count)
            db.commit()
            raise


def _refuse_clear_faces(database: Database, photo_store: PhotoStore, user: User, sub: Submission,
                        staged: list[StagedPhoto]) -> None:
    """The phone said every face was blurred, but the blurred photos still show some: the consent question."""
    for photo in staged:
        photo_store.delete(photo.name)
    where = [f"{p.faces_left} in photo {n}" for n, p in enumerate(staged, start=1) if p.faces_left]
    total = sum(p.faces_left for p in staged)
    message = (f"Tripcast still found {total} face{'' if total == 1 else 's'} that {'is' if total == 1 else 'are'} "
               f"not blurred ({', '.join(where)}). Blur {'it' if total == 1 else 'them'} too, or confirm that every "
               "child who can be clearly recognised has photo consent from a parent, guardian or carer.")
    finding = Finding(rule="consent", severity=CONFIRM, message=message, policy=policy_text.CONSENT,
                      data={"faces_left": [p.faces_left for p in staged]})
    with database.session() as db:
        record(db, "post.blocked", actor=user, rules=["consent"], channels=sub.channels,
               photo_count=sub.photo_count)
        db.commit()
    raise SubmitError(422, message, [finding])


def _store(database: Database, photo_store: PhotoStore, user: User, sub: Submission, post_id: str,
           staged: list[StagedPhoto], findings: list[Finding], hold_until, now: datetime, tz) -> tuple[int, dict]:
    with database.session() as db:
        try:
            post = store(db, photo_store, user, sub, post_id, staged, findings, hold_until, now, tz)
        except IntegrityError as exc:  # the same key raced in twice: answer with the first
            if not is_duplicate_key_error(exc):
                raise
            return 200, post_json(find_existing(db, user, sub.idempotency_key), utcnow())
        return 202, post_json(post, utcnow())


# --- photos: spool file -> photo slot -> photo store ---------------------------------------------------------


def _stage_one(source: BinaryIO, limits: MediaLimits, photo_store: PhotoStore, post_id: str,
               position: int, blur: list[Region] | None = None, recheck: bool = False) -> StagedPhoto:
    """In a photo slot: read the spooled upload, sanitise it (burning in any blur regions), write the clean copy
    (fsynced). With `recheck`, count the faces still clear in what will be published."""
    source.seek(0)
    data = source.read(limits.max_bytes + 1)
    clean = sanitise_photo(data, limits, blur or None)
    del data
    left = _clear_faces(clean.data, blur or []) if recheck else 0
    name = photo_store.save(post_id, position, clean.data, clean.content_type)
    return StagedPhoto(name=name, content_type=clean.content_type, width=clean.width, height=clean.height,
                       size=len(clean.data), notes=clean.notes, faces_left=left)


# Only a face the detector is sure of refuses a post here: a false box (a hand, a pan: about 0.07 a photo at the
# detector's own threshold, scoring 0.6-0.7) must not stop a teacher who blurred every face. Clear faces score 0.9.
RECHECK_SCORE = 0.8


def _clear_faces(data: bytes, regions: list[Region]) -> int:
    """Faces the detector is sure of in the published photo whose centre is not under a blur region."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (image.width // 2, image.height // 2))  # JPEG: decode at half size, enough to find faces
        found = detect_faces(image.convert("RGB"))
    return sum(1 for f in found if f.score >= RECHECK_SCORE and not any(
        r.x <= f.x + f.w / 2 <= r.x + r.w and r.y <= f.y + f.h / 2 <= r.y + r.h for r in regions))


def _head(source: BinaryIO) -> bytes:
    """A spooled upload's first bytes (from memory or the page cache: no real I/O on the loop)."""
    source.seek(0)
    head = source.read(12)
    source.seek(0)
    return head


async def _stage_all(uploads: list[UploadFile], kinds: list[str], limits: MediaLimits, photo_store: PhotoStore,
                     post_id: str, concurrency: int, blur: list[list[Region]] | None = None,
                     recheck: bool = False) -> list[StagedPhoto]:
    regions = blur or []
    jobs = [
        run_photo_job(lambda u=upload, i=position: _stage_one(u.file, limits, photo_store, post_id, i,
                                                              regions[i] if i < len(regions) else None, recheck),
                      concurrency=concurrency, kind=kind)
        for position, (upload, kind) in enumerate(zip(uploads, kinds, strict=True))
    ]
    results = await asyncio.gather(*jobs, return_exceptions=True)
    staged = [r for r in results if isinstance(r, StagedPhoto)]
    failed = [(n, r) for n, r in enumerate(results, start=1) if isinstance(r, BaseException)]
    if not failed:
        return staged
    await run_in_threadpool(lambda: [photo_store.delete(p.name) for p in staged])
    number, exc = failed[0]
    if isinstance(exc, PhotoRejected):
        name = uploads[number - 1].filename
        label = f"Photo {number}" + (f" ({name})" if name else "")
        raise SubmitError(exc.status_code, f"{label}: {exc.message}") from exc
    raise exc
