"""The issue's floors, measured on the labelled caption set (tests/policy/captions.py)."""

from __future__ import annotations

from app.policy import Draft, check
from tests.policy.captions import ALLOWLIST, CAPTIONS, ROSTER
from tests.policy.conftest import make_ctx

NAME_RULES = {"names-with-photo", "full-name"}


def _results() -> list[tuple[object, list]]:
    ctx = make_ctx(roster=ROSTER, allowlist=ALLOWLIST)  # judged in hours, so the clock never blocks
    out = []
    for caption in CAPTIONS:
        draft = Draft(
            caption.text,
            photo_count=caption.photos,
            channels=("x", "facebook"),
            alt_texts=("described",) * caption.photos,
        )
        out.append((caption, check(draft, ctx)))
    return out


RESULTS = _results()


def test_the_set_is_big_and_varied_enough() -> None:
    assert len(CAPTIONS) >= 150
    assert sum(c.names_child for c in CAPTIONS) >= 50 and sum(c.clean for c in CAPTIONS) >= 50
    assert len(ROSTER) >= 60


def test_childrens_names_with_a_photo_are_caught_at_least_98_percent() -> None:
    named = [(c, f) for c, f in RESULTS if c.names_child and c.photos]
    caught = [c for c, f in named if any(x.rule in NAME_RULES for x in f)]
    missed = [c.text for c, f in named if c not in caught]
    assert len(caught) / len(named) >= 0.98, missed


def test_clean_captions_with_a_photo_are_wrongly_blocked_at_most_5_percent() -> None:
    clean = [(c, f) for c, f in RESULTS if c.clean and c.photos]
    blocked = [c.text for c, f in clean if any(x.severity == "block" for x in f)]
    assert len(blocked) / len(clean) <= 0.05, blocked


def test_offensive_captions_are_blocked_at_least_90_percent() -> None:
    rude = [(c, f) for c, f in RESULTS if c.offensive]
    blocked = [c for c, f in rude if any(x.rule == "offensive" and x.severity == "block" for x in f)]
    missed = [c.text for c, f in rude if c not in blocked]
    assert len(blocked) / len(rude) >= 0.90, missed


def test_no_allowlisted_phrase_is_flagged_offensive() -> None:
    flagged = [c.text for c, f in RESULTS if c.allowed_phrase and any(x.rule == "offensive" for x in f)]
    assert flagged == []
