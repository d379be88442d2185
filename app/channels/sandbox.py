"""The Sandbox: a demo network that "publishes" into a folder, so Tripcast works with no credentials.

Layout under the sandbox dir: `posts/<key>.json` (one record per post, written last, so a record means the
post is complete) and `media/<key>-<n>.<ext>` holding exactly the bytes that were published.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.channels.base import Channel, ConnectionCheck, Outcome, OutcomeKind, OutgoingPost
from app.channels.sandbox_comments import SandboxComments

_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_MEDIA_NAME = re.compile(r"^[A-Za-z0-9_-]{1,90}\.(jpg|png|gif|webp|heic|bin)$")
_EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
}
_COULD_NOT_SAVE = "The demo feed could not save the photos. Trying again."
_MAY_NOT_HAVE_SAVED = "The demo feed may not have saved this post. Check it and retry."


class SandboxChannel(SandboxComments, Channel):
    name = "sandbox"
    label = "Sandbox (demo)"

    def __init__(self, root: Path, feed_url: str = "/sandbox") -> None:
        self.root = Path(root)
        self.feed_url = feed_url
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: object) -> SandboxChannel:
        return cls(settings.sandbox_dir)  # type: ignore[attr-defined]

    # Folders ----------------------------------------------------------------------------

    @property
    def posts_dir(self) -> Path:
        return self.root / "posts"

    @property
    def media_dir(self) -> Path:
        return self.root / "media"

    # Channel ----------------------------------------------------------------------------

    def publish(self, post: OutgoingPost, before_create: Callable[[], None] = lambda: None) -> Outcome:
        key = _key(post.post_id)
        with self._lock:
            existing = self._read(key)
            if existing is not None:
                return self._published(existing)
            try:
                self.posts_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.media_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                media = []
                for number, photo in enumerate(post.photos, start=1):
                    name = f"{key}-{number}.{_EXTENSIONS.get(photo.content_type.lower(), 'bin')}"
                    _write_atomically(self.media_dir / name, photo.data)
                    media.append(name)
            except OSError:
                return Outcome(OutcomeKind.RETRY_LATER, _COULD_NOT_SAVE)
            record = {
                "post_id": post.post_id,
                "text": post.text,
                "media": media,
                "alt_texts": [photo.alt_text for photo in post.photos],
                "published_at": datetime.now(UTC).isoformat(),
            }
            before_create()
            try:
                _write_atomically(self._record_path(key), json.dumps(record, ensure_ascii=False).encode())
            except OSError:
                return Outcome(OutcomeKind.UNKNOWN, _MAY_NOT_HAVE_SAVED)
            return self._published(record)

    def find_published(self, post: OutgoingPost) -> Outcome | None:
        try:
            record = self._read(_key(post.post_id))
        except OSError:
            return Outcome(OutcomeKind.UNKNOWN, "The demo feed could not be checked.")
        return None if record is None else self._published(record)

    def check_connection(self) -> ConnectionCheck:
        try:
            self.posts_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.posts_dir):
                pass
        except OSError:
            return ConnectionCheck(False, f"The demo feed folder {self.root} cannot be written to.")
        return ConnectionCheck(True, "The demo feed is working.", account="Sandbox")

    # Reading the feed -------------------------------------------------------------------

    def list_posts(self) -> list[dict]:
        """Every sandbox post, newest first: post_id, text, media (file names), alt_texts, published_at, and the
        comments the public can see (hidden and deleted ones are left out)."""
        if not self.posts_dir.is_dir():
            return []
        records = []
        for path in self.posts_dir.glob("*.json"):
            try:
                records.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue  # a record being replaced right now, or not ours
        for record in records:
            record["key"] = _key(str(record.get("post_id", "")))
            record["comments"] = self.visible_comments(record["key"])
        return sorted(records, key=lambda record: record.get("published_at", ""), reverse=True)

    def media_path(self, name: str) -> Path | None:
        """The file for a media name from a record, or None for anything else (including path tricks)."""
        if not isinstance(name, str) or not _MEDIA_NAME.fullmatch(name):
            return None
        path = (self.media_dir / name).resolve()
        if path.parent != self.media_dir.resolve() or not path.is_file():
            return None
        return path

    # Taking a post down ----------------------------------------------------------------

    def take_down(self, remote_id: str) -> Outcome:
        key = _key(remote_id)
        with self._lock:
            try:
                record = self._read(key)
                if record is None:
                    return Outcome(OutcomeKind.DONE, "It was already gone from the demo feed.")
                self._record_path(key).unlink(missing_ok=True)  # gone from the feed first
                for name in record.get("media") or []:
                    if self.media_path(name) is not None:
                        (self.media_dir / name).unlink(missing_ok=True)
            except (OSError, ValueError):
                return Outcome(OutcomeKind.RETRY_LATER, "The demo feed could not remove the post. Trying again.")
        return Outcome(OutcomeKind.DONE, "Removed from the demo feed.")

    def exists(self, remote_id: str) -> bool | None:
        try:
            return self._record_path(_key(remote_id)).is_file()
        except OSError:
            return None

    def post_exists(self, key: str) -> bool:
        return bool(_SAFE_KEY.fullmatch(key)) and self._record_path(key).is_file()

    # Helpers ----------------------------------------------------------------------------

    def _record_path(self, key: str) -> Path:
        return self.posts_dir / f"{key}.json"

    def _read(self, key: str) -> dict | None:
        path = self._record_path(key)
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def _published(self, record: dict) -> Outcome:
        key = _key(record["post_id"])
        return Outcome(
            OutcomeKind.PUBLISHED,
            "Posted to the demo feed.",
            url=f"{self.feed_url}#post-{key}",
            remote_id=key,
        )


def _key(post_id: str) -> str:
    """A file-name-safe key for a post id (ids that are not already safe are hashed)."""
    if _SAFE_KEY.fullmatch(post_id):
        return post_id
    return "h" + hashlib.sha256(post_id.encode()).hexdigest()[:40]


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
