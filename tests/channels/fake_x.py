"""A fake X at the HTTP boundary (via `responses`), answering like X's v2 OpenAPI document says.

It checks every request is OAuth 1.0a-signed with the test credentials (signature verified), validates
JSON bodies against the OpenAPI request schemas and its own answers against the response schemas, and
records what it accepted. Faults are scripted per endpoint with `fail_next`.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlsplit

import requests
import responses
from oauthlib.oauth1.rfc5849 import signature

from .multipart import parse_form
from .openapi_check import problems, request_schema, response_schema

BASE = "https://api.x.com"
CREDENTIALS = {
    "api_key": "xk-consumer-key-1234",
    "api_secret": "xs-consumer-secret-5678",
    "access_token": "xt-123-access-token-abcd",
    "access_token_secret": "xts-access-token-secret-efgh",
}
PHOTO_CATEGORIES = {"tweet_image"}


def problem(status: int, detail: str, title: str = "Forbidden", type_: str = "about:blank") -> dict:
    return {"detail": detail, "type": type_, "title": title, "status": status}


@dataclass
class Scripted:
    status: int = 500
    body: object = None
    headers: dict = field(default_factory=dict)
    exception: Exception | None = None
    accept_first: bool = False  # do the work, then fail (e.g. the connection drops after X posted)
    passthrough: bool = False  # answer this call normally (so a later call in the queue fails)


class FakeX:
    def __init__(self, mock: responses.RequestsMock, base: str = BASE, username: str = "wentworthps") -> None:
        self.base = base
        self.user_id = "1460000000000000001"
        self.username = username
        self.media: dict[str, dict] = {}  # media id -> {"data", "content_type", "alt_text"}
        self.tweets: list[dict] = []  # {"id", "text", "media_ids", "created_at", "reply_settings"}
        self.replies: list[dict] = []  # {"id", "conversation_id", "author_id", "username", "text", "created_at",
        #                                 "hidden"}: other people's replies to the school's posts
        self.page_size = 100  # recent search answers at most this many replies a page
        self.calls: list[tuple[str, str]] = []
        self.scripted: dict[str, list[Scripted]] = {}
        self._ids = itertools.count(1860000000000000001)
        for method, path, handler in (
            ("POST", "/2/media/upload", self._upload),
            ("POST", "/2/media/metadata", self._metadata),
            ("POST", "/2/tweets", self._create),
            ("GET", "/2/users/me", self._me),
            ("GET", f"/2/users/{self.user_id}/tweets", self._timeline),
        ):
            mock.add_callback(method, base + path, callback=self._wrap(path, handler))
        one = rf"^{re.escape(base)}/2/tweets/(\d+)"
        for method, url, key, handler in (
            ("DELETE", one + r"(\?.*)?$", "DELETE /2/tweets/{id}", self._delete),
            ("GET", one + r"(\?.*)?$", "GET /2/tweets/{id}", self._lookup),
            ("PUT", one + r"/hidden$", "/2/tweets/{id}/hidden", self._hide),
            ("GET", rf"^{re.escape(base)}/2/tweets/search/recent(\?.*)?$", "/2/tweets/search/recent", self._search),
        ):
            mock.add_callback(method, re.compile(url), callback=self._wrap(key, handler))

    def fail_next(self, path: str, *faults: Scripted) -> None:
        self.scripted.setdefault(path, []).extend(faults)

    def calls_to(self, path: str) -> int:
        return sum(1 for _, called in self.calls if called == path)

    # Plumbing ---------------------------------------------------------------------------

    def _wrap(self, path: str, handler):
        def callback(request: requests.PreparedRequest):
            self.calls.append((request.method, path))
            if not self._signed(request):
                return 401, {}, json.dumps(problem(401, "Unauthorized", "Unauthorized"))
            queue = self.scripted.get(path) or []
            fault = queue.pop(0) if queue else None
            if fault and fault.passthrough:
                fault = None
            if fault and fault.accept_first:
                handler(request)
            if fault and fault.exception:
                raise fault.exception
            if fault:
                body = fault.body if isinstance(fault.body, str) else json.dumps(fault.body or {})
                return fault.status, {"content-type": "application/json", **fault.headers}, body
            status, body = handler(request)
            return status, {"content-type": "application/json; charset=utf-8"}, json.dumps(body)

        return callback

    def _signed(self, request: requests.PreparedRequest) -> bool:
        header = request.headers.get("Authorization", "")
        header = header.decode() if isinstance(header, bytes) else header
        if not header.startswith("OAuth "):
            return False
        oauth = dict(
            signature.collect_parameters(headers={"Authorization": header}, exclude_oauth_signature=False)
        )
        if oauth.get("oauth_consumer_key") != CREDENTIALS["api_key"]:
            return False
        if oauth.get("oauth_token") != CREDENTIALS["access_token"]:
            return False
        url = urlsplit(request.url)
        params = signature.collect_parameters(uri_query=url.query, headers={"Authorization": header})
        base_string = signature.signature_base_string(
            request.method,
            signature.base_string_uri(f"{url.scheme}://{url.netloc}{url.path}"),
            signature.normalize_parameters(params),
        )
        client = SimpleNamespace(
            client_secret=CREDENTIALS["api_secret"], resource_owner_secret=CREDENTIALS["access_token_secret"]
        )
        expected = signature.sign_hmac_sha1_with_client(base_string, client)
        return oauth.get("oauth_signature") == expected

    def _answer(self, path: str, method: str, status: int, body: dict) -> tuple[int, dict]:
        assert not problems(body, response_schema(path, method, str(status))), problems(
            body, response_schema(path, method, str(status))
        )
        return status, body

    # Endpoints --------------------------------------------------------------------------

    def _upload(self, request):
        form = parse_form(request.headers["Content-Type"], request.body)
        fields = {name: part.text for name, part in form.items() if part.filename is None}
        fields["media"] = "<binary>"
        schema = request_schema("/2/media/upload", "post", "multipart/form-data")
        if problems(fields, schema) or fields.get("media_category") not in PHOTO_CATEGORIES:
            return 400, problem(400, f"Invalid upload: {problems(fields, schema)}", "Invalid Request")
        media_id = str(next(self._ids))
        self.media[media_id] = {
            "data": form["media"].value,
            "content_type": form["media"].content_type,
            "alt_text": None,
        }
        data = {"id": media_id, "media_key": f"3_{media_id}", "size": len(form["media"].value)}
        return self._answer("/2/media/upload", "post", 200, {"data": data})

    def _metadata(self, request):
        body = json.loads(request.body)
        found = problems(body, request_schema("/2/media/metadata", "post"))
        if found or body["id"] not in self.media:
            return 400, problem(400, f"Invalid metadata: {found}", "Invalid Request")
        self.media[body["id"]]["alt_text"] = body.get("metadata", {}).get("alt_text", {}).get("text")
        return self._answer(
            "/2/media/metadata",
            "post",
            200,
            {"data": {"id": body["id"], "associated_metadata": body["metadata"]}},
        )

    def _create(self, request):
        body = json.loads(request.body)
        found = problems(body, request_schema("/2/tweets", "post"))
        if found:
            return 400, problem(400, f"Invalid request: {found}", "Invalid Request")
        media_ids = body.get("media", {}).get("media_ids", [])
        if any(media_id not in self.media for media_id in media_ids):
            return 400, problem(400, "Your media IDs are invalid.", "Invalid Request")
        if any(tweet["text"] == body["text"] for tweet in self.tweets):
            return 403, problem(403, "You are not allowed to create a Tweet with duplicate content.")
        tweet_id = str(next(self._ids))
        text = body["text"] + (f" https://t.co/{tweet_id[-10:]}" if media_ids else "")
        self.tweets.append({"id": tweet_id, "text": text, "media_ids": media_ids, "created_at": datetime.now(UTC),
                            "reply_settings": body.get("reply_settings")})
        data = {"id": tweet_id, "text": text, "edit_history_post_ids": [tweet_id]}
        return self._answer("/2/tweets", "post", 201, {"data": data})

    def _me(self, request):
        data = {"id": self.user_id, "name": "Wentworth Primary", "username": self.username}
        return self._answer("/2/users/me", "get", 200, {"data": data})

    def _timeline(self, request):
        query = dict(signature.collect_parameters(uri_query=urlsplit(request.url).query))
        start = datetime.strptime(query["start_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        found = [t for t in reversed(self.tweets) if t["created_at"] >= start]
        data = [
            {
                "id": t["id"],
                "text": t["text"],
                "created_at": t["created_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            }
            for t in found
        ]
        meta = {"result_count": len(data)}
        if data:
            meta |= {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}
            return self._answer("/2/users/{id}/tweets", "get", 200, {"data": data, "meta": meta})
        return self._answer("/2/users/{id}/tweets", "get", 200, {"meta": meta})

    # After posting: delete, look up, hide replies, search replies ---------------------------

    def add_reply(self, tweet_id: str, text: str, username: str = "angryparent", created_at=None) -> str:
        reply_id = str(next(self._ids))
        self.replies.append({"id": reply_id, "conversation_id": tweet_id, "author_id": str(abs(hash(username)) % 10**9),
                             "username": username, "text": text, "created_at": created_at or datetime.now(UTC),
                             "hidden": False})
        return reply_id

    @staticmethod
    def _id_in(request) -> str:
        return re.search(r"/2/tweets/(\d+)", urlsplit(request.url).path).group(1)

    def _delete(self, request):
        tweet_id = self._id_in(request)
        found = [t for t in self.tweets if t["id"] == tweet_id]
        self.tweets = [t for t in self.tweets if t["id"] != tweet_id]
        return self._answer("/2/tweets/{id}", "delete", 200, {"data": {"deleted": bool(found)}})

    def _lookup(self, request):
        tweet_id = self._id_in(request)
        tweet = next((t for t in self.tweets if t["id"] == tweet_id), None)
        if tweet is None:
            error = {"value": tweet_id, "detail": f"Could not find tweet with id: [{tweet_id}].",
                     "title": "Not Found Error", "resource_type": "tweet", "parameter": "id",
                     "resource_id": tweet_id, "type": "https://api.x.com/2/problems/resource-not-found"}
            return self._answer("/2/tweets/{id}", "get", 200, {"errors": [error]})
        data = {"id": tweet["id"], "text": tweet["text"], "edit_history_post_ids": [tweet["id"]]}
        return self._answer("/2/tweets/{id}", "get", 200, {"data": data})

    def _hide(self, request):
        body = json.loads(request.body)
        found = problems(body, request_schema("/2/tweets/{tweet_id}/hidden", "put"))
        if found:
            return 400, problem(400, f"Invalid request: {found}", "Invalid Request")
        reply = next((r for r in self.replies if r["id"] == self._id_in(request)), None)
        if reply is None:
            return 404, problem(404, "Could not find the reply.", "Not Found Error",
                                "https://api.x.com/2/problems/resource-not-found")
        reply["hidden"] = body["hidden"]
        return self._answer("/2/tweets/{tweet_id}/hidden", "put", 200, {"data": {"hidden": body["hidden"]}})

    def _search(self, request):
        query = dict(signature.collect_parameters(uri_query=urlsplit(request.url).query))
        conversation = re.search(r"conversation_id:(\d+)", query["query"]).group(1)
        start = datetime.strptime(query["start_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        found = [r for r in reversed(self.replies) if r["conversation_id"] == conversation and r["created_at"] >= start]
        offset = int(query.get("next_token", "0").removeprefix("page") or 0)
        page = found[offset : offset + self.page_size]
        data = [{"id": r["id"], "text": r["text"], "author_id": r["author_id"], "edit_history_post_ids": [r["id"]],
                 "created_at": r["created_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z")} for r in page]
        users = [{"id": r["author_id"], "username": r["username"], "name": r["username"].title()} for r in page]
        meta: dict = {"result_count": len(data)}
        if offset + self.page_size < len(found):
            meta["next_token"] = f"page{offset + self.page_size:013d}"
        body = {"meta": meta} | ({"data": data, "includes": {"users": users}} if data else {})
        return self._answer("/2/tweets/search/recent", "get", 200, body)
