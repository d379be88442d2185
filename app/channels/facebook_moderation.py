"""A Facebook Page after posting, through the Graph API.

Take down: `DELETE /{post-id}`; still there? `GET /{post-id}?fields=id`. Comments: `GET /{post-id}/comments`
(cursor paging); hide or show: `POST /{comment-id}` with `is_hidden`; delete: `DELETE /{comment-id}`; block the
author: `POST /{page-id}/blocked` with `user`. A missing object (code 100, subcode 33) means already gone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from app.channels import actions
from app.channels.base import Comment, CommentBatch, Outcome, OutcomeKind
from app.channels.facebook_errors import GraphError, facebook_retry_time

log = logging.getLogger("tripcast.channels.facebook_moderation")

LABEL = "Facebook"
MAX_COMMENT_PAGES = 10
GONE_SUBCODES = frozenset({33})
RATE_CODES = frozenset({4, 17, 32, 613, 80001})
TOKEN_CODES = frozenset({190, 102})
PERMISSIONS = {
    "take_down": "pages_manage_posts",
    "list": "pages_read_user_content",
    "hide": "pages_manage_engagement",
    "unhide": "pages_manage_engagement",
    "delete": "pages_manage_engagement",
    "block": "pages_manage_engagement",
}
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def classify_graph_action(action: str, status: int, body: object, headers: object) -> Outcome:
    """The outcome of a Graph error for a take-down or moderation action."""
    error = GraphError.from_body(body)
    if error.code == 100 and (error.subcode in GONE_SUBCODES or "does not exist" in error.detail.lower()):
        return actions.gone(LABEL, action)
    if status == 404:
        return actions.gone(LABEL, action)
    if error.code in TOKEN_CODES:
        return Outcome(OutcomeKind.RECONNECT, "Facebook needs reconnecting. Ask an admin to reconnect Facebook.")
    if error.code == 10 or (error.code is not None and 200 <= error.code < 300):
        return actions.no_permission(LABEL, action, PERMISSIONS[action])
    if error.code in RATE_CODES or status == 429:
        return actions.rate_limited(LABEL, action, facebook_retry_time(headers))
    if status >= 500 or error.transient or error.code in (1, 2):
        return actions.maybe_done(LABEL) if action == "take_down" else actions.platform_down(LABEL, action)
    return actions.refused(LABEL, action, error.detail)


class FacebookModeration:
    """Mixed into FacebookChannel: uses its client (`_http`, token in the header), `api_root` and `page_id`."""

    _http: httpx.Client
    api_root: str
    page_id: str
    supports_block = True

    def _act(self, action: str, method: str, path: str, **kwargs: Any) -> tuple[Outcome | None, dict]:
        """One Graph request: (None, body) on success, else (the outcome, {})."""
        try:
            response = self._http.request(method, self.api_root + path, **kwargs)
        except _NOT_SENT:
            return actions.unreachable(LABEL, action), {}
        except httpx.HTTPError:  # sent, then the connection failed: it may have happened
            return (actions.maybe_done(LABEL) if action == "take_down" else actions.unreachable(LABEL, action)), {}
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict) and "error" not in body:
            return None, body
        log.info("Facebook %s %s answered %s", method, path, response.status_code)
        if response.is_success:
            return (actions.maybe_done(LABEL) if action == "take_down" else actions.platform_down(LABEL, action)), {}
        return self._scrubbed(classify_graph_action(action, response.status_code, body, response.headers)), {}

    # Posts ------------------------------------------------------------------------------

    def take_down(self, remote_id: str) -> Outcome:
        problem, body = self._act("take_down", "DELETE", f"/{remote_id}")
        if problem is not None:
            return actions.final_delete(problem, LABEL)
        return actions.done("Removed from the Facebook Page.") if body.get("success") else actions.maybe_done(LABEL)

    def exists(self, remote_id: str) -> bool | None:
        problem, _ = self._act("list", "GET", f"/{remote_id}", params={"fields": "id"})
        if problem is None:
            return True
        return False if problem.kind is OutcomeKind.GONE else None

    # Comments ---------------------------------------------------------------------------

    def list_comments(self, remote_ids: Sequence[str], since: datetime) -> CommentBatch:
        found: list[Comment] = []
        for remote_id in remote_ids:
            params = {
                "fields": "id,message,from{id,name},created_time,is_hidden,permalink_url",
                "filter": "stream", "order": "chronological", "limit": "100",
                "since": str(int(since.timestamp())),
            }
            for _ in range(MAX_COMMENT_PAGES):
                problem, page = self._act("list", "GET", f"/{remote_id}/comments", params=params)
                if problem is not None:
                    if problem.kind is OutcomeKind.GONE:
                        break  # the post was removed on Facebook: no comments to read
                    return CommentBatch(found, problem)
                found += [_comment(item, remote_id) for item in page.get("data") or [] if isinstance(item, dict)]
                paging = page.get("paging") or {}
                after = (paging.get("cursors") or {}).get("after")
                if not after or not paging.get("next"):
                    break
                params = {**params, "after": after}
        return CommentBatch([c for c in found if str(c.author_id) != str(self.page_id)], None)

    def hide_comment(self, comment: Comment) -> Outcome:
        return self._hidden(comment, True)

    def unhide_comment(self, comment: Comment) -> Outcome:
        return self._hidden(comment, False)

    def _hidden(self, comment: Comment, hidden: bool) -> Outcome:
        action = "hide" if hidden else "unhide"
        problem, body = self._act(action, "POST", f"/{comment.remote_id}",
                                  data={"is_hidden": "true" if hidden else "false"})
        if problem is not None:
            return problem
        if body.get("success"):
            return actions.done("Hidden on Facebook." if hidden else "Shown again on Facebook.")
        return actions.platform_down(LABEL, action)

    def delete_comment(self, comment: Comment) -> Outcome:
        problem, body = self._act("delete", "DELETE", f"/{comment.remote_id}")
        if problem is not None:
            return actions.final_delete(problem, LABEL)
        return actions.done("Deleted from Facebook.") if body.get("success") else actions.platform_down(LABEL,
                                                                                                        "delete")

    def block_author(self, comment: Comment) -> Outcome:
        if not comment.author_id:
            return Outcome(OutcomeKind.REJECTED, "Facebook did not say who wrote this comment. Open the comment on "
                                                 "Facebook and block them from there.", url=comment.url or None)
        problem, body = self._act("block", "POST", f"/{self.page_id}/blocked", data={"user": comment.author_id})
        if problem is not None:
            return problem
        if body.get(str(comment.author_id)) is True:
            return actions.done("Blocked from the Facebook Page.")
        return actions.refused(LABEL, "block", "Facebook did not confirm the block")


def _comment(item: dict, post_id: str) -> Comment:
    author = item.get("from") if isinstance(item.get("from"), dict) else {}
    author_id = str(author.get("id") or "")
    try:
        created = datetime.strptime(str(item.get("created_time")), "%Y-%m-%dT%H:%M:%S%z").astimezone(UTC)
    except ValueError:
        created = datetime.now(UTC)
    comment_id = str(item.get("id"))
    return Comment(
        remote_id=comment_id, post_remote_id=post_id, text=str(item.get("message") or ""), created_at=created,
        author_name=str(author.get("name") or "someone on Facebook"), author_id=author_id,
        author_url=f"https://www.facebook.com/{author_id}" if author_id else "",
        url=str(item.get("permalink_url") or f"https://www.facebook.com/{comment_id}"),
        hidden=bool(item.get("is_hidden")),
    )
