"""The FastAPI application: settings, database, routers, error pages and the background outbox."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.accounts import admin_routes as staff_admin
from app.accounts import routes as account_routes
from app.accounts import twofactor_routes
from app.accounts.service import issue_setup_token, needs_setup
from app.accounts.twofactor import seal_plain_secrets
from app.audit import routes as audit_routes
from app.audit.log import record
from app.channels import routes as channel_routes
from app.channels.registry import build_channels
from app.config import Settings, get_settings
from app.db import Database, utcnow
from app.deps import NeedsSecondFactor, NotAllowed, NotAuthenticated, client_ip
from app.hygiene import routes as hygiene_routes
from app.media import face_routes
from app.moderation import routes as moderation_routes
from app.moderation.worker import ModerationWorker
from app.newsflash import routes as newsflash_routes
from app.newsflash.service import seed_feeds
from app.newsflash.worker import NewsflashPoller
from app.policy.detector import warm_up
from app.posts import pause_routes, takedown_routes
from app.posts import routes as post_routes
from app.posts.outbox import Outbox, photo_files_known
from app.posts.storage import PhotoStore
from app.review import routes as review_routes
from app.roster import routes as roster_routes
from app.roster.service import PolicyContexts
from app.trips import routes as trip_routes
from app.web import api_docs, pages, preview, pwa
from app.web.body_limit import BodyLimitMiddleware
from app.web.bounds import MAX_DB_ID
from app.web.compression import TextGZipMiddleware
from app.web.rate_limit import RateLimits
from app.web.security import SecurityMiddleware
from app.web.templates import render, with_flash

log = logging.getLogger("tripcast")
STATIC_DIR = Path(__file__).parent / "static"


def static_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def setup_link_base(settings: Settings) -> str:
    if settings.base_url:
        return settings.base_url.rstrip("/")
    host = os.environ.get("HOST", "127.0.0.1")
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{os.environ.get('PORT', '8000')}"


def announce_setup_link(app: FastAPI) -> str | None:
    """When no admin exists yet, print a one-time link (valid 1 hour) to create the first admin."""
    with app.state.db.session() as db:
        if not needs_setup(db):
            print(f"\nTripcast is ready: open {setup_link_base(app.state.settings)}/ and sign in.\n", flush=True)
            return None
        token = issue_setup_token(db)
    link = f"{setup_link_base(app.state.settings)}/setup/{token}"
    banner = "=" * 72
    print(f"\n{banner}\n No admin account yet. Open this link within 1 hour to create the first admin:\n\n"
          f"   {link}\n\n (Or: python -m app create-user you@school.org --role admin --password-stdin)\n{banner}\n",
          flush=True)
    return link


@asynccontextmanager
async def lifespan(app: FastAPI):
    settings: Settings = app.state.settings
    settings.ensure_dirs()
    with app.state.db.session() as db:
        seal_plain_secrets(db, settings.signing_key())
    announce_setup_link(app)
    # The offensive-language model takes a few seconds to load: do it now, not in the first teacher's check.
    threading.Thread(target=warm_up, name="tripcast-warm-up", daemon=True).start()
    # Only files older than the retention period: younger ones may belong to another database on this folder.
    app.state.photo_store.sweep_orphans(photo_files_known(app.state.db), settings.photo_retention_days * 86400)
    app.state.outbox = Outbox(
        settings, app.state.db, app.state.channels, app.state.contexts, app.state.photo_store,
        clock=lambda: app.state.clock(),
    )
    with app.state.db.session() as db:
        seed_feeds(db, settings.newsflash_feeds, settings.newsflash_allow_private_addresses)
    app.state.newsflash = NewsflashPoller(app.state)
    if settings.outbox_enabled:
        app.state.outbox.start()
        app.state.newsflash.start()
    if settings.outbox_enabled and settings.moderation_enabled:
        app.state.moderation.start()
    try:
        yield
    finally:
        if settings.outbox_enabled:
            await app.state.newsflash.stop()
            await app.state.outbox.stop()
        if settings.outbox_enabled and settings.moderation_enabled:
            await app.state.moderation.stop()
        for channel in app.state.channels.values():
            close = getattr(channel, "close", None)
            if close:
                close()
        app.state.db.dispose()


def _wants_json(request: Request) -> bool:
    """API calls and scripts get JSON errors; a browser's page load or form post gets an HTML page."""
    if request.url.path.startswith("/api/"):
        return True
    return any("application/json" in request.headers.get(h, "") for h in ("accept", "content-type"))


def _back_link(request: Request) -> str:
    """The page the person came from (same site only), so an error after a form post can send them back."""
    referer = request.headers.get("referer", "")
    if referer.startswith(str(request.base_url)):
        path = "/" + referer[len(str(request.base_url)) :]
        if not path.startswith("//"):
            return path
    return "/"


PLAIN_STATUS = {
    404: "There is nothing at this address.",
    405: "This address does not accept that kind of request.",
    413: "What was sent is too large.",
}


