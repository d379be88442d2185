"""The bound on photos a process holds for processing, and how long a phone is asked to wait past it.

A post's photos wait for one of the photo slots (`concurrency.py`) in their upload spool files: on disk,
apart from the first megabyte of each (Starlette's spool threshold), so a waiting photo costs at most
about 1 MB of memory, and the decoding, which costs tens of megabytes, is bounded by the slots. The
queue below bounds the number of waiting photos, so memory stays bounded however many posts arrive at
once, and the wait: a phone gives up on an upload after 180 s (outbox-ui.js), and sends every photo
again, so a post that would wait longer than `max_wait` (TRIPCAST_PHOTO_QUEUE_MAX_WAIT) for its photos
to be done is better told to come back. The wait is estimated per kind of photo, from what the slots
measured lately: a 12 MP HEIC takes several times as long as a JPEG (no decoding at a smaller scale).
Past either bound a post is answered 503 with a Retry-After of the estimated work ahead of it. Phones
keep such a post and send it again.
"""

from __future__ import annotations

import math
import threading

MAX_WAIT_SECONDS = 90.0
MIN_RETRY_SECONDS = 5
MAX_RETRY_SECONDS = 300
HEIF = "heif"
OTHER = "other"
# First guesses (seconds per photo in one slot), replaced by what the slots measure.
FIRST_GUESS = {HEIF: 2.0, OTHER: 0.5}
WEIGHT_OF_LATEST = 0.3


def kind_of(head: bytes) -> str:
    """HEIF (HEIC/AVIF: an ISO media file, `ftyp` at byte 4) or anything else, from a file's first bytes."""
    return HEIF if head[4:8] == b"ftyp" else OTHER


class PhotoQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held = 0
        self._held_seconds = 0.0
        self._seconds = dict(FIRST_GUESS)

    @property
    def held(self) -> int:
        return self._held

    def estimate(self, kinds: list[str]) -> float:
        """Seconds of slot time for photos of these kinds, at the recent pace."""
        with self._lock:
            return sum(self._seconds.get(k, self._seconds[OTHER]) for k in kinds)

    def try_enter(self, kinds: list[str], limit: int, concurrency: int = 1,
                  max_wait: float = MAX_WAIT_SECONDS) -> float | None:
        """Take places for a post's photos (one kind each); returns the slot time taken (give it back to
        `leave`), or None when the photos would pass `limit`, or would wait more than `max_wait` seconds
        for all of them to be done with `concurrency` slots. An empty queue always takes a post, so
        neither bound can shut posting out."""
        cost = self.estimate(kinds)
        with self._lock:
            if self._held:
                wait = (self._held_seconds + cost) / max(1, concurrency)
                if self._held + len(kinds) > limit or wait > max_wait:
                    return None
            self._held += len(kinds)
            self._held_seconds += cost
            return cost

    def leave(self, photos: int, cost: float) -> None:
        with self._lock:
            self._held = max(0, self._held - photos)
            self._held_seconds = max(0.0, self._held_seconds - cost) if self._held else 0.0

    def observe(self, kind: str, seconds: float) -> None:
        """One photo job of `kind` took `seconds` in its slot (called from the worker thread)."""
        with self._lock:
            old = self._seconds.get(kind, self._seconds[OTHER])
            self._seconds[kind] = (1 - WEIGHT_OF_LATEST) * old + WEIGHT_OF_LATEST * max(0.0, seconds)

    def retry_after(self, concurrency: int) -> int:
        """Whole seconds until the photos held now should be done."""
        with self._lock:
            estimate = self._held_seconds / max(1, concurrency)
        return min(MAX_RETRY_SECONDS, max(MIN_RETRY_SECONDS, math.ceil(estimate)))


photo_queue = PhotoQueue()
