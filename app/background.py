"""One small base for the app's background workers (outbox, moderation, newsflash): a task on the event loop
that runs a synchronous pass in a worker thread, again at once while there is work, otherwise after
`interval` seconds or when woken.

`wake()` is safe from any thread (routes run in a thread pool): the event belongs to the loop, so it is set
on the loop. A pass that raises is logged and the worker carries on.
"""

from __future__ import annotations

import asyncio
import logging


class BackgroundLoop:
    name = "tripcast-worker"
    interval = 1.0  # seconds between passes when there was nothing to do
    log = logging.getLogger("tripcast")

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._stopping = False

    def run_pass(self) -> bool:
        """One pass (in a worker thread). True when it did some work, to go again at once."""
        raise NotImplementedError

    def start(self):
        self._loop = asyncio.get_running_loop()
        self._task = self._loop.create_task(self._run(), name=self.name)
        return self

    def wake(self) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            loop.call_soon_threadsafe(self._wake.set)
        except RuntimeError:  # the loop has closed: the app is stopping
            pass

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, timeout=30)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                worked = await asyncio.to_thread(self.run_pass)
            except Exception:  # keep the worker alive whatever one pass does
                self.log.exception("%s pass failed", self.name)
                worked = False
            if worked and not self._stopping:
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            except TimeoutError:
                pass
            self._wake.clear()
