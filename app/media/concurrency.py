"""Run the pipeline off the event loop, at most N photos at a time in the whole process.

Decoding a photo needs tens of megabytes for a few hundred milliseconds; without a bound, a burst of
uploads (four photos from each of several teachers at once) would decode all of them together.
The gate below is a semaphore that works across event loops and threads (an asyncio.Semaphore is
tied to one loop): a waiter parks on a future of its own loop, and a slot is handed on when the
worker thread *finishes*, not when the awaiting task goes away, so a cancelled upload never lets
more decoders run than the bound.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from app.media.blur import Region
from app.media.limits import MediaLimits
from app.media.memory import keep_big_buffers_on_mmap
from app.media.queue import OTHER, photo_queue
from app.media.sanitise import CleanPhoto, sanitise_photo


class _Gate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._limit = 1
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = deque()

    @property
    def active(self) -> int:
        return self._active

    @property
    def waiting(self) -> int:
        with self._lock:
            return sum(1 for _, fut in self._waiters if not fut.done())

    async def acquire(self, limit: int) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            self._limit = max(1, limit)
            # a cancelled waiter may still be queued until its task runs: it holds no place
            self._waiters = deque(w for w in self._waiters if not w[1].done())
            if self._active < self._limit and not self._waiters:
                self._active += 1
                return
            future: asyncio.Future[None] = loop.create_future()
            self._waiters.append((loop, future))
            self._wake_locked()  # the limit may have just been raised
        try:
            await future
        except asyncio.CancelledError:
            with self._lock:
                handed_over = future.done() and not future.cancelled()
                try:
                    self._waiters.remove((loop, future))
                except ValueError:
                    pass
            if handed_over:  # the slot was ours already: pass it on
                self.release()
            raise

    def release(self) -> None:
        """Free a slot and hand it to the next live waiter. Safe to call from any thread."""
        with self._lock:
            self._active -= 1
            self._wake_locked()

    def _wake_locked(self) -> None:
        while self._active < self._limit and self._waiters:
            loop, future = self._waiters.popleft()
            if future.done() or loop.is_closed():
                continue
            try:
                loop.call_soon_threadsafe(self._hand_over, future)
            except RuntimeError:  # that loop closed just now
                continue
            self._active += 1  # counted now, so no one else can take it meanwhile

    def _hand_over(self, future: asyncio.Future[None]) -> None:
        """On the waiter's loop: wake it, or, if it was cancelled meanwhile, give the slot back."""
        if future.done():
            self.release()
        else:
            future.set_result(None)


_gate = _Gate()
keep_big_buffers_on_mmap()  # a server that decodes photos: see memory.py
T = TypeVar("T")


async def run_photo_job(job: Callable[[], T], *, concurrency: int = 2, kind: str = OTHER) -> T:
    """Run `job` (any photo work: read the upload, decode, encode, write) in a worker thread once one of
    the process's `concurrency` photo slots is free. The caller waits on the event loop holding nothing
    but its place in the queue. `kind` (queue.HEIF or OTHER) files the time taken for the queue's
    estimates."""
    await _gate.acquire(concurrency)
    loop = asyncio.get_running_loop()

    def work() -> T:
        started = time.monotonic()
        try:
            return job()
        finally:
            _gate.release()
            photo_queue.observe(kind, time.monotonic() - started)

    try:
        future = loop.run_in_executor(_photo_threads(), work)
    except BaseException:
        _gate.release()
        raise
    # Shielded: cancelling the caller must not cancel a job still queued in the executor, which
    # would then never run, and never release its slot. A late result or error is just dropped.
    future.add_done_callback(_drop_result)
    return await asyncio.shield(future)


async def sanitise_photo_async(data: bytes, limits: MediaLimits, *, concurrency: int = 2,
                               blur: list[Region] | None = None) -> CleanPhoto:
    """`sanitise_photo` in a worker thread, with at most `concurrency` running in this process
    (pass settings.photo_concurrency). Raises PhotoRejected like the sync version."""
    return await run_photo_job(lambda: sanitise_photo(data, limits, blur) if blur else sanitise_photo(data, limits),
                               concurrency=concurrency)


_threads: ThreadPoolExecutor | None = None
_threads_lock = threading.Lock()


def _photo_threads() -> ThreadPoolExecutor:
    """The photo jobs' own threads (not the loop's default executor, which others share). Only gate
    holders submit, so it never runs more jobs than the slots allow; its size is just a ceiling."""
    global _threads
    with _threads_lock:
        if _threads is None:
            _threads = ThreadPoolExecutor(max_workers=64, thread_name_prefix="tripcast-photo")
        return _threads


def _drop_result(future: asyncio.Future[CleanPhoto]) -> None:
    if not future.cancelled():
        future.exception()  # marks it retrieved: no "exception was never retrieved" noise


def gate_status() -> tuple[int, int]:
    """(running, waiting) photo jobs in this process, for health pages and tests."""
    return _gate.active, _gate.waiting
