"""POST /api/faces on real photos, and POST /api/posts with `blur`: applied to what the Sandbox publishes, bad
input refused with a clear message, counts audited, and the consent question made concrete."""

from __future__ import annotations

import io
import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.db import Database
from app.main import create_app
from app.media.blur import Region
from app.policy import Draft, NameIndex, PolicyContext, PostingWindow, RosterPupil, TripInfo, check
from tests.conftest import SHARED, add_user, login, make_settings, migrated
from tests.faces.helpers import box_of, correlation, crop, encode, noise_image, outside_mask, pixels

FACES = SHARED / "faces"
GROUP = FACES / "intel_face-demographics-walking_f017.png"  # two people walking, faces about 20 px
PORTRAIT = FACES / "thumbor_Giunchedi_Filippo_January_2015_01.jpg"
LONDON = ZoneInfo("Europe/London")
WEDNESDAY_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def annotation(name: str) -> dict:
    return next(a for a in json.loads((FACES / "annotations.json").read_text()) if a["file"] == name)


def iou(a, b) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / (a[2] * a[3] + b[2] * b[3] - ix * iy)


@pytest.fixture
def staff(tmp_path):
    settings = migrated(make_settings(tmp_path))
    add_user(settings, "teacher@school.example", "poster")
    app = create_app(settings)
    app.state.clock = lambda: WEDNESDAY_10AM
    with TestClient(app) as client:
        login(client, "teacher@school.example")
        client.settings = settings
        yield client


def find(client, data: bytes, name: str = "photo.jpg"):
    return client.post("/api/faces", files={"photo": (name, data, "application/octet-stream")})


def test_faces_found_in_a_real_photo_as_fractions_of_the_upright_image(staff):
    expected = annotation(GROUP.name)
    response = find(staff, GROUP.read_bytes(), GROUP.name)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["width"], body["height"]) == (expected["width"], expected["height"])
    boxes = [[f["x"] * body["width"], f["y"] * body["height"], f["w"] * body["width"], f["h"] * body["height"]]
             for f in body["faces"]]
    assert len(boxes) == len(expected["faces"])
    for face in expected["faces"]:
        assert max(iou(face, box) for box in boxes) >= 0.4
    assert all(0 < f["score"] <= 1 and 0 <= f["x"] <= 1 and f["x"] + f["w"] <= 1 for f in body["faces"])


def test_faces_come_back_upright_for_a_rotated_camera_photo(staff):
    upright = Image.open(PORTRAIT).convert("RGB")
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what a phone held sideways stores, with orientation 6
    exif = Image.Exif()
    exif[0x0112] = 6
    body = find(staff, encode(stored, "JPEG", exif, quality=92)).json()
    face = annotation(PORTRAIT.name)["faces"][0]
    assert (body["width"], body["height"]) == upright.size
    assert len(body["faces"]) == 1
    found = body["faces"][0]
    box = [found["x"] * upright.width, found["y"] * upright.height, found["w"] * upright.width,
           found["h"] * upright.height]
    assert iou(face, box) >= 0.4


def test_no_faces_in_a_landscape(staff):
    body = find(staff, (FACES / "skimage_rocket.jpg").read_bytes()).json()
    assert body["faces"] == []


def test_faces_refuses_what_the_photo_pipeline_refuses(staff, tmp_path):
    pdf = find(staff, b"%PDF-1.7\n" + b"0" * 200, "trip.pdf")
    assert pdf.status_code == 415 and "PDF" in pdf.json()["detail"]
    bomb = find(staff, (SHARED / "photos" / "png_decompression_dos.png").read_bytes())
    assert bomb.status_code in (413, 422) and bomb.json()["detail"]
    missing = staff.post("/api/faces", files={"picture": ("a.jpg", b"x", "image/jpeg")})
    assert missing.status_code == 422 and "'photo'" in missing.json()["detail"]
    assert list(staff.settings.photos_dir.iterdir()) == []  # never stored


def test_faces_needs_a_signed_in_member_of_staff(tmp_path):
    settings = migrated(make_settings(tmp_path))
    with TestClient(create_app(settings)) as client:
        response = find(client, PORTRAIT.read_bytes())
    assert response.status_code == 401


