"""POST /api/preview (a small clean JPEG of a photo the browser can't show, or the pipeline's refusal) and gzip
on the wire for HTML, JS, CSS and JSON (not photos), with the compose page's config block."""

from __future__ import annotations

import gzip
import io
import json
import re

from PIL import Image

from tests.conftest import SHARED

PHOTOS = SHARED / "photos"


def preview(client, data: bytes, content_type: str = "image/heic"):
    return client.post("/api/preview", content=data, headers={"Content-Type": content_type})


def test_heic_preview_is_a_small_clean_jpeg(poster_client):
    response = preview(poster_client, (PHOTOS / "pug.heic").read_bytes())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "no-store"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and 0 < max(image.size) <= 480
    assert not image.getexif()


def test_preview_strips_metadata_from_a_dirty_photo(poster_client):
    response = preview(poster_client, (PHOTOS / "mat2-dirty.jpg").read_bytes(), "image/jpeg")
    assert response.status_code == 200
    assert b"Exif" not in response.content[:4096] and b"GPS" not in response.content


def test_a_photo_the_server_would_refuse_is_refused_by_the_preview_with_the_same_message(poster_client):
    response = preview(poster_client, (PHOTOS / "200MP.heic").read_bytes())
    assert response.status_code == 413
    assert response.json()["detail"].startswith("This photo is 200 megapixels; the limit is 50 megapixels.")


def test_not_a_photo_and_nothing_sent_get_plain_answers(poster_client):
    response = preview(poster_client, b"%PDF-1.7\n" + b"x" * 200, "application/pdf")
    assert response.status_code == 415 and "PDF" in response.json()["detail"]
    response = preview(poster_client, b"")
    assert response.status_code == 422 and "No photo was sent" in response.json()["detail"]
    cut = (PHOTOS / "Landscape_1.jpg").read_bytes()
    response = preview(poster_client, cut[: len(cut) // 2], "image/jpeg")
    assert response.status_code == 422 and "could not be read" in response.json()["detail"]


def test_preview_over_the_byte_limit_is_refused_without_reading_it_all(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from tests.conftest import add_user, login, make_settings, migrated

    settings = migrated(make_settings(tmp_path, upload_max_bytes=100_000))
    add_user(settings, "t@school.example", "poster")
    with TestClient(create_app(settings)) as client:
        login(client, "t@school.example")
        response = preview(client, (PHOTOS / "pug.heic").read_bytes())
    assert response.status_code == 413 and "larger than" in response.json()["detail"]


def test_preview_needs_a_sign_in(client):
    response = preview(client, (PHOTOS / "pug.heic").read_bytes())
    assert response.status_code == 401


def raw_get(client, path: str, encoding: str = "gzip"):
    """The response as it crossed the wire: (headers, body bytes before any decoding)."""
    with client.stream("GET", path, headers={"Accept-Encoding": encoding}) as response:
        return response.status_code, response.headers, b"".join(response.iter_raw())


def test_text_is_gzipped_and_photos_are_not(poster_client):
    for path in ("/", "/static/js/compose.js", "/static/css/app.css", "/api/posts?limit=200", "/manifest.webmanifest"):
        status, headers, body = raw_get(poster_client, path)
        assert status == 200, path
        if int(headers.get("content-length", len(body))) >= 500 or headers.get("content-encoding"):
            assert headers.get("content-encoding") == "gzip", path
            gzip.decompress(body)
    status, headers, body = raw_get(poster_client, "/static/js/compose.js", "identity")
    assert status == 200 and "content-encoding" not in headers and body.startswith(b"// @ts-check")
    status, headers, _ = raw_get(poster_client, "/static/icons/icon-192.png")
    assert status == 200 and "content-encoding" not in headers
    response = preview(poster_client, (PHOTOS / "pug.heic").read_bytes())
    assert "content-encoding" not in response.headers


def test_compose_page_carries_limits_and_rule_wording(poster_client):
    html = poster_client.get("/").text
    config = json.loads(re.search(r'<script type="application/json" id="compose-config">(.*?)</script>', html, re.S)[1])
    assert config["max_photos"] == 4 and config["max_pixels"] == 50_000_000
    assert {"consent", "alt-text", "link-cost", "posting-hours", "length", "empty"} <= set(config["rules"])
    assert "consent" in config["answers"]["consent"]
    offline = poster_client.get("/offline").text
    device = json.loads(re.search(r'id="offline-config">(.*?)</script>', offline, re.S)[1])
    assert device["rules"] == config["rules"] and "trips" not in device  # cached signed out: nothing personal
