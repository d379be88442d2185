"""Policy accuracy on evaluation sets written apart from the tests (benchmarks/data/), dev and test parts.

name_eval.jsonl: captions judged against name_eval_roster.csv, a roster whose first names are also places,
plants, months, virtues and famous people, and whose surnames are ordinary words (a line with a "roster" key is
judged against that roster instead: the third blind batch came with its own). Labels: person (names a
roster pupil as a person), clean, targeted (praise, criticism or wishes aimed at one named child), group
(a message to a class or year group). offensive_eval.jsonl: offensive captions and innocent probes.
Every line of name_eval.jsonl is development data: its old dev/test parts were both looked at while tuning.
The figures per old part are printed too, and for captions added later (marked with a "source" key). The
held-out part is name_eval_fresh.jsonl, written by someone who has not seen the rules and scored once: when
it is there, all its lines are the `test` part (keys text, photos, label, and roster when the batch came with its
own roster; otherwise judged against name_eval_fresh_roster.csv if that exists, else name_eval_roster.csv).

Run: .venv/bin/python benchmarks/bench_policy_accuracy.py [--misses dev|test]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.policy import Draft, PolicyContext, check  # noqa: E402
from app.policy.detector import offensive_findings  # noqa: E402
from app.roster.roster_csv import parse_roster_csv  # noqa: E402
from tests.policy.conftest import make_ctx  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
FRESH = "name_eval_fresh.jsonl"
FRESH_ROSTER = "name_eval_fresh_roster.csv"
NAME_RULES = frozenset({"names-with-photo", "full-name", "targeted"})


def context_for(roster_file: str) -> tuple[PolicyContext, int]:
    roster, errors = parse_roster_csv((DATA / roster_file).read_text(encoding="utf-8"))
    assert not errors, errors
    return make_ctx(roster=tuple(roster)), len(roster)


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def draft_for(row: dict) -> Draft:
    return Draft(row["text"], photo_count=row["photos"], channels=("x", "facebook"),
                 alt_texts=("described",) * row["photos"])  # fmt: skip


def rate(rows: list[tuple[dict, list]], hit: Callable[[list], bool]) -> tuple[int, int, list[str]]:
    yes = [row for row, findings in rows if hit(findings)]
    return len(yes), len(rows), [row["text"] for row, findings in rows if not hit(findings)]


def pct(part: tuple[int, int, list[str]]) -> str:
    done, total, _ = part
    return f"{done / total:6.1%} ({done}/{total})" if total else "   n/a"


def blocks(findings: list, rules: frozenset[str] = NAME_RULES) -> bool:
    return any(f.severity == "block" and f.rule in rules for f in findings)


def asks(findings: list) -> bool:
    return any(f.severity == "confirm" and f.rule in NAME_RULES for f in findings)


def names_report(part: str, mine: list[tuple[dict, list]], show_misses: bool) -> None:
    person = [(r, f) for r, f in mine if r["label"] == "person" and r["photos"]]
    clean = [(r, f) for r, f in mine if r["label"] in ("clean", "group") and r["photos"]]
    targeted = [(r, f) for r, f in mine if r["label"] == "targeted"]
    group = [(r, f) for r, f in mine if r["label"] == "group"]
    caught = rate(person, blocks)
    clean_blocked = rate(clean, lambda f: any(x.severity == "block" for x in f))
    clean_asked = rate(clean, asks)
    targeted_blocked = rate(targeted, blocks)
    group_blocked = rate(group, lambda f: any(x.severity == "block" for x in f))
    print(f"  [{part}] pupil names with a photo blocked:   {pct(caught)}   target >= 99%")
    print(f"  [{part}] clean captions blocked:             {pct(clean_blocked)}   target <= 3%")
    print(f"  [{part}] clean captions asked a name question: {pct(clean_asked)}   target <= 10%")
    print(f"  [{part}] targeted content blocked:           {pct(targeted_blocked)}   (with or without a photo)")
    print(f"  [{part}] class/group messages blocked:       {pct(group_blocked)}")
    if show_misses:
        for label, (_, _, missed) in (("NOT BLOCKED person", caught), ("NOT BLOCKED targeted", targeted_blocked)):
            for text in missed:
                print(f"      {label}: {text}")
        for row, findings in group:
            if any(x.severity == "block" for x in findings):
                print(f"      GROUP BLOCKED: {row['text']}")
        for row, findings in clean:
            if any(x.severity == "block" for x in findings) or asks(findings):
                what = "; ".join(f"{x.rule}/{x.severity}:{x.data.get('names', '')}" for x in findings
                                 if x.rule in NAME_RULES or x.severity == "block")
                print(f"      CLEAN FLAGGED: {row['text']}  -> {what}")


def offensive_report(part: str, rows: list[dict], show_misses: bool) -> None:
    mine = [row for row in rows if row["split"] == part]
    results = [(row, offensive_findings(row["text"])) for row in mine]
    rude = [(r, f) for r, f in results if r["label"] == "offensive"]
    innocent = [(r, f) for r, f in results if r["label"] == "innocent"]
    blocked = rate(rude, bool)
    flagged = rate(innocent, bool)
    per_60 = flagged[0] * 60 / flagged[1] if flagged[1] else 0
    print(f"  [{part}] offensive captions blocked:         {pct(blocked)}   target >= 95%")
    print(f"  [{part}] innocent probes flagged:            {pct(flagged)} = {per_60:.1f} in 60   target <= 2 in 60")
    if show_misses:
        for text in blocked[2]:
            print(f"      NOT BLOCKED offensive: {text}")
        for row, findings in innocent:
            if findings:
                print(f"      INNOCENT FLAGGED: {row['text']}  -> {[h.word for h in findings]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", choices=("dev", "test"), help="list the captions judged wrongly in that part")
    args = parser.parse_args()
    ctx, pupils = context_for("name_eval_roster.csv")
    names = load("name_eval.jsonl")
    contexts = {file: context_for(file)[0] for file in {row["roster"] for row in names if "roster" in row}}
    started = time.perf_counter()
    results = [(row, check(draft_for(row), contexts.get(row.get("roster"), ctx))) for row in names]
    per_check = (time.perf_counter() - started) * 1000 / len(names)
    offensive = load("offensive_eval.jsonl")
    print(f"names: {len(names)} development captions, roster {pupils} pupils "
          f"({per_check:.2f} ms a check, first load included)")
    names_report("dev", results, args.misses == "dev")
    for old in ("dev", "test"):
        print(f"    old part {old!r} alone:")
        names_report(f"dev/{old}", [(r, f) for r, f in results if r.get("split") == old and "source" not in r], False)
    for source in sorted({r["source"] for r in names if "source" in r}):
        print(f"    captions added by {source!r} alone:")
        names_report(f"dev/{source}", [(r, f) for r, f in results if r.get("source") == source], False)
    if (DATA / FRESH).exists():
        fresh_roster = FRESH_ROSTER if (DATA / FRESH_ROSTER).exists() else "name_eval_roster.csv"
        fresh = load(FRESH)
        rosters = {file: context_for(file) for file in {row.get("roster", fresh_roster) for row in fresh}}
        print(f"names held out: {len(fresh)} captions in {FRESH}, rosters "
              + ", ".join(f"{file} ({pupils} pupils)" for file, (_, pupils) in sorted(rosters.items())))
        judged = [(row, check(draft_for(row), rosters[row.get("roster", fresh_roster)][0])) for row in fresh]
        names_report("test", judged, args.misses == "test")
        if len(rosters) > 1:
            for file in sorted(rosters):
                print(f"    with roster {file} alone:")
                names_report("test/" + file.removesuffix("_roster.csv").removeprefix("name_eval_"),
                             [(r, f) for r, f in judged if r.get("roster", fresh_roster) == file], False)
    else:
        print(f"names held out: {FRESH} is missing, so there is no held-out (test) figure yet")
    print(f"offensive: {len(offensive)} captions")
    for part in ("dev", "test"):
        offensive_report(part, offensive, args.misses == part)


if __name__ == "__main__":
    main()
