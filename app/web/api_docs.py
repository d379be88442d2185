"""The JSON API's OpenAPI document (/api/openapi.json) and Swagger UI (/api/docs), for signed-in staff only.

FastAPI's own /openapi.json and /docs are switched off (create_app passes openapi_url=None) because they are
public and load Swagger UI from a CDN, which the Content-Security-Policy forbids. Here the document covers the
/api routes and /healthz only (the HTML pages and forms are not an API), and Swagger UI is served from this
server (app/web/swagger_ui, vendored from npm's swagger-ui-dist).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from app.deps import CurrentUser

router = APIRouter(include_in_schema=False)
ASSETS = Path(__file__).resolve().parent / "swagger_ui"
ASSET_TYPES = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}
DESCRIPTION = (
    "Tripcast's JSON API. Sign in first (POST /api/session sets an HttpOnly session cookie); every other "
    "operation needs that cookie, and the /api/admin operations need an admin. Errors are "
    '`{"detail": "plain English"}`; a 422 for bad input names the field. Writes must come from this site '
    "(Origin or Sec-Fetch-Site), or from a script that sends no browser headers at all."
)

PLAIN_422 = {
    "title": "Not valid", "type": "object", "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "What was wrong, in plain English, naming the field."},
        "errors": {"type": "array", "items": {"type": "string"}, "description": "One sentence per problem."},
    },
}
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tripcast API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/static/icons/icon-192.png"><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>
"""
INIT = """window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout", withCredentials: true});
"""


def api_document(app) -> dict[str, Any]:
    """The OpenAPI document for the JSON API, built once per app."""
    cached = getattr(app.state, "api_document", None)
    if cached is None:
        full = copy.deepcopy(app.openapi())  # every route FastAPI knows, pages and forms included
        full["info"] = {"title": "Tripcast API", "version": app.version, "description": DESCRIPTION}
        full["paths"] = {path: ops for path, ops in full.get("paths", {}).items()
                         if path.startswith("/api/") or path == "/healthz"}
        # Bad input is answered in plain English (app/main.py), not with FastAPI's list of error objects.
        full.setdefault("components", {}).setdefault("schemas", {})["HTTPValidationError"] = PLAIN_422
        cached = app.state.api_document = full
    return cached


@router.get("/api/openapi.json")
def openapi_document(request: Request, user: CurrentUser) -> JSONResponse:
    return JSONResponse(api_document(request.app))


@router.get("/api/docs")
def docs_page(user: CurrentUser) -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/api/docs/init.js")
def docs_init(user: CurrentUser) -> Response:
    return Response(INIT, media_type="text/javascript")


@router.get("/api/docs/{asset}")
def docs_asset(asset: str, user: CurrentUser) -> FileResponse:
    if asset not in ASSET_TYPES:
        raise HTTPException(404, "There is nothing at this address.")
    return FileResponse(ASSETS / asset, media_type=ASSET_TYPES[asset],
                        headers={"Cache-Control": "private, max-age=86400"})
