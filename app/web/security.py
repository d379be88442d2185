"""Cross-site request forgery protection and security headers.

Every state-changing request must come from our own origin (Sec-Fetch-Site / Origin checked), and
HTML form posts also carry a token that must match the `tripcast_csrf` cookie (double submit).
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import JSONResponse, Response

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


class SecurityMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, base_url: str = "") -> None:
        super().__init__(app)
        self.base_url = base_url

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method not in SAFE_METHODS and not is_same_origin(request, self.base_url):
            response: Response = JSONResponse({"detail": CROSS_SITE_MESSAGE}, status_code=403)
        else:
            existing = request.cookies.get(CSRF_COOKIE)
            request.state.csrf_token = existing or secrets.token_urlsafe(32)
            response = await call_next(request)
            if not existing and response.headers.get("content-type", "").startswith("text/html"):
                response.set_cookie(
                    CSRF_COOKIE,
                    request.state.csrf_token,
                    httponly=True,
                    samesite="strict",
                    secure=request.url.scheme == "https",
                    path="/",
                )
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "geolocation=(), microphone=()")
        if request.url.path.startswith("/api/") or request.url.path.startswith("/admin"):
            headers.setdefault("Cache-Control", "no-store")
        if request.url.scheme == "https":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


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
