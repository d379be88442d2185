from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.policy import Draft, check, unresolved, x_weighted_length
from app.policy.policy_text import __dict__ as policy_lines
from tests.policy.conftest import make_ctx, photo_draft

SHARED = Path(__file__).resolve().parents[3] / "shared"
CONFORMANCE = SHARED / "apis" / "twitter-text-conformance-validate.yml"
POLICY = SHARED / "policy" / "social-media-policy.txt"


def _weighted_cases() -> list:
    if not CONFORMANCE.exists():
        return []
    tests = yaml.safe_load(CONFORMANCE.read_text(encoding="utf-8"))["tests"]
    cases = tests["WeightedTweetsWithDiscountedEmojiCounterTest"] + tests["UnicodeDirectionalMarkerCounterTest"]
    return [pytest.param(c["text"], c["expected"]["weightedLength"], id=c["description"]) for c in cases]


@pytest.mark.skipif(not CONFORMANCE.exists(), reason="shared/apis not beside the checkout")
@pytest.mark.parametrize(("text", "weighted"), _weighted_cases())
def test_x_weighted_length_passes_the_conformance_cases(text: str, weighted: int) -> None:
    assert x_weighted_length(text) == weighted


@pytest.mark.skipif(not POLICY.exists(), reason="shared/policy not beside the checkout")
def test_every_quoted_policy_line_is_word_for_word_in_the_policy() -> None:
    flat = " ".join(POLICY.read_text(encoding="utf-8").split())
    quotes = {name: value for name, value in policy_lines.items() if name.isupper()}
    assert quotes and all(value in flat for value in quotes.values())


def only(rule: str, draft: Draft) -> list:
    return check(draft, make_ctx(), only=frozenset({rule}))


def test_x_length_blocks_over_280_and_highlights_the_overflow() -> None:
    text = "🎉" * 150  # emoji weigh 2: 300
    [finding] = only("length", Draft(text, channels=("x",)))
    assert finding.data["length"] == 300 and finding.spans == ((140, 150),)
    assert only("length", Draft(text, channels=("facebook",))) == []
    assert only("length", Draft("🎉" * 140, channels=("x",))) == []


def test_a_long_url_counts_as_23() -> None:
    text = "a" * 250 + " https://example.com/" + "x" * 100
    assert only("length", Draft(text, channels=("x",))) == []


def test_empty_post_blocks_unless_it_has_a_photo() -> None:
    assert only("empty", Draft("   "))[0].severity == "block"
    assert only("empty", Draft("", photo_count=1)) == []


@pytest.mark.parametrize(
    ("text", "blocked"),
    [("@BBCNews thanks!", True), ("  @bbc", True), ("Thanks @bbc for visiting", False), (".@bbc visited", False)],
)
def test_posts_starting_with_a_handle_are_replies(text: str, blocked: bool) -> None:
    assert bool(only("broadcast-only", Draft(text))) is blocked


def test_consent_lists_no_consent_pupils_in_the_trip_classes_only() -> None:
    from app.policy import TripInfo

    ctx = make_ctx(trips=(TripInfo("Lakes", ("oak",)),))
    [finding] = check(photo_draft("Lovely day"), ctx, only=frozenset({"consent"}))
    assert finding.severity == "confirm"
    assert finding.data["pupils"] == ["Siobhan O."]  # Will B. is in Willow, not on this trip
    assert check(Draft("No photo"), ctx, only=frozenset({"consent"})) == []


def test_alt_text_confirm_names_the_photos_missing_one() -> None:
    [finding] = only("alt-text", Draft("x", photo_count=3, alt_texts=("a lake", "")))
    assert finding.data["photos"] == [2, 3]
    assert only("alt-text", Draft("x", photo_count=1, alt_texts=("a lake",))) == []


def test_link_cost_only_on_x() -> None:
    text = "Photos at www.wentworth.sch.uk/gallery"
    [finding] = only("link-cost", Draft(text, channels=("x", "facebook")))
    assert [text[s:e] for s, e in finding.spans] == ["www.wentworth.sch.uk/gallery"]
    assert only("link-cost", Draft(text, channels=("facebook",))) == []


def test_unresolved_keeps_blocks_and_unticked_confirms() -> None:
    findings = check(photo_draft("@bbc Aarav and Jake", alt_texts=("",)), make_ctx())
    rules = {(f.rule, f.severity) for f in findings}
    assert {("broadcast-only", "block"), ("names-with-photo", "block"), ("alt-text", "confirm")} <= rules
    ticked = frozenset({"names-with-photo", "alt-text", "consent", "broadcast-only"})
    left = unresolved(findings, ticked)
    assert all(f.severity == "block" for f in left) and ("broadcast-only", "block") in {
        (f.rule, f.severity) for f in left
    }
    assert findings[0].severity == "block"  # blocks come first


def test_finding_to_json_shape() -> None:
    [finding] = only("broadcast-only", Draft("@bbc hi"))
    data = finding.to_json()
    assert data["spans"] == [[0, 4]] and data["rule"] == "broadcast-only" and isinstance(data["data"], dict)


def test_unknown_rule_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        check(Draft("x"), make_ctx(), only=frozenset({"nope"}))
