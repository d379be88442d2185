from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from app.policy import Draft, PostingWindow, TripInfo, check, in_window, next_window_start
from tests.policy.conftest import LONDON, WINDOW, london, make_ctx


@pytest.mark.parametrize(
    ("hour", "minute", "inside"),
    [(7, 59, False), (8, 0, True), (17, 59, True), (18, 0, False)],
)
def test_window_edges_on_a_weekday(hour: int, minute: int, inside: bool) -> None:
    assert in_window(london(2025, 6, 11, hour, minute), WINDOW) is inside


def test_weekend_is_outside() -> None:
    assert not in_window(london(2025, 6, 14, 12, 0), WINDOW)


def test_judged_in_london_time_not_utc() -> None:
    # 07:30 UTC in June is 08:30 BST: inside. 17:30 UTC is 18:30 BST: outside.
    assert in_window(datetime(2025, 6, 11, 7, 30, tzinfo=UTC), WINDOW)
    assert not in_window(datetime(2025, 6, 11, 17, 30, tzinfo=UTC), WINDOW)


def test_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError):
        in_window(datetime(2025, 6, 11, 10, 0), WINDOW)


def test_next_window_over_the_spring_forward_weekend() -> None:
    # Clocks go forward on Sunday 30 March 2025. Friday 18:00 GMT -> Monday 08:00 BST (07:00 UTC).
    opens = next_window_start(london(2025, 3, 28, 18, 0), WINDOW)
    assert opens.astimezone(UTC) == datetime(2025, 3, 31, 7, 0, tzinfo=UTC)
    assert (opens.hour, opens.minute, opens.utcoffset().total_seconds()) == (8, 0, 3600)


def test_next_window_over_the_autumn_back_weekend() -> None:
    # Clocks go back on Sunday 26 October 2025. Saturday 23:00 BST -> Monday 08:00 GMT.
    opens = next_window_start(london(2025, 10, 25, 23, 0), WINDOW)
    assert opens.astimezone(UTC) == datetime(2025, 10, 27, 8, 0, tzinfo=UTC)


def test_during_the_repeated_hour_is_outside_and_waits_for_monday() -> None:
    repeated = datetime(2025, 10, 26, 1, 30, fold=1, tzinfo=LONDON)
    assert not in_window(repeated, WINDOW)
    assert next_window_start(repeated, WINDOW) == london(2025, 10, 27, 8, 0)


def test_next_window_same_day_before_opening_and_inside() -> None:
    assert next_window_start(london(2025, 6, 11, 7, 59), WINDOW) == london(2025, 6, 11, 8, 0)
    assert next_window_start(london(2025, 6, 11, 12, 0), WINDOW) == london(2025, 6, 11, 12, 0)
    assert next_window_start(london(2025, 6, 11, 18, 0), WINDOW) == london(2025, 6, 12, 8, 0)


def test_window_from_settings_uses_configured_days_and_times() -> None:
    class FakeSettings:
        posting_days = [5, 6]
        posting_start = time(9, 30)
        posting_end = time(12, 0)
        tz = LONDON

    window = PostingWindow.from_settings(FakeSettings())
    assert in_window(london(2025, 6, 14, 9, 30), window)
    assert not in_window(london(2025, 6, 11, 10, 0), window)
    assert next_window_start(london(2025, 6, 11, 10, 0), window) == london(2025, 6, 14, 9, 30)


def hours_findings(draft: Draft, **ctx_changes: object) -> list:
    return check(draft, make_ctx(**ctx_changes), only=frozenset({"posting-hours"}))


def test_out_of_hours_blocks_with_next_window_and_quotes_policy() -> None:
    [finding] = hours_findings(Draft("Arrived safely"), now=london(2025, 6, 14, 19, 5))
    assert finding.severity == "block"
    assert finding.data["next_window"] == london(2025, 6, 16, 8, 0).isoformat()
    assert "Saturday 19:05" in finding.message and "Monday 08:00" in finding.message
    assert "between the hours of 8am and 6pm" in finding.policy
    assert "suggested_reason" not in finding.data


def test_in_hours_has_no_finding() -> None:
    assert hours_findings(Draft("Arrived safely"), now=london(2025, 6, 11, 8, 0)) == []


def test_admins_are_held_to_the_same_window() -> None:
    assert hours_findings(Draft("x"), now=london(2025, 6, 11, 18, 0), role="admin")[0].severity == "block"


@pytest.mark.parametrize("reason", ["fixture", "performance", "closure"])
def test_a_reason_clears_the_block(reason: str) -> None:
    draft = Draft("Snow day", out_of_hours_reason=reason)
    assert hours_findings(draft, now=london(2025, 6, 14, 7, 0)) == []


def test_the_trip_reason_clears_the_block_only_for_a_trip_leader() -> None:
    draft = Draft("Night walk", out_of_hours_reason="trip")
    trips = (TripInfo("Year 6 Lakes residential", ("Oak",)),)
    assert hours_findings(draft, now=london(2025, 6, 13, 21, 0), trips=trips) == []
    [finding] = hours_findings(draft, now=london(2025, 6, 13, 21, 0))
    assert finding.severity == "block"
    assert "you are not leading one" in finding.message and "Trips page" in finding.message


@pytest.mark.parametrize("reason", ["event_other", "urgent_other"])
def test_other_reasons_need_a_note(reason: str) -> None:
    without = Draft("News", out_of_hours_reason=reason, out_of_hours_note="  ")
    [finding] = hours_findings(without, now=london(2025, 6, 14, 7, 0))
    assert finding.severity == "block" and "note" in finding.message
    with_note = Draft("News", out_of_hours_reason=reason, out_of_hours_note="Charity fun run")
    assert hours_findings(with_note, now=london(2025, 6, 14, 7, 0)) == []


def test_unknown_reason_is_still_blocked() -> None:
    [finding] = hours_findings(Draft("x", out_of_hours_reason="because"), now=london(2025, 6, 14, 7, 0))
    assert "“because” is not one of" in finding.message


def test_trip_leader_gets_the_trip_suggested() -> None:
    trips = (TripInfo("Year 6 Lakes residential", ("Oak",)),)
    [finding] = hours_findings(Draft("Night walk"), now=london(2025, 6, 13, 21, 0), trips=trips)
    assert finding.data["suggested_reason"] == "trip"
    assert finding.data["trip"] == "Year 6 Lakes residential"


def test_scheduled_time_is_judged_not_now() -> None:
    inside = Draft("x", scheduled_for=london(2025, 6, 16, 9, 0))
    outside = Draft("x", scheduled_for=london(2025, 6, 15, 9, 0))
    assert hours_findings(inside, now=london(2025, 6, 14, 22, 0)) == []
    assert hours_findings(outside, now=london(2025, 6, 11, 10, 0))[0].severity == "block"
