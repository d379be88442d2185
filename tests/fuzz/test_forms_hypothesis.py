"""Hypothesis over the HTML form routes and the multipart POST /api/posts: hostile but well-formed input
(huge or odd Unicode text, ids past every integer range, dates from year 1 to 9999, junk photos) never gets
a 5xx or a slow answer, and every refusal is a plain page or a JSON detail."""

from __future__ import annotations

import io
import secrets
import time
import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.fuzz.conftest import FUZZ_SETTINGS, SLOW

FORM_SETTINGS = settings(max_examples=10, suppress_health_check=list(HealthCheck), **FUZZ_SETTINGS)
POST_SETTINGS = settings(max_examples=40, suppress_health_check=list(HealthCheck), **FUZZ_SETTINGS)

# Text a browser can send in a form: any Unicode but lone surrogates (which UTF-8 cannot carry).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
long_text = st.one_of(text, st.integers(1, 6000).map(lambda n: "Ł’…" * n))
ids = st.one_of(st.integers(-(2**70), 2**70).map(str), text.filter(lambda s: s not in ("", ".", "..")))
moments = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.sampled_from([None])).map(lambda d: d.isoformat() + "+14:00"),
    text,
)

# (path template, fields the form sends). Each is posted with a valid CSRF token and a fresh admin session.
FORMS = [
    ("/login", ["email", "password", "next"]),
    ("/account/password", ["current", "new", "confirm"]),
    ("/setup/{id}", ["email", "name", "password", "confirm"]),
    ("/admin/staff", ["email", "display_name", "role", "password"]),
    ("/admin/staff/{id}", ["action", "role", "password", "display_name", "email"]),
    ("/admin/trips", ["name", "start_date", "end_date", "classes", "leader_ids"]),
    ("/admin/trips/{id}/end", []),
    ("/admin/allowlist", ["phrase"]),
    ("/admin/allowlist/{id}/delete", []),
    ("/admin/channels/{id}/check", []),
    ("/logout", []),
]
PAGES = ["/login?next={v}", "/admin/audit?person={v}&event={v}&day_from={v}&day_to={v}&before={v}",
         "/sandbox/media/{v}", "/setup/{v}"]


def _ok(response, started: float) -> None:
    took = time.perf_counter() - started
    assert response.status_code < 500, response.text[:500]
    assert took < SLOW, f"took {took:.1f} s"
    if response.status_code >= 400 and response.headers.get("content-type", "").startswith("text/html"):
        assert "<h1>" in response.text  # a real page that says what went wrong


@pytest.mark.parametrize(("template", "fields"), FORMS, ids=[f[0] for f in FORMS])
@FORM_SETTINGS
@given(data=st.data())
def test_form_routes_never_fail(fuzz_app, template, fields, data):
    app, staff, client = fuzz_app
    token = secrets.token_urlsafe(16)
    values = {f: data.draw(st.one_of(long_text, ids, moments), label=f) for f in fields}
    if "classes" in values:
        values["classes"] = data.draw(st.lists(text, max_size=5), label="classes list")
    path = template.replace("{id}", quote(data.draw(ids, label="id"), safe=""))
    client.cookies.clear()
    started = time.perf_counter()
    response = client.post(path, data={"csrf_token": token, **values}, follow_redirects=False,
                           cookies={**staff.cookie(staff.admin_id), "tripcast_csrf": token})
    _ok(response, started)


@pytest.mark.parametrize("template", PAGES)
@FORM_SETTINGS
@given(value=st.one_of(text, ids, moments, st.integers(1, 400).map(lambda n: "Ł’…" * n)))
def test_pages_with_hostile_queries_never_fail(fuzz_app, template, value):
    app, staff, client = fuzz_app
    client.cookies.clear()
    started = time.perf_counter()
    response = client.get(template.replace("{v}", quote(value, safe="")),
                          cookies=staff.cookie(staff.admin_id), follow_redirects=False)
    _ok(response, started)


def _jpeg(size: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


photos = st.lists(st.one_of(
    st.binary(max_size=2048),
    st.sampled_from([8, 64]).map(_jpeg),
    st.binary(max_size=64).map(lambda junk: b"\xff\xd8\xff\xe0" + junk),
), max_size=5)
def mostly(usual, odd):
    """The usual value four times in five, so most posts get past the shape checks and reach the pipeline."""
    return st.one_of(usual, usual, usual, usual, odd)


post_forms = st.fixed_dictionaries({
    "text": mostly(text, long_text),
    "idempotency_key": mostly(st.uuids().map(str), text),
    "channels": mostly(st.just(["sandbox"]), st.lists(st.one_of(st.sampled_from(["sandbox", "x"]), text), max_size=4)),
    "alt_text": mostly(st.lists(text, max_size=4), st.lists(long_text, max_size=6)),
    "confirmations": st.lists(st.one_of(st.sampled_from(["consent", "names", "posting-hours"]), text), max_size=4),
}, optional={
    "out_of_hours_reason": st.one_of(st.sampled_from(["trip", "closure", "event_other"]), text),
    "out_of_hours_note": long_text,
    "scheduled_for": mostly(st.just(""), moments),
    "written_at": mostly(st.just(""), moments),
    "author_id": mostly(st.just(""), ids),
})


@POST_SETTINGS
@given(form=post_forms, files=photos, as_admin=st.booleans())
def test_multipart_posts_never_fail(fuzz_app, form, files, as_admin):
    app, staff, client = fuzz_app
    client.cookies.clear()
    upload = [("photos", (f"p{n}.jpg", data, "image/jpeg")) for n, data in enumerate(files)]
    started = time.perf_counter()
    response = client.post("/api/posts", data=form, files=upload or {"none": ("", b"")},
                           cookies=staff.cookie(staff.admin_id if as_admin else staff.poster_id))
    took = time.perf_counter() - started
    assert response.status_code < 500, response.text[:500]
    assert took < SLOW, f"took {took:.1f} s"
    body = response.json()
    event(f"status {response.status_code}")
    if response.status_code >= 400:
        assert isinstance(body["detail"], str) and body["detail"]
    else:
        assert uuid.UUID(form["idempotency_key"]) and body["id"] and body["deliveries"]
