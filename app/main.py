"""The FastAPI application: settings, database, routers, error pages and the background outbox."""

from __future__ import annotations

import hashlib
import logging
import os
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

from app.accounts import admin_routes as staff_admin
from app.accounts import routes as account_routes
from app.accounts.service import issue_setup_token, needs_setup
from app.audit import routes as audit_routes
from app.audit.log import record
from app.channels import routes as channel_routes
from app.channels.registry import build_channels
from app.config import Settings, get_settings
from app.db import Database, utcnow
from app.deps import NotAllowed, NotAuthenticated, client_ip
from app.posts import routes as post_routes
from app.posts.outbox import Outbox, photo_files_known
from app.posts.storage import PhotoStore
from app.roster import routes as roster_routes
from app.roster.service import PolicyContexts
from app.trips import routes as trip_routes
from app.web import pages, pwa
from app.web.body_limit import BodyLimitMiddleware
from app.web.security import SecurityMiddleware
from app.web.templates import render

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
    settings.signing_key()
    announce_setup_link(app)
    app.state.photo_store.sweep_orphans(photo_files_known(app.state.db))
    app.state.outbox = Outbox(
        settings, app.state.db, app.state.channels, app.state.contexts, app.state.photo_store,
        clock=lambda: app.state.clock(),
    )
    if settings.outbox_enabled:
        app.state.outbox.start()
    try:
        yield
    finally:
        if settings.outbox_enabled:
            await app.state.outbox.stop()
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
    app.add_middleware(SecurityMiddleware, base_url=settings.base_url)
    # outermost: refuse oversized bodies before anything reads them (photos: every file at its limit plus form)
    app.add_middleware(BodyLimitMiddleware,
                       photo_post_limit=settings.upload_max_photos * settings.upload_max_bytes + 1024 * 1024)
    install_error_handlers(app)
    for module in (account_routes, staff_admin, trip_routes, audit_routes, roster_routes, post_routes, channel_routes,
                   pages, pwa):
        app.include_router(module.router)
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
