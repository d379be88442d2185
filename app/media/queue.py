"""The bound on photos a process holds for processing, and how long a phone is asked to wait past it.

A post's photos wait for one of the photo slots (`concurrency.py`) in their upload spool files: on disk,
apart from the first megabyte of each (Starlette's spool threshold), so a waiting photo costs at most
about 1 MB of memory, and the decoding, which costs tens of megabytes, is bounded by the slots. The
queue below bounds the number of waiting photos, so memory stays bounded however many posts arrive at
once, and the wait: a phone gives up on an upload after 180 s (outbox-ui.js), and sends every photo
again, so a post that would wait longer than `max_wait` (TRIPCAST_PHOTO_QUEUE_MAX_WAIT) for its photos
to be done is better told to come back. Past either bound a post is answered 503 with a Retry-After
estimated from the photos ahead of it and the recent time per photo. Phones keep such a post and send
it again.
"""

from __future__ import annotations

import math
import threading

MAX_WAIT_SECONDS = 100
MIN_RETRY_SECONDS = 5
MAX_RETRY_SECONDS = 300


class PhotoQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held = 0
        self._seconds_per_photo = 0.5  # a first guess; replaced by what the slots measure

    @property
    def held(self) -> int:
        return self._held

    def try_enter(self, photos: int, limit: int, concurrency: int = 1, max_wait: float = MAX_WAIT_SECONDS) -> bool:
        """Take places for a post's `photos`; False when that would pass `limit`, or when they would wait
        more than `max_wait` seconds at the recent pace with `concurrency` slots. An empty queue always
        takes a post, so neither bound can shut posting out."""
        with self._lock:
            if self._held:
                wait = (self._held + photos) * self._seconds_per_photo / max(1, concurrency)
                if self._held + photos > limit or wait > max_wait:
                    return False
            self._held += photos
            return True

    def leave(self, photos: int) -> None:
        with self._lock:
            self._held = max(0, self._held - photos)

    def observe(self, seconds: float) -> None:
        """One photo job took `seconds` (called from the worker thread)."""
        with self._lock:
            self._seconds_per_photo = 0.8 * self._seconds_per_photo + 0.2 * max(0.0, seconds)

    def retry_after(self, concurrency: int) -> int:
        """Whole seconds until the photos held now should be done."""
        with self._lock:
            estimate = self._held * self._seconds_per_photo / max(1, concurrency)
        return min(MAX_RETRY_SECONDS, max(MIN_RETRY_SECONDS, math.ceil(estimate)))


photo_queue = PhotoQueue()
