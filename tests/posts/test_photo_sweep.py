"""The start-up sweep of orphaned photo files leaves alone photos that another database may still need
(two databases on one data folder, e.g. during a move from SQLite to PostgreSQL)."""

from __future__ import annotations

import os
import time

from fastapi.testclient import TestClient

from app.main import create_app


def test_startup_sweep_only_removes_files_older_than_the_retention_period(settings):
    photos = settings.photos_dir
    photos.mkdir(parents=True, exist_ok=True)
    hours_old = photos / "0f0f-0-aaaaaaaaaaaa.jpg"  # another database's photo, waiting to be posted
    hours_old.write_bytes(b"\xff\xd8 queued elsewhere")
    week_old = photos / "0e0e-0-bbbbbbbbbbbb.jpg"  # older than any database keeps a photo
    week_old.write_bytes(b"\xff\xd8 long gone")
    now = time.time()
    os.utime(hours_old, (now - 3 * 3600, now - 3 * 3600))
    past_retention = now - (settings.photo_retention_days + 1) * 86400
    os.utime(week_old, (past_retention, past_retention))
    with TestClient(create_app(settings)):
        pass
    assert hours_old.exists()
    assert not week_old.exists()
