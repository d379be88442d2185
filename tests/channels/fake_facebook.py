"""A fake Graph API for one Page at the HTTP boundary (via `respx`).

It insists on the token in the Authorization header (never in the URL), answers `/me` as the Page (or as
a person, to play a user token), accepts photos (published or not) and feed posts with `attached_media`,
serves `published_posts`, and records what it accepted. Faults are scripted per route with `fail_next`.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import respx

from .multipart import parse_form

BASE = "https://graph.facebook.com"
VERSION = "v25.0"
PAGE_ID = "104000000000001"
PAGE_NAME = "Wentworth Primary School"
PAGE_TOKEN = "EAAPageTokenSecretValue0123456789"
USER_TOKEN = "EAAUserTokenSecretValue9876543210"


def graph_error(code: int, message: str, subcode: int | None = None, transient: bool = False) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf123"}
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient:
        error["is_transient"] = True
    return {"error": error}


MISSING = graph_error(100, "Unsupported get request. Object with ID does not exist, cannot be loaded due to missing "
                          "permissions, or does not support this operation.", 33)
NO_ENGAGEMENT = graph_error(10, "(#10) This endpoint requires the 'pages_manage_engagement' permission")


@dataclass
class Fault:
    status: int = 500
    body: object = None
    headers: dict = field(default_factory=dict)
    exception: Exception | None = None
    accept_first: bool = False
    passthrough: bool = False  # answer this call normally (so a later call in the queue fails)


class FakeFacebook:
    def __init__(self, mock: respx.MockRouter) -> None:
        self.photos: dict[
            str, dict
        ] = {}  # photo id -> {"data", "content_type", "alt_text", "caption", "published"}
        self.posts: list[dict] = []  # {"id", "message", "photo_ids", "created_time"}
        self.comments: list[dict] = []  # {"id", "post_id", "from": {"id", "name"}, "message", "created_time",
        #                                  "is_hidden"}: other people's comments on the Page's posts
        self.blocked: list[str] = []  # user ids blocked from the Page
        self.page_size = 100  # comments answered per page at most (Facebook honours `limit` up to a cap)
        self.requests: list[httpx.Request] = []
        self.faults: dict[str, list[Fault]] = {}
        self.tokens = {
            PAGE_TOKEN: {"id": PAGE_ID, "name": PAGE_NAME},
            USER_TOKEN: {"id": "9001", "name": "Jo Bloggs"},
        }
        self.revoked: set[str] = set()
        self._ids = itertools.count(720000000000001)
        root = f"{BASE}/{VERSION}"
        routes = {
            ("GET", "/me"): self._me,
            ("POST", f"/{PAGE_ID}/photos"): self._photo,
            ("POST", f"/{PAGE_ID}/feed"): self._feed,
            ("GET", f"/{PAGE_ID}/published_posts"): self._published_posts,
        }
        for (method, path), handler in routes.items():
            mock.route(method=method, url=root + path).mock(side_effect=self._wrap(path, handler))
        mock.route(method="GET", url__regex=rf"^{root}/{PAGE_ID}_\d+(\?.*)?$").mock(
            side_effect=self._wrap("/{post-id}", self._post)
        )
        for method, pattern, key, handler in (
            ("DELETE", rf"^{root}/{PAGE_ID}_\d+$", "DELETE /{post-id}", self._delete_post),
            ("GET", rf"^{root}/{PAGE_ID}_\d+/comments(\?.*)?$", "/{post-id}/comments", self._comments),
            ("POST", rf"^{root}/\d+_\d+$", "POST /{comment-id}", self._hide_comment),
            ("DELETE", rf"^{root}/\d+_\d+$", "DELETE /{comment-id}", self._delete_comment),
            ("POST", rf"^{root}/{PAGE_ID}/blocked$", "/blocked", self._block),
        ):
            mock.route(method=method, url__regex=pattern).mock(side_effect=self._wrap(key, handler))

    def fail_next(self, path: str, *faults: Fault) -> None:
        self.faults.setdefault(path, []).extend(faults)

    def calls_to(self, path: str) -> int:
        return sum(1 for request in self.requests if request.url.path.endswith(path))

    def _wrap(self, path, handler):
        def respond(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            assert "access_token" not in str(request.url), "the token must not travel in the URL"
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            if token in self.revoked or token not in self.tokens:
                return httpx.Response(
                    400, json=graph_error(190, "Error validating access token: Session has expired.", 463)
                )
            queue = self.faults.get(path) or []
            fault = queue.pop(0) if queue else None
            if fault and fault.passthrough:
                fault = None
            if fault and fault.accept_first:
                handler(request, token)
            if fault and fault.exception:
                raise fault.exception
            if fault:
                content = fault.body if isinstance(fault.body, str) else json.dumps(fault.body or {})
                return httpx.Response(fault.status, content=content.encode(), headers=fault.headers)
            status, body = handler(request, token)
            return httpx.Response(status, json=body)

        return respond

    def _me(self, request, token):
        assert request.url.params["fields"] == "id,name"
        return 200, self.tokens[token]

    def _photo(self, request, token):
        form = parse_form(request.headers["content-type"], request.content)
        if "source" not in form or not form["source"].value:
            return 400, graph_error(324, "(#324) Requires upload file")
        published = form.get("published") is None or form["published"].text == "true"
        photo_id = str(next(self._ids))
        self.photos[photo_id] = {
            "data": form["source"].value,
            "content_type": form["source"].content_type,
            "alt_text": form["alt_text_custom"].text if "alt_text_custom" in form else None,
            "caption": form["caption"].text if "caption" in form else None,
            "published": published,
        }
        if not published:
            return 200, {"id": photo_id}
        post_id = self._new_post(form["caption"].text if "caption" in form else "", [photo_id])
        return 200, {"id": photo_id, "post_id": post_id}

    def _feed(self, request, token):
        form = dict(httpx.QueryParams(request.content.decode()))
        attached = []
        for index in itertools.count():
            raw = form.get(f"attached_media[{index}]")
            if raw is None:
                break
            media_fbid = json.loads(raw)["media_fbid"]
            if media_fbid not in self.photos or self.photos[media_fbid]["published"]:
                return 400, graph_error(100, "(#100) param attached_media must be an unpublished photo")
            attached.append(media_fbid)
        if not form.get("message") and not attached:
            return 400, graph_error(100, "(#100) Missing message or attachment")
        if any(post["message"] == form.get("message") for post in self.posts):
            return 400, graph_error(506, "Duplicate status message")
        return 200, {"id": self._new_post(form.get("message", ""), attached)}

    def _new_post(self, message: str, photo_ids: list[str]) -> str:
        post_id = f"{PAGE_ID}_{next(self._ids)}"
        self.posts.append(
            {"id": post_id, "message": message, "photo_ids": photo_ids, "created_time": datetime.now(UTC)}
        )
        return post_id

    def _post(self, request, token):
        post_id = request.url.path.rsplit("/", 1)[1]
        if not any(post["id"] == post_id for post in self.posts):
            return 400, MISSING
        return 200, {
            "id": post_id,
            "permalink_url": f"https://www.facebook.com/wentworthps/posts/{post_id.split('_')[1]}",
        }

    def _published_posts(self, request, token):
        since = datetime.fromtimestamp(int(request.url.params["since"]), UTC)
        found = [post for post in reversed(self.posts) if post["created_time"] >= since]
        data = [
            {
                "id": post["id"],
                "message": post["message"],
                "created_time": post["created_time"].strftime("%Y-%m-%dT%H:%M:%S+0000"),
                "permalink_url": f"https://www.facebook.com/wentworthps/posts/{post['id'].split('_')[1]}",
            }
            for post in found
        ]
        return 200, {"data": data, "paging": {"cursors": {"before": "QVFIUmx", "after": "QVFIUmy"}}}

    # After posting: delete posts, read, hide and delete comments, block people ----------------

    def add_comment(self, post_id: str, message: str, name: str = "Angry Parent", user_id: str = "5550001",
                    created_time=None) -> str:
        comment_id = f"{post_id.split('_')[1]}_{next(self._ids)}"
        self.comments.append({"id": comment_id, "post_id": post_id, "from": {"id": user_id, "name": name},
                              "message": message, "created_time": created_time or datetime.now(UTC),
                              "is_hidden": False})
        return comment_id

    def _object_id(self, request) -> str:
        return request.url.path.rstrip("/").split("/")[2]

    def _delete_post(self, request, token):
        post_id = self._object_id(request)
        if not any(post["id"] == post_id for post in self.posts):
            return 400, MISSING
        self.posts = [post for post in self.posts if post["id"] != post_id]
        return 200, {"success": True}

    def _comments(self, request, token):
        post_id = self._object_id(request)
        if not any(post["id"] == post_id for post in self.posts):
            return 400, MISSING
        params = request.url.params
        since = datetime.fromtimestamp(int(params.get("since", "0")), UTC)
        found = [c for c in self.comments if c["post_id"] == post_id and c["created_time"] >= since]
        start = int(params.get("after", "c0")[1:])
        size = min(int(params.get("limit", "25")), self.page_size)
        page = found[start : start + size]
        data = [{"id": c["id"], "message": c["message"], "from": c["from"], "is_hidden": c["is_hidden"],
                 "created_time": c["created_time"].strftime("%Y-%m-%dT%H:%M:%S+0000"),
                 "permalink_url": f"https://www.facebook.com/wentworthps/posts/1?comment_id={c['id']}"} for c in page]
        paging = {"cursors": {"before": f"c{start}", "after": f"c{start + len(page)}"}}
        if start + size < len(found):
            paging["next"] = f"{BASE}/{VERSION}/{post_id}/comments?after=c{start + len(page)}"
        return 200, {"data": data, "paging": paging}

    def _comment(self, request) -> dict | None:
        comment_id = self._object_id(request)
        return next((c for c in self.comments if c["id"] == comment_id), None)

    def _hide_comment(self, request, token):
        comment = self._comment(request)
        form = dict(httpx.QueryParams(request.content.decode()))
        if comment is None:
            return 400, MISSING
        if form.get("is_hidden") not in ("true", "false"):
            return 400, graph_error(100, "(#100) is_hidden must be a boolean")
        comment["is_hidden"] = form["is_hidden"] == "true"
        return 200, {"success": True}

    def _delete_comment(self, request, token):
        comment = self._comment(request)
        if comment is None:
            return 400, MISSING
        self.comments.remove(comment)
        return 200, {"success": True}

    def _block(self, request, token):
        form = dict(httpx.QueryParams(request.content.decode()))
        if not form.get("user"):
            return 400, graph_error(100, "(#100) The parameter user is required")
        self.blocked.append(form["user"])
        return 200, {form["user"]: True}
