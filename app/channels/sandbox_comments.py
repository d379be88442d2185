"""Comments on the Sandbox feed, left by a person playing a member of the public, so moderation can be tried
with no credentials. Stored as `comments/<post key>.json` (a list, rewritten whole under the channel's lock)
and `blocked.json` (author names blocked from commenting)."""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from app.channels.base import Comment, CommentBatch, Outcome, OutcomeKind

_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
MAX_AUTHOR = 80
MAX_TEXT = 2000


class SandboxCommentError(ValueError):
    """A comment the Sandbox will not take: the message is for the person who wrote it."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def _author_id(name: str) -> str:
    return "sandbox:" + " ".join(name.lower().split())


class SandboxComments:
    """Mixed into SandboxChannel (uses its `root`, `_lock` and `post_exists`)."""

    root: Path
    _lock: threading.Lock
    supports_block = True

    def post_exists(self, key: str) -> bool: ...  # provided by SandboxChannel

    @property
    def comments_dir(self) -> Path:
        return self.root / "comments"

    # Writing, as the public -------------------------------------------------------------

    def add_comment(self, key: str, author: str, text: str, now: datetime | None = None) -> dict:
        author, text = " ".join(str(author).split()), str(text).strip()
        if not author or not text:
            raise SandboxCommentError("Give a name and some words for the comment.")
        if len(author) > MAX_AUTHOR or len(text) > MAX_TEXT:
            raise SandboxCommentError(f"Keep the name under {MAX_AUTHOR} characters and the comment under "
                                      f"{MAX_TEXT}.")
        with self._lock:
            if not _SAFE.fullmatch(key) or not self.post_exists(key):
                raise SandboxCommentError("There is no such post in the Sandbox feed (it may have been taken "
                                          "down).", 404)
            if _author_id(author) in self._blocked():
                raise SandboxCommentError("The school's page has blocked this person from commenting.", 403)
            comment = {"id": f"{key}_c{secrets.token_hex(5)}", "author": author, "text": text,
                       "created_at": (now or datetime.now(UTC)).isoformat(), "hidden": False, "deleted": False}
            self._save(key, [*self._load(key), comment])
        return comment

    def visible_comments(self, key: str) -> list[dict]:
        """What the public sees under a post: neither hidden nor deleted, oldest first."""
        return [c for c in self._load(key) if not c.get("hidden") and not c.get("deleted")]

    # The channel's moderation operations ------------------------------------------------

    def list_comments(self, remote_ids: Sequence[str], since: datetime) -> CommentBatch:
        found = []
        for key in remote_ids:
            for item in self._load(key):
                created = datetime.fromisoformat(item["created_at"])
                if item.get("deleted") or created < since:
                    continue
                found.append(Comment(
                    remote_id=item["id"], post_remote_id=key, author_name=item["author"], text=item["text"],
                    created_at=created, author_id=_author_id(item["author"]), url=f"/sandbox#comment-{item['id']}",
                    hidden=bool(item.get("hidden")),
                ))
        return CommentBatch(found, None)

    def hide_comment(self, comment: Comment) -> Outcome:
        return self._change(comment, hidden=True, message="Hidden on the demo feed.")

    def unhide_comment(self, comment: Comment) -> Outcome:
        return self._change(comment, hidden=False, message="Shown again on the demo feed.")

    def delete_comment(self, comment: Comment) -> Outcome:
        outcome = self._change(comment, deleted=True, message="Deleted from the demo feed.")
        if outcome.kind is OutcomeKind.GONE:
            return Outcome(OutcomeKind.DONE, "It was already gone from the demo feed.")
        return outcome

    def block_author(self, comment: Comment) -> Outcome:
        with self._lock:
            blocked = self._blocked() | {comment.author_id or _author_id(comment.author_name)}
            self._write(self.root / "blocked.json", sorted(blocked))
        return Outcome(OutcomeKind.DONE, f"{comment.author_name} can no longer comment on the demo feed.")

    def report_url(self, comment: Comment) -> str | None:
        return None  # the demo network has nobody to report to

    # Files ------------------------------------------------------------------------------

    def _change(self, comment: Comment, message: str, **changes: bool) -> Outcome:
        key = comment.post_remote_id
        with self._lock:
            items = self._load(key)
            target = next((c for c in items if c["id"] == comment.remote_id and not c.get("deleted")), None)
            if target is None:
                return Outcome(OutcomeKind.GONE, "That comment is no longer on the demo feed.")
            target.update(changes)
            self._save(key, items)
        return Outcome(OutcomeKind.DONE, message)

    def _load(self, key: str) -> list[dict]:
        if not _SAFE.fullmatch(str(key)):
            return []
        try:
            items = json.loads((self.comments_dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [i for i in items if isinstance(i, dict) and {"id", "author", "text", "created_at"} <= i.keys()]

    def _save(self, key: str, items: list[dict]) -> None:
        self.comments_dir.mkdir(parents=True, exist_ok=True)
        self._write(self.comments_dir / f"{key}.json", items)

    def _blocked(self) -> set[str]:
        try:
            return set(json.loads((self.root / "blocked.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return set()

    @staticmethod
    def _write(path: Path, value: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{secrets.token_hex(4)}-{path.name}")
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
