"""The face detectors behind POST /api/faces, on real photographs: CenterFace alone (its decoding and its padding
to multiples of 32), YuNet with CenterFace fused without double boxes, and both shared by threads. CenterFace is
off as shipped (app.media.faces.USE_CENTERFACE); these tests switch it on per call."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import pytest
from PIL import Image

from app.media.centerface import centerface_boxes
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


def test_centerface_alone_finds_each_face_in_a_classroom_and_nothing_else():
    bgr, scale = bgr_of(CLASSROOM, 2048)
    expected = [[v * scale for v in face] for face in annotation(CLASSROOM.name)["faces"]]
    boxes = centerface_boxes(bgr, 1024, 0.5)
    assert len(boxes) == len(expected) == 4
    assert min(matched(expected, boxes)) >= 0.4
    assert list(boxes[:, 4]) == sorted(boxes[:, 4], reverse=True) and 0.5 <= boxes[:, 4].min() <= 1


@pytest.mark.parametrize("size", [(333, 517), (517, 333), (481, 271)])
def test_centerface_boxes_are_in_the_given_images_pixels_whatever_its_sides(size):
    """Sides that are not multiples of 32 are padded for the network, never stretched: the box stays on the face."""
    image = Image.open(PORTRAIT).convert("RGB")
    face = annotation(PORTRAIT.name)["faces"][0]
    left = max(0, min(round(face[0] + face[2] / 2 - size[0] / 2), image.width - size[0]))
    top = max(0, min(round(face[1] + face[3] / 2 - size[1] / 2), image.height - size[1]))
    cut = image.crop((left, top, left + size[0], top + size[1]))
    boxes = centerface_boxes(to_bgr(cut), 4096, 0.5)
    assert len(boxes) == 1
    assert iou([face[0] - left, face[1] - top, face[2], face[3]], boxes[0]) >= 0.6


@pytest.mark.parametrize("size", [(8, 8), (1, 300), (300, 1), (40, 3000)])
def test_centerface_on_slivers_and_specks_finds_nothing_and_does_not_fail(size):
    bgr = np.full((size[1], size[0], 3), 128, dtype=np.uint8)
    assert centerface_boxes(bgr, 1024, 0.5).shape == (0, 5)


def test_no_face_in_a_landscape_for_either_detector():
    bgr, _ = bgr_of(FACES / "skimage_rocket.jpg", 2048)
    assert len(centerface_boxes(bgr, 1024, 0.5)) == 0
    assert len(detect_boxes(bgr, second_detector=True)) == 0


def test_a_face_both_detectors_find_is_one_box():
    """YuNet's and CenterFace's boxes differ in shape (CenterFace's are taller); fused, a face is still one box."""
    bgr, scale = bgr_of(PORTRAIT, 2048)
    face = [v * scale for v in annotation(PORTRAIT.name)["faces"][0]]
    alone = detect_boxes(bgr, second_detector=False)
    other = centerface_boxes(bgr, 1024, 0.5)
    fused = detect_boxes(bgr, second_detector=True)
    assert len(alone) == len(other) == len(fused) == 1
    assert iou(face, fused[0]) >= 0.4


def test_every_face_of_a_group_photo_once_through_the_detector_as_shipped():
    image = Image.open(CLASSROOM).convert("RGB")
    expected = annotation(CLASSROOM.name)["faces"]
    faces = detect_faces(image.resize((2048, round(2048 * image.height / image.width)), Image.Resampling.LANCZOS))
    boxes = [[f.x * image.width, f.y * image.height, f.w * image.width, f.h * image.height] for f in faces]
    assert len(boxes) == len(expected)
    assert min(matched(expected, boxes)) >= 0.4


def test_threads_share_one_centerface_net_and_get_what_one_thread_gets():
    photos = [bgr_of(CLASSROOM, 1024)[0], bgr_of(PORTRAIT, 1024)[0], bgr_of(FACES / "skimage_rocket.jpg", 1024)[0]]
    fused = partial(detect_boxes, second_detector=True)
    alone = [fused(p) for p in photos]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(fused, photos * 4))
    for i, boxes in enumerate(together):
        np.testing.assert_allclose(boxes, alone[i % len(photos)], rtol=1e-4, atol=1e-3)
