"""Refuse request bodies larger than the route could ever need, before anything reads them into memory.

Photo posts may carry `upload_max_photos` files of `upload_max_bytes` each; the roster page takes a CSV;
everything else is a small form or JSON body. A declared Content-Length over the limit is refused at once;
a chunked body is counted as it arrives and cut off when it passes the limit.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SMALL_BODY = 1024 * 1024  # forms and JSON
ROSTER_BODY = 4 * 1024 * 1024  # the roster CSV (2 MB) with room for the form around it


def _message(limit: int) -> str:
    return f"What was sent is too large: at most {max(1, round(limit / (1024 * 1024)))} MB here."


class BodyTooLarge(HTTPException):
    """An HTTPException, so the app's error pages (and FastAPI's body parsing) pass it on as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _message(limit))


def _too_large(limit: int) -> tuple[Message, Message]:
    body = json.dumps({"detail": _message(limit)}).encode()
    start = {"type": "http.response.start", "status": 413,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         (b"connection", b"close")]}
    return start, {"type": "http.response.body", "body": body}


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, photo_post_limit: int) -> None:
        self.app = app
        self.photo_post_limit = photo_post_limit

    def limit_for(self, path: str) -> int:
        if path in ("/api/posts", "/api/preview", "/api/faces"):  # one photo each for preview and faces
            return self.photo_post_limit
        if path in ("/api/admin/roster", "/admin/roster"):
            return ROSTER_BODY
        return SMALL_BODY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            for message in _too_large(limit):
                await send(message)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                for message in _too_large(limit):
                    await send(message)
