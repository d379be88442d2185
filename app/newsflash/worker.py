"""The background reader: every minute it polls the feeds that are due (each every TRIPCAST_NEWSFLASH_POLL_MINUTES)."""

from __future__ import annotations

import logging

from app.background import BackgroundLoop
from app.newsflash.service import SendContext, poll_due

log = logging.getLogger("tripcast.newsflash")
TICK_SECONDS = 60


class NewsflashPoller(BackgroundLoop):
    name = "tripcast-newsflash"
    interval = TICK_SECONDS
    log = log

    def __init__(self, app_state) -> None:
        super().__init__()
        self.state = app_state

    def run_pass(self) -> bool:  # the background loop's pass (app/background.py), every minute
        self.run_once()
        return False

    def run_once(self) -> int:
        state = self.state
        send = SendContext(list(state.channels), state.contexts, state.photo_store, state.settings.tz)
        with state.db.session() as db:
            added = poll_due(db, state.settings, send, state.clock())
        if added and state.outbox is not None:
            state.outbox.wake()
        return added
