"""The bounded photo queue: posts are admitted whole, up to the limit, and told how long to wait past it;
photo jobs run in worker threads through the slots."""

from __future__ import annotations

import asyncio
import threading

from app.media import concurrency
from app.media.concurrency import run_photo_job
from app.media.queue import MAX_RETRY_SECONDS, MAX_WAIT_SECONDS, MIN_RETRY_SECONDS, PhotoQueue


def test_posts_are_admitted_whole_up_to_the_limit():
    queue = PhotoQueue()
    assert queue.try_enter(4, 10) and queue.try_enter(4, 10)
    assert not queue.try_enter(4, 10)  # 12 would pass the limit: the whole post waits, none of its photos
    assert queue.held == 8
    assert queue.try_enter(2, 10)
    queue.leave(4)
    assert queue.try_enter(4, 10) and queue.held == 10


def test_an_empty_queue_takes_a_post_bigger_than_the_limit():
    queue = PhotoQueue()
    assert queue.try_enter(4, 2)
    assert not queue.try_enter(1, 2)
    queue.leave(4)
    assert queue.held == 0


def test_retry_after_grows_with_the_photos_ahead_and_stays_within_bounds():
    queue = PhotoQueue()
    for _ in range(30):
        queue.observe(2.0)  # the slots have been taking about 2 s a photo
    assert queue.retry_after(2) == MIN_RETRY_SECONDS  # nothing held
    queue.try_enter(40, 100)
    assert queue.retry_after(2) > queue.retry_after(4) > MIN_RETRY_SECONDS
    assert queue.try_enter(10_000, 100_000, concurrency=1000)
    assert queue.retry_after(1) == MAX_RETRY_SECONDS


def test_photo_jobs_run_in_worker_threads_and_free_their_slot():
    loop_thread: list[int] = []

    async def main():
        loop_thread.append(threading.get_ident())
        return await asyncio.gather(*(run_photo_job(threading.get_ident, concurrency=2) for _ in range(5)))

    threads = asyncio.run(main())
    assert loop_thread[0] not in threads
    assert concurrency.gate_status() == (0, 0)


def test_a_post_that_would_wait_too_long_is_turned_away():
    queue = PhotoQueue()
    for _ in range(30):
        queue.observe(10.0)  # slow photos: 10 s each
    assert queue.try_enter(4, 120, concurrency=2)  # 20 s of work ahead
    assert queue.try_enter(4, 120, concurrency=2)  # 40 s
    taken = 8
    while queue.try_enter(4, 120, concurrency=2):
        taken += 4
    assert taken * 10 / 2 <= MAX_WAIT_SECONDS < (taken + 4) * 10 / 2
    assert taken < 120  # the time bound, not the count, turned it away
