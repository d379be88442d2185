"""The background reader: every minute it polls the feeds that are due (each every TRIPCAST_NEWSFLASH_POLL_MINUTES)."""

from __future__ import annotations

import asyncio
import logging

from app.newsflash.service import SendContext, poll_due

log = logging.getLogger("tripcast.newsflash")
TICK_SECONDS = 60


class NewsflashPoller:
    def __init__(self, app_state) -> None:
        self.state = app_state
        self._task: asyncio.Task | None = None
        self._stop = asyncio.Event()

    def start(self) -> NewsflashPoller:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="tripcast-newsflash")
        return self

    async def stop(self) -> None:
        self._stop.set()
        if self._task:
            try:
                await asyncio.wait_for(self._task, timeout=15)
            except (TimeoutError, asyncio.CancelledError):
                self._task.cancel()

    def run_once(self) -> int:
        state = self.state
        send = SendContext(list(state.channels), state.contexts, state.photo_store, state.settings.tz)
        with state.db.session() as db:
            added = poll_due(db, state.settings, send, state.clock())
        if added and state.outbox is not None:
            state.outbox.wake()
        return added

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:  # one bad feed or a database blip must not stop the reader
                log.exception("newsflash poll failed")
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=TICK_SECONDS)
            except TimeoutError:
                pass
