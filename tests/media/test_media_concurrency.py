"""sanitise_photo_async: off the event loop, at most N at a time in the process, across loops."""

from __future__ import annotations

import asyncio
import io
import threading
import time

import pytest
from PIL import Image

import app.media.concurrency as concurrency
from app.media import CleanPhoto, MediaLimits, PhotoRejected, sanitise_photo_async


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


class Tracker:
    """Stands in for sanitise_photo: records how many run at once, and on which threads."""

    def __init__(self, delay: float = 0.05, hold: threading.Event | None = None) -> None:
        self.delay = delay
        self.hold = hold  # when given, each call holds its slot until the test sets it
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.threads: set[int] = set()

    def __call__(self, data: bytes, limits: MediaLimits) -> CleanPhoto:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.threads.add(threading.get_ident())
        if self.hold is not None:
            self.hold.wait(timeout=10)
        else:
            time.sleep(self.delay)
        with self.lock:
            self.running -= 1
        return CleanPhoto(b"x", "image/jpeg", 1, 1, "JPEG", ())


def test_real_photo_async():
    clean = asyncio.run(sanitise_photo_async(_png(), MediaLimits()))
    assert clean.content_type == "image/jpeg" and (clean.width, clean.height) == (64, 48)


def test_rejections_propagate():
    with pytest.raises(PhotoRejected) as caught:
        asyncio.run(sanitise_photo_async(b"%PDF-1.4", MediaLimits()))
    assert caught.value.status_code == 415
    assert concurrency.gate_status() == (0, 0)


async def _until_running(tracker: Tracker, count: int) -> None:
    for _ in range(1000):
        if tracker.running >= count:
            return
        await asyncio.sleep(0.005)


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_at_most_n_at_once(monkeypatch, limit: int):
    release = threading.Event()
    tracker = Tracker(hold=release)
    monkeypatch.setattr(concurrency, "sanitise_photo", tracker)

    async def main():
        tasks = [asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits(), concurrency=limit)) for _ in range(8)]
        await _until_running(tracker, limit)
        await asyncio.sleep(0.05)  # room for any more to start, were the gate leaking
        release.set()
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert tracker.peak == limit
    assert threading.main_thread().ident not in tracker.threads  # never on the event loop's thread
    assert concurrency.gate_status() == (0, 0)


def test_event_loop_stays_responsive(monkeypatch):
    """The decode waits for the event loop to tick: if it ran on the loop's own thread it would wait in vain."""
    loop_ticked = threading.Event()
    saw_ticks = []

    def decode_needing_the_loop(data: bytes, limits: MediaLimits) -> CleanPhoto:
        saw_ticks.append(loop_ticked.wait(timeout=5))
        return CleanPhoto(b"x", "image/jpeg", 1, 1, "JPEG", ())

    monkeypatch.setattr(concurrency, "sanitise_photo", decode_needing_the_loop)

    async def main():
        task = asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits()))
        for _ in range(5):
            await asyncio.sleep(0.001)
        loop_ticked.set()
        await task

    asyncio.run(main())
    assert saw_ticks == [True]


def test_bound_holds_across_event_loops_in_threads(monkeypatch):
    """Two threads, each with its own event loop (as in tests or a threaded server): still N."""
    tracker = Tracker()
    monkeypatch.setattr(concurrency, "sanitise_photo", tracker)

    def loop_thread():
        async def main():
            await asyncio.gather(*(sanitise_photo_async(b"", MediaLimits(), concurrency=2) for _ in range(5)))

        asyncio.run(main())

    threads = [threading.Thread(target=loop_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert tracker.peak == 2
    assert concurrency.gate_status() == (0, 0)


def test_cancelled_upload_keeps_its_slot_until_the_work_stops(monkeypatch):
    """Cancelling the awaiting task can't stop the thread; its slot is only freed when the decode
    really ends, so the bound on memory holds."""
    tracker = Tracker(delay=0.3)
    monkeypatch.setattr(concurrency, "sanitise_photo", tracker)

    async def main():
        first = asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits(), concurrency=1))
        await asyncio.sleep(0.05)  # first is running in its thread
        first.cancel()
        waiting = [asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits(), concurrency=1)) for _ in range(3)]
        await asyncio.sleep(0.05)
        waiting[0].cancel()  # cancelled while queued: gives up its place
        results = await asyncio.gather(*waiting, return_exceptions=True)
        with pytest.raises(asyncio.CancelledError):
            await first
        return results

    results = asyncio.run(main())
    assert isinstance(results[0], asyncio.CancelledError)
    assert all(isinstance(r, CleanPhoto) for r in results[1:])
    assert tracker.peak == 1
    assert concurrency.gate_status() == (0, 0)


def test_raising_the_limit_wakes_waiters(monkeypatch):
    release = threading.Event()
    tracker = Tracker(hold=release)
    monkeypatch.setattr(concurrency, "sanitise_photo", tracker)

    async def main():
        first = [asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits(), concurrency=1)) for _ in range(3)]
        await _until_running(tracker, 1)
        later = asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits(), concurrency=4))
        await _until_running(tracker, 4)  # the three queued behind limit 1 start as soon as the limit is raised
        release.set()
        await asyncio.gather(*first, later)

    asyncio.run(main())
    assert tracker.peak == 4
    assert concurrency.gate_status() == (0, 0)


def test_many_cancellations_never_leak_a_slot(monkeypatch):
    monkeypatch.setattr(concurrency, "sanitise_photo", Tracker(delay=0.01))

    async def main():
        for round_no in range(20):
            tasks = [asyncio.ensure_future(sanitise_photo_async(b"", MediaLimits(), concurrency=2)) for _ in range(6)]
            await asyncio.sleep(0.001 * (round_no % 5))
            for task in tasks[round_no % 3 :: 2]:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        # every thread has finished by now or will shortly: wait for the slots to come back
        for _ in range(100):
            if concurrency.gate_status() == (0, 0):
                break
            await asyncio.sleep(0.01)

    asyncio.run(main())
    assert concurrency.gate_status() == (0, 0)
