"""`Outbox.wake()` from another thread (routes run in a thread pool) wakes the worker at once."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from app.db import Database
from app.posts.models import Delivery
from tests.conftest import login
from tests.posts.conftest import build_client, submit


def statuses(settings) -> set[str]:
    database = Database(settings.db_url)  # read the file directly: any request to the app would wake its loop
    try:
        with database.session() as db:
            return set(db.scalars(select(Delivery.status)))
    finally:
        database.dispose()


def test_wake_from_another_thread_starts_the_work_without_waiting_for_the_poll(tmp_path, clock):
    clock.moment = clock.moment.replace(hour=19)  # after hours: the post waits for 08:00
    with build_client(tmp_path, clock, outbox_enabled=True, outbox_poll_seconds=60) as client:
        login(client, "teacher@school.example")
        response = submit(client, "Book fair opens tomorrow")
        assert response.status_code == 202 and response.json()["status"] == "waiting"
        settings = client.app.state.settings
        deadline = time.monotonic() + 10
        while client.app.state.outbox._wake.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)  # the worker has looked once and gone back to sleep for the poll interval
        time.sleep(0.3)
        clock.moment = clock.moment.replace(hour=8) + timedelta(days=1, minutes=1)
        client.app.state.outbox.wake()  # from this (non-loop) thread, as a sync route would
        deadline = time.monotonic() + 15  # far less than the 60 s poll
        while statuses(settings) != {"published"} and time.monotonic() < deadline:
            time.sleep(0.1)
        assert statuses(settings) == {"published"}