# --- POST /api/posts with blur ------------------------------------------------------------------------------

def post(client, photos: list[bytes], blur=None, faces=None, confirm=("consent", "alt-text")):
    data = {"text": "A walk by the lake", "idempotency_key": str(uuid.uuid4()), "confirmations": list(confirm),
            "channels": ["sandbox"]}
    if blur is not None:
        data["blur"] = blur if isinstance(blur, str) else json.dumps(blur)
    if faces is not None:
        data["faces"] = json.dumps(faces)
    files = [("photos", (f"p{i}.jpg", b, "image/jpeg")) for i, b in enumerate(photos)]
    return client.post("/api/posts", data=data, files=files)


def published(client) -> list[bytes]:
    client.app.state.outbox.drain(WEDNESDAY_10AM)
    feed = client.get("/api/sandbox/posts").json()
    return [client.get(url).content for url in feed[0]["media"]]


def test_published_photo_holds_no_trace_of_the_blurred_faces(tmp_path):
    settings = migrated(make_settings(tmp_path))
    add_user(settings, "teacher@school.example", "poster")
    app = create_app(settings)
    app.state.clock = lambda: WEDNESDAY_10AM
    original = noise_image((800, 600), seed=21)
    upload = encode(original, "JPEG", quality=95)
    regions = [Region(0.1, 0.1, 0.2, 0.25), Region(0.6, 0.5, 0.15, 0.2)]
    with TestClient(app) as client:
        login(client, "teacher@school.example")
        response = post(client, [upload], blur=[[r.__dict__ for r in regions]], faces=[{"found": 2, "blurred": 2}])
        assert response.status_code == 202, response.text
        out = published(client)
    clear = pixels(original)
    result = pixels(out[0])
    for region in regions:
        inside = box_of(region, (800, 600))
        assert abs(correlation(crop(result, inside), crop(clear, inside))) < 0.15  # nothing of the original
    far = outside_mask((800, 600), regions, grow=16)
    assert correlation(result[far], clear[far]) > 0.9  # the rest is the photo
    with Database(settings.db_url).session() as db:
        event = db.scalars(select(AuditEvent).where(AuditEvent.event == "post.submitted")).one()
    assert event.details["faces"] == [{"faces_found": 2, "faces_blurred": 2, "regions_blurred": 2}]


@pytest.mark.parametrize(
    ("blur", "words"),
    [
        ("not json", "not JSON"),
        ([[], []], "for 2 photos, but the post has 1"),
        ([[{"x": 0.5, "y": 0.5, "w": 0.6, "h": 0.1}]], "outside the photo"),
        ([[{"x": -0.1, "y": 0.5, "w": 0.1, "h": 0.1}]], "outside the photo"),
        ([[{"x": 0.1, "y": 0.5, "w": "wide", "h": 0.1}]], "no number for 'w'"),
        ({"x": 0.1}, "one list of regions per photo"),
    ],
)
def test_bad_blur_is_refused_with_a_clear_message_and_nothing_is_kept(staff, blur, words):
    photo = encode(noise_image((64, 48), seed=1), "JPEG")
    response = post(staff, [photo], blur=blur)
    assert response.status_code == 422
    assert words in response.json()["detail"]
    assert staff.get("/api/posts").json()["posts"] == []
    assert list(staff.settings.photos_dir.iterdir()) == []


def test_face_counts_cannot_claim_more_blurred_than_regions_sent(staff):
    photo = encode(noise_image((64, 48), seed=1), "JPEG")
    response = post(staff, [photo], blur=[[]], faces=[{"found": 3, "blurred": 3}], confirm=("alt-text",))
    assert response.status_code == 422 and "3 faces were blurred" in response.json()["detail"]


# --- the consent question -------------------------------------------------------------------------------------

WINDOW = PostingWindow(frozenset(range(5)), datetime.min.time().replace(hour=8), datetime.min.time().replace(hour=18),
                       LONDON)
