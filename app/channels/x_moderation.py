"""X after posting: delete a post (`DELETE /2/tweets/:id`), check it exists (`GET /2/tweets/:id`), read replies
(recent search on `conversation_id`, optional: it needs a paid X API tier) and hide them
(`PUT /2/tweets/:id/hidden`). X's API cannot delete other people's replies or block accounts: those answer
REJECTED with a link to the author's profile, where a person can block or report them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from app.channels import actions
from app.channels.base import Comment, CommentBatch, Outcome, OutcomeKind, retry_time
from app.channels.x_errors import x_error_text

log = logging.getLogger("tripcast.channels.x_moderation")

LABEL = "X"
MAX_REPLY_PAGES = 5
SEARCH_WINDOW = timedelta(days=7) - timedelta(minutes=5)  # recent search looks back seven days at most


class XModeration:
    """Mixed into XChannel: uses its signed session (`_session`, `_oauth`, `api_base`) and `_whoami`."""

    read_replies: bool = False
    _session: requests.Session
    _oauth: Any
    api_base: str

    def _request(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, Any]:
        """(status, JSON body or None, headers). Raises requests' exceptions for the caller to classify."""
        response = self._session.request(method, self.api_base + path, auth=self._oauth, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        return response.status_code, body, response.headers

    def _classify(self, action: str, status: int, body: Any, headers: Any) -> Outcome:
        text, detail = x_error_text(body)
        if status == 401:
            return Outcome(OutcomeKind.RECONNECT, "X needs reconnecting. Ask an admin to reconnect X.")
        if status == 404 or "resource-not-found" in text or "could not find" in text:
            return actions.gone(LABEL, action)
        if status == 429:
            return actions.rate_limited(LABEL, action, retry_time(headers))
        if status >= 500:
            return actions.maybe_done(LABEL) if action == "take_down" else actions.platform_down(LABEL, action)
        if status == 403 and ("oauth1-permissions" in text or "not permitted to perform" in text):
            return actions.no_permission(LABEL, action, "Read and Write")
        return actions.refused(LABEL, action, detail)

    def _act(self, action: str, method: str, path: str, **kwargs: Any) -> tuple[Outcome | None, Any]:
        """Send one action request: (None, body) on success, else (the outcome, None)."""
        try:
            status, body, headers = self._request(method, path, **kwargs)
        except requests.exceptions.ConnectTimeout:  # never connected: nothing was sent
            return self._network(action, connected=False), None
        except requests.exceptions.RequestException:  # a reset or timeout after sending: it may have happened
            return self._network(action, connected=True), None
        if 200 <= status < 300 and isinstance(body, dict) and "data" in body:
            return None, body
        if 200 <= status < 300 and isinstance(body, dict) and body.get("errors"):
            return self._classify(action, 404 if "not-found" in x_error_text(body)[0] else 400, body, headers), None
        if 200 <= status < 300:
            return (actions.maybe_done(LABEL) if action == "take_down" else actions.platform_down(LABEL, action)), None
        log.info("X %s %s answered %s", method, path, status)
        return self._classify(action, status, body, headers), None

    @staticmethod
    def _network(action: str, connected: bool) -> Outcome:
        if action == "take_down" and connected:
            return actions.maybe_done(LABEL)
        return actions.unreachable(LABEL, action)

    # Posts ------------------------------------------------------------------------------

    def take_down(self, remote_id: str) -> Outcome:
        problem, body = self._act("take_down", "DELETE", f"/2/tweets/{remote_id}")
        if problem is not None:
            return actions.final_delete(problem, LABEL)
        if (body.get("data") or {}).get("deleted") is True:
            return actions.done("Removed from X.")
        return actions.maybe_done(LABEL)

    def exists(self, remote_id: str) -> bool | None:
        problem, _ = self._act("list", "GET", f"/2/tweets/{remote_id}", params={"tweet.fields": "id"})
        if problem is None:
            return True
        return False if problem.kind is OutcomeKind.GONE else None

    # Replies ----------------------------------------------------------------------------

    def list_comments(self, remote_ids: Sequence[str], since: datetime) -> CommentBatch:
        if not self.read_replies or not remote_ids:
            return CommentBatch([], None)
        try:
            me, _ = self._whoami()
        except Exception:  # noqa: BLE001 - tweepy or network: report it as a problem, keep nothing
            return CommentBatch([], actions.unreachable(LABEL, "list"))
        start = max(since.astimezone(UTC), datetime.now(UTC) - SEARCH_WINDOW)
        found: list[Comment] = []
        for remote_id in remote_ids:
            params: dict[str, Any] = {
                "query": f"conversation_id:{remote_id} is:reply", "max_results": 100,
                "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "tweet.fields": "author_id,created_at",
                "expansions": "author_id", "user.fields": "username,name",
            }
            for _ in range(MAX_REPLY_PAGES):
                problem, body = self._act("list", "GET", "/2/tweets/search/recent", params=params)
                if problem is not None:
                    return CommentBatch(found, problem)
                users = {u.get("id"): u for u in (body.get("includes") or {}).get("users") or []}
                for tweet in body.get("data") or []:
                    if str(tweet.get("author_id")) != me:
                        found.append(_reply(tweet, remote_id, users))
                token = (body.get("meta") or {}).get("next_token")
                if not token:
                    break
                params = {**params, "next_token": token}
        return CommentBatch(found, None)

    def hide_comment(self, comment: Comment) -> Outcome:
        return self._hidden(comment, True)

    def unhide_comment(self, comment: Comment) -> Outcome:
        return self._hidden(comment, False)

    def _hidden(self, comment: Comment, hidden: bool) -> Outcome:
        action = "hide" if hidden else "unhide"
        problem, body = self._act(action, "PUT", f"/2/tweets/{comment.remote_id}/hidden", json={"hidden": hidden})
        if problem is not None:
            return problem
        if (body.get("data") or {}).get("hidden") is hidden:
            return actions.done("Hidden on X." if hidden else "Shown again on X.")
        return actions.platform_down(LABEL, action)

    def delete_comment(self, comment: Comment) -> Outcome:
        return Outcome(OutcomeKind.REJECTED, "X does not let an account delete other people's replies. Hide it "
                                             "instead, and report it on X if it breaks X's rules.")

    def block_author(self, comment: Comment) -> Outcome:
        return Outcome(OutcomeKind.REJECTED, "X's API cannot block accounts. Open their profile on X and choose "
                                             "Block there.", url=comment.author_url or None)


def _reply(tweet: dict, conversation: str, users: dict) -> Comment:
    author = users.get(tweet.get("author_id")) or {}
    username = str(author.get("username") or "")
    tweet_id = str(tweet.get("id"))
    try:
        created = datetime.fromisoformat(str(tweet.get("created_at")).replace("Z", "+00:00"))
    except ValueError:
        created = datetime.now(UTC)
    return Comment(
        remote_id=tweet_id, post_remote_id=conversation, text=str(tweet.get("text") or ""), created_at=created,
        author_name=f"@{username}" if username else str(author.get("name") or "someone on X"),
        author_id=str(tweet.get("author_id") or ""), author_url=f"https://x.com/{username}" if username else "",
        url=f"https://x.com/{username or 'i/web'}/status/{tweet_id}",
    )
