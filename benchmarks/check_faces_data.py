#!/usr/bin/env python3
"""Validate a face set's annotations.json against the images beside it (the blind sets in benchmarks/data).

    python benchmarks/check_faces_data.py benchmarks/data/faces_fresh2 [benchmarks/data/faces_fresh ...]

Checks: exact keys; every listed file exists and no image is unlisted; width/height match the
image; every face/ignore box is [x, y, w, h] integers with w, h > 0 and lies inside the image;
licences only CC BY 2.0, CC BY-SA 2.0 or Flickr Commons "no known copyright restrictions";
gt_method is one of the two allowed sentences and agrees with whether the photo has faces;
no file name or COCO id is shared with any other face set (benchmarks/data/faces*, ../shared/faces).
Exits non-zero on the first run with any problem and prints every problem found.
"""

import json
import re
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"file", "source", "licence", "attribution", "width", "height", "faces", "ignore", "gt_method", "notes"}
LICENCES = (
    "CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/)",
    "CC BY-SA 2.0 (https://creativecommons.org/licenses/by-sa/2.0/)",
    "No known copyright restrictions (Flickr Commons, https://flickr.com/commons/usage/)",
)
GT_FACES = (
    "hand-drawn by eye on a zoomed, gridded view of the image, then checked on an overlay; "
    "no detector output was used (decided before any detector ran on this image)"
)
GT_NONE = "visually checked: no faces"
ALL_SETS = (*sorted((ROOT / "benchmarks" / "data").glob("faces*")), ROOT.parent / "shared" / "faces")


def ids_in(folder: Path) -> set[int]:
    found: set[int] = set()
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = re.search(r"(\d{6,12})", path.name)
        if match:
            found.add(int(match.group(1)))
    annotations = folder / "annotations.json"
    if annotations.exists():
        for entry in json.loads(annotations.read_text()):
            for match in re.findall(r"\d{9,12}", entry.get("file", "") + " " + entry.get("source", "")):
                found.add(int(match))
    return found


def main() -> int:
    folders = [Path(arg).resolve() for arg in sys.argv[1:]]
    if not folders:
        print(__doc__)
        return 2
    return max(check(folder) for folder in folders)


def check(here: Path) -> int:
    problems: list[str] = []
    entries = json.loads((here / "annotations.json").read_text())
    if not isinstance(entries, list):
        print(f"{here}: annotations.json is not a list")
        return 1
    listed = set()
    for n, entry in enumerate(entries):
        where = entry.get("file", f"entry {n}")
        if set(entry) != KEYS:
            problems.append(f"{where}: keys {sorted(set(entry) ^ KEYS)} differ")
            continue
        if entry["file"] in listed:
            problems.append(f"{where}: listed twice")
        listed.add(entry["file"])
        path = here / entry["file"]
        if not path.is_file():
            problems.append(f"{where}: file missing")
            continue
        with Image.open(path) as image:
            width, height = image.size
        if (entry["width"], entry["height"]) != (width, height):
            problems.append(f"{where}: size {entry['width']}x{entry['height']} != image {width}x{height}")
        for kind in ("faces", "ignore"):
            if not isinstance(entry[kind], list):
                problems.append(f"{where}: {kind} is not a list")
                continue
            for box in entry[kind]:
                if not (isinstance(box, list) and len(box) == 4 and all(type(v) is int for v in box)):
                    problems.append(f"{where}: {kind} box {box} is not four integers")
                    continue
                x, y, w, h = box
                if w <= 0 or h <= 0:
                    problems.append(f"{where}: {kind} box {box} has w or h <= 0")
                if x < 0 or y < 0 or x + w > width or y + h > height:
                    problems.append(f"{where}: {kind} box {box} leaves the {width}x{height} image")
        if entry["licence"] not in LICENCES:
            problems.append(f"{where}: licence {entry['licence']!r} not allowed")
        expected = GT_FACES if entry["faces"] else GT_NONE
        if entry["gt_method"] != expected:
            problems.append(f"{where}: gt_method should be {expected!r}")
        for key in ("source", "attribution", "notes"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                problems.append(f"{where}: {key} empty")
    images = {p.name for p in here.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png")}
    for name in sorted(images - listed):
        problems.append(f"{name}: image not listed in annotations.json")
    for folder in (f for f in ALL_SETS if f.resolve() != here):
        shared = {int(re.search(r"(\d{6,12})", e["file"]).group(1)) for e in entries} & ids_in(folder)
        if shared:
            problems.append(f"COCO ids also in {folder}: {sorted(shared)}")
    faces = sum(len(e["faces"]) for e in entries)
    ignore = sum(len(e["ignore"]) for e in entries)
    empty = sum(1 for e in entries if not e["faces"])
    print(f"{here.name}: {len(entries)} photos, {faces} faces, {ignore} ignore regions, {empty} without faces")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