ROSTER = (RosterPupil("Amy", "Amy", "Bell", "6A", False), RosterPupil("Ben", "Ben", "Cole", "6B", False),
          RosterPupil("Cara", "Cara", "Dee", "6B", True), RosterPupil("Dan", "Dan", "Eve", "5C", False))


def consent_findings(faces):
    ctx = PolicyContext(WEDNESDAY_10AM, WINDOW, "poster", (TripInfo("Lake", ("6A", "6B")),), ROSTER,
                        NameIndex.build(ROSTER, ()))
    draft = Draft(text="A walk by the lake", photo_count=len(faces), channels=("sandbox",), alt_texts=("x",) * 2,
                  faces=tuple(faces))
    return [f for f in check(draft, ctx) if f.rule == "consent"]


def test_consent_question_names_the_faces_and_the_pupils_without_consent():
    (finding,) = consent_findings([(2, 1), (1, 0)])
    assert finding.message.startswith("3 faces visible, 1 blurred. Pupils in 6A/6B without photo consent: Amy B., "
                                      "Ben C.")
    assert finding.data["faces_found"] == 3 and finding.data["faces_blurred"] == 1


def test_no_consent_question_when_every_face_is_blurred():
    assert consent_findings([(2, 2), (1, 1)]) == []


def test_consent_question_stays_when_a_photo_was_not_checked_or_no_face_was_found():
    assert consent_findings([(2, 2), None])[0].message.startswith("Confirm that every child")
    assert consent_findings([(0, 0)])[0].message.startswith("0 faces visible, 0 blurred.")


def test_check_api_takes_the_face_counts(staff):
    body = {"text": "A walk by the lake", "photo_count": 1, "alt_texts": ["Two walkers"],
            "faces": [{"found": 2, "blurred": 2}]}
    findings = staff.post("/api/check", json=body).json()["findings"]
    assert "consent" not in [f["rule"] for f in findings]
    body["faces"] = [{"found": 2, "blurred": 1}]
    findings = staff.post("/api/check", json=body).json()["findings"]
    assert [f["message"] for f in findings if f["rule"] == "consent"][0].startswith("2 faces visible, 1 blurred.")


def test_group_photo_detected_then_blurred_end_to_end(staff):
    data = GROUP.read_bytes()
    faces = find(staff, data).json()["faces"]
    regions = [{k: f[k] for k in ("x", "y", "w", "h")} for f in faces]
    response = post(staff, [data], blur=[regions], faces=[{"found": len(faces), "blurred": len(faces)}],
                    confirm=("alt-text",))  # no consent tick needed: every face is blurred
    assert response.status_code == 202, response.text
    out = pixels(published(staff)[0])
    clear = pixels(Image.open(io.BytesIO(data)))
    for f in faces:
        box = box_of(Region(f["x"], f["y"], f["w"], f["h"]), (out.shape[1], out.shape[0]))
        assert np.abs(crop(out, box) - crop(clear, box)).mean() > 8


def test_the_server_does_not_take_the_phones_word_that_every_face_is_blurred(staff):
    """Counts that claim every face blurred, with regions that miss them: the server finds the clear faces in
    what would be published, refuses with the consent question, audits it and keeps nothing."""
    data = GROUP.read_bytes()
    corners = [{"x": 0.0, "y": 0.0, "w": 0.05, "h": 0.05}, {"x": 0.95, "y": 0.95, "w": 0.05, "h": 0.05}]
    response = post(staff, [data], blur=[corners], faces=[{"found": 2, "blurred": 2}], confirm=("alt-text",))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["detail"].startswith("Tripcast still found 2 faces that are not blurred (2 in photo 1).")
    assert [f["rule"] for f in body["findings"]] == ["consent"]
    assert staff.get("/api/posts").json()["posts"] == []
    assert list(staff.settings.photos_dir.rglob("*.*")) == []
    with Database(staff.settings.db_url).session() as db:
        event = db.scalars(select(AuditEvent).where(AuditEvent.event == "post.blocked")).one()
    assert event.details["rules"] == ["consent"]

    # Ticking the consent question is the other way through: then the server has nothing to check.
    response = post(staff, [data], blur=[corners], faces=[{"found": 2, "blurred": 2}])
    assert response.status_code == 202, response.text
