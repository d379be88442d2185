"""Sanitised photos on disk, under the data dir's photos/ folder, until they are purged."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path


class PhotoStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def save(self, post_id: str, position: int, data: bytes, content_type: str) -> str:
        """Write the bytes under a fresh random name (atomically) and return that name."""
        suffix = ".png" if content_type == "image/png" else ".jpg"
        name = f"{post_id}-{position}-{secrets.token_hex(6)}{suffix}"
        tmp = self.root / f".{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return name

    def path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if path.parent != self.root.resolve():
            raise ValueError("photo name outside the photo store")
        return path

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def delete_all(self, names: list[str]) -> None:
        """Delete files whose purge is already committed (a failure leaves an orphan for the sweep)."""
        for name in names:
            try:
                self.delete(name)
            except OSError:
                pass

    def sweep_orphans(self, known: set[str], min_age_seconds: float) -> int:
        """Remove files no post in this database refers to (left by a crash between writing and committing,
        or between a purge's commit and its delete).

        Only files older than `min_age_seconds` go, and the caller passes the photo retention period: no
        database can still need a photo that old (its own retention sweep purges it), whereas a younger one
        may belong to another database sharing the folder (a move to PostgreSQL, a second copy of the app)
        or to a post another process is about to commit."""
        removed = 0
        cutoff = time.time() - min_age_seconds
        for path in self.root.iterdir():
            if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
