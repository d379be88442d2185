"""gzip for what is text (HTML, JS, CSS, JSON, the manifest): Starlette's GZipMiddleware, with photos and icons
passed straight through (they are compressed already; gzip would only cost CPU on a small server)."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

NOT_TEXT = ("/api/preview", "/sandbox/media/", "/static/icons/")


class TextGZipMiddleware:
    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(NOT_TEXT):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
