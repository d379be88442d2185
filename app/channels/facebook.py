"""A Facebook Page through the Graph API (httpx, sync, with timeouts).

Text only: `POST /{page}/feed` (message). One photo: `POST /{page}/photos` (multipart `source`, `caption`,
`alt_text_custom`). Several: each `POST /{page}/photos` with `published=false`, then `POST /{page}/feed` with
`message` and `attached_media[i]={"media_fbid": id}`. The token travels in the Authorization header only,
so it never appears in a URL or in httpx's request log. It must be a Page token: a personal user token is
recognised (GET /me answers with someone other than the Page) and refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from pydantic import SecretStr

from app.channels.base import (
    Channel,
    ConnectionCheck,
    Failed,
    Outcome,
    OutcomeKind,
    OutgoingPhoto,
    OutgoingPost,
    same_text,
)
from app.channels.facebook_errors import (
    RECONNECT_FACEBOOK,
    classify_graph_network_error,
    classify_graph_response,
)
from app.channels.facebook_moderation import FacebookModeration

log = logging.getLogger("tripcast.channels.facebook")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
UPLOAD_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
MAX_RECONCILE_PAGES = 3
UNEXPECTED = "Facebook gave an answer Tripcast did not understand. Tripcast will try again shortly."
# Failing to connect at all means the request never left: safe even on the create request.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)



class FacebookChannel(FacebookModeration, Channel):
    name = "facebook"
    label = "Facebook Page"

    def __init__(
        self,
        page_id: str,
        page_token: SecretStr,
        graph_version: str = "v25.0",
        graph_base: str = "https://graph.facebook.com",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.page_id = page_id
        self._token = page_token
        self.api_root = f"{graph_base.rstrip('/')}/{graph_version.strip('/')}"
        self._http = httpx.Client(
            timeout=DEFAULT_TIMEOUT,
            headers={"Authorization": f"Bearer {page_token.get_secret_value()}"},
            transport=transport,
        )
        self._page_name: str | None = None  # set once the token is known to be this Page's

    @classmethod
    def from_settings(cls, settings: Any) -> FacebookChannel:
        return cls(
            settings.facebook_page_id,
            settings.facebook_page_token,
            graph_version=settings.facebook_graph_version,
            graph_base=settings.facebook_graph_base,
        )

    # Publishing -------------------------------------------------------------------------

    def publish(self, post: OutgoingPost, before_create: Callable[[], None] = lambda: None) -> Outcome:
        try:
            self._require_page_token()
            if len(post.photos) == 1:
                before_create()
                body = self._photo(post.photos[0], caption=post.text, published=True, on_create=True)
                post_id = str(body.get("post_id") or body.get("id") or "")
            else:
                photo_ids = [self._photo(photo, published=False)["id"] for photo in post.photos]
                form = {"message": post.text}
                for number, photo_id in enumerate(photo_ids):
                    form[f"attached_media[{number}]"] = json.dumps({"media_fbid": str(photo_id)})
                before_create()
                body = self._call("POST", f"/{self.page_id}/feed", data=form, on_create=True)
                post_id = str(body.get("id") or "")
        except Failed as failed:
            return self._scrubbed(failed.outcome)
        except (KeyError, TypeError, AttributeError):
            return Outcome(OutcomeKind.RETRY_LATER, UNEXPECTED)
        if not post_id:
            return Outcome(
                OutcomeKind.UNKNOWN, "Facebook did not say whether the post went out. Check and retry."
            )
        return Outcome(
            OutcomeKind.PUBLISHED, "Posted to Facebook.", url=self._permalink(post_id), remote_id=post_id
        )

    def _photo(
        self, photo: OutgoingPhoto, *, caption: str = "", published: bool, on_create: bool = False
    ) -> dict:
        form = {"published": "true" if published else "false"}
        if caption:
            form["caption"] = caption
        if photo.alt_text:
            form["alt_text_custom"] = photo.alt_text
        return self._call(
            "POST",
            f"/{self.page_id}/photos",
            data=form,
            files={"source": ("photo", photo.data, photo.content_type)},
            timeout=UPLOAD_TIMEOUT,
            on_create=on_create,
        )

    def _call(self, method: str, path: str, *, on_create: bool = False, **kwargs: Any) -> dict:
        """One Graph request; raises Failed with the outcome when it does not succeed."""
        try:
            response = self._http.request(method, self.api_root + path, **kwargs)
        except _NOT_SENT:
            raise Failed(classify_graph_network_error(connected=False, on_create=on_create)) from None
        except httpx.HTTPError:
            raise Failed(classify_graph_network_error(connected=True, on_create=on_create)) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict) and "error" not in body:
            return body
        log.info("Facebook %s %s answered %s", method, path, response.status_code)
        if response.is_success:  # 2xx without a usable body
            kind = OutcomeKind.UNKNOWN if on_create else OutcomeKind.RETRY_LATER
            raise Failed(Outcome(kind, UNEXPECTED))
        raise Failed(
            classify_graph_response(response.status_code, body, response.headers, on_create=on_create)
        )

    def _require_page_token(self) -> None:
        """Refuse a personal user token (GET /me answers with a person, not the Page)."""
        if self._page_name is not None:
            return
        me = self._call("GET", "/me", params={"fields": "id,name"})
        if str(me.get("id")) != str(self.page_id):
            raise Failed(
                Outcome(
                    OutcomeKind.RECONNECT,
                    "The Facebook token is a personal user token, not the Page's. "
                    f"Ask an admin to connect a Page access token for Page {self.page_id}.",
                )
            )
        self._page_name = str(me.get("name") or self.page_id)

    def _permalink(self, post_id: str) -> str:
        """The post's permalink_url, or a URL that redirects to it when that cannot be fetched."""
        try:
            body = self._call("GET", f"/{post_id}", params={"fields": "permalink_url"})
        except Failed:
            body = {}
        url = body.get("permalink_url")
        return (
            url
            if isinstance(url, str) and url.startswith("https://")
            else f"https://www.facebook.com/{post_id}"
        )

    # Reconciliation and checks ----------------------------------------------------------

    def find_published(self, post: OutgoingPost) -> Outcome | None:
        params = {
            "fields": "id,message,created_time,permalink_url",
            "since": str(int(post.search_since.timestamp())),
            "limit": "100",
        }
        try:
            for _ in range(MAX_RECONCILE_PAGES):
                page = self._call("GET", f"/{self.page_id}/published_posts", params=params)
                for item in page.get("data") or []:
                    if same_text(post.text, item.get("message") or "") and _since(item, post.search_since):
                        post_id = str(item["id"])
                        url = item.get("permalink_url") or f"https://www.facebook.com/{post_id}"
                        return Outcome(
                            OutcomeKind.PUBLISHED, "Posted to Facebook.", url=url, remote_id=post_id
                        )
                after = ((page.get("paging") or {}).get("cursors") or {}).get("after")
                if not after or not (page.get("paging") or {}).get("next"):
                    return None
                params = {**params, "after": after}
        except (Failed, KeyError, TypeError, AttributeError):
            pass
        return Outcome(
            OutcomeKind.UNKNOWN,
            "Tripcast could not check the Facebook Page for this post. "
            "Look at the Page, then retry if it is missing.",
        )

    def check_connection(self) -> ConnectionCheck:
        self._page_name = None
        try:
            self._require_page_token()
        except Failed as failed:
            outcome = self._scrubbed(failed.outcome)
            return ConnectionCheck(
                False, outcome.message, needs_reconnect=outcome.kind is OutcomeKind.RECONNECT
            )
        return ConnectionCheck(
            True, f"Connected to the Facebook Page {self._page_name}.", account=self._page_name or ""
        )

    def _scrubbed(self, outcome: Outcome) -> Outcome:
        """Belt and braces: Facebook's error text must never carry the token into a message."""
        token = self._token.get_secret_value()
        if token and token in outcome.message:
            return Outcome(outcome.kind, outcome.message.replace(token, "…"), retry_at=outcome.retry_at)
        return outcome

    def close(self) -> None:
        self._http.close()


def _since(item: dict, since: datetime) -> bool:
    """True when the item's created_time is at or after `since` (or has no usable time)."""
    created = item.get("created_time")
    if not isinstance(created, str):
        return True
    try:
        return datetime.strptime(created, "%Y-%m-%dT%H:%M:%S%z") >= since
    except ValueError:
        return True


__all__ = ["FacebookChannel", "RECONNECT_FACEBOOK"]
