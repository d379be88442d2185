"""What makes Tripcast installable: the service worker script and the web app manifest.

The service worker is served from the site root (so its scope is the whole app) with the static
version substituted in, so every release gets a new cache name and the old caches are dropped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

router = APIRouter()
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
NO_CACHE = "no-cache"
THEME_COLOUR = "#0b5d4b"
BACKGROUND_COLOUR = "#f6f7f5"


@lru_cache(maxsize=4)
def service_worker_source(version: str) -> str:
    return (STATIC_DIR / "sw.js").read_text(encoding="utf-8").replace("__STATIC_VERSION__", version)


@router.get("/sw.js", include_in_schema=False)
def service_worker(request: Request) -> Response:
    body = service_worker_source(request.app.state.static_version)
    headers = {"Service-Worker-Allowed": "/", "Cache-Control": NO_CACHE}
    return Response(body, media_type="text/javascript", headers=headers)


def manifest_for(school_name: str, version: str) -> dict:
    def icon(name: str, size: int, purpose: str = "any") -> dict:
        return {"src": f"/static/icons/{name}?v={version}", "sizes": f"{size}x{size}", "type": "image/png",
                "purpose": purpose}

    return {
        "id": "/",
        "name": f"Tripcast · {school_name}",
        "short_name": "Tripcast",
        "description": "Post trip photos to the school's X and Facebook Page, within the social-media policy.",
        "lang": "en-GB",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            icon("icon-192.png", 192),
            icon("icon-512.png", 512),
            icon("icon-maskable-512.png", 512, "maskable"),
        ],
    }


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest(request: Request) -> Response:
    body = manifest_for(request.app.state.settings.school_name, request.app.state.static_version)
    return JSONResponse(body, media_type="application/manifest+json", headers={"Cache-Control": NO_CACHE})
