"""Cross-site request forgery protection, security headers, and the cookies' flags.

Every state-changing request must come from our own origin, and HTML form posts also carry a token that
must match the `tripcast_csrf` cookie (double submit). "Our own origin" is judged from the browser's
headers, in this order:

- `Sec-Fetch-Site`, when sent, must be `same-origin` (or `none`: typed in the address bar);
- `Origin`, when sent, must be this site (or TRIPCAST_BASE_URL's);
- with no `Origin`, a `Referer`, when sent, must be this site too (older browsers and some privacy modes
  drop Origin but keep Referer; a cross-site or unreadable Referer is refused);
- a request with none of the three is allowed on purpose. Every browser sends Origin (and Sec-Fetch-Site)
  on a cross-site POST, PATCH or DELETE, so such a request is a script or the CLI acting for itself, which
  must still hold a session cookie it got by signing in; forging one from another site needs a victim's
  browser, which always sends the headers. The session cookie is also SameSite=Lax.

Behind HTTPS every cookie this app sets (session, CSRF, flash, and the ones that end them) gets `Secure`
here, in one place, and the flash cookie is signed with the secret key (app/web/flash.py).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.flash import FLASH_COOKIE
from app.web.flash import read as read_flash
from app.web.flash import sign as sign_flash

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
    own = {f"{request.url.scheme}://{request.url.netloc}".lower()}
    if allowed_extra:
        own.add(_origin_of(allowed_extra))
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() in own
    referer = request.headers.get("referer")
    if referer is not None:
        try:
            return _origin_of(referer) in own
        except ValueError:  # not a URL at all
            return False
    return True  # no browser headers at all: a script or the CLI acting for itself (see the module docstring)


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
        flash = request.cookies.get(FLASH_COOKIE)
        if flash:
            scope.setdefault("state", {})["flash"] = read_flash(flash, self._key(scope))
        existing = request.cookies.get(CSRF_COOKIE)
        token = existing or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        await self.app(scope, receive, self._sender(send, path, https, None if existing else token, started,
                                                    lambda: self._key(scope)))

    @staticmethod
    def _key(scope: Scope) -> bytes:
        return scope["app"].state.settings.signing_key()

    @staticmethod
    def _sender(send: Send, path: str, https: bool, new_token: str | None, started: float,
                key: Callable[[], bytes] | None = None) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _cookie_flags(message.get("headers", []), https, key)
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


def _cookie_flags(raw: list[tuple[bytes, bytes]], https: bool, key: Callable[[], bytes] | None):
    """Secure on every cookie behind HTTPS; the flash cookie's value signed."""
    out = []
    for name, value in raw:
        if name.lower() == b"set-cookie":
            text = value.decode("latin-1")
            if key is not None and text.startswith(FLASH_COOKIE + "="):
                cookie_value, sep, rest = text[len(FLASH_COOKIE) + 1:].partition(";")
                if cookie_value not in ("", '""'):
                    text = f"{FLASH_COOKIE}={sign_flash(cookie_value, key())}{sep}{rest}"
            if https and "secure" not in [part.strip().lower() for part in text.split(";")[1:]]:
                text += "; Secure"
            value = text.encode("latin-1")
        out.append((name, value))
    return out


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
