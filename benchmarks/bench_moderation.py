"""Moderation classifier benchmark on benchmarks/data/comments.jsonl (comments written to resemble a UK primary
school's Page). The classifier was tuned on the `dev` half only; the figures that count are the `test` half.

Targets (test half): abusive hidden or flagged >= 95%, legitimate hidden <= 2%, legitimate flagged for review
<= 10%. Also shown, as an anchor measured in the same run: the policy word list alone, which is what the
classifier adds to.

Run: .venv/bin/python benchmarks/bench_moderation.py [--dev] [--show-misses]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.moderation.classify import ABUSIVE, OK, REVIEW, Verdict, classify_comment  # noqa: E402
from app.policy import NameIndex, RosterPupil  # noqa: E402
from app.policy.offensive import find_offensive  # noqa: E402

DATA = Path(__file__).parent / "data" / "comments.jsonl"
ROSTER = tuple(RosterPupil(first, "", last, cls, True) for first, last, cls in (
    ("Poppy", "Evans", "Year 4"), ("Oliver", "Smith", "Year 5"), ("Amelia", "Jones", "Year 4"),
    ("Harry", "Wilson", "Year 6"), ("Jayden", "Price", "Year 3"), ("Rosie", "Hall", "Year 2"),
))
TARGETS = {"abusive caught": (">=", 0.95), "legitimate hidden": ("<=", 0.02), "legitimate flagged": ("<=", 0.10)}


def load(split: str) -> list[dict]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row["split"] == split]


def word_list_only(text: str, names=None) -> Verdict:
    return Verdict(ABUSIVE if find_offensive(text) else OK, (), 0.0)


def figures(rows: list[dict], classify, names) -> tuple[dict[str, float], list[tuple[str, dict]]]:
    counts: Counter = Counter()
    misses = []
    for row in rows:
        level = classify(row["text"], names).level
        counts[(row["label"], level)] += 1
        wrong = (row["label"] == "abusive" and level == OK) or (row["label"] == "ok" and level != OK) or (
            row["label"] == "review" and level == OK)
        if wrong:
            misses.append((level, row))
    abusive = sum(counts[("abusive", level)] for level in (ABUSIVE, REVIEW, OK))
    legit = sum(counts[("ok", level)] for level in (ABUSIVE, REVIEW, OK))
    review = sum(counts[("review", level)] for level in (ABUSIVE, REVIEW, OK))
    return {
        "abusive caught": (counts[("abusive", ABUSIVE)] + counts[("abusive", REVIEW)]) / max(abusive, 1),
        "abusive hidden at once": counts[("abusive", ABUSIVE)] / max(abusive, 1),
        "legitimate hidden": counts[("ok", ABUSIVE)] / max(legit, 1),
        "legitimate flagged": counts[("ok", REVIEW)] / max(legit, 1),
        "needs-a-look flagged": (counts[("review", REVIEW)] + counts[("review", ABUSIVE)]) / max(review, 1),
        "all comments sent to a person": sum(counts[(label, REVIEW)] for label in ("ok", "abusive", "review"))
        / max(len(rows), 1),
    }, misses


def main() -> int:
    split = "dev" if "--dev" in sys.argv else "test"
    rows = load(split)
    names = NameIndex.build(ROSTER, [])
    classify_comment("warm up the model", names)
    started = time.perf_counter()
    ours, misses = figures(rows, classify_comment, names)
    per_comment = (time.perf_counter() - started) / max(len(rows), 1)
    anchor, _ = figures(rows, word_list_only, names)
    kinds = Counter(row["label"] for row in rows)
    print(f"Moderation classifier on the {split} half: {len(rows)} comments "
          f"({kinds['abusive']} abusive, {kinds['ok']} legitimate, {kinds['review']} needing a look)")
    print(f"{'figure':32} {'classifier':>10} {'word list':>10} {'target':>8}")
    failed = False
    for name, value in ours.items():
        target = TARGETS.get(name)
        shown = f"{target[0]}{target[1]:.0%}" if target else ""
        print(f"{name:32} {value:>10.1%} {anchor[name]:>10.1%} {shown:>8}")
        if target and not (value >= target[1] if target[0] == ">=" else value <= target[1]):
            failed = True
    print(f"time per comment: {per_comment * 1000:.2f} ms")
    if "--show-misses" in sys.argv:
        for level, row in misses:
            print(f"  {row['label']:>8} -> {level:8} [{row['kind']}] {row['text']}")
    if failed:
        print("FAILED: a target is not met on this half.")
    return 1 if failed and split == "test" else 0


if __name__ == "__main__":
    raise SystemExit(main())
