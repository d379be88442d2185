"""The face detector behind POST /api/faces, on real photographs: every face of a group photo once, nothing on
slivers and specks, and the same answers when threads share it."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from app.media.faces import detect_boxes, detect_faces, to_bgr
from tests.conftest import SHARED

FACES = SHARED / "faces"
CLASSROOM = FACES / "intel_classroom_f022.png"  # four seated people, faces 12-23 px of a 480 px frame
PORTRAIT = FACES / "thumbor_Giunchedi_Filippo_January_2015_01.jpg"


def annotation(name: str) -> dict:
    return next(a for a in json.loads((FACES / "annotations.json").read_text()) if a["file"] == name)


def iou(a, b) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / (a[2] * a[3] + b[2] * b[3] - ix * iy)


def bgr_of(path, long_edge: int | None = None) -> tuple[np.ndarray, float]:
    image = Image.open(path).convert("RGB")
    scale = 1.0
    if long_edge:
        scale = long_edge / max(image.size)
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    return to_bgr(image), scale


def matched(expected: list, boxes) -> list[float]:
    """For each expected face, its best IoU with any box."""
    return [max((iou(face, box[:4]) for box in boxes), default=0.0) for face in expected]


@pytest.mark.parametrize("size", [(8, 8), (1, 300), (300, 1), (40, 3000)])
def test_slivers_and_specks_find_nothing_and_do_not_fail(size):
    image = Image.new("RGB", size, (128, 128, 128))
    assert detect_faces(image) == []


def test_no_face_in_a_landscape():
    bgr, _ = bgr_of(FACES / "skimage_rocket.jpg", 2048)
    assert len(detect_boxes(bgr)) == 0


def test_every_face_of_a_group_photo_once_through_the_detector_as_shipped():
    image = Image.open(CLASSROOM).convert("RGB")
    expected = annotation(CLASSROOM.name)["faces"]
    faces = detect_faces(image.resize((2048, round(2048 * image.height / image.width)), Image.Resampling.LANCZOS))
    boxes = [[f.x * image.width, f.y * image.height, f.w * image.width, f.h * image.height] for f in faces]
    assert len(boxes) == len(expected)
    assert min(matched(expected, boxes)) >= 0.4


def test_threads_get_what_one_thread_gets():
    photos = [bgr_of(CLASSROOM, 1024)[0], bgr_of(PORTRAIT, 1024)[0], bgr_of(FACES / "skimage_rocket.jpg", 1024)[0]]
    alone = [detect_boxes(p) for p in photos]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(detect_boxes, photos * 4))
    for i, boxes in enumerate(together):
        np.testing.assert_allclose(boxes, alone[i % len(photos)], rtol=1e-4, atol=1e-3)
