"""The bounded photo queue: posts are admitted whole, up to the limit in photos and in expected wait, and told
how long to wait past it; photo jobs run in worker threads through the slots."""

from __future__ import annotations

import asyncio
import threading

from app.media import concurrency
from app.media.concurrency import run_photo_job
from app.media.queue import HEIF, MAX_RETRY_SECONDS, MIN_RETRY_SECONDS, OTHER, PhotoQueue, kind_of
from tests.conftest import SHARED

JPEGS = [OTHER] * 4


def test_posts_are_admitted_whole_up_to_the_limit():
    queue = PhotoQueue()
    first, second = queue.try_enter(JPEGS, 10), queue.try_enter(JPEGS, 10)
    assert first and second
    assert queue.try_enter(JPEGS, 10) is None  # 12 would pass the limit: the whole post waits, none of its photos
    assert queue.held == 8
    assert queue.try_enter([OTHER, OTHER], 10)
    queue.leave(4, first)
    assert queue.try_enter(JPEGS, 10) and queue.held == 10


def test_an_empty_queue_takes_a_post_bigger_than_the_limit():
    queue = PhotoQueue()
    cost = queue.try_enter(JPEGS, 2)
    assert cost is not None
    assert queue.try_enter([OTHER], 2) is None
    queue.leave(4, cost)
    assert queue.held == 0


def test_a_post_that_would_wait_too_long_is_turned_away_sooner_for_heic():
    admitted = {}
    for kind in (OTHER, HEIF):
        queue = PhotoQueue()
        for _ in range(60):
            queue.observe(OTHER, 1.0)
            queue.observe(HEIF, 6.0)  # a 12 MP HEIC takes several times as long as a JPEG
        posts = 0
        while queue.try_enter([kind] * 4, 1000, concurrency=2, max_wait=90) is not None:
            posts += 1
        admitted[kind] = posts
        assert queue.held < 1000  # the expected wait, not the count, turned the next one away
    # all of 90 s x 2 slots, in posts of 4 photos of about 1 s or 6 s each
    assert admitted == {OTHER: 180 // 4, HEIF: 180 // 24}


def test_the_pace_follows_what_the_slots_measure():
    queue = PhotoQueue()
    before = queue.estimate([HEIF])
    for _ in range(20):
        queue.observe(HEIF, 8.0)
    assert before < queue.estimate([HEIF]) <= 8.0 and queue.estimate([HEIF]) > 7.5
    assert queue.estimate([OTHER]) == PhotoQueue().estimate([OTHER])  # each kind keeps its own pace


def test_retry_after_grows_with_the_work_ahead_and_stays_within_bounds():
    queue = PhotoQueue()
    for _ in range(30):
        queue.observe(OTHER, 2.0)  # the slots have been taking about 2 s a photo
    assert queue.retry_after(2) == MIN_RETRY_SECONDS  # nothing held
    assert queue.try_enter([OTHER] * 40, 100)
    assert queue.retry_after(2) > queue.retry_after(4) > MIN_RETRY_SECONDS
    assert queue.try_enter([OTHER] * 10_000, 100_000, concurrency=1000)
    assert queue.retry_after(1) == MAX_RETRY_SECONDS


def test_kind_from_the_first_bytes():
    photos = SHARED / "photos"
    assert kind_of((photos / "pug.heic").read_bytes()[:12]) == HEIF
    assert kind_of((photos / "Landscape_1.jpg").read_bytes()[:12]) == OTHER
    assert kind_of(b"") == OTHER


def test_photo_jobs_run_in_worker_threads_and_free_their_slot():
    loop_thread: list[int] = []

    async def main():
        loop_thread.append(threading.get_ident())
        return await asyncio.gather(*(run_photo_job(threading.get_ident, concurrency=2) for _ in range(5)))

    threads = asyncio.run(main())
    assert loop_thread[0] not in threads
    assert concurrency.gate_status() == (0, 0)
