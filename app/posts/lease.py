"""Keeping a delivery's lease alive while a long publish runs (four photos over hotel Wi-Fi take minutes).

`channel.publish` is synchronous and runs in a worker thread, so the lease is renewed from a small thread
of its own, with its own database session, every third of the lease. A renewal is a guarded update (still
this owner's, still `sending`): once it fails the lease is lost, `lost` is set, and the publish is stopped
before its create call (the outbox's `before_create` checks it, and is itself guarded).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from app.db import Database
from app.posts.lifecycle import hold
from app.posts.models import SENDING

log = logging.getLogger("tripcast.outbox")


class LeaseLost(Exception):
    """This worker no longer holds the delivery's lease: it must change nothing more."""


class Heartbeat:
    def __init__(self, db: Database, delivery_id: int, owner: str, lease: timedelta, start: datetime) -> None:
        self.db = db
        self.delivery_id = delivery_id
        self.owner = owner
        self.lease = lease
        self.start = start  # the time the worker judged by when it took the lease (tests may fix it)
        self.lost = threading.Event()
        self.renewals = 0
        self._stop = threading.Event()
        self._began = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"lease-{delivery_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def renew(self) -> bool:
        now = self.start + timedelta(seconds=time.monotonic() - self._began)
        with self.db.session() as session:
            kept = hold(session, self.delivery_id, self.owner, SENDING, lease_until=now + self.lease)
            session.commit()
        if kept:
            self.renewals += 1
        else:
            self.lost.set()
        return kept

    def _run(self) -> None:
        interval = max(self.lease.total_seconds() / 3, 0.05)
        while not self._stop.wait(interval):
            try:
                if not self.renew():
                    log.warning("lost the lease on delivery %s", self.delivery_id)
                    return
            except Exception:  # a database hiccup: try again at the next beat, while the lease lasts
                log.exception("could not renew the lease on delivery %s", self.delivery_id)
