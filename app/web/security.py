"""Cross-site request forgery protection and security headers.

Every state-changing request must come from our own origin (Sec-Fetch-Site / Origin checked), and
HTML form posts also carry a token that must match the `tripcast_csrf` cookie (double submit).
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "tripcast_csrf"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CROSS_SITE_MESSAGE = "This request came from another website, so Tripcast refused it."


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request: Request, allowed_extra: str = "") -> bool:
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # non-browser clients (CLI, scripts); browsers always send Origin on unsafe requests
    own = {f"{request.url.scheme}://{request.url.netloc}".lower()}
    if allowed_extra:
        own.add(_origin_of(allowed_extra))
    return origin.lower() in own


SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"geolocation=(), microphone=()"),
]


class SecurityMiddleware:
    """Pure ASGI middleware (no per-request task group): refuses cross-site writes, adds security headers,
    and hands out the CSRF cookie with the first HTML page."""

    def __init__(self, app: ASGIApp, base_url: str = "") -> None:
        self.app = app
        self.base_url = base_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request = Request(scope)
        https = request.url.scheme == "https"
        path = scope["path"]
        if request.method not in SAFE_METHODS and not is_same_origin(request, self.base_url):
            response = JSONResponse({"detail": CROSS_SITE_MESSAGE}, status_code=403)
            await response(scope, receive, self._sender(send, path, https, None, started))
            return
        existing = request.cookies.get(CSRF_COOKIE)
        token = existing or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        await self.app(scope, receive, self._sender(send, path, https, None if existing else token, started))

    @staticmethod
    def _sender(send: Send, path: str, https: bool, new_token: str | None, started: float) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("Server-Timing", f"app;dur={(time.perf_counter() - started) * 1000:.2f}")
                own_csp = headers.get("content-security-policy", "")
                framable = "frame-ancestors" in own_csp and "frame-ancestors 'none'" not in own_csp
                for name, value in SECURITY_HEADERS:
                    if name.decode() not in headers and not (framable and name == b"x-frame-options"):
                        headers.append(name.decode(), value.decode())  # a page allowing framers sets its own CSP
                private = path.startswith(("/api/", "/admin")) or (
                    headers.get("content-type", "").startswith("text/html") and path != "/offline")
                if private and "cache-control" not in headers:  # pages name staff and carry form tokens
                    headers.append("Cache-Control", "no-store")
                if https and "strict-transport-security" not in headers:
                    headers.append("Strict-Transport-Security", "max-age=31536000")
                if new_token and headers.get("content-type", "").startswith("text/html"):
                    cookie = f"{CSRF_COOKIE}={new_token}; HttpOnly; Path=/; SameSite=strict"
                    headers.append("Set-Cookie", cookie + ("; Secure" if https else ""))
            await send(message)

        return send_with_headers


async def check_form_token(request: Request) -> None:
    """Dependency for HTML form posts: the hidden token must match the cookie."""
    form = await request.form()
    sent = str(form.get(CSRF_FIELD, ""))
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not sent or not expected or not secrets.compare_digest(sent, expected):
        raise HTTPException(
            status_code=403,
            detail="This form has expired or came from another website. Go back, reload the page and try again.",
        )


CsrfChecked = Annotated[None, Depends(check_form_token)]
