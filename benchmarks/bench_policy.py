"""Policy engine benchmark: quality on the labelled caption set and check latency with a 300-pupil roster.

Run: .venv/bin/python benchmarks/bench_policy.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.policy import Draft, NameIndex, RosterPupil, TripInfo, check  # noqa: E402
from app.policy.name_words import uk_first_names  # noqa: E402
from tests.policy.captions import ALLOWLIST, CAPTIONS, ROSTER  # noqa: E402
from tests.policy.conftest import make_ctx  # noqa: E402

NAME_RULES = {"names-with-photo", "full-name"}
SURNAMES = "Okonkwo Novak Fitzgerald Hargreaves Lindqvist Mahmood Przybylski Ferreira Nakamura Oyelaran".split()


def draft_for(caption) -> Draft:
    return Draft(caption.text, photo_count=caption.photos, channels=("x", "facebook"),
                 alt_texts=("described",) * caption.photos)  # fmt: skip


def big_roster(size: int = 300) -> tuple[RosterPupil, ...]:
    """The labelled roster topped up with pupils whose names come from the UK list (seeded)."""
    rng = random.Random(4)
    pool = sorted(name for name in uk_first_names() if name.isalpha() and len(name) > 3)
    extra = [
        RosterPupil(rng.choice(pool).title(), "", rng.choice(SURNAMES), f"Class {i % 10}", rng.random() > 0.1)
        for i in range(size - len(ROSTER))
    ]
    return (*ROSTER, *extra)


def quality() -> None:
    ctx = make_ctx(roster=ROSTER, allowlist=ALLOWLIST)
    named = caught = clean = clean_blocked = clean_confirmed = rude = rude_blocked = allowed_flagged = 0
    flagged_names = true_flagged = 0
    for caption in CAPTIONS:
        findings = check(draft_for(caption), ctx)
        name_hit = any(f.rule in NAME_RULES for f in findings)
        flagged_names += name_hit
        true_flagged += name_hit and caption.names_child
        if caption.names_child and caption.photos:
            named += 1
            caught += name_hit
        if caption.clean and caption.photos:
            clean += 1
            clean_blocked += any(f.severity == "block" for f in findings)
            clean_confirmed += name_hit
        if caption.offensive:
            rude += 1
            rude_blocked += any(f.rule == "offensive" for f in findings)
        if caption.allowed_phrase:
            allowed_flagged += any(f.rule == "offensive" for f in findings)
    print(f"captions: {len(CAPTIONS)} (named {named}, clean with photo {clean}, offensive {rude})")
    print(f"names recall (block or confirm):   {caught / named:.1%}   floor >= 98%")
    print(f"names precision (any name finding): {true_flagged / flagged_names:.1%}")
    print(f"clean captions wrongly blocked:     {clean_blocked / clean:.1%}   floor <= 5%")
    print(f"clean captions asked to confirm a name: {clean_confirmed / clean:.1%}")
    print(f"offensive recall (blocked):         {rude_blocked / rude:.1%}   floor >= 90%")
    print(f"allowlisted phrases flagged:        {allowed_flagged}   floor 0")


def latency(rounds: int = 20) -> None:
    roster = big_roster()
    started = time.perf_counter()
    names = NameIndex.build(roster, ALLOWLIST)
    built_ms = (time.perf_counter() - started) * 1000
    ctx = make_ctx(roster=roster, allowlist=ALLOWLIST, trips=(TripInfo("Lakes", ("Oak", "Willow")),))
    ctx = type(ctx)(ctx.now, ctx.window, ctx.role, ctx.trips, ctx.roster, names)
    drafts = [draft_for(c) for c in CAPTIONS]
    for draft in drafts:  # warm up
        check(draft, ctx)
    timings = []
    for _ in range(rounds):
        for draft in drafts:
            start = time.perf_counter()
            check(draft, ctx)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"roster {len(roster)} pupils; NameIndex.build {built_ms:.1f} ms (first build loads the name lists)")
    print(f"check latency over {len(timings)} checks: p50 {statistics.median(timings):.3f} ms, "
          f"p95 {p95:.3f} ms, max {timings[-1]:.3f} ms   target p95 <= 5 ms")  # fmt: skip


if __name__ == "__main__":
    quality()
    latency()