def _problem(error: dict) -> str:
    """One validation error in plain English."""
    kind = error.get("type", "")
    loc = [str(part) for part in error.get("loc", ())[1:]]
    where = ".".join(loc)
    if kind == "json_invalid":
        return "The request is not valid JSON" + (f" (the problem is near character {loc[0]})" if loc else "") + "."
    if kind in {"model_attributes_type", "dict_type"} and not loc:
        return "Send the request as a JSON object with Content-Type: application/json."
    if kind == "extra_forbidden":
        return f"'{where}' is not a field this accepts; check the spelling."
    if kind == "missing":
        return f"{where or 'a field'} is missing."
    ctx = error.get("ctx") or {}
    if kind == "string_unicode":  # e.g. a lone UTF-16 surrogate ("\ud800") in JSON
        return f"'{where}' contains a character that is not valid text."
    if kind == "string_too_long":
        return f"'{where}' is too long: at most {ctx.get('max_length', 0):,} characters."
    if kind == "too_long":
        return f"'{where}' has too many items: at most {ctx.get('max_length', 0):,}."
    if kind == "less_than_equal" and ctx.get("le") == MAX_DB_ID:
        return f"'{where}' is not an id this server could have (ids are at most {MAX_DB_ID})."
    if kind == "less_than_equal":
        return f"'{where}' must be at most {ctx.get('le')}."
    if kind == "greater_than_equal":
        return f"'{where}' must be at least {ctx.get('ge')}."
    if kind == "value_error":
        return f"'{where}' {str(error.get('msg', 'is not valid')).removeprefix('Value error, ')}."
    return f"{where or 'request'}: {error.get('msg', 'is not valid')}"


def _record_refusal(request: Request) -> None:
    with request.app.state.db.session() as db:
        record(db, "admin.refused", actor=getattr(request.state, "user", None), ip=client_ip(request),
               method=request.method, path=request.url.path)
        db.commit()


def install_error_handlers(app: FastAPI) -> None:
    """Async handlers that never touch the database on the event loop (error pages go without the banner)."""
    @app.exception_handler(NotAuthenticated)
    async def _not_authenticated(request: Request, _exc: NotAuthenticated):
        if _wants_json(request):
            return JSONResponse({"detail": "Please sign in first."}, status_code=401)
        if request.method != "GET":  # never come back to a form action (POST /logout) after signing in
            return RedirectResponse("/login", status_code=303)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(NeedsSecondFactor)
    async def _needs_second_factor(request: Request, _exc: NeedsSecondFactor):
        message = ("This school requires admins to use two-factor sign-in. Turn it on first: Password page, then "
                   "Two-factor sign-in.")
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=403)
        return with_flash(RedirectResponse("/account/2fa", status_code=303), message)

    @app.exception_handler(NotAllowed)
    async def _not_allowed(request: Request, _exc: NotAllowed):
        message = "Only admins can do this. Ask the Head or an admin if you need it."
        await run_in_threadpool(_record_refusal, request)  # governors can see who tried what; not on the loop
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=403)
        return render(request, "error.html", status_code=403, title="Admins only", message=message, banner=None)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else "Something went wrong."
        if exc.status_code in PLAIN_STATUS and detail == HTTPStatus(exc.status_code).phrase:
            detail = PLAIN_STATUS[exc.status_code]
        if _wants_json(request):
            if isinstance(exc.detail, dict | list):
                return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
            return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
        if isinstance(exc.detail, dict) and isinstance(exc.detail.get("message"), str):
            detail = exc.detail["message"]
        return render(request, "error.html", status_code=exc.status_code, title="Sorry", message=detail,
                      back=_back_link(request), headers=exc.headers, banner=None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        problems = [_problem(error) for error in exc.errors()]
        message = "Some of what was sent is missing or not valid: " + " ".join(
            p if p.endswith(".") else p + "." for p in problems)
        if not _wants_json(request):
            return render(request, "error.html", status_code=422, title="Sorry", message=message,
                          back=_back_link(request), banner=None)
        return JSONResponse({"detail": message, "errors": problems}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("Unexpected error on %s %s", request.method, request.url.path)
        message = "Something went wrong on the server. Nothing was lost; try again in a moment."
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        return render(request, "error.html", status_code=500, title="Sorry", message=message,
                      back=_back_link(request), banner=None)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Tripcast", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.db = Database(settings.db_url)
    app.state.static_version = static_fingerprint()
    app.state.channels = build_channels(settings)
    app.state.contexts = PolicyContexts(settings)
    app.state.photo_store = PhotoStore(settings.photos_dir)
    app.state.outbox = None
    app.state.clock = utcnow  # tests may fix the clock that policy and the outbox judge by
    app.state.moderation = ModerationWorker(settings, app.state.db, app.state.channels, app.state.contexts,
                                            clock=lambda: app.state.clock())
    # per user, in this process (app/web/rate_limit.py); off only for load benchmarks
    app.state.rate_limits = RateLimits(enabled=settings.rate_limits_enabled)
    app.add_middleware(SecurityMiddleware, base_url=settings.base_url)
    app.add_middleware(TextGZipMiddleware, minimum_size=500)  # HTML, JS, CSS and JSON only (not photos)
    # outermost: refuse oversized bodies before anything reads them (photos: every file at its limit plus form)
    app.add_middleware(BodyLimitMiddleware,
                       photo_post_limit=settings.upload_max_photos * settings.upload_max_bytes + 1024 * 1024)
    # Client address and scheme from a trusted reverse proxy only (uvicorn's own middleware, configured here
    # so the setting is Tripcast's; uvicorn is started with --no-proxy-headers).
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    install_error_handlers(app)
    for module in (account_routes, twofactor_routes, staff_admin, trip_routes, audit_routes, roster_routes,
                   post_routes, channel_routes, newsflash_routes, review_routes, pause_routes, pages, pwa, preview,
                   takedown_routes, moderation_routes, hygiene_routes, api_docs):
        app.include_router(module.router)
    app.include_router(face_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz")
    def healthz():
        try:
            with app.state.db.session() as db:
                db.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001
            raise HTTPException(503, "The database is not answering.") from exc
        return {"status": "ok"}

    return app
